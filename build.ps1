<#
.SYNOPSIS
Builds, tests and demonstrates the ZeroTrustAI module.

.DESCRIPTION
Tasks:
  Build  compile the cmdlets, stage the module into out/ZeroTrustAI from an explicit file list, stamp its version
         from Directory.Build.props and compile docs/cmdlets/*.md into its MAML help.
  Test   Build, then the xunit tests and the Pester tests (in a child pwsh, against the staged module); ends with
         one line "N passed, N failed" and a non-zero exit code on any failure or when no test ran.
  Demo   Build, then assess the bundled Contoso sample tenant, print a per-pillar summary and write a JSON and an
         HTML report under out/demo.
  Bench  generate a large synthetic tenant (60,000 service principals, 20,000 Azure resources by default) and
         measure reading it and running every control over it.
  Docs   regenerate docs/controls/README.md (the control catalog index) from the built module.
  Clean  remove out/ and the build outputs.

.EXAMPLE
dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Docs', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$RepoRoot = $PSScriptRoot
$OutRoot = Join-Path $RepoRoot 'out'
$StagingRoot = Join-Path $OutRoot 'ZeroTrustAI'
$PublishRoot = Join-Path $OutRoot 'publish'
$TestResultsRoot = Join-Path $OutRoot 'test-results'
$PowerShellProject = Join-Path $RepoRoot 'src' 'ZeroTrustAI.PowerShell' 'ZeroTrustAI.PowerShell.csproj'
    # Every xunit project under tests/<Name>.Tests/ runs, so a new test project needs no edit here.
    $xunit = [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0 }
    $testProjects = @(Get-ChildItem -Path (Join-Path $RepoRoot 'tests' '*.Tests' '*.csproj') | Sort-Object FullName)
    if (-not $testProjects) { $xunit.Failed = 1; Write-Host 'No xunit test project under tests/*.Tests.' -ForegroundColor Red }
    foreach ($project in $testProjects) {
        $name = $project.BaseName
        Write-Host "xunit: $name" -ForegroundColor Cyan
        $trx = Join-Path $TestResultsRoot "$name.trx"
        & dotnet test $project.FullName --configuration $Configuration --nologo --logger "trx;LogFileName=$name.trx" --results-directory $TestResultsRoot
        $exit = $LASTEXITCODE
        $counts = Read-TrxCounts $trx
        if (-not $counts) { $counts = [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 }; Write-Host "dotnet test of $name wrote no results (exit code $exit)." -ForegroundColor Red }
        elseif ($exit -ne 0 -and $counts.Failed -eq 0) { $counts.Failed = 1; Write-Host "dotnet test of $name failed (exit code $exit) without a failed test." -ForegroundColor Red }
        $xunit.Passed += $counts.Passed
        $xunit.Failed += $counts.Failed
        $xunit.Skipped += $counts.Skipped
    }

    Write-Host 'Pester: module tests against the staged module' -ForegroundColor Cyan
    $summaryPath = Join-Path $TestResultsRoot 'pester-summary.json'
    $pesterExit = Invoke-ChildPwsh -Arguments @{
        PesterManifest = Get-PesterManifest
        TestPath       = Join-Path $RepoRoot 'tests' 'pester'
        ResultPath     = Join-Path $TestResultsRoot 'pester.xml'
        SummaryPath    = $summaryPath
        ModuleManifest = Join-Path $StagingRoot 'ZeroTrustAI.psd1'
    } -Script {
        param($PesterManifest, $TestPath, $ResultPath, $SummaryPath, $ModuleManifest)
        $env:ZTAI_MODULE_PATH = $ModuleManifest
        Import-Module $PesterManifest -Force
        $configuration = New-PesterConfiguration
        $configuration.Run.Path = $TestPath
        $configuration.Run.PassThru = $true
        $configuration.Output.Verbosity = 'Detailed'
        $configuration.TestResult.Enabled = $true
        $configuration.TestResult.OutputFormat = 'NUnitXml'
        $configuration.TestResult.OutputPath = $ResultPath
        $run = Invoke-Pester -Configuration $configuration
        # A failed BeforeAll or a file that cannot be discovered fails too, even when no single test did.
        [pscustomobject]@{
            Passed  = $run.PassedCount
            Failed  = $run.FailedCount + $run.FailedBlocksCount + $run.FailedContainersCount
            Skipped = $run.SkippedCount + $run.NotRunCount
        } | ConvertTo-Json | Set-Content -LiteralPath $SummaryPath -Encoding utf8NoBOM
        exit 0
    }
    $pester = if (Test-Path -LiteralPath $summaryPath) { Get-Content -LiteralPath $summaryPath -Raw | ConvertFrom-Json } else { $null }
    if (-not $pester) { $pester = [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 }; Write-Host "Pester wrote no summary (exit code $pesterExit)." -ForegroundColor Red }

    $passed = $xunit.Passed + $pester.Passed
    $failed = $xunit.Failed + $pester.Failed
    $skipped = $xunit.Skipped + $pester.Skipped
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed; Pester: $($pester.Passed) passed, $($pester.Failed) failed$(if ($skipped) { "; $skipped skipped" })"
    Write-Output "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
    if ($passed -eq 0) { Write-Host 'No test ran.' -ForegroundColor Red; exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    $demo = New-Item -ItemType Directory -Force -Path (Join-Path $OutRoot 'demo')
    $exit = Invoke-ChildPwsh -Arguments @{ ModuleManifest = Join-Path $StagingRoot 'ZeroTrustAI.psd1'; DemoPath = $demo.FullName } -Script {
        param($ModuleManifest, $DemoPath)
        Import-Module $ModuleManifest -Force
        $results = @(Get-ZtaiAssessment -Sample)
        $statuses = 'Pass', 'Fail', 'Warning', 'NotApplicable', 'Skipped', 'Error'
        $summary = foreach ($pillar in [Enum]::GetNames([ZeroTrustAI.Engine.Model.Pillar])) {
            $ofPillar = @($results | Where-Object { "$($_.Pillar)" -eq $pillar })
            $row = [ordered]@{ Pillar = $pillar }
            foreach ($status in $statuses) { $row[$status] = @($ofPillar | Where-Object { "$($_.Status)" -eq $status }).Count }
            $row.Total = $ofPillar.Count
            [pscustomobject]$row
        }
        "Contoso sample tenant: $($results.Count) results from $(@($results.ControlId | Sort-Object -Unique).Count) controls"
        $summary | Format-Table -AutoSize | Out-String -Width 200

        $json = Join-Path $DemoPath 'results.json'
        $html = Join-Path $DemoPath 'report.html'
        $results | Export-ZtaiReport -Format Json -Path $json -Force
        $results | Export-ZtaiReport -Format Html -Path $html -Force
        "JSON results: $json"
        "HTML report:  $html"
    }
    if ($exit -ne 0) { throw "The demo failed (exit code $exit)." }
}

function Invoke-Bench {
    # Timings belong here, never in the test suite: a benchmark measures, a test asserts behaviour.
    $project = Join-Path $RepoRoot 'tests' 'ZeroTrustAI.Benchmarks' 'ZeroTrustAI.Benchmarks.csproj'
    Invoke-Native dotnet @('run', '--project', $project, '--configuration', 'Release', '--nologo', '--')
}

function Invoke-Docs {
    Invoke-Build
    $index = Join-Path $RepoRoot 'docs' 'controls' 'README.md'
    $exit = Invoke-ChildPwsh -Arguments @{ ModuleManifest = Join-Path $StagingRoot 'ZeroTrustAI.psd1'; IndexPath = $index } -Script {
        param($ModuleManifest, $IndexPath)
        Import-Module $ModuleManifest -Force
        $all = @(Get-ZtaiControl)
        $lines = @('# Control catalog', '',
            "ZeroTrustAI checks $($all.Count) controls across the three pillars of Zero Trust for AI. Each page says why the control",
            'matters, exactly which snapshot properties are read and what passes, how to fix a failure, and where it maps (Zero',
            'Trust Workshop AI items, Zero Trust Assessment tests, Microsoft cloud security benchmark, OWASP Top 10 for LLM',
            'applications). `Get-ZtaiControl` lists the same catalog in PowerShell.', '')
        foreach ($group in $all | Group-Object Pillar) {
            $lines += "## $($group.Name) ($($group.Count))", '', '| Id | Title | Principle | Severity | Needs |', '| --- | --- | --- | --- | --- |'
            foreach ($control in $group.Group) {
                $needs = ($control.RequiredData | ForEach-Object { '`' + $_ + '`' }) -join ', '
                $lines += "| [$($control.Id)]($($control.Id).md) | $($control.Title) | $($control.Principle) | $($control.Severity) | $needs |"
            }
            $lines += ''
        }
        $lines += '## Statuses', '',
            'Pass and Fail are judgements on data the control read. Warning flags a setting that is often deliberate but needs a',
            'reason (for example read-only bulk data permissions, or a built-in content filter policy the snapshot does not show).',
            'NotApplicable means no target of the control is in the snapshot; Skipped means the data it needs was not collected;',
            'Error means the data could not be read in full. None of the last three is ever reported as Pass.'
        $lines | Set-Content -LiteralPath $IndexPath -Encoding utf8NoBOM
        "Wrote $IndexPath ($($all.Count) controls)"
    }
    if ($exit -ne 0) { throw "Writing the catalog index failed (exit code $exit)." }
}

function Invoke-Clean {
    if (Test-Path -LiteralPath $OutRoot) { Remove-Item -LiteralPath $OutRoot -Recurse -Force }
    Invoke-Native dotnet @('clean', (Join-Path $RepoRoot 'ZeroTrustAI.sln'), '--configuration', $Configuration, '--nologo', '--verbosity', 'quiet')
    Write-Host 'Cleaned.' -ForegroundColor Green
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Bench' { Invoke-Bench }
    'Docs' { Invoke-Docs }
    'Clean' { Invoke-Clean }
}
