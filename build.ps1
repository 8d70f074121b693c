<#
.SYNOPSIS
Builds, tests and demonstrates the ZeroTrustAI module.

.DESCRIPTION
Tasks:
  Build  compile the cmdlets, stage the module into out/ZeroTrustAI from an explicit file list, stamp its version
         from Directory.Build.props and compile docs/cmdlets/*.md into its MAML help.
  Package  Build, then write the staged module as out/package/ZeroTrustAI.<version>.nupkg (Compress-PSResource,
         from PSResourceGet, which ships with PowerShell 7.4+), installable with Install-PSResource from any
         repository it is published to.
  Test   Package, then the xunit tests and the Pester tests (in a child pwsh, against the staged module); ends with
         one line "N passed, N failed" and a non-zero exit code on any failure or when no test ran.
  Demo   Build, then assess the bundled Contoso sample tenant, print a per-pillar summary and write a JSON and an
         HTML report under out/demo, with a screenshot of the HTML report (report.png, headless Chromium).
  Bench  Build, then measure speed and memory against baselines measured in the same run and print each ratio beside
         its target (docs/performance.md): assessment plus privilege analysis of 10k and 100k service principals
         (-Size Large adds 1M) against System.Text.Json parsing the same files, a PSRule-shaped input against python,
         collection from the emulator against its lower bounds, import plus first result against a bare pwsh start,
         an HTML report of 50,000 results in headless Chromium, and BenchmarkDotNet hot paths. Never part of Test.
  Docs   regenerate docs/controls/ (one page per control and the index) from the controls' definitions.
  Clean  remove out/ and the build outputs.

.EXAMPLE
dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Package', 'Test', 'Demo', 'Bench', 'Docs', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release',

    # Bench only: Large adds the 1,000,000 service principal tenant (tens of minutes).
    [ValidateSet('Default', 'Large')]
    [string] $Size = 'Default'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$RepoRoot = $PSScriptRoot
$OutRoot = Join-Path $RepoRoot 'out'
$StagingRoot = Join-Path $OutRoot 'ZeroTrustAI'
$PublishRoot = Join-Path $OutRoot 'publish'
$PackageRoot = Join-Path $OutRoot 'package'
$TestResultsRoot = Join-Path $OutRoot 'test-results'
$PowerShellProject = Join-Path $RepoRoot 'src' 'ZeroTrustAI.PowerShell' 'ZeroTrustAI.PowerShell.csproj'
$LoaderProject = Join-Path $RepoRoot 'src' 'ZeroTrustAI.Loader' 'ZeroTrustAI.Loader.csproj'
$ReadyToRunProject = Join-Path $RepoRoot 'src' 'ZeroTrustAI.ReadyToRun' 'ZeroTrustAI.ReadyToRun.csproj'
$TestToolsProject = Join-Path $RepoRoot 'tests' 'tools' 'ZeroTrustAI.TestTools.csproj'
$PesterVersion = '5.7.1'
# The official SARIF validator (Microsoft's SARIF Multitool), from npm; the Pester tests validate SARIF reports with it.
$SarifMultitoolVersion = '5.7.0'

# What goes into bin/: the cmdlets, the engine and the engine's runtime dependencies, which Windows PowerShell
# (.NET Framework) does not have; PowerShell 7 uses its own copies. System.Management.Automation is the host's
# and must never ship. A new dependency fails the build until it is listed here on purpose.
$BinFiles = @(
    'ZeroTrustAI.Bootstrap.dll'
    'ZeroTrustAI.PowerShell.dll'
    'ZeroTrustAI.Engine.dll'
    'System.Text.Json.dll'
    'System.Text.Encodings.Web.dll'
    'System.IO.Pipelines.dll'
    'System.Memory.dll'
    'System.Buffers.dll'
    'System.Numerics.Vectors.dll'
    'System.Runtime.CompilerServices.Unsafe.dll'
    'System.Threading.Tasks.Extensions.dll'
    'Microsoft.Bcl.AsyncInterfaces.dll'
)
# The PowerShell 7 loader (net8.0, built on its own): puts bin/deps into the module's own AssemblyLoadContext.
$LoaderFile = 'ZeroTrustAI.Loader.dll'
# What goes into bin/deps: the collector and everything it needs (Azure.Identity, Azure.ResourceManager,
# Microsoft.Graph, Kiota, MSAL and their netstandard2.0 dependencies). On PowerShell 7 they load in the module's
# own AssemblyLoadContext (the runtime's own System.* assemblies win where they are as new); on Windows PowerShell
# the AppDomain resolves them from there. The engine's dependencies are listed again because the collector needs
# them as well and must find them in its own folder.
$DependencyFiles = @(
    'ZeroTrustAI.Collector.dll'
    'Azure.Core.dll'
    'Azure.Identity.dll'
    'Azure.ResourceManager.dll'
    'Microsoft.Graph.dll'
    'Microsoft.Graph.Core.dll'
    'Microsoft.Kiota.Abstractions.dll'
    'Microsoft.Kiota.Authentication.Azure.dll'
    'Microsoft.Kiota.Http.HttpClientLibrary.dll'
    'Microsoft.Kiota.Serialization.Form.dll'
    'Microsoft.Kiota.Serialization.Json.dll'
    'Microsoft.Kiota.Serialization.Multipart.dll'
    'Microsoft.Kiota.Serialization.Text.dll'
    'Std.UriTemplate.dll'
    'Microsoft.Identity.Client.dll'
    'Microsoft.Identity.Client.Extensions.Msal.dll'
    'Microsoft.IdentityModel.Abstractions.dll'
    'Microsoft.IdentityModel.JsonWebTokens.dll'
    'Microsoft.IdentityModel.Logging.dll'
    'Microsoft.IdentityModel.Protocols.dll'
    'Microsoft.IdentityModel.Protocols.OpenIdConnect.dll'
    'Microsoft.IdentityModel.Tokens.dll'
    'Microsoft.IdentityModel.Validators.dll'
    'System.IdentityModel.Tokens.Jwt.dll'
    'System.ClientModel.dll'
    'System.Memory.Data.dll'
    'Microsoft.IO.RecyclableMemoryStream.dll'
    'Microsoft.Bcl.Cryptography.dll'
    'Microsoft.Bcl.TimeProvider.dll'
    'Microsoft.CSharp.dll'
    'Microsoft.Extensions.Configuration.Abstractions.dll'
    'Microsoft.Extensions.DependencyInjection.Abstractions.dll'
    'Microsoft.Extensions.Diagnostics.Abstractions.dll'
    'Microsoft.Extensions.FileProviders.Abstractions.dll'
    'Microsoft.Extensions.Hosting.Abstractions.dll'
    'Microsoft.Extensions.Logging.Abstractions.dll'
    'Microsoft.Extensions.Options.dll'
    'Microsoft.Extensions.Primitives.dll'
    'System.ComponentModel.Annotations.dll'
    'System.Diagnostics.DiagnosticSource.dll'
    'System.Formats.Asn1.dll'
    'System.IO.FileSystem.AccessControl.dll'
    'System.Security.AccessControl.dll'
    'System.Security.Cryptography.Cng.dll'
    'System.Security.Cryptography.ProtectedData.dll'
    'System.Security.Principal.Windows.dll'
    'System.Text.Json.dll'
    'System.Text.Encodings.Web.dll'
    'System.IO.Pipelines.dll'
    'System.Memory.dll'
    'System.Buffers.dll'
    'System.Numerics.Vectors.dll'
    'System.Runtime.CompilerServices.Unsafe.dll'
    'System.Threading.Tasks.Extensions.dll'
    'Microsoft.Bcl.AsyncInterfaces.dll'
)
$HostAssemblies = @('System.Management.Automation.dll')

# Runs a native command and stops the build when it fails.
function Invoke-Native {
    param([Parameter(Mandatory)][string] $FilePath, [string[]] $ArgumentList = @())
    Write-Host "> $FilePath $($ArgumentList -join ' ')" -ForegroundColor DarkGray
    # To the host, not the pipeline: callers' return values must not pick up the tool's output.
    & $FilePath @ArgumentList | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE." }
}

# Runs a script block in a new pwsh (the repository's dotnet tool), so the module is loaded fresh and the build
# process never holds its files. Arguments are passed as named string parameters; returns the exit code.
function Invoke-ChildPwsh {
    param([Parameter(Mandatory)][scriptblock] $Script, [hashtable] $Arguments = @{})
    $quoted = foreach ($entry in $Arguments.GetEnumerator()) { "-$($entry.Key) '$($entry.Value -replace "'", "''")'" }
    $text = "`$ErrorActionPreference = 'Stop'; & { $Script } $($quoted -join ' '); exit `$LASTEXITCODE"
    $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($text))
    Push-Location $RepoRoot
    try {
        & dotnet pwsh -NoProfile -NonInteractive -OutputFormat Text -EncodedCommand $encoded | Out-Host
        $LASTEXITCODE
    }
    finally {
        Pop-Location
    }
}

function Get-ModuleVersion {
    $props = [xml](Get-Content -LiteralPath (Join-Path $RepoRoot 'Directory.Build.props') -Raw)
    $prefix = @($props.Project.PropertyGroup | ForEach-Object { $_.SelectSingleNode('VersionPrefix') } | Where-Object { $_ })
    if ($prefix.Count -ne 1) { throw 'Directory.Build.props must set VersionPrefix exactly once.' }
    [version] $prefix[0].InnerText
}

# The engine compiled ahead of time, one image per runtime identifier that src/ZeroTrustAI.ReadyToRun names, into
# bin/ready-to-run/<rid>/. The first nested module (ZeroTrustAI.Bootstrap) loads the image of the platform it runs on,
# else bin/'s IL engine.
function Add-ReadyToRunEngine {
    param([Parameter(Mandatory)][string] $Bin)
    $project = [xml](Get-Content -LiteralPath $ReadyToRunProject -Raw)
    $identifiers = @($project.Project.PropertyGroup | ForEach-Object { $_.SelectSingleNode('RuntimeIdentifiers') } | Where-Object { $_ } |
        ForEach-Object { $_.InnerText -split ';' } | Where-Object { $_ })
    if (-not $identifiers) { throw "$ReadyToRunProject names no RuntimeIdentifiers." }
    # Restored once without a runtime identifier: a restore with one would write it into the engine's lock file too.
    Invoke-Native dotnet @('restore', $ReadyToRunProject, '--nologo')
    foreach ($identifier in $identifiers) {
        $output = Join-Path $PublishRoot 'ready-to-run' $identifier
        if (Test-Path -LiteralPath $output) { Remove-Item -LiteralPath $output -Recurse -Force }
        Invoke-Native dotnet @('publish', $ReadyToRunProject, '--no-restore', '--configuration', $Configuration, '--runtime', $identifier, '--output', $output, '--nologo')
        $target = New-Item -ItemType Directory -Force -Path (Join-Path $Bin 'ready-to-run' $identifier)
        Copy-Item -LiteralPath (Join-Path $output 'ZeroTrustAI.Engine.dll') -Destination $target
    }
}

function Invoke-Build {
    $version = Get-ModuleVersion
    Write-Host "Building ZeroTrustAI $version ($Configuration)" -ForegroundColor Cyan

    $publish = Join-Path $PublishRoot 'ZeroTrustAI.PowerShell'
    if (Test-Path -LiteralPath $publish) { Remove-Item -LiteralPath $publish -Recurse -Force }
    Invoke-Native dotnet @('publish', $PowerShellProject, '--configuration', $Configuration, '--output', $publish, '--nologo')

    $loaderPublish = Join-Path $PublishRoot 'ZeroTrustAI.Loader'
    if (Test-Path -LiteralPath $loaderPublish) { Remove-Item -LiteralPath $loaderPublish -Recurse -Force }
    Invoke-Native dotnet @('publish', $LoaderProject, '--configuration', $Configuration, '--output', $loaderPublish, '--nologo')
    $loaderPublished = @(Get-ChildItem -LiteralPath $loaderPublish -Filter '*.dll' | ForEach-Object Name)
    if (($loaderPublished -join ',') -ne $LoaderFile) { throw "The loader must publish exactly $LoaderFile, it published: $($loaderPublished -join ', ')." }

    $published = @(Get-ChildItem -LiteralPath $publish -Filter '*.dll' | ForEach-Object Name)
    $unexpected = @($published | Where-Object { $_ -notin $BinFiles -and $_ -notin $DependencyFiles -and $_ -notin $HostAssemblies })
    $missing = @(@($BinFiles) + @($DependencyFiles) | Where-Object { $_ -notin $published } | Sort-Object -Unique)
    if ($unexpected) { throw "The publish output has assemblies the staging list does not know: $($unexpected -join ', '). Add them to `$BinFiles in build.ps1 if the module needs them." }
    if ($missing) { throw "The publish output lacks $($missing -join ', ')." }

    if (Test-Path -LiteralPath $StagingRoot) { Remove-Item -LiteralPath $StagingRoot -Recurse -Force }
    $bin = New-Item -ItemType Directory -Force -Path (Join-Path $StagingRoot 'bin')
    $help = New-Item -ItemType Directory -Force -Path (Join-Path $StagingRoot 'en-US')
    foreach ($file in $BinFiles) { Copy-Item -LiteralPath (Join-Path $publish $file) -Destination $bin }
    Copy-Item -LiteralPath (Join-Path $loaderPublish $LoaderFile) -Destination $bin
    $deps = New-Item -ItemType Directory -Force -Path (Join-Path $bin 'deps')
    foreach ($file in $DependencyFiles) { Copy-Item -LiteralPath (Join-Path $publish $file) -Destination $deps }
    Add-ReadyToRunEngine -Bin $bin

    $moduleSource = Join-Path $RepoRoot 'module'
    Copy-Item -LiteralPath (Join-Path $moduleSource 'ZeroTrustAI.Format.ps1xml') -Destination $StagingRoot
    Copy-Item -LiteralPath (Join-Path $moduleSource 'en-US' 'about_ZeroTrustAI.help.txt') -Destination $help
    $sample = Join-Path $moduleSource 'SampleTenant'
    if (-not (Test-Path -LiteralPath $sample -PathType Container)) { throw "The sample tenant is missing at '$sample'." }
    Copy-Item -LiteralPath $sample -Destination $StagingRoot -Recurse

    # The manifest is the one staged file that changes: its version comes from Directory.Build.props.
    $manifestText = Get-Content -LiteralPath (Join-Path $moduleSource 'ZeroTrustAI.psd1') -Raw
    $versionLine = "(?m)^(\s*ModuleVersion\s*=\s*)'[^']*'"
    if ($manifestText -notmatch $versionLine) { throw "module/ZeroTrustAI.psd1 has no ModuleVersion = '...' line to stamp." }
    $stamped = [regex]::Replace($manifestText, $versionLine, "`${1}'$version'")
    $manifest = Join-Path $StagingRoot 'ZeroTrustAI.psd1'
    Set-Content -LiteralPath $manifest -Value $stamped -Encoding utf8NoBOM -NoNewline
    $checked = Test-ModuleManifest -Path $manifest
    if ($checked.Version -ne $version) { throw "The staged manifest has version $($checked.Version), expected $version." }

    $converter = Join-Path $RepoRoot 'src' 'ZeroTrustAI.PowerShell' 'Help' 'ConvertTo-MamlHelp.ps1'
    $exit = Invoke-ChildPwsh -Script { param($Converter, $Docs, $Manifest, $Output) & $Converter -DocsPath $Docs -ModuleManifest $Manifest -OutputPath $Output } -Arguments @{
        Converter = $converter
        Docs      = Join-Path $RepoRoot 'docs' 'cmdlets'
        Manifest  = $manifest
        Output    = Join-Path $help 'ZeroTrustAI.PowerShell.dll-Help.xml'
    }
    if ($exit -ne 0) { throw "Compiling the cmdlet help failed (exit code $exit)." }

    Write-Host "Staged the module at $StagingRoot" -ForegroundColor Green
}

# The nuspec (id, version, description, tags, ...) comes from the staged manifest, so the version is the one stamped
# from Directory.Build.props. Returns the package's path.
function Invoke-Package {
    Invoke-Build | Out-Host
    if (Test-Path -LiteralPath $PackageRoot) { Remove-Item -LiteralPath $PackageRoot -Recurse -Force }
    New-Item -ItemType Directory -Force -Path $PackageRoot | Out-Null
    if (-not (Get-Module -ListAvailable Microsoft.PowerShell.PSResourceGet)) { throw 'Packaging needs Microsoft.PowerShell.PSResourceGet, which ships with PowerShell 7.4 and later (run build.ps1 with dotnet pwsh).' }
    Import-Module Microsoft.PowerShell.PSResourceGet -ErrorAction Stop
    Compress-PSResource -Path $StagingRoot -DestinationPath $PackageRoot | Out-Host
    $package = @(Get-ChildItem -LiteralPath $PackageRoot -Filter 'ZeroTrustAI.*.nupkg')
    if ($package.Count -ne 1) { throw "Compress-PSResource wrote $($package.Count) packages into $PackageRoot, expected one." }
    Write-Host "Packaged the module as $($package[0].FullName)" -ForegroundColor Green
    $package[0].FullName
}

# Counts from a VSTest .trx file: errors, time-outs and aborts count as failures.
function Read-TrxCounts {
    param([string] $Path)
    if (-not (Test-Path -LiteralPath $Path)) { return $null }
    $run = ([xml](Get-Content -LiteralPath $Path -Raw)).TestRun
    $counters = $run.ResultSummary.Counters
    $failed = 0
    foreach ($name in 'failed', 'error', 'timeout', 'aborted') {
        if ($counters.HasAttribute($name)) { $failed += [int] $counters.GetAttribute($name) }
    }
    # The names of failed tests, so that the summary at the very end of a long log says which ones failed.
    $failedNames = @($run.Results.UnitTestResult | Where-Object { $_ -and $_.outcome -notin 'Passed', 'NotExecuted' } | ForEach-Object testName)
    [pscustomobject]@{ Passed = [int] $counters.passed; Failed = $failed; Skipped = [int] $counters.notExecuted; FailedNames = $failedNames }
}

function Get-PesterManifest {
    Invoke-Native dotnet @('restore', $TestToolsProject, '--nologo')
    $listing = & dotnet nuget locals global-packages --list
    if ($LASTEXITCODE -ne 0 -or "$listing" -notmatch 'global-packages:\s*(.+)$') { throw "Cannot find the NuGet global packages folder: $listing" }
    $path = Join-Path $Matches[1].Trim() 'pester' $PesterVersion 'tools' 'Pester.psd1'
    if (-not (Test-Path -LiteralPath $path)) { throw "Pester $PesterVersion is not at '$path' after restoring $TestToolsProject." }
    $path
}

# Installs the SARIF Multitool for this platform into out/tools (once) and returns the path of its executable.
function Install-SarifMultitool {
    $platform = if ($IsWindows) { 'win32' } elseif ($IsMacOS) { 'darwin' } else { 'linux' }
    $prefix = Join-Path $OutRoot 'tools' "sarif-multitool-$SarifMultitoolVersion"
    $package = Join-Path $prefix 'node_modules' '@microsoft' "sarif-multitool-$platform"
    $executable = Join-Path $package $(if ($IsWindows) { 'Sarif.Multitool.exe' } else { 'Sarif.Multitool' })
    if (-not (Test-Path -LiteralPath $executable)) {
        if (-not (Get-Command npm -ErrorAction Ignore)) { throw 'npm is needed to install the SARIF Multitool that the tests validate SARIF with; install Node.js.' }
        Invoke-Native npm @('install', '--prefix', $prefix, '--no-audit', '--no-fund', '--loglevel', 'error', "@microsoft/sarif-multitool-$platform@$SarifMultitoolVersion")
    }
    # The package marks its binary executable in a postinstall script, which npm may not run.
    if (-not $IsWindows) { Invoke-Native chmod @('u+x', $executable) }
    $executable
}

# Debian's Chromium for the browser tests (HTML report, merged ZTA report) and the demo's screenshot; installed where
# the task can (root with apt), never downloaded from anywhere else.
function Install-Chromium {
    if (Get-Command chromium, chromium-browser -CommandType Application -ErrorAction Ignore) { return }
    $canInstall = $IsLinux -and (Get-Command apt-get -ErrorAction Ignore) -and ((& id -u) -eq '0')
    if (-not $canInstall) { Write-Warning 'Chromium is not installed: the browser tests need it (Debian: apt-get install chromium).'; return }
    Invoke-Native apt-get @('update', '-qq')
    $env:DEBIAN_FRONTEND = 'noninteractive'
    Invoke-Native apt-get @('install', '-y', '-qq', '--no-install-recommends', 'chromium')
}

function Invoke-Test {
    # The package is built here so that the Pester install test installs what -Task Package writes.
    $package = Invoke-Package
    $env:ZTAI_SARIF_MULTITOOL = Install-SarifMultitool
    Install-Chromium
    if (Test-Path -LiteralPath $TestResultsRoot) { Remove-Item -LiteralPath $TestResultsRoot -Recurse -Force }
    New-Item -ItemType Directory -Force -Path $TestResultsRoot | Out-Null

    # Every xunit project under tests/*.Tests/ runs, so a new test project is counted without editing this script.
    $testProjects = @(Get-ChildItem -Path (Join-Path $RepoRoot 'tests' '*.Tests' '*.csproj') | Sort-Object Name)
    if ($testProjects.Count -eq 0) { throw 'No xunit test project was found under tests/*.Tests/.' }
    $xunit = [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0 }
    $failedTests = [System.Collections.Generic.List[string]]::new()
    foreach ($project in $testProjects) {
        Write-Host "xunit: $($project.BaseName)" -ForegroundColor Cyan
        $trxName = "$($project.BaseName).trx"
        & dotnet test $project.FullName --configuration $Configuration --nologo --logger "trx;LogFileName=$trxName" --results-directory $TestResultsRoot
        $projectExit = $LASTEXITCODE
        $counts = Read-TrxCounts (Join-Path $TestResultsRoot $trxName)
        if (-not $counts) { $counts = [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 }; Write-Host "dotnet test wrote no results for $($project.Name) (exit code $projectExit)." -ForegroundColor Red }
        elseif ($projectExit -ne 0 -and $counts.Failed -eq 0) { $counts.Failed = 1; Write-Host "dotnet test failed for $($project.Name) (exit code $projectExit) without a failed test." -ForegroundColor Red }
        $xunit.Passed += $counts.Passed
        $xunit.Failed += $counts.Failed
        $xunit.Skipped += $counts.Skipped
        foreach ($name in $counts.FailedNames) { $failedTests.Add("xunit $($project.BaseName): $name") }
    }

    Write-Host 'Pester: module tests against the staged module' -ForegroundColor Cyan
    $summaryPath = Join-Path $TestResultsRoot 'pester-summary.json'
    $pesterExit = Invoke-ChildPwsh -Arguments @{
        PesterManifest = Get-PesterManifest
        TestPath       = Join-Path $RepoRoot 'tests' 'pester'
        ResultPath     = Join-Path $TestResultsRoot 'pester.xml'
        SummaryPath    = $summaryPath
        ModuleManifest = Join-Path $StagingRoot 'ZeroTrustAI.psd1'
        PackagePath    = $package
    } -Script {
        param($PesterManifest, $TestPath, $ResultPath, $SummaryPath, $ModuleManifest, $PackagePath)
        $env:ZTAI_MODULE_PATH = $ModuleManifest
        $env:ZTAI_PACKAGE_PATH = $PackagePath
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
            Passed      = $run.PassedCount
            Failed      = $run.FailedCount + $run.FailedBlocksCount + $run.FailedContainersCount
            Skipped     = $run.SkippedCount + $run.NotRunCount
            FailedNames = @(@($run.Failed | ForEach-Object ExpandedPath) + @($run.FailedBlocks | ForEach-Object ExpandedPath) +
                @($run.FailedContainers | ForEach-Object { "$($_.Item)" }))
        } | ConvertTo-Json | Set-Content -LiteralPath $SummaryPath -Encoding utf8NoBOM
        exit 0
    }
    $pester = if (Test-Path -LiteralPath $summaryPath) { Get-Content -LiteralPath $summaryPath -Raw | ConvertFrom-Json } else { $null }
    if (-not $pester) { $pester = [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 }; Write-Host "Pester wrote no summary (exit code $pesterExit)." -ForegroundColor Red }

    $passed = $xunit.Passed + $pester.Passed
    $failed = $xunit.Failed + $pester.Failed
    $skipped = $xunit.Skipped + $pester.Skipped
    foreach ($name in $pester.FailedNames) { $failedTests.Add("Pester: $name") }
    foreach ($name in $failedTests) { Write-Host "failed: $name" -ForegroundColor Red }
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
        $snapshot = Import-ZtaiSnapshot -Sample
        $results = @(Get-ZtaiAssessment -Snapshot $snapshot)
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
        $results | Export-ZtaiReport -Format Html -Path $html -Force -Snapshot $snapshot
        "JSON results: $json"
        "HTML report:  $html"
    }
    if ($exit -ne 0) { throw "The demo failed (exit code $exit)." }

    # A picture of the report's summary and estate view, taken by Debian's headless Chromium.
    Install-Chromium
    $chromium = Get-Command chromium, chromium-browser -CommandType Application -ErrorAction Ignore | Select-Object -First 1
    if (-not $chromium) { Write-Warning 'Chromium is not installed: out/demo/report.png is not taken.'; return }
    $png = Join-Path $demo.FullName 'report.png'
    $url = [Uri]::new((Join-Path $demo.FullName 'report.html')).AbsoluteUri
    & $chromium.Source --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars --window-size=1400,2200 "--screenshot=$png" $url 2>&1 | Select-Object -Last 1 | Write-Verbose
    if (-not (Test-Path -LiteralPath $png)) { throw "Chromium did not write '$png'." }
    "Screenshot:   $png"
}

function Invoke-Bench {
    # Timings belong here, never in the test suite: a benchmark measures, a test asserts behaviour.
    Invoke-Build
    & (Join-Path $RepoRoot 'tests' 'ZeroTrustAI.Benchmarks' 'Invoke-Benchmarks.ps1') -Size $Size -ModuleManifest (Join-Path $StagingRoot 'ZeroTrustAI.psd1')
}

function Invoke-Docs {
    # The control pages are the printed form of the controls' definitions: regenerate them all, delete orphans.
    Invoke-Build
    $folder = Join-Path $RepoRoot 'docs' 'controls'
    $exit = Invoke-ChildPwsh -Arguments @{ ModuleManifest = Join-Path $StagingRoot 'ZeroTrustAI.psd1'; Folder = $folder } -Script {
        param($ModuleManifest, $Folder)
        Import-Module $ModuleManifest -Force
        $changed = [ZeroTrustAI.Engine.Controls.ControlDocumentation]::WriteCatalog($Folder)
        "Control pages in $Folder`: $($changed.Count) file(s) written or removed$(if ($changed.Count) { ': ' + ($changed -join ', ') })"
    }
    if ($exit -ne 0) { throw "Writing the control pages failed (exit code $exit)." }
}

function Invoke-Clean {
    if (Test-Path -LiteralPath $OutRoot) { Remove-Item -LiteralPath $OutRoot -Recurse -Force }
    Invoke-Native dotnet @('clean', (Join-Path $RepoRoot 'ZeroTrustAI.sln'), '--configuration', $Configuration, '--nologo', '--verbosity', 'quiet')
    Write-Host 'Cleaned.' -ForegroundColor Green
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Package' { $null = Invoke-Package }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Bench' { Invoke-Bench }
    'Docs' { Invoke-Docs }
    'Clean' { Invoke-Clean }
}
