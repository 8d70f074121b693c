BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:ResultType = [ZeroTrustAI.Engine.Model.AssessmentResult]
    $script:AllControlIds = @((Get-ZtaiControl).Id)
    $script:CommandType = 'ZeroTrustAI.PowerShell.Commands.GetZtaiAssessmentCommand'
    $script:AccountsJson = Get-Content -LiteralPath (Join-Path $MiniSnapshot 'arm' 'ai.json') -Raw
}

Describe 'Get-ZtaiAssessment' {
    Context 'output' {
        It 'declares AssessmentResult as its output type' {
            (Get-Command Get-ZtaiAssessment).OutputType.Type | Should -Contain $ResultType
        }

        It 'writes AssessmentResult objects' {
            $results = @(Get-ZtaiAssessment -Snapshot $MiniSnapshot)
            $results | Should -Not -BeNullOrEmpty
            foreach ($result in $results) { $result | Should -BeOfType $ResultType }
        }

        It 'judges each target: oai-contoso-prod passes ZTAI-AI-020 and oai-contoso-dev fails it with evidence' {
            $results = @(Get-ZtaiAssessment -Snapshot $MiniSnapshot -ControlId ZTAI-AI-020)
            ($results | Where-Object ResourceName -EQ 'oai-contoso-prod').Status | Should -Be 'Pass'
            $failed = $results | Where-Object ResourceName -EQ 'oai-contoso-dev'
            $failed.Status | Should -Be 'Fail'
            $failed.Evidence[0].Path | Should -Be 'properties.disableLocalAuth'
            $failed.Evidence[0].Actual | Should -Be 'false'
            $failed.Remediation | Should -Not -BeNullOrEmpty
        }

        It 'yields at least one result for every control, so nothing is silently left out' {
            $ids = @(Get-ZtaiAssessment -Snapshot $MiniSnapshot | ForEach-Object ControlId | Sort-Object -Unique)
            ($ids -join ',') | Should -Be (($AllControlIds | Sort-Object) -join ',')
        }

        It 'reports a control whose data is not in the snapshot as Skipped, naming the data' {
            $snapshot = New-TestSnapshot @{ 'graph/organization.json' = '{"value":[{"id":"6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b","displayName":"Contoso"}]}' }
            $result = Get-ZtaiAssessment -Snapshot $snapshot -ControlId ZTAI-AI-020
            $result.Status | Should -Be 'Skipped'
            $result.Reason | Should -Match 'arm/'
        }

        It 'shows results as a table of Status, Severity, ControlId, ResourceName and Reason' {
            $text = Get-ZtaiAssessment -Snapshot $MiniSnapshot -ControlId ZTAI-AI-020 | Format-Table | Out-String -Width 250
            $text | Should -Match 'Status\s+Severity\s+ControlId\s+ResourceName\s+Reason'
            $text | Should -Match 'Fail\s+High\s+ZTAI-AI-020\s+oai-contoso-dev'
        }
    }

    Context '-Sample' {
        It 'assesses the Contoso tenant staged beside the module and yields results for every control' {
            Join-Path $ModuleRoot 'SampleTenant' | Should -Exist
            $ids = @(Get-ZtaiAssessment -Sample | ForEach-Object ControlId | Sort-Object -Unique)
            ($ids -join ',') | Should -Be (($AllControlIds | Sort-Object) -join ',')
        }

        It 'takes every control piped from Get-ZtaiControl' {
            $ids = @(Get-ZtaiControl | Get-ZtaiAssessment -Sample | ForEach-Object ControlId | Sort-Object -Unique)
            ($ids -join ',') | Should -Be (($AllControlIds | Sort-Object) -join ',')
        }
    }

    Context 'filters' {
        It 'is tested below with every value of the Pillar, Principle and Severity enums' {
            [Enum]::GetNames([ZeroTrustAI.Engine.Model.Pillar]) -join ',' | Should -Be 'AI,Data,Network'
            [Enum]::GetNames([ZeroTrustAI.Engine.Model.Principle]) -join ',' | Should -Be 'VerifyExplicitly,LeastPrivilege,AssumeBreach'
            [Enum]::GetNames([ZeroTrustAI.Engine.Model.Severity]) -join ',' | Should -Be 'Critical,High,Medium,Low,Informational'
        }

        It 'keeps only the controls of -Pillar <_>' -ForEach @('AI', 'Data', 'Network') {
            $expected = @((Get-ZtaiControl) | Where-Object Pillar -EQ $_ | ForEach-Object Id | Sort-Object)
            $results = @(Get-ZtaiAssessment -Snapshot $MiniSnapshot -Pillar $_)
            (@($results | ForEach-Object ControlId | Sort-Object -Unique) -join ',') | Should -Be ($expected -join ',')
            $results | Where-Object Pillar -NE $_ | Should -BeNullOrEmpty
        }

        It 'keeps only the controls of -Principle <_>' -ForEach @('VerifyExplicitly', 'LeastPrivilege', 'AssumeBreach') {
            $expected = @((Get-ZtaiControl) | Where-Object Principle -EQ $_ | ForEach-Object Id | Sort-Object)
            $results = @(Get-ZtaiAssessment -Snapshot $MiniSnapshot -Principle $_)
            (@($results | ForEach-Object ControlId | Sort-Object -Unique) -join ',') | Should -Be ($expected -join ',')
            $results | Where-Object Principle -NE $_ | Should -BeNullOrEmpty
        }

        It 'keeps only the controls of -Severity <_>' -ForEach @('Critical', 'High', 'Medium', 'Low', 'Informational') {
            $expected = @((Get-ZtaiControl) | Where-Object Severity -EQ $_ | ForEach-Object Id | Sort-Object)
            $results = @(Get-ZtaiAssessment -Snapshot $MiniSnapshot -Severity $_)
            (@($results | ForEach-Object ControlId | Sort-Object -Unique) -join ',') | Should -Be ($expected -join ',')
            $results | Where-Object Severity -NE $_ | Should -BeNullOrEmpty
        }

        It 'matches any value within a filter and all filters together' {
            $expected = @((Get-ZtaiControl) | Where-Object { $_.Pillar -in 'AI', 'Data' -and $_.Severity -in 'Critical', 'High' } | ForEach-Object Id | Sort-Object)
            $expected | Should -Contain 'ZTAI-AI-020'
            $results = @(Get-ZtaiAssessment -Snapshot $MiniSnapshot -Pillar AI, Data -Severity Critical, High)
            (@($results | ForEach-Object ControlId | Sort-Object -Unique) -join ',') | Should -Be ($expected -join ',')
        }

        It 'takes -ControlId wildcards, ignoring case' {
            $results = @(Get-ZtaiAssessment -Snapshot $MiniSnapshot -ControlId 'ztai-ai-02?')
            $results.ControlId | Should -Contain 'ZTAI-AI-020'
            $results | Where-Object { $_.ControlId -notlike 'ZTAI-AI-02?' } | Should -BeNullOrEmpty
        }

        It 'reports an id without wildcards that names no control as ControlNotFound and assesses the rest' {
            $results = @(Get-ZtaiAssessment -Snapshot $MiniSnapshot -ControlId 'ZTAI-AI-020', 'ZTAI-AI-999' -ErrorVariable errors -ErrorAction SilentlyContinue)
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -Be "ControlNotFound,$CommandType"
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errors[0].TargetObject | Should -Be 'ZTAI-AI-999'
            @($results | ForEach-Object ControlId | Sort-Object -Unique) | Should -Be 'ZTAI-AI-020'
        }

        It 'treats a wildcard that matches nothing as an empty selection, not an error' {
            $results = @(Get-ZtaiAssessment -Snapshot $MiniSnapshot -ControlId 'ZTAI-NONE-*' -ErrorVariable errors)
            $results | Should -BeNullOrEmpty
            $errors | Should -BeNullOrEmpty
        }
    }

    Context 'pipeline' {
        It 'binds the Id of Get-ZtaiControl output to -ControlId' {
            $results = @(Get-ZtaiControl -Id ZTAI-AI-020 | Get-ZtaiAssessment -Snapshot $MiniSnapshot)
            @($results | ForEach-Object ControlId | Sort-Object -Unique) | Should -Be 'ZTAI-AI-020'
            $results.Count | Should -Be 2
        }

        It 'binds -ControlId by property name from any object with an Id' {
            $results = @([pscustomobject]@{ Id = 'ZTAI-AI-020' } | Get-ZtaiAssessment -Snapshot $MiniSnapshot)
            $results.ResourceName | Sort-Object | Should -Be 'oai-contoso-dev', 'oai-contoso-prod'
        }

        It 'assesses nothing when the piped selection is empty, rather than everything' {
            $results = @(Get-ZtaiControl -Id 'ZTAI-NONE-*' | Get-ZtaiAssessment -Snapshot $MiniSnapshot)
            $results | Should -BeNullOrEmpty
        }

        It 'streams: Select-Object -First 1 ends the pipeline after one result without an error' {
            $results = @(Get-ZtaiAssessment -Snapshot $MiniSnapshot -ErrorVariable errors | Select-Object -First 1)
            $results.Count | Should -Be 1
            $errors | Should -BeNullOrEmpty
        }
    }

    Context '-ThrottleLimit' {
        It 'gives the same results in the same order evaluating one control at a time and <_> at once' -ForEach @(2, 8) {
            $line = { '{0}|{1}|{2}|{3}|{4}|{5}' -f $_.ControlId, $_.ResourceId, $_.Status, $_.Severity, $_.Reason, ($_.Evidence | ForEach-Object { "$($_.Path)=$($_.Actual)" }) -join ';' }
            $one = @(Get-ZtaiAssessment -Sample -ThrottleLimit 1 | ForEach-Object $line)
            $many = @(Get-ZtaiAssessment -Sample -ThrottleLimit $_ | ForEach-Object $line)
            $one.Count | Should -BeGreaterThan $AllControlIds.Count
            ($many -join "`n") | Should -BeExactly ($one -join "`n")
        }

        It 'refuses a limit of <_>' -ForEach @(0, 65) {
            { Get-ZtaiAssessment -Sample -ThrottleLimit $_ } | Should -Throw -ErrorId 'ParameterArgumentValidationError,ZeroTrustAI.PowerShell.Commands.GetZtaiAssessmentCommand'
        }
    }

    Context 'snapshot paths' {
        It 'resolves a relative -Path against the current PowerShell location' {
            Push-Location (Split-Path $MiniSnapshot -Parent)
            try { $results = @(Get-ZtaiAssessment -Path (Split-Path $MiniSnapshot -Leaf) -ControlId ZTAI-AI-020) }
            finally { Pop-Location }
            $results.Count | Should -Be 2
        }

        It 'reads a .zip of the snapshot folder with the same results as the folder' {
            $zip = Join-Path $TestDrive 'contoso-mini.zip'
            Compress-Archive -Path (Join-Path $MiniSnapshot '*') -DestinationPath $zip
            $fromZip = Get-ZtaiAssessment -Snapshot $zip | ForEach-Object { "$($_.ControlId) $($_.ResourceId) $($_.Status)" } | Sort-Object
            $fromFolder = Get-ZtaiAssessment -Snapshot $MiniSnapshot | ForEach-Object { "$($_.ControlId) $($_.ResourceId) $($_.Status)" } | Sort-Object
            $fromZip | Should -Be $fromFolder
            $fromZip | Should -Contain 'ZTAI-AI-020 /subscriptions/b1e0d1a2-0002-4c3b-9a7e-100000000002/resourceGroups/rg-ai-dev/providers/Microsoft.CognitiveServices/accounts/oai-contoso-dev Fail'
        }

        It 'reads a .zip that holds the snapshot folder as its single top entry' {
            $zip = Join-Path $TestDrive 'wrapped.zip'
            Compress-Archive -Path $MiniSnapshot -DestinationPath $zip
            $results = @(Get-ZtaiAssessment -Snapshot $zip -ControlId ZTAI-AI-020)
            ($results | Where-Object ResourceName -EQ 'oai-contoso-dev').Status | Should -Be 'Fail'
        }
    }

    Context 'errors' {
        It 'ends with SnapshotPathNotFound when nothing is at the path' {
            { Get-ZtaiAssessment -Snapshot (Join-Path $TestDrive 'no-such-snapshot') } |
                Should -Throw -ErrorId "SnapshotPathNotFound,$CommandType"
        }

        It 'ends with SnapshotNotRecognized for a folder that is not a snapshot' {
            $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'not-a-snapshot')
            Set-Content -LiteralPath (Join-Path $folder 'notes.txt') -Value 'hello'
            { Get-ZtaiAssessment -Snapshot $folder.FullName } | Should -Throw -ErrorId "SnapshotNotRecognized,$CommandType"
        }

        It 'ends with SnapshotNotRecognized for a file that is not a .zip' {
            $file = Join-Path $TestDrive 'snapshot.json'
            Set-Content -LiteralPath $file -Value '{}'
            { Get-ZtaiAssessment -Snapshot $file } | Should -Throw -ErrorId "SnapshotNotRecognized,$CommandType"
        }

        It 'ends with SnapshotSchemaVersionUnsupported for a manifest of an unknown schema version' {
            $snapshot = New-TestSnapshot @{ 'manifest.json' = '{"schemaVersion": 99}'; 'arm/ai.json' = $AccountsJson }
            { Get-ZtaiAssessment -Snapshot $snapshot } | Should -Throw -ErrorId "SnapshotSchemaVersionUnsupported,$CommandType"
        }

        It 'ends with SnapshotPathNotFileSystem for a path on another provider' {
            { Get-ZtaiAssessment -Snapshot 'Env:\PATH' } | Should -Throw -ErrorId "SnapshotPathNotFileSystem,$CommandType"
        }

        It 'writes SnapshotJsonMalformed naming the file and line, and still assesses the other controls' {
            $snapshot = New-TestSnapshot @{
                'arm/ai.json'                  = $AccountsJson
                'graph/servicePrincipals.json' = "{`n  `"value`": [`n    { `"id`": `"1`", }, oops`n  ]`n}"
            }
            $results = @(Get-ZtaiAssessment -Snapshot $snapshot -ErrorVariable errors -ErrorAction SilentlyContinue)
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -Be "SnapshotJsonMalformed,$CommandType"
            $errors[0].CategoryInfo.Category | Should -Be 'InvalidData'
            "$($errors[0])" | Should -Match 'graph/servicePrincipals\.json'
            "$($errors[0])" | Should -Match 'line 3'
            $localAuth = $results | Where-Object ControlId -EQ 'ZTAI-AI-020'
            ($localAuth | Where-Object ResourceName -EQ 'oai-contoso-dev').Status | Should -Be 'Fail'
            ($localAuth | Where-Object ResourceName -EQ 'oai-contoso-prod').Status | Should -Be 'Pass'
        }

        It 'warns SnapshotObjectNotPlaced naming the file and the object it cannot place, and assesses the rest' {
            $snapshot = New-TestSnapshot @{ 'arm/ai.json' = $AccountsJson; 'arm/template.json' = '[{"type": "Microsoft.KeyVault/vaults", "name": "[parameters(''vault'')]"}]' }
            $results = @(Get-ZtaiAssessment -Snapshot $snapshot -ControlId ZTAI-AI-020, ZTAI-DATA-025 -WarningVariable warnings -WarningAction SilentlyContinue -ErrorVariable errors)
            $errors.Count | Should -Be 0
            $warnings.Count | Should -Be 1
            "$($warnings[0])" | Should -Match 'arm/template\.json'
            "$($warnings[0])" | Should -Match "parameters\('vault'\)"
            ($results | Where-Object ControlId -EQ 'ZTAI-DATA-025').Status | Should -Be 'Error'
            ($results | Where-Object ResourceName -EQ 'oai-contoso-prod').Status | Should -Be 'Pass'
        }

        It 'reports Error, never Pass, for a control whose data file is malformed' {
            $snapshot = New-TestSnapshot @{ 'arm/ai.json' = $AccountsJson; 'arm/more.json' = '{"value": [' }
            $result = Get-ZtaiAssessment -Snapshot $snapshot -ControlId ZTAI-AI-020 -ErrorAction SilentlyContinue
            $result.Status | Should -Be 'Error'
            $result.Reason | Should -Match 'arm/more\.json'
        }
    }

    Context 'progress, verbose output and stopping' {
        It 'writes progress naming each control, and completes it' {
            $shell = New-ZtaiRunspacePipeline -Script 'param($Snapshot) Get-ZtaiAssessment -Snapshot $Snapshot' -Parameters @{ Snapshot = $MiniSnapshot }
            try {
                $null = $shell.Invoke()
                $records = @($shell.Streams.Progress | Where-Object Activity -EQ 'Assessing controls')
                $records.StatusDescription | Should -Contain 'ZTAI-AI-020: AI services accept Entra ID only (local key auth disabled)'
                $records[-1].RecordType | Should -Be 'Completed'
                @($records | Where-Object RecordType -EQ 'Processing').Count | Should -Be $AllControlIds.Count
            }
            finally { $shell.Dispose() }
        }

        It 'says with -Verbose how many results each status had' {
            $output = Get-ZtaiAssessment -Snapshot $MiniSnapshot -Verbose 4>&1
            $results = @($output | Where-Object { $_ -is $ResultType })
            $summary = @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })[-1].Message
            $summary | Should -Match "^Assessed $($AllControlIds.Count) control\(s\): $($results.Count) result\(s\):"
            foreach ($group in $results | Group-Object Status) {
                $summary | Should -Match "\b$($group.Name) $($group.Count)\b"
            }
        }

        It 'stops promptly when the pipeline is stopped (Ctrl+C), keeping the results written so far' {
            $accounts = foreach ($i in 1..400) {
                '{{"id":"/subscriptions/b1e0d1a2-0002-4c3b-9a7e-100000000002/resourceGroups/rg-ai-dev/providers/Microsoft.CognitiveServices/accounts/oai-load-{0}","name":"oai-load-{0}","type":"Microsoft.CognitiveServices/accounts","kind":"OpenAI","properties":{{"disableLocalAuth":false}}}}' -f $i
            }
            $snapshot = New-TestSnapshot @{ 'arm/ai.json' = "[$($accounts -join ',')]" }
            # A slow consumer keeps the cmdlet mid-stream, where Ctrl+C would find it.
            $shell = New-ZtaiRunspacePipeline -Script 'param($Snapshot) Get-ZtaiAssessment -Snapshot $Snapshot -ControlId ZTAI-AI-020 | ForEach-Object { Start-Sleep -Milliseconds 20; $_ }' -Parameters @{ Snapshot = $snapshot }
            $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
            try {
                $async = $shell.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
                $deadline = [DateTime]::UtcNow.AddSeconds(20)
                while ($output.Count -eq 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 10 }
                $output.Count | Should -BeGreaterThan 0
                # Stop() returns when the pipeline has stopped: fewer than all results prove it did not run to the end.
                $shell.Stop()
                $shell.InvocationStateInfo.State | Should -Be 'Stopped'
                $output.Count | Should -BeLessThan 400
                try { $null = $shell.EndInvoke($async) } catch [System.Management.Automation.PipelineStoppedException] { }
            }
            finally { $shell.Dispose() }
        }
    }
}
