# The module's collector dependencies (Azure.Core, Azure.Identity, MSAL, Microsoft.Graph, Kiota) load in their own
# AssemblyLoadContext on PowerShell 7, so other versions of Azure.Core and Microsoft.Graph.Core in the session (as
# Az.Accounts and Microsoft.Graph.Authentication load them) do not clash with ours, whichever is loaded first.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $listing = & dotnet nuget locals global-packages --list
    if ("$listing" -notmatch 'global-packages:\s*(.+)$') { throw "Cannot find the NuGet global packages folder: $listing" }
    # Restored by tests/tools/ZeroTrustAI.TestTools.csproj (build.ps1 restores it before Pester runs).
    $packages = $Matches[1].Trim()
    $script:HostAssemblies = @(
        Join-Path $packages 'azure.core' '1.36.0' 'lib' 'net6.0' 'Azure.Core.dll'
        Join-Path $packages 'microsoft.graph.core' '3.2.4' 'lib' 'net6.0' 'Microsoft.Graph.Core.dll'
    )
    # What the host and the module each expect to see loaded: name=version@load context.
    $script:ExpectedLoaded = foreach ($name in 'Azure.Core', 'Microsoft.Graph.Core') {
        $hostCopy = $HostAssemblies | Where-Object { [IO.Path]::GetFileNameWithoutExtension($_) -eq $name }
        "$name=$([System.Reflection.AssemblyName]::GetAssemblyName($hostCopy).Version)@Default"
        "$name=$([System.Reflection.AssemblyName]::GetAssemblyName((Join-Path $ModuleRoot 'bin' 'deps' "$name.dll")).Version)@ZeroTrustAI"
    }
    $script:Emulator = Start-Emulator -Served (New-EmulatorSnapshot (Join-Path $TestDrive 'served'))
    # Graph-only AI controls: what a collection of the AI pillar from the emulator can judge (the ARM side cannot
    # trust the emulator's test certificate). Their results on a collected snapshot must equal the sample's.
    $script:GraphOnlyAI = @(Get-ZtaiControl -Pillar AI | Where-Object { $_.RequiredData.Count -gt 0 -and -not (@($_.RequiredData) + @($_.OptionalData) | Where-Object { $_ -notlike 'graph/*' }) } | ForEach-Object Id)
    $key = { "$($_.ControlId)|$($_.ResourceId)|$($_.Status)|$($_.Reason)" }
    $script:ExpectedResults = @(Get-ZtaiAssessment -Sample -ControlId $GraphOnlyAI | ForEach-Object $key | Sort-Object)
    # Graph only is collected here: the Skipped results naming the Azure sets that widen the agents are left out.
    function Get-CollectedResults([string] $Path) {
        @(Get-ZtaiAssessment -Snapshot $Path -ControlId $GraphOnlyAI |
            Where-Object { -not ($_.Status -eq 'Skipped' -and $_.Reason -like '*were not judged.') } |
            ForEach-Object $key | Sort-Object)
    }

    # A child pwsh that loads the host's assemblies before or after the module, uses both, and collects from the
    # emulator into each of $Folders (after the host's assemblies are loaded, and before too when the module is first).
    function Invoke-IsolatedSession([ValidateSet('HostFirst', 'ModuleFirst')] [string] $Order, [string[]] $Folders) {
        $collections = foreach ($folder in $Folders) { "Invoke-Collection '$folder'" }
        Invoke-ChildPwsh @"
`$ErrorActionPreference = 'Stop'
function Add-HostAssemblies {
    foreach (`$path in '$($HostAssemblies -join "', '")') { Add-Type -LiteralPath `$path }
    'host-azure-core=' + [Azure.Core.ResourceIdentifier]::new('/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-host').ResourceGroupName
    'host-graph-core=' + [Microsoft.Graph.StringHelper]::ConvertTypeToTitleCase('user')
}
function Invoke-Collection(`$path) {
    $(Get-EmulatorConnectLine $Emulator)
    `$summary = Save-ZtaiSnapshot -Path `$path -Pillar AI -WarningAction SilentlyContinue
    'collected=' + (`$summary.Requests -gt 0 -and -not (`$summary.CollectionStates | Where-Object { `$_.Name -like 'graph/*' -and `$_.Status -ne 'Complete' }))
}
$(if ($Order -eq 'HostFirst') { "Add-HostAssemblies; Import-Module '$ModuleManifest'; $($collections -join '; ')" }
  else { "Import-Module '$ModuleManifest'; $($collections[0]); Add-HostAssemblies; $($collections[1..($collections.Count - 1)] -join '; ')" })
foreach (`$assembly in [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -in 'Azure.Core', 'Microsoft.Graph.Core' }) {
    'loaded:' + `$assembly.GetName().Name + '=' + `$assembly.GetName().Version + '@' + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$assembly).Name
}
"@
    }
}

AfterAll {
    if ($Emulator) { Stop-Emulator $Emulator }
}

Describe 'Dependency isolation' {
    It 'keeps the collector and Azure.Core out of the default load context' {
        Connect-ZtaiTenant -GraphAccessToken (New-TestJwt @{ upn = 'adele@contoso.onmicrosoft.com' })
        Disconnect-ZtaiTenant
        $collector = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'ZeroTrustAI.Collector' }
        $collector | Should -Not -BeNullOrEmpty
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($collector).Name | Should -Be 'ZeroTrustAI'
        Join-Path $ModuleRoot 'bin' 'deps' 'Azure.Core.dll' | Should -Exist
        Join-Path $ModuleRoot 'bin' 'Azure.Core.dll' | Should -Not -Exist
    }

    It 'host assemblies are other versions than the module''s' {
        foreach ($path in $HostAssemblies) { $path | Should -Exist }
        @($ExpectedLoaded | ForEach-Object { ($_ -split '@')[0] } | Sort-Object -Unique).Count | Should -Be $ExpectedLoaded.Count
        $ExpectedResults.Count | Should -BeGreaterThan 0
    }

    It 'connects and collects when other Azure.Core and Microsoft.Graph.Core versions were loaded first' {
        $folder = Join-Path $TestDrive 'host-first'
        $lines = Invoke-IsolatedSession -Order HostFirst -Folders $folder
        $lines | Should -Contain 'host-azure-core=rg-host'
        $lines | Should -Contain 'host-graph-core=User'
        $lines | Should -Contain 'collected=True'
        @($lines | Where-Object { $_ -like 'loaded:*' } | ForEach-Object { $_.Substring(7) } | Sort-Object) | Should -Be @($ExpectedLoaded | Sort-Object)
        Get-CollectedResults $folder | Should -Be $ExpectedResults
    }

    It 'loaded first itself, still collects after the host loads other versions, which work for the host' {
        $before = Join-Path $TestDrive 'module-first-before'
        $after = Join-Path $TestDrive 'module-first-after'
        $lines = Invoke-IsolatedSession -Order ModuleFirst -Folders $before, $after
        $lines | Should -Contain 'host-azure-core=rg-host'
        $lines | Should -Contain 'host-graph-core=User'
        @($lines | Where-Object { $_ -eq 'collected=True' }).Count | Should -Be 2
        @($lines | Where-Object { $_ -like 'loaded:*' } | ForEach-Object { $_.Substring(7) } | Sort-Object) | Should -Be @($ExpectedLoaded | Sort-Object)
        Get-CollectedResults $before | Should -Be $ExpectedResults
        Get-CollectedResults $after | Should -Be $ExpectedResults
    }
}
