<#
.SYNOPSIS
The benchmarks of build.ps1 -Task Bench: every ratio is measured in this run against a baseline measured in this run,
and printed beside its target. docs/performance.md describes each measure.

.DESCRIPTION
Whole processes for the cmdlets (pwsh start, import, assessment, results), the engine API in its own process, and
BenchmarkDotNet for the hot paths. Each process reports its own peak working set and CPU time. Children run with a
GC heap hard limit (-MemoryCapGiB) so that a run that would exhaust a shared machine fails instead.

.PARAMETER Size
Default: tenants of 10,000 and 100,000 service principals. Large: also 1,000,000 (about 10M app role assignments,
50,000 resources); generating and measuring it takes tens of minutes.

.PARAMETER ModuleManifest
The staged module (out/ZeroTrustAI/ZeroTrustAI.psd1); build.ps1 passes it.
#>
[CmdletBinding()]
param(
    [ValidateSet('Default', 'Large')]
    [string] $Size = 'Default',

    [Parameter(Mandatory)]
    [string] $ModuleManifest,

    [string] $WorkRoot = (Join-Path $PSScriptRoot '..' '..' 'out' 'bench'),

    # Runs of each small measure; the median counts. The 100k and 1M runs are measured once.
    [int] $Repeat = 3,

    # Tenant sizes to assess instead of those of -Size (each with a fifth as many resources, at most 50,000).
    [int[]] $ServicePrincipals = @(),

    [int] $MemoryCapGiB = 12,

    # Service principals of the collection measure's tenant (about 10 app role assignments each).
    [int] $CollectionServicePrincipals = 100000,

    # Skips parts (for a quicker look): any of Tenants, PSRule, Collection, Startup, Report, HotPaths.
    [string[]] $Skip = @()
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

# "-Skip A,B" from a shell arrives as one string.
$Skip = @($Skip | ForEach-Object { $_ -split ',' } | ForEach-Object Trim)
$RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '..' '..')).Path
$WorkRoot = [IO.Path]::GetFullPath($WorkRoot)
$ModuleManifest = (Resolve-Path $ModuleManifest).Path
New-Item -ItemType Directory -Force -Path $WorkRoot | Out-Null

# The same .NET host and pwsh.dll this script runs on: "pwsh" as a user starts it, without the dotnet tool lookup.
$DotNet = (Get-Process -Id $PID).Path
$PwshDll = Join-Path $PSHOME 'pwsh.dll'
$PwshPrefix = @(if (Test-Path -LiteralPath $PwshDll) { $PwshDll })
$PwshHost = if ($PwshPrefix) { $DotNet } else { (Get-Process -Id $PID).Path }
$Python = (Get-Command python3 -ErrorAction SilentlyContinue)?.Source

$project = Join-Path $PSScriptRoot 'ZeroTrustAI.Benchmarks.csproj'
& dotnet build $project --configuration Release --nologo --verbosity quiet | Out-Host
if ($LASTEXITCODE -ne 0) { throw "Building the benchmarks failed (exit code $LASTEXITCODE)." }
$BenchDll = Join-Path $PSScriptRoot 'bin' 'Release' 'net10.0' 'ZeroTrustAI.Benchmarks.dll'

$Rows = [System.Collections.Generic.List[object]]::new()
function Add-Row {
    param([string] $Measure, [string] $Value, [string] $Target = '', [object] $Ratio = $null, [object] $Limit = $null)
    $status = if ($null -eq $Ratio -or $null -eq $Limit) { 'info' } elseif ([double]$Ratio -le [double]$Limit) { 'pass' } else { 'FAIL' }
    $Rows.Add([pscustomobject]@{ Measure = $Measure; Value = $Value; Target = $Target; Ratio = if ($null -ne $Ratio) { '{0:N2}' -f [double]$Ratio } else { '' }; Result = $status })
    Write-Host ("  {0,-58} {1,-34} {2,-8} {3,-6} {4}" -f $Measure, $Value, $Target, $(if ($null -ne $Ratio) { '{0:N2}' -f [double]$Ratio } else { '' }), $status) -ForegroundColor $(if ($status -eq 'FAIL') { 'Red' } else { 'Gray' })
}

function Format-MiB([double] $bytes) { '{0:N0} MiB' -f ($bytes / 1MB) }

# Runs one process, times it from start to exit, and reads the "RESULT {json}" line it printed (null if none).
function Invoke-Timed {
    param([string] $FilePath, [string[]] $ArgumentList, [switch] $Quiet)
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $output = & $FilePath @ArgumentList 2>&1
    $exit = $LASTEXITCODE
    $wall = $clock.Elapsed.TotalSeconds
    $lines = @($output | ForEach-Object { "$_" })
    $resultLine = $lines | Where-Object { $_.StartsWith('RESULT ') } | Select-Object -Last 1
    if (-not $Quiet -or $exit -ne 0 -or -not $resultLine) {
        $lines | Where-Object { -not $_.StartsWith('RESULT ') } | Select-Object -Last 15 | ForEach-Object { Write-Host "    $_" -ForegroundColor DarkGray }
    }

    [pscustomobject]@{
        Wall   = $wall
        Exit   = $exit
        Result = if ($resultLine) { $resultLine.Substring(7) | ConvertFrom-Json } else { $null }
    }
}

function Get-Median([double[]] $values) {
    $sorted = @($values | Sort-Object)
    if ($sorted.Count -eq 0) { return [double]::NaN }
    if ($sorted.Count % 2) { $sorted[[int][math]::Floor($sorted.Count / 2)] } else { ($sorted[$sorted.Count / 2 - 1] + $sorted[$sorted.Count / 2]) / 2 }
}

# Repeats a measure and keeps the run with the median wall time (its memory and CPU figures come with it).
function Invoke-Median {
    param([int] $Times, [scriptblock] $Run)
    $runs = @(for ($i = 0; $i -lt $Times; $i++) { & $Run })
    $median = Get-Median ($runs | ForEach-Object Wall)
    $runs | Sort-Object { [math]::Abs($_.Wall - $median) } | Select-Object -First 1
}

function Invoke-Bench([string[]] $arguments, [switch] $Quiet) { Invoke-Timed -FilePath 'dotnet' -ArgumentList (@($BenchDll) + $arguments) -Quiet:$Quiet }

function Invoke-Pwsh([string] $script) {
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($script))
    Invoke-Timed -FilePath $PwshHost -ArgumentList ($PwshPrefix + @('-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded)) -Quiet
}

# The child's own figures, printed the same way by every pwsh measure.
$ReportSelf = @'
$self = [Diagnostics.Process]::GetCurrentProcess()
'RESULT ' + (@{ peakWorkingSet = $self.PeakWorkingSet64; cpuSeconds = $self.TotalProcessorTime.TotalSeconds; results = $results; agents = $agents } | ConvertTo-Json -Compress)
'@

$previousCap = $env:DOTNET_GCHeapHardLimit
$env:DOTNET_GCHeapHardLimit = '0x{0:X}' -f ([long]$MemoryCapGiB * 1GB)
$started = Get-Date
try {
    Write-Host "Benchmarks ($Size) on $([Environment]::ProcessorCount) cores; children capped at $MemoryCapGiB GiB of GC heap" -ForegroundColor Cyan

    # 1. Assessment plus privilege analysis against System.Text.Json merely parsing the same files.
    if ('Tenants' -notin $Skip) {
        $counts = if ($ServicePrincipals) { $ServicePrincipals } elseif ($Size -eq 'Large') { 10000, 100000, 1000000 } else { 10000, 100000 }
        $sizes = @($counts | ForEach-Object { @{ Sp = $_; Resources = [math]::Min(50000, $_ / 5); Times = if ($_ -le 10000) { $Repeat } else { 1 } } })
        $bySize = @{}
        foreach ($s in $sizes) {
            $label = '{0:N0} SPs' -f $s.Sp
            $tenant = Join-Path $WorkRoot "tenant-$($s.Sp)"
            Write-Host "Generating $label, $('{0:N0}' -f $s.Resources) resources at $tenant" -ForegroundColor Cyan
            $generated = Invoke-Bench @('generate', '--service-principals', $s.Sp, '--resources', $s.Resources, '--out', $tenant) -Quiet
            if (-not $generated.Result) { throw "Generating $label failed." }
            $counts = $generated.Result.result.counts
            Write-Host ("  {0:N1} MiB in {1} files; {2:N0} app role assignments, {3:N0} grants; generated in {4:N1} s" -f ($generated.Result.result.bytes / 1MB), $generated.Result.result.files, $counts.'graph/servicePrincipals.appRoleAssignments', $counts.'graph/oauth2PermissionGrants', $generated.Wall)

            $parse = Invoke-Median $s.Times { Invoke-Bench @('parse', $tenant) -Quiet }
            $engine = Invoke-Median $s.Times { Invoke-Bench @('engine', $tenant) -Quiet }
            # The same run with one control at a time: what evaluating controls on every core gains.
            $sequential = Invoke-Median $s.Times { Invoke-Bench @('engine', $tenant, '--parallelism', '1') -Quiet }
            # Results are counted as they stream (Measure-Object), as a runbook or a report writer takes them: @(...) would
            # hold every result at once (four million at 1M), which is the caller's memory, not the assessment's.
            $cmdlets = Invoke-Median $s.Times {
                Invoke-Pwsh (@"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModuleManifest'
`$results = (Get-ZtaiAssessment -Snapshot '$tenant' -ErrorAction SilentlyContinue | Measure-Object).Count
`$agents = (Test-ZtaiAgentPrivilege -Snapshot '$tenant' -ErrorAction SilentlyContinue | Measure-Object).Count
"@ + "`n" + $ReportSelf)
            }

            if (-not $parse.Result -or -not $engine.Result -or -not $cmdlets.Result) {
                Add-Row "$label assessment + privilege" 'a process failed (see above; out of memory?)' '<= 1.5' ([double]::PositiveInfinity) 1.5
                continue
            }

            $parseSeconds = $parse.Result.seconds
            $engineSeconds = $engine.Result.result.seconds
            Add-Row "$label engine API: read+assess+privilege / parse" ('{0:N2} s / {1:N2} s' -f $engineSeconds, $parseSeconds) '<= 1.5' ($engineSeconds / $parseSeconds) 1.5
            if ($sequential.Result) {
                Add-Row "$label engine API evaluate: one control at a time / $([Environment]::ProcessorCount) processors" ('{0:N2} s / {1:N2} s' -f $sequential.Result.result.evaluateSeconds, $engine.Result.result.evaluateSeconds) '' ($sequential.Result.result.evaluateSeconds / [math]::Max(0.001, $engine.Result.result.evaluateSeconds))
            }

            Add-Row "$label cmdlets process / parse process" ('{0:N2} s / {1:N2} s' -f $cmdlets.Wall, $parse.Wall) '<= 1.5' ($cmdlets.Wall / $parse.Wall) 1.5
            Add-Row "$label cmdlets CPU / parse CPU (load-independent)" ('{0:N2} s / {1:N2} s' -f $cmdlets.Result.cpuSeconds, $parse.Result.cpuSeconds) '' ($cmdlets.Result.cpuSeconds / [math]::Max(0.001, $parse.Result.cpuSeconds))
            Add-Row "$label peak working set: engine / cmdlets / parse" ('{0} / {1} / {2}' -f (Format-MiB $engine.Result.peakWorkingSet), (Format-MiB $cmdlets.Result.peakWorkingSet), (Format-MiB $parse.Result.peakWorkingSet))
            Add-Row "$label results, agents (engine = cmdlets)" ('{0:N0}, {1:N0} / {2:N0}, {3:N0}' -f $engine.Result.result.results, $engine.Result.result.agents, $cmdlets.Result.results, $cmdlets.Result.agents)
            $bySize[$s.Sp] = [pscustomobject]@{ Seconds = $cmdlets.Wall; Engine = $engineSeconds; Peak = $cmdlets.Result.peakWorkingSet }

            if ((Test-ModuleManifest -Path $ModuleManifest).ExportedCmdlets.ContainsKey('Import-ZtaiSnapshot')) {
                # The read-once idiom, when the module has it: one import, both analyses on the imported snapshot.
                $once = Invoke-Pwsh (@"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModuleManifest'
`$snapshot = Import-ZtaiSnapshot '$tenant'
`$results = (Get-ZtaiAssessment -Snapshot `$snapshot -ErrorAction SilentlyContinue | Measure-Object).Count
`$agents = (Test-ZtaiAgentPrivilege -Snapshot `$snapshot -ErrorAction SilentlyContinue | Measure-Object).Count
"@ + "`n" + $ReportSelf)
                if ($once.Result) {
                    Add-Row "$label Import-ZtaiSnapshot once, both cmdlets / parse" ('{0:N2} s / {1:N2} s, peak {2}' -f $once.Wall, $parse.Wall, (Format-MiB $once.Result.peakWorkingSet)) '<= 1.5' ($once.Wall / $parse.Wall) 1.5
                }
            }

            if ($s.Sp -ge 1000000) {
                Add-Row "$label peak working set (cmdlets)" (Format-MiB $cmdlets.Result.peakWorkingSet) '<= 2 GiB' ($cmdlets.Result.peakWorkingSet / 1GB) 2
            }
        }

        if ($bySize.ContainsKey(100000) -and $bySize.ContainsKey(1000000)) {
            $small = $bySize[100000]; $large = $bySize[1000000]
            Add-Row 'growth 100k -> 1M: time (linear = 10)' ('{0:N1} s -> {1:N1} s' -f $small.Seconds, $large.Seconds) '<= 12' ($large.Seconds / $small.Seconds) 12
            Add-Row 'growth 100k -> 1M: peak working set (linear = 10)' ('{0} -> {1}' -f (Format-MiB $small.Peak), (Format-MiB $large.Peak)) '<= 10' ($large.Peak / $small.Peak) 10
        }
    }

    # 2. PSRule-shaped input: 50,000 Get-AzResource objects; the whole process against python parsing the file.
    if ('PSRule' -notin $Skip) {
        $psrule = Join-Path $WorkRoot 'psrule'
        $file = Join-Path $psrule 'arm' 'azresources.json'
        Write-Host 'PSRule-shaped input: 50,000 Get-AzResource -ExpandProperties objects' -ForegroundColor Cyan
        if (Test-Path -LiteralPath $psrule) { Remove-Item -LiteralPath $psrule -Recurse -Force }
        $made = Invoke-Bench @('azresources', '--count', '50000', '--out', $file) -Quiet
        Write-Host ('  {0:N1} MiB' -f ($made.Result.result.bytes / 1MB))
        if ($Python) {
            $py = Invoke-Median $Repeat { Invoke-Timed -FilePath $Python -ArgumentList @('-c', "import json, resource; json.load(open(r'$file')); u = resource.getrusage(resource.RUSAGE_SELF); print('RESULT ' + json.dumps({'peakWorkingSet': u.ru_maxrss * 1024, 'cpuSeconds': u.ru_utime + u.ru_stime}))") -Quiet }
        }
        else {
            $py = $null
            Write-Host '  python3 is not on PATH: the PSRule-shaped ratio is not measured.' -ForegroundColor Yellow
        }

        $whole = Invoke-Median $Repeat {
            Invoke-Pwsh (@"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModuleManifest'
`$results = @(Get-ZtaiAssessment -Snapshot '$psrule' -ErrorAction SilentlyContinue).Count
`$agents = 0
"@ + "`n" + $ReportSelf)
        }

        if ($py -and $py.Result -and $whole.Result) {
            Add-Row 'PSRule-shaped 50k: pwsh start+import+assess / python json.load' ('{0:N2} s / {1:N2} s, {2:N0} results' -f $whole.Wall, $py.Wall, $whole.Result.results) '<= 1.5' ($whole.Wall / $py.Wall) 1.5
            Add-Row 'PSRule-shaped 50k: peak working set pwsh / python' ('{0} / {1}' -f (Format-MiB $whole.Result.peakWorkingSet), (Format-MiB $py.Result.peakWorkingSet))
        }
    }

    # 3. Collection against the emulator: the cheapest plan against object by object, the published-cost bound and the budget.
    if ('Collection' -notin $Skip) {
        $n = $CollectionServicePrincipals
        Write-Host ("Collection: {0:N0} service principals from the emulator (50 ms per request, Graph throttle 8,000 units / 10 s), cheapest plan and object by object" -f $n) -ForegroundColor Cyan
        $collect = Invoke-Bench @('collect', '--service-principals', "$n", '--resources', '1000', '--latency-ms', '50', '--throttle-budget', '8000', '--throttle-window-s', '10', '--concurrency', '16', '--out', (Join-Path $WorkRoot 'collection'))
        if ($collect.Result) {
            $c = $collect.Result.result
            $label = 'collection {0:N0}k' -f ($n / 1000)
            Add-Row "${label}: RU cheapest plan / object by object" ('{0:N0} / {1:N0} ({2:N1}x fewer)' -f $c.cheapest.resourceUnits, $c.objectByObject.resourceUnits, $c.unitsSaved) '<= 0.05' (1 / $c.unitsSaved) 0.05
            Add-Row "${label}: RU as above, without relations every plan reads per parent" ('{0:N0} / {1:N0} ({2:N1}x fewer)' -f ($c.cheapest.resourceUnits - $c.cheapest.perParentOnlyUnits), ($c.objectByObject.resourceUnits - $c.objectByObject.perParentOnlyUnits), $c.unitsSavedWherePlanned) '<= 0.05' (1 / $c.unitsSavedWherePlanned) 0.05
            Add-Row "${label}: RU cheapest plan / published-cost bound" ('{0:N0} / {1:N0}' -f $c.cheapest.resourceUnits, $c.resourceUnitBound) '<= 1.2' $c.unitsOverBound 1.2
            foreach ($run in @($c.cheapest, $c.objectByObject)) {
                Add-Row "${label} $($run.plan): wall / RU-budget time" ('{0:N1} s / {1:N1} s' -f $run.seconds, $run.budgetSeconds) '<= 1.25' $run.wallOverBudget 1.25
                Add-Row "${label} $($run.plan): wall / max(RU-budget time, longest page chain x latency)" ('{0:N1} s / {1:N1} s ({2:N0} pages)' -f $run.seconds, $run.boundSeconds, $run.longestChainPages) '<= 1.25' $run.wallOverBound 1.25
                Add-Row "${label} $($run.plan): 429s (after the first 10 s), complete, peak parallel" ('{0} ({1}), {2}, {3}' -f $run.throttled, $run.throttledAfterFirst10s, $run.complete, $run.peakConcurrency)
            }
            Add-Row "${label}: same Graph objects with both plans" "$($c.sameObjects)"
        }
        else {
            Add-Row 'collection' 'the collection failed (see above)' '<= 1.2' ([double]::PositiveInfinity) 1.2
        }
    }

    # 4. Import plus the first result against a bare pwsh start.
    if ('Startup' -notin $Skip) {
        # Measure-ImportStart.ps1 (alternating runs after a warm-up) is the measure when present; otherwise a simple one.
        $startScript = Join-Path $PSScriptRoot 'Measure-ImportStart.ps1'
        if (Test-Path -LiteralPath $startScript) {
            Write-Host 'Startup: Measure-ImportStart.ps1' -ForegroundColor Cyan
            $start = & $startScript -ModuleManifest $ModuleManifest
            $bare = $start.BareStartSeconds
            $first = $start.ImportFirstSeconds
        }
        else {
            Write-Host 'Startup: import + first result against a bare pwsh start (median of 5 each)' -ForegroundColor Cyan
            $bare = Get-Median @(1..5 | ForEach-Object { (Invoke-Timed -FilePath $PwshHost -ArgumentList ($PwshPrefix + @('-NoProfile', '-NonInteractive', '-c', 'exit')) -Quiet).Wall })
            $first = Get-Median @(1..5 | ForEach-Object { (Invoke-Timed -FilePath $PwshHost -ArgumentList ($PwshPrefix + @('-NoProfile', '-NonInteractive', '-c', "Import-Module '$ModuleManifest'; Get-ZtaiAssessment -Sample | Select-Object -First 1 | Out-Null")) -Quiet).Wall })
        }

        Add-Row 'import + first result / bare pwsh start' ('{0:N2} s / {1:N2} s' -f $first, $bare) '<= 1.5' ($first / $bare) 1.5
    }

    # 5. The HTML report of 50,000 results: its size, and the time until it is usable in headless Chromium.
    if ('Report' -notin $Skip) {
        Write-Host 'HTML report: 50,000 results (the sample''s repeated over distinct targets) in headless Chromium' -ForegroundColor Cyan
        $report = Invoke-Bench @('report', '--results', '50000', '--out', (Join-Path $WorkRoot 'report'))
        if ($report.Result) {
            $r = $report.Result.result
            Add-Row 'HTML report of 50,000 results: file size' (Format-MiB $r.bytes) '' $null $null
            Add-Row 'HTML report of 50,000 results: navigation to usable (median of 3)' ('{0:N2} s' -f ($r.readyMs / 1000)) '<= 2 s' ($r.readyMs / 1000) 2
            Add-Row 'HTML report of 50,000 results: status filter / sort over all rows' ('{0:N0} ms / {1:N0} ms' -f $r.filterMs, $r.sortMs) '' $null $null
            Add-Row 'HTML report of 50,000 results: written by the engine' ('{0:N2} s' -f $r.writeSeconds) '' $null $null
        }
    }

    # 6. Hot paths with BenchmarkDotNet (its own table is printed above the summary).
    if ('HotPaths' -notin $Skip) {
        Write-Host 'Hot paths (BenchmarkDotNet, 10,000 service principals)' -ForegroundColor Cyan
        $hot = Invoke-Bench @('hotpaths', '--artifacts', (Join-Path $WorkRoot 'BenchmarkDotNet.Artifacts'))
        if ($hot.Result) {
            $m = $hot.Result.result.seconds
            Add-Row 'hot path: JSON object streaming (Read / Utf8JsonReader parse)' ('{0:N3} s / {1:N3} s' -f $m.Read, $m.Parse) '<= 1.5' ($m.Read / $m.Parse) 1.5
            Add-Row 'hot path: privilege index building ((Read+AnalyzeAll - Read) / parse)' ('{0:N3} s' -f ($m.ReadAndIndex - $m.Read)) '' (($m.ReadAndIndex - $m.Read) / $m.Parse)
        }
    }
}
finally {
    $env:DOTNET_GCHeapHardLimit = $previousCap
}

$commit = (& git -C $RepoRoot rev-parse --short HEAD 2>$null)
Write-Host ''
Write-Host ("Summary ({0:yyyy-MM-dd HH:mm} UTC, commit {1}, {2} cores, {3:N1} min)" -f $started.ToUniversalTime(), $commit, [Environment]::ProcessorCount, ((Get-Date) - $started).TotalMinutes) -ForegroundColor Cyan
$Rows | Format-Table -AutoSize -Wrap | Out-String -Width 220 | Write-Host
$markdown = @('| measure | value | target | ratio | result |', '| --- | --- | --- | --- | --- |') + @($Rows | ForEach-Object { "| $($_.Measure) | $($_.Value) | $($_.Target) | $($_.Ratio) | $($_.Result) |" })
$markdown | Set-Content -LiteralPath (Join-Path $WorkRoot 'summary.md') -Encoding utf8NoBOM
Write-Host "Markdown table: $(Join-Path $WorkRoot 'summary.md')"
$failed = @($Rows | Where-Object Result -eq 'FAIL').Count
Write-Host "$($Rows.Count - $failed) measures within target or informational, $failed over target"
