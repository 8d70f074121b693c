# The module's collector dependencies (Azure.Core, Azure.Identity, MSAL, Microsoft.Graph, Kiota) load in their own
# AssemblyLoadContext on PowerShell 7, so another module's older Azure.Core, loaded first, does not break it.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $listing = & dotnet nuget locals global-packages --list
    if ("$listing" -notmatch 'global-packages:\s*(.+)$') { throw "Cannot find the NuGet global packages folder: $listing" }
    # Restored by tests/tools/ZeroTrustAI.TestTools.csproj (build.ps1 restores it before Pester runs).
    $script:OldAzureCore = Join-Path $Matches[1].Trim() 'azure.core' '1.36.0' 'lib' 'net6.0' 'Azure.Core.dll'
}

Describe 'Dependency isolation' {
    It 'keeps the collector and Azure.Core out of the default load context' {
        Connect-ZtaiTenant -GraphAccessToken (New-TestJwt @{ upn = 'adele@contoso.onmicrosoft.com' })
        Disconnect-ZtaiTenant
        $collector = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'ZeroTrustAI.Collector' }
        $collector | Should -Not -BeNullOrEmpty
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($collector).Name | Should -Be 'ZeroTrustAI'
        Join-Path $ModuleRoot 'bin' 'deps' 'Azure.Core.dll' | Should -Exist
        Join-Path $ModuleRoot 'bin' 'Azure.Core.dll' | Should -Not -Exist
    }

    It 'works in a session where an older Azure.Core (as Az.Accounts ships) was loaded first' {
        $OldAzureCore | Should -Exist
        $token = New-TestJwt -AsText @{ upn = 'adele@contoso.onmicrosoft.com'; scp = 'Policy.Read.All' }
        $lines = Invoke-ChildPwsh @"
`$ErrorActionPreference = 'Stop'
Add-Type -LiteralPath '$OldAzureCore'
Import-Module '$ModuleManifest'
Connect-ZtaiTenant -GraphAccessToken (ConvertTo-SecureString '$token' -AsPlainText -Force)
'account=' + (Get-ZtaiConnection).Account
foreach (`$assembly in [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Azure.Core' }) {
    'azure.core=' + `$assembly.GetName().Version + '@' + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$assembly).Name
}
"@
        $lines | Should -Contain 'account=adele@contoso.onmicrosoft.com'
        $lines | Should -Contain 'azure.core=1.36.0.0@Default'
        $lines | Should -Contain 'azure.core=1.53.0.0@ZeroTrustAI'
    }
}
