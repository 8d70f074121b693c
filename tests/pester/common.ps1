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
