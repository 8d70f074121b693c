# Shared set-up for every Pester file: dot-source it in BeforeAll.
# Imports the staged module (build.ps1 -Task Build puts it at out/ZeroTrustAI) unless ZTAI_MODULE_PATH names another
# manifest, so the tests run against exactly what users install.
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '..' '..')).Path
$script:ModuleManifest = if ($env:ZTAI_MODULE_PATH) { $env:ZTAI_MODULE_PATH } else { Join-Path $script:RepoRoot 'out' 'ZeroTrustAI' 'ZeroTrustAI.psd1' }
if (-not (Test-Path -LiteralPath $script:ModuleManifest)) {
    throw "The staged module is missing at '$script:ModuleManifest': run ./build.ps1 -Task Build first."
}
Import-Module $script:ModuleManifest -Force -ErrorAction Stop
$script:SamplePath = Join-Path (Split-Path $script:ModuleManifest -Parent) 'SampleTenant'
$script:FixtureRoot = Join-Path $PSScriptRoot 'fixtures'

# Writes a small snapshot into a new temp folder and returns its path. $Files maps relative paths to JSON text.
function New-TestSnapshot {
    param([Parameter(Mandatory)][hashtable] $Files)
    $root = Join-Path ([System.IO.Path]::GetTempPath()) ("ztai-pester-" + [guid]::NewGuid().ToString('N'))
    foreach ($entry in $Files.GetEnumerator()) {
        $full = Join-Path $root $entry.Key
        New-Item -ItemType Directory -Force -Path (Split-Path $full -Parent) | Out-Null
        Set-Content -LiteralPath $full -Value $entry.Value -Encoding utf8NoBOM
    }
    $root
}

$script:ModuleRoot = Split-Path $script:ModuleManifest -Parent
$script:DocsRoot = Join-Path $script:RepoRoot 'docs'
$script:MiniSnapshot = Join-Path $script:FixtureRoot 'contoso-mini'

# The FullyQualifiedErrorId a cmdlet of this module gives an error id, e.g. 'ControlNotFound' from Get-ZtaiControl.
function Get-ZtaiErrorId {
    param([Parameter(Mandatory)][string] $ErrorId, [Parameter(Mandatory)][string] $CommandName)
    $type = (Get-Command $CommandName -ErrorAction Stop).ImplementingType
    "$ErrorId,$($type.FullName)"
}

# Runs a script in a fresh runspace with the module imported, so a test can read the progress stream or stop the
# pipeline as Ctrl+C would. Returns the PowerShell object (disposing it is the caller's job).
function New-ZtaiRunspacePipeline {
    param([Parameter(Mandatory)][string] $Script, [hashtable] $Parameters = @{})
    $shell = [powershell]::Create()
    # The import runs first, on its own: a one-statement invocation (not a batch) is what a test stops, and a stopped
    # batch goes on writing to streams that Dispose has closed, which ends the whole test process.
    $null = $shell.AddScript("Import-Module '$($script:ModuleManifest -replace "'", "''")' -Force").Invoke()
    $shell.Commands.Clear()
    $null = $shell.AddScript($Script)
    foreach ($entry in $Parameters.GetEnumerator()) { $null = $shell.AddParameter($entry.Key, $entry.Value) }
    $shell
}

# Why a cmdlet's help falls short of the bar (synopsis, description, two or more examples with code and remarks, a
# description of every parameter but the common ones), as a list of lines; empty when it meets it. Self-contained,
# so a test can run it in a child process against a module with other help.
function Get-HelpGap {
    param([Parameter(Mandatory)][string] $Name)
    $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
    $gaps = [System.Collections.Generic.List[string]]::new()
    $help = Get-Help $Name -Full
    $synopsis = "$($help.Synopsis)".Trim()
    # Without a help file, Get-Help makes the synopsis from the syntax, which starts with the name.
    if (-not $synopsis -or $synopsis -match "^$([regex]::Escape($Name))(\s|$)") { $gaps.Add('no synopsis') }
    if (-not ($help.description | Out-String).Trim()) { $gaps.Add('no description') }
    $examples = @($help.examples.example | Where-Object { $_ })
    if ($examples.Count -lt 2) { $gaps.Add("$($examples.Count) example(s), at least 2 needed") }
    foreach ($example in $examples) {
        if (-not "$($example.code)".Trim()) { $gaps.Add("example '$($example.title)' has no code") }
        if (-not ($example.remarks | Out-String).Trim()) { $gaps.Add("example '$($example.title)' has no remarks") }
    }
    foreach ($parameter in (Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin $common }) {
        $documented = $help.parameters.parameter | Where-Object name -EQ $parameter
        if (-not ($documented.description | Out-String).Trim()) { $gaps.Add("parameter -$parameter has no description") }
    }
    , $gaps.ToArray()
}

# Runs a script in a new pwsh process (the one running the tests) and returns its output lines.
function Invoke-ChildPwsh {
    param([Parameter(Mandatory)][string] $Script)
    $process = [Environment]::ProcessPath
    # Under the dotnet tool, the process is dotnet running pwsh.dll.
    $prefix = @(if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Script))
    & $process @prefix -NoProfile -NonInteractive -OutputFormat Text -EncodedCommand $encoded
}

# A made-up, unsigned JWT with the given claims (exp defaults to an hour from now), as a SecureString unless -AsText.
# The module reads token claims without validating them, so these stand in for real tokens without any network.
function New-TestJwt {
    param([hashtable] $Claims = @{}, [switch] $AsText)
    $all = @{ tid = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b'; exp = [DateTimeOffset]::UtcNow.AddHours(1).ToUnixTimeSeconds() }
    foreach ($entry in $Claims.GetEnumerator()) { $all[$entry.Key] = $entry.Value }
    $encode = { param($value) [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes(($value | ConvertTo-Json -Compress))).TrimEnd('=').Replace('+', '-').Replace('/', '_') }
    $token = "$(& $encode @{ alg = 'none'; typ = 'JWT' }).$(& $encode $all).c2lnbmF0dXJl"
    if ($AsText) { $token } else { ConvertTo-SecureString $token -AsPlainText -Force }
}

# The Graph/ARM emulator (tests/ZeroTrustAI.Emulator.Host) as its own process over a copy of the sample tenant plus
# an empty PIM eligibility list, which the sample lacks and the emulator would otherwise answer 404. Returns the
# folder it can serve; the host is built once per test process, into out/emulator-host.
function New-EmulatorSnapshot {
    param([Parameter(Mandatory)][string] $Path)
    Copy-Item -LiteralPath $script:SamplePath -Destination $Path -Recurse
    Set-Content -LiteralPath (Join-Path $Path 'graph' 'roleManagement.directory.roleEligibilityScheduleInstances.json') -Value '{"value":[]}'
    $Path
}

# Starts the emulator over $Served; returns its process and its Graph and ARM base URIs. Stop it with Stop-Emulator.
function Start-Emulator {
    param([Parameter(Mandatory)][string] $Served, [int] $LatencyMs = 0)
    $hostOut = Join-Path $script:RepoRoot 'out' 'emulator-host'
    if ($env:ZTAI_EMULATOR_HOST_BUILT -ne $hostOut) {
        $hostProject = Join-Path $script:RepoRoot 'tests' 'ZeroTrustAI.Emulator.Host' 'ZeroTrustAI.Emulator.Host.csproj'
        & dotnet build $hostProject --configuration Release --nologo --verbosity quiet --output $hostOut | Out-Null
        if ($LASTEXITCODE -ne 0) { throw "The emulator host did not build (exit code $LASTEXITCODE)." }
        $env:ZTAI_EMULATOR_HOST_BUILT = $hostOut
    }
    $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in (Join-Path $hostOut 'ZeroTrustAI.Emulator.Host.dll'), $Served, "$LatencyMs") { $info.ArgumentList.Add($argument) }
    $info.RedirectStandardInput = $true
    $info.RedirectStandardOutput = $true
    $info.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($info)
    $graph = ($process.StandardOutput.ReadLine() -split ' ', 2)[1]
    $arm = ($process.StandardOutput.ReadLine() -split ' ', 2)[1]
    [pscustomobject]@{ Process = $process; Graph = $graph; Arm = $arm }
}

function Stop-Emulator {
    param([Parameter(Mandatory)] $Emulator)
    $Emulator.Process.StandardInput.Close()
    if (-not $Emulator.Process.WaitForExit(10000)) { $Emulator.Process.Kill() }
    $Emulator.Process.Dispose()
}

# Connects to the emulator with a token, unvalidated (the emulator issues none).
function Connect-Emulator {
    param([Parameter(Mandatory)] $Emulator)
    Invoke-Expression (Get-EmulatorConnectLine $Emulator)
}

# The same connection as a script line, for a child pwsh, which has none of these functions.
function Get-EmulatorConnectLine {
    param([Parameter(Mandatory)] $Emulator)
    "Connect-ZtaiTenant -TenantId '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b' -GraphAccessToken (ConvertTo-SecureString 'opaque' -AsPlainText -Force) -GraphEndpoint '$($Emulator.Graph)' -ArmEndpoint '$($Emulator.Arm)' -SkipValidation"
}

# Whether a PE file carries ReadyToRun native code, and its COFF machine.
function Get-PortableExecutableFacts {
    param([Parameter(Mandatory)][string] $Path)
    $stream = [IO.File]::OpenRead($Path)
    try {
        $pe = [Reflection.PortableExecutable.PEReader]::new($stream)
        try {
            [pscustomobject]@{
                ReadyToRun = $pe.PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size -gt 0
                Machine    = [int]$pe.PEHeaders.CoffHeader.Machine
            }
        }
        finally { $pe.Dispose() }
    }
    finally { $stream.Dispose() }
}

# Runs a script in a new pwsh process (the one running the tests) after importing a module manifest; returns its
# output lines and throws when it fails.
function Invoke-FreshModuleSession {
    param([Parameter(Mandatory)][string] $Manifest, [Parameter(Mandatory)][string] $Script)
    $process = [Environment]::ProcessPath
    $arguments = @(if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
    $command = "`$ErrorActionPreference = 'Stop'; Import-Module '$($Manifest -replace "'", "''")'; $Script"
    $output = & $process @arguments -NoProfile -NonInteractive -Command $command 2>&1
    if ($LASTEXITCODE -ne 0) { throw "The fresh session failed ($LASTEXITCODE): $($output -join [Environment]::NewLine)" }
    @($output | ForEach-Object { "$_" })
}
