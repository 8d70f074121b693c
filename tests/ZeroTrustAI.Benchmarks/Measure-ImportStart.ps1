<#
.SYNOPSIS
Measures "import plus first result" against a bare pwsh start, as whole processes (target: ratio <= 1.5).

.DESCRIPTION
Starts pwsh -NoProfile -NonInteractive -Command exit, and pwsh running
Import-Module <manifest>; Get-ZtaiAssessment -Sample | Select-Object -First 1, alternately, $Runs times each after
one warm-up of each (so both find the files in the OS cache), and reports the medians of the wall times and their
ratio. Both run the same pwsh as the caller (under the dotnet tool, dotnet pwsh.dll). Output is read and dropped, so
console speed does not count. For build.ps1 -Task Bench; tests never time anything.

.EXAMPLE
./tests/ZeroTrustAI.Benchmarks/Measure-ImportStart.ps1 -ModuleManifest out/ZeroTrustAI/ZeroTrustAI.psd1 -Runs 9
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string] $ModuleManifest,
    [ValidateRange(1, 100)][int] $Runs = 7
)

$ErrorActionPreference = 'Stop'
$manifest = (Resolve-Path -LiteralPath $ModuleManifest).Path
$process = [Environment]::ProcessPath
$prefix = @(if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })

function Measure-Process([string] $Command) {
    $info = [System.Diagnostics.ProcessStartInfo]::new($process)
    foreach ($argument in @($prefix) + @('-NoProfile', '-NonInteractive', '-Command', $Command)) { $info.ArgumentList.Add($argument) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $child = [System.Diagnostics.Process]::Start($info)
    $errors = $child.StandardError.ReadToEndAsync()
    $null = $child.StandardOutput.ReadToEnd()
    $child.WaitForExit()
    $watch.Stop()
    if ($child.ExitCode -ne 0) { throw "'$Command' exited with $($child.ExitCode): $($errors.Result)" }
    $child.Dispose()
    $watch.Elapsed.TotalSeconds
}

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $middle = [int][Math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$middle] } else { ($sorted[$middle - 1] + $sorted[$middle]) / 2 }
}

$bare = 'exit'
$import = "Import-Module '$($manifest -replace "'", "''")'; Get-ZtaiAssessment -Sample | Select-Object -First 1"
$null = Measure-Process $bare
$null = Measure-Process $import
$bareTimes = [System.Collections.Generic.List[double]]::new()
$importTimes = [System.Collections.Generic.List[double]]::new()
for ($run = 0; $run -lt $Runs; $run++) {
    $bareTimes.Add((Measure-Process $bare))
    $importTimes.Add((Measure-Process $import))
}

$bareMedian = Get-Median $bareTimes.ToArray()
$importMedian = Get-Median $importTimes.ToArray()
[pscustomobject]@{
    Name                = 'Import plus first result / bare pwsh start'
    Runs                = $Runs
    BareStartSeconds    = [Math]::Round($bareMedian, 3)
    ImportFirstSeconds  = [Math]::Round($importMedian, 3)
    Ratio               = [Math]::Round($importMedian / $bareMedian, 2)
    Target              = 1.5
}
