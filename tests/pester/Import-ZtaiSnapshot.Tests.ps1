BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Sample = if (Test-Path -LiteralPath (Join-Path $SamplePath 'graph')) { $SamplePath } else { Join-Path $RepoRoot 'module' 'SampleTenant' }

    # Results as comparable text: every property that a user or a report sees.
    function ConvertTo-ResultText {
        param([Parameter(ValueFromPipeline)] $Result)
        process { '{0}|{1}|{2}|{3}|{4}|{5}' -f $Result.ControlId, $Result.ResourceId, $Result.Status, $Result.Reason, ($Result.Evidence -join ';'), $Result.Remediation }
    }
}

Describe 'Import-ZtaiSnapshot' {
    Context 'declaration' {
        It 'declares its output type, parameter sets and pipeline binding' {
            $command = Get-Command Import-ZtaiSnapshot
            $command.OutputType.Type | Should -Contain ([ZeroTrustAI.Engine.Snapshot.TenantSnapshot])
            $command.ParameterSets.Name | Should -Be @('Path', 'Sample')
            $command.Parameters['Path'].Aliases | Should -Contain 'FullName'
        }
    }

    Context 'the imported object' {
        BeforeAll {
            $script:Imported = Import-ZtaiSnapshot -Path $Sample
        }

        It 'names the tenant, the source and the counts read' {
            $Imported | Should -BeOfType ([ZeroTrustAI.Engine.Snapshot.TenantSnapshot])
            $Imported.TenantId | Should -Not -BeNullOrEmpty
            $Imported.Source | Should -Be $Sample
            $Imported.ResourceCount | Should -Be $Imported.Resources.Count
            $Imported.GraphObjectCount | Should -Be (($Imported.GraphSets | Measure-Object Count -Sum).Sum)
            $Imported.GraphObjectCount | Should -BeGreaterThan 0
            $Imported.CollectedAt | Should -Not -BeNullOrEmpty
            $Imported.Issues.Count | Should -Be 0
        }

        It 'is shown as a table of tenant, collection time, counts, issues and source' {
            $text = $Imported | Format-Table | Out-String -Width 250
            $text | Should -Match 'Tenant\s+CollectedAt\s+GraphObjects\s+Resources\s+Issues\s+Source'
            $text | Should -Match ([regex]::Escape($Imported.Source))
        }

        It 'imports the bundled sample with -Sample' {
            (Import-ZtaiSnapshot -Sample).TenantId | Should -Be $Imported.TenantId
        }

        It 'binds FileInfo and DirectoryInfo objects by FullName, one snapshot each' {
            $result = @(Get-Item -LiteralPath $Sample, $MiniSnapshot | Import-ZtaiSnapshot)
            $result.Count | Should -Be 2
            $result[1].Source | Should -Be (Get-Item -LiteralPath $MiniSnapshot).FullName
        }
    }

    Context 'read once, used by every command' {
        BeforeAll {
            $script:Imported = Import-ZtaiSnapshot -Path $Sample
        }

        It 'gives Get-ZtaiAssessment the same results as reading the path' {
            $fromPath = @(Get-ZtaiAssessment -Snapshot $Sample | ConvertTo-ResultText)
            $fromObject = @(Get-ZtaiAssessment -Snapshot $Imported | ConvertTo-ResultText)
            $fromPipeline = @($Imported | Get-ZtaiAssessment | ConvertTo-ResultText)
            $fromObject.Count | Should -BeGreaterThan 0
            $fromObject | Should -Be $fromPath
            $fromPipeline | Should -Be $fromPath
        }

        It 'still reads a path, given as text or as a file-system item' {
            $expected = @(Get-ZtaiAssessment -Snapshot $Imported -ControlId 'ZTAI-NET-*' | ConvertTo-ResultText)
            @(Get-ZtaiAssessment -Snapshot (Get-Item -LiteralPath $Sample) -ControlId 'ZTAI-NET-*' | ConvertTo-ResultText) | Should -Be $expected
        }

        It 'applies -ControlId and the filters to piped snapshots' {
            $expected = @(Get-ZtaiAssessment -Snapshot $Sample -Pillar Network -ControlId 'ZTAI-NET-*' | ConvertTo-ResultText)
            @($Imported | Get-ZtaiAssessment -Pillar Network -ControlId 'ZTAI-NET-*' | ConvertTo-ResultText) | Should -Be $expected
        }

        It 'gives Test-ZtaiAgentPrivilege the same agents and tiers as reading the path' {
            $fromPath = @(Test-ZtaiAgentPrivilege -Snapshot $Sample | ForEach-Object { "$($_.Id)|$($_.PrivilegeTier)|$($_.Permissions.Count)" })
            @(Test-ZtaiAgentPrivilege -Snapshot $Imported | ForEach-Object { "$($_.Id)|$($_.PrivilegeTier)|$($_.Permissions.Count)" }) | Should -Be $fromPath
            @($Imported | Test-ZtaiAgentPrivilege | ForEach-Object { "$($_.Id)|$($_.PrivilegeTier)|$($_.Permissions.Count)" }) | Should -Be $fromPath
        }

        It 'analyses only the -Identity given with a piped snapshot' {
            $result = @($Imported | Test-ZtaiAgentPrivilege -Identity 'Contoso Ops Automation Agent')
            $result.DisplayName | Should -Be 'Contoso Ops Automation Agent'
        }

        It 'shares one directory index between the assessment and the privilege analysis' {
            $first = [ZeroTrustAI.Engine.Graph.GraphDirectory]::For($Imported)
            $null = $Imported | Get-ZtaiAssessment -ControlId 'ZTAI-AI-*'
            $null = Test-ZtaiAgentPrivilege -Snapshot $Imported
            [object]::ReferenceEquals($first, [ZeroTrustAI.Engine.Graph.GraphDirectory]::For($Imported)) | Should -BeTrue
        }

        It 'names the tenant and source in a report given the snapshot' {
            $path = Join-Path $TestDrive 'report.json'
            Get-ZtaiAssessment -Snapshot $Imported -ControlId 'ZTAI-NET-*' | Export-ZtaiReport -Path $path
            $report = Get-Content -LiteralPath $path -Raw | ConvertFrom-Json
            $report.snapshot.source | Should -Be $Imported.Source
            $report.tenant.id | Should -Be $Imported.TenantId
        }
    }

    Context 'errors' {
        It 'ends with SnapshotPathNotFound for a missing path' {
            { Import-ZtaiSnapshot -Path (Join-Path $TestDrive 'missing') -ErrorAction Stop } |
                Should -Throw -ErrorId (Get-ZtaiErrorId 'SnapshotPathNotFound' 'Import-ZtaiSnapshot')
        }

        It 'reports an unreadable file once, at import, and still returns the snapshot' {
            $root = New-TestSnapshot @{ 'graph/organization.json' = '{"value":[{"id":"t1","displayName":"T"}]}'; 'graph/servicePrincipals.json' = '{"value":[{"id":' }
            $imported = Import-ZtaiSnapshot -Path $root -ErrorVariable importErrors -ErrorAction SilentlyContinue
            $importErrors.Count | Should -Be 1
            $imported.Issues.Count | Should -Be 1
            $null = Get-ZtaiAssessment -Snapshot $imported -ControlId 'ZTAI-AI-*' -ErrorVariable assessErrors -ErrorAction SilentlyContinue
            $assessErrors.Count | Should -Be 0
        }

        It 'rejects a -Snapshot that is neither a path nor an imported snapshot' {
            { Get-ZtaiAssessment -Snapshot 42 -ErrorAction Stop } |
                Should -Throw -ErrorId (Get-ZtaiErrorId 'SnapshotArgumentInvalid' 'Get-ZtaiAssessment')
        }
    }
}
