# Remove-Module ZeroTrustAI releases what the module holds in the process (the open connection, the resolver that
# hands the collector's assemblies to the default load context), and a later Import-Module in the same session
# works as the first one did. Runs in a child pwsh: the Pester session itself imports the module many times.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Emulator = Start-Emulator -Served (New-EmulatorSnapshot (Join-Path $TestDrive 'served'))
}

AfterAll {
    if ($Emulator) { Stop-Emulator $Emulator }
}

Describe 'Remove-Module ZeroTrustAI' {
    It 'forgets the connection and unhooks the resolver once no runspace uses the module; Import-Module again connects and collects' {
        $connect = Get-EmulatorConnectLine $Emulator
        $first = Join-Path $TestDrive 'first'
        $second = Join-Path $TestDrive 'second'
        $lines = Invoke-ChildPwsh @"
`$ErrorActionPreference = 'Stop'
function Show-Collection(`$summary) {
    'requests=' + `$summary.Requests
    'graph-incomplete=' + @(`$summary.CollectionStates | Where-Object { `$_.Name -like 'graph/*' -and `$_.Status -ne 'Complete' }).Count
}
function Test-DefaultResolvesCollector {
    try { `$null = [System.Runtime.Loader.AssemblyLoadContext]::Default.LoadFromAssemblyName([System.Reflection.AssemblyName]'ZeroTrustAI.Collector'); `$true }
    catch { `$false }
}
Import-Module '$ModuleManifest'
$connect
Show-Collection (Save-ZtaiSnapshot -Path '$first' -Pillar AI -WarningAction SilentlyContinue)
'resolves-before-remove=' + (Test-DefaultResolvesCollector)
# Another runspace that imports the module and closes releases nothing that this one still uses.
`$other = [powershell]::Create()
`$null = `$other.AddScript("Import-Module '$ModuleManifest'").Invoke()
`$other.Dispose()
'resolves-after-other-runspace=' + (Test-DefaultResolvesCollector)
'connected-after-other-runspace=' + (Get-ZtaiConnection).GraphEndpoint
Remove-Module ZeroTrustAI
'resolves-after-remove=' + (Test-DefaultResolvesCollector)
Import-Module '$ModuleManifest'
'resolves-after-import=' + (Test-DefaultResolvesCollector)
Get-ZtaiConnection -ErrorAction SilentlyContinue -ErrorVariable notConnected
'connection-after-import=' + `$notConnected[0].FullyQualifiedErrorId
$connect
'connected=' + (Get-ZtaiConnection).GraphEndpoint
Show-Collection (Save-ZtaiSnapshot -Path '$second' -Pillar AI -WarningAction SilentlyContinue)
"@
        $lines | Should -Contain 'resolves-before-remove=True'
        $lines | Should -Contain 'resolves-after-other-runspace=True'
        $lines | Should -Contain "connected-after-other-runspace=$($Emulator.Graph)"
        $lines | Should -Contain 'resolves-after-remove=False'
        $lines | Should -Contain 'resolves-after-import=True'
        $lines | Should -Contain "connection-after-import=$(Get-ZtaiErrorId 'NotConnected' 'Get-ZtaiConnection')"
        $lines | Should -Contain "connected=$($Emulator.Graph)"
        $collections = @($lines | Where-Object { $_ -like 'requests=*' })
        $collections.Count | Should -Be 2
        foreach ($line in $collections) { [int]($line -split '=')[1] | Should -BeGreaterThan 0 }
        @($lines | Where-Object { $_ -like 'graph-incomplete=*' }) | Should -Be @('graph-incomplete=0', 'graph-incomplete=0')
        # The second snapshot holds the same Graph data as the first.
        $graphFiles = { param($root) Get-ChildItem -LiteralPath (Join-Path $root 'graph') -File | ForEach-Object Name | Sort-Object }
        & $graphFiles $second | Should -Be (& $graphFiles $first)
    }
}
