BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'common.ps1')
    # The cmdlets to check come from the manifest, so a cmdlet added there is covered without editing this file.
    # Test-ZtaiAgentPrivilege and Export-ZtaiReport arrive from their own branches: until then their tests are
    # skipped, and the docs/cmdlets test below still fails if one is documented but not compiled.
    $script:ManifestCmdlets = @((Import-PowerShellDataFile -LiteralPath $ModuleManifest).CmdletsToExport | ForEach-Object {
            @{ Name = $_; Compiled = [bool](Get-Command $_ -Module ZeroTrustAI -ErrorAction SilentlyContinue) }
        })
    $script:ControlIds = @([ZeroTrustAI.Engine.Controls.ControlCatalog]::All | ForEach-Object { $_.Metadata.Id })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Manifest = Import-PowerShellDataFile -LiteralPath $ModuleManifest
    $script:Module = Get-Module ZeroTrustAI
    $script:Assembly = [ZeroTrustAI.PowerShell.Commands.ZtaiCmdlet].Assembly
    $script:CommonParameters = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters

}

Describe 'ZeroTrustAI module' {
    Context 'manifest' {
        It 'exports exactly its cmdlets, and no functions, aliases or variables' {
            ($Manifest.CmdletsToExport | Sort-Object) -join ',' | Should -Be 'Compare-ZtaiAssessment,Connect-ZtaiTenant,Disconnect-ZtaiTenant,Export-ZtaiReport,Get-ZtaiAssessment,Get-ZtaiConnection,Get-ZtaiControl,Import-ZtaiSnapshot,Merge-ZtaiZtaReport,Save-ZtaiSnapshot,Test-ZtaiAgentPrivilege'
            $Manifest.FunctionsToExport.Count | Should -Be 0
            $Manifest.AliasesToExport.Count | Should -Be 0
            $Manifest.VariablesToExport.Count | Should -Be 0
            $Module.ExportedFunctions.Count | Should -Be 0
            $Module.ExportedAliases.Count | Should -Be 0
        }

        It 'runs on PowerShell 7 and Windows PowerShell 5.1' {
            $Manifest.CompatiblePSEditions | Sort-Object | Should -Be 'Core', 'Desktop'
            $Manifest.PowerShellVersion | Should -Be '5.1'
        }

        It 'has the version of Directory.Build.props, the single version source' {
            $props = [xml](Get-Content -LiteralPath (Join-Path $RepoRoot 'Directory.Build.props') -Raw)
            $prefix = @($props.Project.PropertyGroup | ForEach-Object { $_.SelectSingleNode('VersionPrefix') } | Where-Object { $_ })[0].InnerText
            $Module.Version | Should -Be ([version]$prefix)
        }

        It 'passes Test-ModuleManifest' {
            { Test-ModuleManifest -Path $ModuleManifest -ErrorAction Stop } | Should -Not -Throw
        }

        It 'lists every cmdlet compiled into the module' {
            $compiled = $Assembly.GetExportedTypes() |
                ForEach-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
                ForEach-Object { "$($_.VerbName)-$($_.NounName)" }
            $compiled | Should -Not -BeNullOrEmpty
            foreach ($name in $compiled) { $Manifest.CmdletsToExport | Should -Contain $name }
        }

        It 'exports only cmdlets the manifest lists' {
            foreach ($name in $Module.ExportedCmdlets.Keys) { $Manifest.CmdletsToExport | Should -Contain $name }
        }

        It 'has a help page in docs/cmdlets for exactly the cmdlets it exports' {
            $pages = Get-ChildItem -LiteralPath (Join-Path $DocsRoot 'cmdlets') -Filter '*.md' | ForEach-Object BaseName | Sort-Object
            ($pages -join ',') | Should -Be (($Module.ExportedCmdlets.Keys | Sort-Object) -join ',')
        }
    }

    Context 'staged files' {
        It 'ships the engine and System.Text.Json for Windows PowerShell, but not System.Management.Automation' {
            $bin = Join-Path $ModuleRoot 'bin'
            Join-Path $bin 'ZeroTrustAI.PowerShell.dll' | Should -Exist
            Join-Path $bin 'ZeroTrustAI.Engine.dll' | Should -Exist
            Join-Path $bin 'System.Text.Json.dll' | Should -Exist
            Join-Path $bin 'System.Management.Automation.dll' | Should -Not -Exist
        }

        It 'ships assemblies that reference exactly the versions shipped beside them (no binding redirects on Windows PowerShell)' {
            $files = Get-ChildItem -LiteralPath (Join-Path $ModuleRoot 'bin') -Filter '*.dll'
            $shipped = @{}
            foreach ($file in $files) { $shipped[[Reflection.AssemblyName]::GetAssemblyName($file.FullName).Name] = [Reflection.AssemblyName]::GetAssemblyName($file.FullName).Version }
            $mismatches = foreach ($file in $files) {
                $stream = [IO.File]::OpenRead($file.FullName)
                try {
                    $pe = [Reflection.PortableExecutable.PEReader]::new($stream)
                    $metadata = [Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
                    foreach ($handle in $metadata.AssemblyReferences) {
                        $reference = $metadata.GetAssemblyReference($handle)
                        $name = $metadata.GetString($reference.Name)
                        if ($shipped.ContainsKey($name) -and $shipped[$name] -ne $reference.Version) { "$($file.Name) wants $name $($reference.Version), bin has $($shipped[$name])" }
                    }
                    $pe.Dispose()
                }
                finally { $stream.Dispose() }
            }
            $mismatches | Should -BeNullOrEmpty
        }

        It 'ships the engine compiled ahead of time for each platform src/ZeroTrustAI.ReadyToRun names, each for its own machine' {
            $project = [xml](Get-Content -LiteralPath (Join-Path $RepoRoot 'src' 'ZeroTrustAI.ReadyToRun' 'ZeroTrustAI.ReadyToRun.csproj') -Raw)
            $identifiers = @(($project.Project.PropertyGroup.RuntimeIdentifiers | Where-Object { $_ }) -split ';')
            $identifiers | Should -Not -BeNullOrEmpty
            $il = Join-Path $ModuleRoot 'bin' 'ZeroTrustAI.Engine.dll'
            (Get-PortableExecutableFacts $il).ReadyToRun | Should -BeFalse -Because 'bin/ keeps the IL engine for every other runtime'
            $ilName = [Reflection.AssemblyName]::GetAssemblyName($il)
            # The PE machine of a ReadyToRun image is the architecture's, XORed with a value per operating system.
            $architectures = @{ x64 = 0x8664; arm64 = 0xAA64 }
            $systems = @{ win = 0; linux = 0x7B79; osx = 0x4644 }
            foreach ($identifier in $identifiers) {
                $image = Join-Path $ModuleRoot 'bin' 'ready-to-run' $identifier 'ZeroTrustAI.Engine.dll'
                $image | Should -Exist
                $os, $architecture = $identifier -split '-'
                $facts = Get-PortableExecutableFacts $image
                $facts.ReadyToRun | Should -BeTrue -Because "$identifier holds native code"
                $facts.Machine | Should -Be ($architectures[$architecture] -bxor $systems[$os]) -Because "$identifier is compiled for its own machine"
                [Reflection.AssemblyName]::GetAssemblyName($image).FullName | Should -Be $ilName.FullName -Because 'the image is the same engine'
            }
        }

        It 'loads the image for this platform in a fresh session, and the IL engine when the module has none' {
            $rid = "$(if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' })-$("$([Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture)".ToLowerInvariant())"
            $image = Join-Path $ModuleRoot 'bin' 'ready-to-run' $rid 'ZeroTrustAI.Engine.dll'
            $probe = 'Get-ZtaiAssessment -Sample | Select-Object -First 1 | Out-Null; [ZeroTrustAI.Engine.Model.Pillar].Assembly.Location; [ZeroTrustAI.Bootstrap.EngineImageInitializer]::EnginePath'
            $loaded = Invoke-FreshModuleSession -Manifest $ModuleManifest -Script $probe
            $expected = if ((Test-Path -LiteralPath $image) -and [Environment]::Version.Major -eq 10) { $image } else { Join-Path $ModuleRoot 'bin' 'ZeroTrustAI.Engine.dll' }
            $loaded | Should -Be @($expected, $expected)

            # A copy without bin/ready-to-run stands for every runtime the images are not for.
            $copy = Join-Path $TestDrive 'without-images' 'ZeroTrustAI'
            New-Item -ItemType Directory -Force -Path (Split-Path $copy -Parent) | Out-Null
            Copy-Item -LiteralPath $ModuleRoot -Destination $copy -Recurse
            Remove-Item -LiteralPath (Join-Path $copy 'bin' 'ready-to-run') -Recurse -Force
            $fallback = Invoke-FreshModuleSession -Manifest (Join-Path $copy 'ZeroTrustAI.psd1') -Script $probe
            $fallback | Should -Be @((Join-Path $copy 'bin' 'ZeroTrustAI.Engine.dll'), (Join-Path $copy 'bin' 'ZeroTrustAI.Engine.dll'))
        }

        It 'ships the about topic, the compiled help and the sample tenant' {
            Join-Path $ModuleRoot 'en-US' 'about_ZeroTrustAI.help.txt' | Should -Exist
            Join-Path $ModuleRoot 'en-US' 'ZeroTrustAI.PowerShell.dll-Help.xml' | Should -Exist
            Join-Path $ModuleRoot 'SampleTenant' | Should -Exist
        }
    }

    Context 'cmdlet <Name>' -ForEach $ManifestCmdlets {
        BeforeAll {
            $script:Command = Get-Command $Name -Module ZeroTrustAI -ErrorAction SilentlyContinue
        }

        It 'declares its output type' -Skip:(-not $Compiled) {
            $Command.OutputType | Should -Not -BeNullOrEmpty
        }

        It 'has a synopsis, a description, two or more examples and a description of every parameter' -Skip:(-not $Compiled) {
            Get-HelpGap $Name | Should -BeNullOrEmpty
        }

        It 'has help that agrees with the compiled parameters: mandatory, pipeline input, aliases' -Skip:(-not $Compiled) {
            $help = Get-Help $Name -Full
            foreach ($parameter in $Command.Parameters.Values | Where-Object { $_.Name -notin $CommonParameters }) {
                $documented = $help.parameters.parameter | Where-Object name -EQ $parameter.Name
                $sets = @($parameter.ParameterSets.Values)
                $documented.required | Should -Be (@($sets | Where-Object { -not $_.IsMandatory }).Count -eq 0).ToString().ToLowerInvariant() -Because "-$($parameter.Name) required"
                $byValue = @($sets | Where-Object ValueFromPipeline).Count -gt 0
                $byName = @($sets | Where-Object ValueFromPipelineByPropertyName).Count -gt 0
                ($documented.pipelineInput -like 'True*') | Should -Be ($byValue -or $byName) -Because "-$($parameter.Name) pipeline input"
                foreach ($alias in $parameter.Aliases) { $documented.aliases | Should -Match "\b$([regex]::Escape($alias))\b" }
            }
        }
    }

    Context 'help coverage check' {
        It 'finds a missing parameter description and missing examples (the check can fail)' {
            $docs = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'docs')
            $page = Get-Content -LiteralPath (Join-Path $DocsRoot 'cmdlets' 'Get-ZtaiControl.md') -Raw
            # Drop the description of -Severity and every example but the first.
            $page = $page -replace '(?s)(### -Severity\r?\n).*?(?=\r?\n## )', '$1'
            $page = $page -replace '(?s)(### Example 1:.*?)### Example 2:.*?(?=\r?\n## PARAMETERS)', '$1'
            Set-Content -LiteralPath (Join-Path $docs 'Get-ZtaiControl.md') -Value $page
            $copy = Join-Path $TestDrive 'ZeroTrustAI'
            Copy-Item -LiteralPath $ModuleRoot -Destination $copy -Recurse
            $xml = Join-Path $copy 'en-US' 'ZeroTrustAI.PowerShell.dll-Help.xml'
            & (Join-Path $RepoRoot 'src' 'ZeroTrustAI.PowerShell' 'Help' 'ConvertTo-MamlHelp.ps1') -DocsPath $docs -ModuleManifest $ModuleManifest -OutputPath $xml | Out-Null

            # The module copy with the poorer help is read in a new process, where its help file is the only one.
            $gaps = Invoke-ChildPwsh @"
Import-Module '$(Join-Path $copy 'ZeroTrustAI.psd1')'
function Get-HelpGap { ${function:Get-HelpGap} }
Get-HelpGap Get-ZtaiControl
"@
            $gaps | Should -Contain 'parameter -Severity has no description'
            $gaps | Should -Contain '1 example(s), at least 2 needed'
            $gaps | Should -Not -Contain 'parameter -Pillar has no description'
        }

        It 'stops the help build for a page that documents a parameter the cmdlet does not have' {
            $docs = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'bad-docs')
            $page = (Get-Content -LiteralPath (Join-Path $DocsRoot 'cmdlets' 'Get-ZtaiControl.md') -Raw) -replace '### -Severity', '### -Sevrity'
            Set-Content -LiteralPath (Join-Path $docs 'Get-ZtaiControl.md') -Value $page
            { & (Join-Path $RepoRoot 'src' 'ZeroTrustAI.PowerShell' 'Help' 'ConvertTo-MamlHelp.ps1') -DocsPath $docs -ModuleManifest $ModuleManifest -OutputPath (Join-Path $TestDrive 'bad.xml') } |
                Should -Throw '*-Sevrity*'
        }
    }

    Context 'about topic and control pages' {
        It 'has an about_ZeroTrustAI topic that Get-Help finds' {
            $text = Get-Help about_ZeroTrustAI | Out-String
            $text | Should -Match 'about_ZeroTrustAI'
            $text | Should -Match 'Skipped'
            $text | Should -Match 'SnapshotJsonMalformed'
        }

        It 'has a docs/controls page for <_>' -ForEach $ControlIds {
            $page = Join-Path $DocsRoot 'controls' "$_.md"
            $page | Should -Exist
            $text = Get-Content -LiteralPath $page -Raw
            $text | Should -Match "^# $([regex]::Escape($_)): "
            foreach ($section in '## Why it matters', '## How it is checked', '## How to fix', '## References') {
                $text | Should -Match ([regex]::Escape($section)) -Because "$page needs '$section'"
            }
        }
    }

    Context 'format views' {
        It 'loads a view for <_>' -ForEach @(
            'ZeroTrustAI.Engine.Model.AssessmentResult'
            'ZeroTrustAI.Engine.Controls.ControlMetadata'
            'ZeroTrustAI.Engine.Agents.AgentPrivilege'
            'ZeroTrustAI.Engine.Agents.PrivilegePath'
            'ZeroTrustAI.Engine.Model.Evidence'
        ) {
            Get-FormatData -TypeName $_ | Should -Not -BeNullOrEmpty
        }

        It 'shows an agent privilege as a table of tier, kind, name, app id, path count and permissions, most powerful first' {
            $permissions = [ZeroTrustAI.Engine.Agents.PermissionEntry[]]@(
                [ZeroTrustAI.Engine.Agents.PermissionEntry]::new('ApplicationRole', 'Sites.Read.All', 'Microsoft Graph', $null, 1)
                [ZeroTrustAI.Engine.Agents.PermissionEntry]::new('ApplicationRole', 'RoleManagement.ReadWrite.Directory', 'Microsoft Graph', $null, 0)
            )
            $agent = [ZeroTrustAI.Engine.Agents.AgentPrivilege]::new('5a1f0000-0000-4000-8000-00000000a001', 'oai-contoso-prod', $null, 'ManagedIdentity', 0, $permissions, [ZeroTrustAI.Engine.Agents.PrivilegePath[]]@())
            $text = $agent | Format-Table | Out-String -Width 250
            $text | Should -Match 'PrivilegeTier\s+Kind\s+DisplayName\s+AppId\s+Risk\s+LastSignIn\s+Paths\s+Permissions'
            $text | Should -Match '0\s+ManagedIdentity\s+oai-contoso-prod\s+0\s+RoleManagement.ReadWrite.Directory, Sites.Read.All'
        }

        It 'shows a privilege path as tier, hops and the path in words' {
            $permission = [ZeroTrustAI.Engine.Agents.PermissionEntry]::new('ApplicationRole', 'RoleManagement.ReadWrite.Directory', 'Microsoft Graph', $null, 0)
            $edges = [ZeroTrustAI.Engine.Agents.PrivilegeEdge[]]@(
                [ZeroTrustAI.Engine.Agents.PrivilegeEdge]::new('a1', 'x', 'agent', 'owns', 's1', 'ci-deployer', 'app')
                [ZeroTrustAI.Engine.Agents.PrivilegeEdge]::new('s1', 'ci-deployer', 'app', 'holds', 'r1', 'RoleManagement.ReadWrite.Directory', 'application permission')
            )
            $text = [ZeroTrustAI.Engine.Agents.PrivilegePath]::new($edges, $permission, 0, 'tenant takeover') | Format-Table | Out-String -Width 250
            $text | Should -Match 'Tier\s+Hops\s+Path'
            $text | Should -Match "0\s+1\s+agent 'x' -owns-> app 'ci-deployer' -holds-> RoleManagement.ReadWrite.Directory => tenant takeover"
        }

        It 'shows evidence with "(absent)" for a property that was not there' {
            $text = [ZeroTrustAI.Engine.Model.Evidence]::new('properties.disableLocalAuth', [NullString]::Value, 'true') | Out-String
            $text | Should -Match 'Path\s+: properties.disableLocalAuth'
            $text | Should -Match 'Actual\s+: \(absent\)'
        }
    }
}
