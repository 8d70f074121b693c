BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Graph = New-TestJwt @{ upn = 'adele@contoso.onmicrosoft.com'; scp = 'Policy.Read.All' }
}

AfterAll {
    Disconnect-ZtaiTenant
}

Describe 'Get-ZtaiConnection' {
    BeforeEach { Disconnect-ZtaiTenant }

    It 'declares ZtaiConnection as its output type' {
        (Get-Command Get-ZtaiConnection).OutputType.Name | Should -Contain 'ZeroTrustAI.Collector.Connection.ZtaiConnection'
    }

    It 'writes a NotConnected error when no tenant is connected' {
        $result = Get-ZtaiConnection -ErrorVariable failures -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be (Get-ZtaiErrorId 'NotConnected' 'Get-ZtaiConnection')
        "$($failures[0].CategoryInfo.Category)" | Should -Be 'ConnectionError'
    }

    It 'returns the connection that Connect-ZtaiTenant opened, the latest one' {
        Connect-ZtaiTenant -GraphAccessToken (New-TestJwt @{ upn = 'first@contoso.onmicrosoft.com' })
        Connect-ZtaiTenant -GraphAccessToken $Graph
        $connection = Get-ZtaiConnection
        $connection.Account | Should -Be 'adele@contoso.onmicrosoft.com'
        $connection.GrantedPermissions | Should -Be @('Policy.Read.All')
    }

    It 'shows the connection as a list of tenant, account, cloud, endpoints and permissions' {
        Connect-ZtaiTenant -GraphAccessToken $Graph
        $text = Get-ZtaiConnection | Out-String -Width 200
        foreach ($label in 'TenantId', 'Account', 'Environment', 'AuthMethod', 'GraphEndpoint', 'ArmEndpoint', 'Scopes') {
            $text | Should -Match "(?m)^$label\s+:"
        }
        $text | Should -Match 'Scopes\s+: Policy.Read.All'
    }
}
