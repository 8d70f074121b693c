# The module as users get it: the nupkg that build.ps1 -Task Package writes, installed with PSResourceGet's
# Install-PSResource from a local repository, imported by name in a fresh pwsh, then uninstalled. Everything is local
# (the PowerShell Gallery is never asked). On Linux and macOS the install runs under a temporary HOME, so the user's
# module folder and repository list are never touched; on Windows the test uninstalls and unregisters what it added.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    # build.ps1 -Task Test builds the package and names it; run by hand, the last -Task Package output is used.
    $script:Package = if ($env:ZTAI_PACKAGE_PATH) { $env:ZTAI_PACKAGE_PATH } else { @(Get-ChildItem -Path (Join-Path $RepoRoot 'out' 'package' 'ZeroTrustAI.*.nupkg') -ErrorAction SilentlyContinue | ForEach-Object FullName)[0] }
    if (-not $Package -or -not (Test-Path -LiteralPath $Package)) { throw "No package found: run ./build.ps1 -Task Package first." }
    $script:Manifest = Import-PowerShellDataFile -LiteralPath $ModuleManifest

    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $zip = [System.IO.Compression.ZipFile]::OpenRead($Package)
    try {
        $script:Entries = @($zip.Entries | ForEach-Object FullName)
        $nuspecEntry = $zip.Entries | Where-Object FullName -Like '*.nuspec'
        $reader = [System.IO.StreamReader]::new($nuspecEntry.Open())
        try { $script:Nuspec = ([xml]$reader.ReadToEnd()).package.metadata } finally { $reader.Dispose() }
    }
    finally {
        $zip.Dispose()
    }
}

Describe 'The module package' {
    It 'carries the manifest''s id, version, description, author and tags' {
        $Nuspec.id | Should -Be 'ZeroTrustAI'
        [version]$Nuspec.version | Should -Be ([version]$Manifest.ModuleVersion)
        $Nuspec.description | Should -Be $Manifest.Description
        $Nuspec.authors | Should -Be $Manifest.Author
        $tags = $Nuspec.tags -split ' '
        foreach ($tag in $Manifest.PrivateData.PSData.Tags) { $tags | Should -Contain $tag }
    }

    It 'holds every file of the staged module' {
        $staged = Get-ChildItem -LiteralPath $ModuleRoot -Recurse -File | ForEach-Object { [System.IO.Path]::GetRelativePath($ModuleRoot, $_.FullName).Replace('\', '/') }
        # Entry names are URI-escaped in the package (NuGet's Open Packaging Conventions).
        $packaged = $Entries | ForEach-Object { [uri]::UnescapeDataString($_) }
        foreach ($file in $staged) { $packaged | Should -Contain $file }
    }

    It 'installs from a local PSResourceGet repository, imports by name in a fresh pwsh, assesses the sample and uninstalls' {
        $repository = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'repository')
        Copy-Item -LiteralPath $Package -Destination $repository
        $temporary = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'install-temp')
        $isolatedHome = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'home')
        $name = 'ZeroTrustAI-Test-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        $version = $Manifest.ModuleVersion
        if ($IsWindows -and (Get-InstalledPSResource -Name ZeroTrustAI -Version $version -Scope CurrentUser -ErrorAction SilentlyContinue)) {
            Set-ItResult -Skipped -Because "ZeroTrustAI $version is installed for this user; the test would replace and then remove it"
            return
        }
        $script = @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name '$name' -Uri '$($repository.FullName)' -Trusted
try {
    Install-PSResource -Name ZeroTrustAI -Version '$version' -Repository '$name' -Scope CurrentUser -TemporaryPath '$($temporary.FullName)'
    `$installed = Get-InstalledPSResource -Name ZeroTrustAI -Version '$version' -Scope CurrentUser
    'installed=' + `$installed.InstalledLocation
    # A fresh pwsh, as a user's next session: the module is found by name on the PSModulePath.
    `$process = [Environment]::ProcessPath
    `$prefix = @(if ([IO.Path]::GetFileNameWithoutExtension(`$process) -eq 'dotnet') { Join-Path `$PSHOME 'pwsh.dll' })
    & `$process @prefix -NoProfile -NonInteractive -Command "Import-Module ZeroTrustAI -ErrorAction Stop; 'module-base=' + (Get-Module ZeroTrustAI).ModuleBase; 'module-version=' + (Get-Module ZeroTrustAI).Version; 'results=' + @(Get-ZtaiAssessment -Sample).Count"
    Uninstall-PSResource -Name ZeroTrustAI -Version '$version' -Scope CurrentUser
    'installed-after-uninstall=' + @(Get-InstalledPSResource -Name ZeroTrustAI -Version '$version' -Scope CurrentUser -ErrorAction SilentlyContinue).Count
}
finally {
    Unregister-PSResourceRepository -Name '$name'
}
'repository-after-unregister=' + @(Get-PSResourceRepository -Name '$name' -ErrorAction SilentlyContinue).Count
"@
        $savedHome = $env:HOME
        if (-not $IsWindows) { $env:HOME = $isolatedHome.FullName }
        try { $lines = Invoke-ChildPwsh $script } finally { $env:HOME = $savedHome }

        $installed = @($lines | Where-Object { $_ -like 'installed=*' } | ForEach-Object { $_.Substring('installed='.Length) })
        $installed.Count | Should -Be 1
        if (-not $IsWindows) { $installed[0] | Should -BeLike "$($isolatedHome.FullName)*" }
        $base = @($lines | Where-Object { $_ -like 'module-base=*' } | ForEach-Object { $_.Substring('module-base='.Length) })
        $base.Count | Should -Be 1
        $base[0] | Should -BeLike "$($installed[0])*"
        $lines | Should -Contain "module-version=$version"
        $lines | Should -Contain "results=$(@(Get-ZtaiAssessment -Sample).Count)"
        $lines | Should -Contain 'installed-after-uninstall=0'
        $lines | Should -Contain 'repository-after-unregister=0'
    }
}
