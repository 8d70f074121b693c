BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:CommandType = 'ZeroTrustAI.PowerShell.Commands.ExportZtaiReportCommand'
    $script:TenantId = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b'

    # Results are built directly so these tests do not depend on Get-ZtaiAssessment; they belong to one run.
    $script:Run = [ZeroTrustAI.Engine.Model.RunContext]::new(
        [guid]::NewGuid().ToString(), $TenantId, 'Contoso', '/snapshots/contoso', [DateTimeOffset]'2026-11-20T09:30:00Z',
        [DateTimeOffset]::UtcNow, 'ZeroTrustAI', '9.8.7', 'ZeroTrustAI 0.1.0', 'Global',
        [ZeroTrustAI.Engine.Model.DataSetCoverage[]]@(
            [ZeroTrustAI.Engine.Model.DataSetCoverage]::new('graph/oauth2PermissionGrants', 'Skipped', $null, 'DelegatedPermissionGrant.Read.All', 'The identity lacks DelegatedPermissionGrant.Read.All.')))

    function New-Result {
        param(
            [string] $ControlId = 'ZTAI-AI-020',
            [string] $Status = 'Fail',
            [string] $Name = 'oai-contoso-prod',
            [string] $Type = 'Microsoft.CognitiveServices/accounts',
            [string] $Id = "/subscriptions/b1e0d1a2-0001-4c3b-9a7e-100000000001/resourceGroups/rg-ai-prod/providers/Microsoft.CognitiveServices/accounts/$Name",
            [string] $Pillar = 'AI',
            [ZeroTrustAI.Engine.Model.RunContext] $Run = $script:Run
        )
        $evidence = [ZeroTrustAI.Engine.Model.Evidence[]]@(
            [ZeroTrustAI.Engine.Model.Evidence]::new('properties.disableLocalAuth', $(if ($Status -eq 'Pass') { 'true' } else { 'false' }), 'true'))
        [ZeroTrustAI.Engine.Model.AssessmentResult]::new(
            $ControlId, 'AI services accept Entra ID only (local key auth disabled)', $Pillar, 'VerifyExplicitly', 'High', $Status,
            $Id, $Name, $Type, $evidence, "Account $Name was judged $Status.", 'Set disableLocalAuth to true.', $Run)
    }

    # A copy of the sample tenant under another tenant id, as another customer's snapshot would be.
    function New-SampleCopy {
        param([Parameter(Mandatory)][string] $TenantId)
        $sampleTenant = (Get-Content -LiteralPath (Join-Path $SamplePath 'manifest.json') -Raw | ConvertFrom-Json).tenantId
        $copy = Join-Path $TestDrive "tenant-$TenantId"
        foreach ($file in Get-ChildItem -LiteralPath $SamplePath -Recurse -File) {
            $target = Join-Path $copy ([IO.Path]::GetRelativePath($SamplePath, $file.FullName))
            New-Item -ItemType Directory -Force -Path (Split-Path $target -Parent) | Out-Null
            (Get-Content -LiteralPath $file.FullName -Raw).Replace($sampleTenant, $TenantId) | Set-Content -LiteralPath $target -NoNewline
        }
        $copy
    }

    function Get-Results {
        New-Result -Name 'oai-contoso-prod'
        New-Result -Name 'oai-contoso-dev' -Status Pass
        New-Result -ControlId 'ZTAI-NET-001' -Name 'vnet-ai-prod' -Type 'Microsoft.Network/virtualNetworks' -Status Warning -Pillar Network
        New-Result -ControlId 'ZTAI-AI-001' -Name 'Contoso' -Type 'tenant' -Id $TenantId -Status Pass
    }

    function New-OutFolder {
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $folder | Out-Null
        $folder
    }
}

Describe 'Export-ZtaiReport' {
    Context 'declaration' {
        It 'declares FileInfo as its output type and supports -WhatIf' {
            $command = Get-Command Export-ZtaiReport
            $command.OutputType.Type | Should -Contain ([System.IO.FileInfo])
            $command.Parameters.Keys | Should -Contain 'WhatIf'
            $command.Parameters['Path'].Attributes.Where({ $_ -is [Parameter] }).Position | Should -Be 0
        }
    }

    Context 'formats' {
        It 'writes a self-contained HTML page with every control id' {
            $path = Join-Path (New-OutFolder) 'report.html'
            Get-Results | Export-ZtaiReport -Path $path
            $html = Get-Content -LiteralPath $path -Raw
            $html | Should -Match '^<!DOCTYPE html>'
            foreach ($id in 'ZTAI-AI-020', 'ZTAI-NET-001', 'ZTAI-AI-001') { $html | Should -Match "<code>$id</code>" }
            $html | Should -Match 'Content-Security-Policy'
            $html | Should -Not -Match '<(script|link|img)[^>]+(src|href)\s*=\s*"https?:'
        }

        It 'writes JSON with every result, the summary and the tenant and coverage of the results'' run' {
            $path = Join-Path (New-OutFolder) 'report.json'
            Get-Results | Export-ZtaiReport -Path $path
            $json = Get-Content -LiteralPath $path -Raw | ConvertFrom-Json
            $json.schemaVersion | Should -Be '1.0'
            @($json.results).Count | Should -Be 4
            $json.summary.byStatus.Fail | Should -Be 1
            $json.summary.byStatus.Pass | Should -Be 2
            $json.summary.byPillar.Network.Warning | Should -Be 1
            $json.tenant.id | Should -Be $TenantId
            $json.tenant.name | Should -Be 'Contoso'
            $json.snapshot.source | Should -Be '/snapshots/contoso'
            $json.runs.Count | Should -Be 1
            $json.runs[0].runId | Should -Be $Run.RunId
            $json.runs[0].coverage[0].missingPermission | Should -Be 'DelegatedPermissionGrant.Read.All'
            $json.results[0].runId | Should -Be $Run.RunId
            $json.results[0].evidence[0].actual | Should -Be 'false'
        }

        It 'writes CSV that Import-Csv reads back row for row' {
            $path = Join-Path (New-OutFolder) 'report.csv'
            Get-Results | Export-ZtaiReport -Path $path
            $rows = @(Import-Csv -LiteralPath $path)
            $rows.Count | Should -Be 4
            $rows[0].ControlId | Should -Be 'ZTAI-AI-020'
            $rows[0].Evidence | Should -Be 'properties.disableLocalAuth: false (expected true)'
            ($rows | Where-Object ResourceName -EQ 'vnet-ai-prod').Status | Should -Be 'Warning'
        }

        It 'writes Markdown with the summary per pillar and the failures' {
            $path = Join-Path (New-OutFolder) 'report.md'
            Get-Results | Export-ZtaiReport -Path $path
            $markdown = Get-Content -LiteralPath $path -Raw
            $markdown | Should -Match '^# Zero Trust for AI assessment'
            $markdown | Should -Match '\| AI \| 2 \| 1 \|'
            $markdown | Should -Match '#### ZTAI-AI-020: '
            $markdown | Should -Match '\| oai-contoso-prod \|'
        }

        It 'encodes a hostile resource name in the HTML page' {
            $path = Join-Path (New-OutFolder) 'hostile.html'
            New-Result -Name '<script>alert(1)</script>"><img src=x onerror=alert(1)>' | Export-ZtaiReport -Path $path
            $html = Get-Content -LiteralPath $path -Raw
            # The name travels in the JSON data block with every markup character escaped; the script shows it as text.
            $html | Should -Match ([regex]::Escape('\u003cscript\u003ealert(1)\u003c/script\u003e\"\u003e\u003cimg src=x onerror=alert(1)\u003e'))
            ([regex]::Matches($html, '<script')).Count | Should -Be 2
            $html | Should -Not -Match '<img'
        }
    }

    Context 'estate view and opening' {
        It 'draws the estate from the snapshot given with -Snapshot' {
            $path = Join-Path (New-OutFolder) 'estate.html'
            $snapshot = Import-ZtaiSnapshot -Sample
            Get-ZtaiAssessment -Snapshot $snapshot | Export-ZtaiReport -Path $path -Snapshot $snapshot
            $html = Get-Content -LiteralPath $path -Raw
            $html | Should -Match 'id="estate-svg"'
            $html | Should -Match '"e":\{"n":\['
        }

        It 'reads the snapshot the results were assessed from when -Snapshot is not given' {
            $path = Join-Path (New-OutFolder) 'auto.html'
            Get-ZtaiAssessment -Sample | Export-ZtaiReport -Path $path
            Get-Content -LiteralPath $path -Raw | Should -Match 'id="estate-svg"'
        }

        It 'notes the missing estate view, without an error, when the snapshot is gone' {
            $path = Join-Path (New-OutFolder) 'nosnapshot.html'
            Get-Results | Export-ZtaiReport -Path $path -ErrorVariable failures
            $failures | Should -BeNullOrEmpty
            $html = Get-Content -LiteralPath $path -Raw
            $html | Should -Not -Match 'id="estate-svg"'
            $html | Should -Match 'Export-ZtaiReport -Snapshot'
        }

        It 'opens the written report with Invoke-Item when -Open is given' {
            Mock Invoke-Item { }
            $path = Join-Path (New-OutFolder) 'open.html'
            Get-Results | Export-ZtaiReport -Path $path -Open
            Should -Invoke Invoke-Item -Times 1 -Exactly -ParameterFilter { $LiteralPath -eq $path }
        }

        It 'does not open anything without -Open' {
            Mock Invoke-Item { }
            Get-Results | Export-ZtaiReport -Path (Join-Path (New-OutFolder) 'closed.html')
            Should -Invoke Invoke-Item -Times 0 -Exactly
        }
    }

    Context 'format inference' {
        It 'infers <Expected> from <File>' -ForEach @(
            @{ File = 'r.html'; Expected = 'Html' }
            @{ File = 'r.HTM'; Expected = 'Html' }
            @{ File = 'r.json'; Expected = 'Json' }
            @{ File = 'r.csv'; Expected = 'Csv' }
            @{ File = 'r.md'; Expected = 'Markdown' }
            @{ File = 'r.jsonl'; Expected = 'Jsonl' }
            @{ File = 'r.txt'; Expected = 'Html' }
            @{ File = 'report'; Expected = 'Html' }
        ) {
            $path = Join-Path (New-OutFolder) $File
            New-Result | Export-ZtaiReport -Path $path
            $text = Get-Content -LiteralPath $path -Raw
            $detected = switch -Regex ($text) {
                '^<!DOCTYPE html>' { 'Html'; break }
                '^\{"tenantId":' { 'Jsonl'; break }
                '^\s*\{' { 'Json'; break }
                '^(\uFEFF)?ControlId,Title,' { 'Csv'; break }
                '^# ' { 'Markdown'; break }
                default { 'unknown' }
            }
            $detected | Should -Be $Expected
        }

        It 'lets -Format override the extension' {
            $path = Join-Path (New-OutFolder) 'report.html'
            New-Result | Export-ZtaiReport -Path $path -Format Json
            { Get-Content -LiteralPath $path -Raw | ConvertFrom-Json } | Should -Not -Throw
        }
    }

    Context 'files' {
        It 'fails with ReportFileExists and leaves an existing file alone' {
            $path = Join-Path (New-OutFolder) 'report.html'
            Set-Content -LiteralPath $path -Value 'previous report'
            { New-Result | Export-ZtaiReport -Path $path } |
                Should -Throw -ErrorId "ReportFileExists,$CommandType"
            Get-Content -LiteralPath $path -Raw | Should -Be "previous report$([Environment]::NewLine)"
        }

        It 'reports ReportFileExists in the ResourceExists category' {
            $path = Join-Path (New-OutFolder) 'report.html'
            Set-Content -LiteralPath $path -Value 'previous report'
            $record = $null
            try { New-Result | Export-ZtaiReport -Path $path } catch { $record = $_ }
            $record.CategoryInfo.Category | Should -Be 'ResourceExists'
            $record.TargetObject | Should -Be $path
        }

        It 'overwrites an existing file with -Force' {
            $path = Join-Path (New-OutFolder) 'report.json'
            Set-Content -LiteralPath $path -Value 'previous report'
            New-Result | Export-ZtaiReport -Path $path -Force
            (Get-Content -LiteralPath $path -Raw | ConvertFrom-Json).results[0].controlId | Should -Be 'ZTAI-AI-020'
        }

        It 'writes nothing with -WhatIf, not even the folder' {
            $folder = Join-Path (New-OutFolder) 'new-folder'
            New-Result | Export-ZtaiReport -Path (Join-Path $folder 'report.html') -WhatIf
            $folder | Should -Not -Exist
        }

        It 'creates the missing parent folders' {
            $path = Join-Path (New-OutFolder) 'a' 'b' 'report.html'
            New-Result | Export-ZtaiReport -Path $path
            $path | Should -Exist
        }

        It 'leaves no temporary file beside the report' {
            $folder = New-OutFolder
            Get-Results | Export-ZtaiReport -Path (Join-Path $folder 'report.csv')
            @(Get-ChildItem -LiteralPath $folder -Force).Name | Should -Be @('report.csv')
        }

        It 'resolves a relative path against the current location' {
            $folder = New-OutFolder
            Push-Location -LiteralPath $folder
            try { New-Result | Export-ZtaiReport -Path 'relative.md' } finally { Pop-Location }
            Join-Path $folder 'relative.md' | Should -Exist
        }

        It 'fails with ReportPathIsFolder when -Path is a folder' {
            $folder = New-OutFolder
            { New-Result | Export-ZtaiReport -Path $folder } | Should -Throw -ErrorId "ReportPathIsFolder,$CommandType"
        }

        It 'fails with ReportPathNotFileSystem for a path on another provider' {
            { New-Result | Export-ZtaiReport -Path 'Env:\ZtaiReport' } | Should -Throw -ErrorId "ReportPathNotFileSystem,$CommandType"
        }

        It 'writes ReportWriteFailed when the file cannot be written, and removes its temporary file' {
            $folder = New-OutFolder
            $blocker = Join-Path $folder 'not-a-folder'
            Set-Content -LiteralPath $blocker -Value 'a file where a folder is needed'
            New-Result | Export-ZtaiReport -Path (Join-Path $blocker 'report.html') -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be "ReportWriteFailed,$CommandType"
            $failures[0].CategoryInfo.Category | Should -Be 'WriteError'
            @(Get-ChildItem -LiteralPath $folder -Force).Name | Should -Be @('not-a-folder')
        }
    }

    Context 'input and output' {
        It 'returns the FileInfo with -PassThru' {
            $path = Join-Path (New-OutFolder) 'report.html'
            $file = New-Result | Export-ZtaiReport -Path $path -PassThru
            $file | Should -BeOfType ([System.IO.FileInfo])
            $file.FullName | Should -Be $path
            $file.Length | Should -BeGreaterThan 0
        }

        It 'returns nothing without -PassThru' {
            $output = New-Result | Export-ZtaiReport -Path (Join-Path (New-OutFolder) 'report.html')
            $output | Should -BeNullOrEmpty
        }

        It 'collects every piped result into one report' {
            $path = Join-Path (New-OutFolder) 'report.csv'
            1..25 | ForEach-Object { New-Result -Name "oai-$_" } | Export-ZtaiReport -Path $path
            @(Import-Csv -LiteralPath $path).Count | Should -Be 25
        }

        It 'takes an array through -InputObject' {
            $path = Join-Path (New-OutFolder) 'report.json'
            Export-ZtaiReport -InputObject @(Get-Results) -Path $path
            @((Get-Content -LiteralPath $path -Raw | ConvertFrom-Json).results).Count | Should -Be 4
        }

        It 'warns and writes no file when no result arrives' {
            $path = Join-Path (New-OutFolder) 'empty.html'
            @() | Export-ZtaiReport -Path $path -WarningVariable warnings -WarningAction SilentlyContinue
            $warnings.Count | Should -Be 1
            $path | Should -Not -Exist
        }

        It 'shows -TenantName and -Title in the report' {
            $path = Join-Path (New-OutFolder) 'report.json'
            Get-Results | Export-ZtaiReport -Path $path -TenantName 'Contoso Ltd' -Title 'AI review'
            $json = Get-Content -LiteralPath $path -Raw | ConvertFrom-Json
            $json.tenant.name | Should -Be 'Contoso Ltd'
            $json.tenant.id | Should -Be $TenantId
            $json.title | Should -Be 'AI review'
        }

        It 'reports a real assessment of the sample tenant' {
            if (-not (Get-Command Get-ZtaiAssessment -ErrorAction SilentlyContinue) -or -not (Test-Path -LiteralPath $SamplePath)) {
                Set-ItResult -Skipped -Because 'Get-ZtaiAssessment or the staged sample tenant is not available in this build'
                return
            }
            $path = Join-Path (New-OutFolder) 'sample.json'
            $results = @(Get-ZtaiAssessment -Snapshot $SamplePath)
            $results | Export-ZtaiReport -Path $path
            $json = Get-Content -LiteralPath $path -Raw | ConvertFrom-Json
            @($json.results).Count | Should -Be $results.Count
            $json.summary.byStatus.Fail | Should -Be @($results | Where-Object Status -EQ 'Fail').Count
            $json.tenant.id | Should -Be $results[0].TenantId
            $json.runs[0].runId | Should -Be $results[0].Run.RunId
            @($json.runs[0].coverage).Count | Should -Be $results[0].Run.Coverage.Count
        }
    }

    Context 'Jsonl' {
        It 'writes one flat row per result with every column of the schema, in order' {
            $path = Join-Path (New-OutFolder) 'rows.jsonl'
            Get-Results | Export-ZtaiReport -Path $path
            $lines = @(Get-Content -LiteralPath $path)
            $lines.Count | Should -Be @(Get-Results).Count
            foreach ($line in $lines) {
                @(($line | ConvertFrom-Json).PSObject.Properties.Name) | Should -Be @([ZeroTrustAI.Engine.Reporting.ResultRow]::ColumnNames)
            }
            $first = $lines[0] | ConvertFrom-Json
            $first.tenantId | Should -Be $TenantId
            $first.runId | Should -Be $Run.RunId
            $first.targetName | Should -Be 'oai-contoso-prod'
            ($first.evidence | ConvertFrom-Json)[0].actual | Should -Be 'false'
        }

        It 'writes rows to the temporary file while results are still arriving' {
            $folder = New-OutFolder
            $seen = [System.Collections.Generic.List[long]]::new()
            1..600 | ForEach-Object {
                if ($_ -eq 600) { $seen.Add((Get-ChildItem -LiteralPath $folder -Force -Filter '.rows.jsonl.*.tmp' | Measure-Object Length -Sum).Sum) }
                New-Result -Name "oai-$_"
            } | Export-ZtaiReport -Path (Join-Path $folder 'rows.jsonl')
            $seen[0] | Should -BeGreaterThan 0
            @(Get-Content -LiteralPath (Join-Path $folder 'rows.jsonl')).Count | Should -Be 600
            @(Get-ChildItem -LiteralPath $folder -Force).Name | Should -Be @('rows.jsonl')
        }

        It 'leaves no file when the pipeline is stopped part way' {
            $folder = New-OutFolder
            $shell = New-ZtaiRunspacePipeline -Script @'
param($Path)
$evidence = [ZeroTrustAI.Engine.Model.Evidence[]]@()
1..10000000 | ForEach-Object {
    [ZeroTrustAI.Engine.Model.AssessmentResult]::new('ZTAI-AI-020', 'Title', 'AI', 'VerifyExplicitly', 'High', 'Fail', "id-$_", "name-$_", 'type', $evidence, 'reason', 'fix')
} | Export-ZtaiReport -Path $Path -Format Jsonl
'@ -Parameters @{ Path = (Join-Path $folder 'rows.jsonl') }
            try {
                $handle = $shell.BeginInvoke()
                $deadline = [DateTime]::UtcNow.AddMinutes(2)
                while (-not (Get-ChildItem -LiteralPath $folder -Force -Filter '*.tmp') -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
                @(Get-ChildItem -LiteralPath $folder -Force -Filter '*.tmp').Count | Should -Be 1
                $shell.Stop()
                try { $shell.EndInvoke($handle) } catch { }
            }
            finally { $shell.Dispose() }
            @(Get-ChildItem -LiteralPath $folder -Force) | Should -BeNullOrEmpty
        }

        It 'refuses to overwrite without -Force and writes nothing with -WhatIf' {
            $folder = New-OutFolder
            $path = Join-Path $folder 'rows.jsonl'
            Set-Content -LiteralPath $path -Value 'previous'
            { New-Result | Export-ZtaiReport -Path $path } | Should -Throw -ErrorId "ReportFileExists,$CommandType"
            New-Result | Export-ZtaiReport -Path (Join-Path $folder 'new.jsonl') -WhatIf
            @(Get-ChildItem -LiteralPath $folder -Force).Name | Should -Be @('rows.jsonl')
            Get-Content -LiteralPath $path -Raw | Should -Be "previous$([Environment]::NewLine)"
        }
    }

    Context 'scale-out' {
        It 'assesses several snapshots in parallel into rows that keep their tenant and run' {
            $tenants = 1..3 | ForEach-Object { "00000000-0000-4000-8000-00000000000$_" }
            $snapshots = $tenants | ForEach-Object { New-SampleCopy -TenantId $_ }
            $rowsFolder = New-OutFolder
            $manifest = $ModuleManifest

            $runs = $snapshots | ForEach-Object -ThrottleLimit 3 -Parallel {
                Import-Module $using:manifest
                $results = @(Get-ZtaiAssessment -Snapshot $_ -ThrottleLimit 1)
                $results | Export-ZtaiReport -Format Jsonl -Path (Join-Path $using:rowsFolder "$(Split-Path $_ -Leaf).jsonl")
                [pscustomobject]@{ Tenant = $results[0].TenantId; Results = $results.Count; RunId = $results[0].Run.RunId }
            }

            $rows = @(Get-ChildItem -LiteralPath $rowsFolder -Filter '*.jsonl' | Get-Content | ConvertFrom-Json)
            @($runs.Tenant | Sort-Object) | Should -Be @($tenants | Sort-Object)
            foreach ($run in $runs) {
                @($rows | Where-Object tenantId -EQ $run.Tenant).Count | Should -Be $run.Results
                @($rows | Where-Object tenantId -EQ $run.Tenant | Select-Object -ExpandProperty runId -Unique) | Should -Be @($run.RunId)
            }
            @($rows.runId | Select-Object -Unique).Count | Should -Be $tenants.Count
            $columns = [ZeroTrustAI.Engine.Reporting.ResultRow]::ColumnNames
            @($rows | Where-Object { (@($_.PSObject.Properties.Name) -join ',') -ne ($columns -join ',') }) | Should -BeNullOrEmpty
        }
    }
}
