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
    $null = $shell.AddScript("Import-Module '$($script:ModuleManifest -replace "'", "''")' -Force").AddStatement()
    $null = $shell.AddScript($Script)
    foreach ($entry in $Parameters.GetEnumerator()) { $null = $shell.AddParameter($entry.Key, $entry.Value) }
    $shell
}
