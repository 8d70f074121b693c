# The formats for other tools: Zero Trust Assessment report JSON, Workshop import, SARIF, JUnit, job summary; and the
# one-line gate of Get-ZtaiAssessment. Export-ZtaiReport.Tests.ps1 covers the cmdlet itself.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Results = @(Get-ZtaiAssessment -Sample)
    $script:Folder = Join-Path $TestDrive 'ci'
    New-Item -ItemType Directory -Path $Folder | Out-Null
}

Describe 'Export-ZtaiReport for other tools' {
    It 'infers Sarif from .sarif and JUnit from .xml' {
        $Results | Export-ZtaiReport -Path (Join-Path $Folder 'infer.sarif')
        $Results | Export-ZtaiReport -Path (Join-Path $Folder 'infer.xml')
        (Get-Content -LiteralPath (Join-Path $Folder 'infer.sarif') -Raw | ConvertFrom-Json).version | Should -Be '2.1.0'
        ([xml](Get-Content -LiteralPath (Join-Path $Folder 'infer.xml') -Raw)).testsuites.tests | Should -Be $Results.Count
    }

    It 'writes SARIF that the official SARIF Multitool validates without an error' {
        if (-not $env:ZTAI_SARIF_MULTITOOL) { Set-ItResult -Skipped -Because 'build.ps1 -Task Test installs the SARIF Multitool and names it in ZTAI_SARIF_MULTITOOL'; return }
        $env:ZTAI_SARIF_MULTITOOL | Should -Exist
        $sarif = Join-Path $Folder 'sample.sarif'
        $Results | Export-ZtaiReport -Path $sarif -Format Sarif

        # Validate writes its findings as a SARIF log; JSON-schema violations are errors there (JSON1xxx).
        $log = Join-Path $Folder 'validation.sarif'
        & $env:ZTAI_SARIF_MULTITOOL validate $sarif --output $log --log ForceOverwrite | Out-Null
        $LASTEXITCODE | Should -Be 0
        $validation = Get-Content -LiteralPath $log -Raw | ConvertFrom-Json -Depth 30
        $validation.runs[0].invocations[0].executionSuccessful | Should -BeTrue
        @($validation.runs[0].results | Where-Object { $_.level -eq 'error' } | ForEach-Object { "$($_.ruleId): $($_.message.arguments -join ', ')" }) | Should -BeNullOrEmpty

        # The same validator does flag a broken file, so the clean result above means something.
        $broken = Get-Content -LiteralPath $sarif -Raw | ConvertFrom-Json -Depth 30
        $broken.runs[0].results[0].PSObject.Properties.Remove('message')
        $brokenPath = Join-Path $Folder 'broken.sarif'
        $broken | ConvertTo-Json -Depth 30 | Set-Content -LiteralPath $brokenPath
        & $env:ZTAI_SARIF_MULTITOOL validate $brokenPath --output $log --log ForceOverwrite | Out-Null
        @((Get-Content -LiteralPath $log -Raw | ConvertFrom-Json -Depth 30).runs[0].results | Where-Object { $_.level -eq 'error' }).Count | Should -BeGreaterThan 0
    }

    It 'writes a ZTA report with one test per control, in ZTA''s vocabularies' {
        $path = Join-Path $Folder 'zta.json'
        $Results | Export-ZtaiReport -Path $path -Format ZtaJson
        $report = Get-Content -LiteralPath $path -Raw | ConvertFrom-Json -Depth 20
        @($report.PSObject.Properties.Name)[-1] | Should -Be 'EndOfJson'
        $report.Tests.Count | Should -Be @($Results.ControlId | Sort-Object -Unique).Count
        $report.Tests.TestStatus | ForEach-Object { $_ | Should -BeIn 'Passed', 'Failed', 'Investigate', 'Error', 'Skipped' }
        $report.Tests.TestRisk | ForEach-Object { $_ | Should -BeIn 'Critical', 'High', 'Medium', 'Low', 'Unranked' }
        $report.TestResultSummary.AITotal | Should -Be @($report.Tests | Where-Object { $_.TestPillar -eq 'AI' -and $_.TestStatus -notin 'Skipped', 'Planned' }).Count
    }

    It 'writes a Workshop import file whose notes stay within the importer''s limits' {
        $path = Join-Path $Folder 'workshop.json'
        $Results | Export-ZtaiReport -Path $path -Format Workshop
        $workshop = Get-Content -LiteralPath $path -Raw | ConvertFrom-Json -Depth 20
        $overrides = @($workshop.configuration.pillars.ai.taskOverrides.PSObject.Properties)
        $overrides.Count | Should -BeGreaterThan 0
        foreach ($task in $overrides) {
            $task.Name | Should -Match '^AI_\d{3}$'
            $task.Value.notes.Length | Should -BeLessOrEqual 1000
            $lines = $task.Value.notes.TrimEnd("`n") -split "`n"
            $lines.Count | Should -Be @($lines | Select-Object -Unique).Count
        }
    }

    It 'writes a job summary in a few kilobytes' {
        $path = Join-Path $Folder 'summary.md'
        $Results | Export-ZtaiReport -Path $path -Format MarkdownSummary
        (Get-Item -LiteralPath $path).Length | Should -BeLessThan 16KB
        Get-Content -LiteralPath $path -Raw | Should -Match "$(@($Results | Where-Object Status -EQ Fail).Count) failed"
    }
}

Describe 'Get-ZtaiAssessment -FailOn' {
    It 'writes every result, then ends with AssessmentGateFailed when a result of that severity fails' {
        $written = [System.Collections.Generic.List[object]]::new()
        { Get-ZtaiAssessment -Sample -FailOn Critical | ForEach-Object { $written.Add($_) } } |
            Should -Throw -ErrorId (Get-ZtaiErrorId 'AssessmentGateFailed' 'Get-ZtaiAssessment')
        $written.Count | Should -Be $Results.Count
    }

    It 'passes when no result of that severity fails' {
        $severities = @($Results | Where-Object Status -EQ Fail | ForEach-Object Severity | Sort-Object -Unique)
        $pillarWithoutCritical = @('AI', 'Data', 'Network' | Where-Object { $p = $_; -not ($Results | Where-Object { "$($_.Pillar)" -eq $p -and $_.Status -eq 'Fail' -and $_.Severity -eq 'Critical' }) })[0]
        $severities | Should -Contain ([ZeroTrustAI.Engine.Model.Severity]::Critical)
        { Get-ZtaiAssessment -Sample -Pillar $pillarWithoutCritical -FailOn Critical | Out-Null } | Should -Not -Throw
    }

    It 'makes pwsh -Command exit non-zero' {
        $null = Invoke-ChildPwsh "Import-Module '$ModuleManifest'; Get-ZtaiAssessment -Sample -FailOn Critical | Out-Null" 2>&1
        $LASTEXITCODE | Should -Not -Be 0
    }
}
