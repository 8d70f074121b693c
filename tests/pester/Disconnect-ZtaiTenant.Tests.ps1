BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'Disconnect-ZtaiTenant' {
    It 'forgets the connection: Get-ZtaiConnection then reports NotConnected' {
        Connect-ZtaiTenant -GraphAccessToken (New-TestJwt @{ upn = 'adele@contoso.onmicrosoft.com' })
        Get-ZtaiConnection | Should -Not -BeNullOrEmpty

        Disconnect-ZtaiTenant

        { Get-ZtaiConnection -ErrorAction Stop } | Should -Throw -ErrorId (Get-ZtaiErrorId 'NotConnected' 'Get-ZtaiConnection')
    }

    It 'returns the closed connection with -PassThru' {
        Connect-ZtaiTenant -GraphAccessToken (New-TestJwt @{ upn = 'adele@contoso.onmicrosoft.com' })
        (Disconnect-ZtaiTenant -PassThru).Account | Should -Be 'adele@contoso.onmicrosoft.com'
    }

    It 'does nothing, without error, when no tenant is connected' {
        Disconnect-ZtaiTenant
        $verbose = Disconnect-ZtaiTenant -PassThru -Verbose -ErrorVariable failures 4>&1
        $failures | Should -BeNullOrEmpty
        ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Be 'No tenant was connected.'
    }
}
