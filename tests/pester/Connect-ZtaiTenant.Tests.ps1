BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:CommandType = 'ZeroTrustAI.PowerShell.Commands.ConnectZtaiTenantCommand'
    $script:TenantId = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b'
    $script:GraphText = New-TestJwt -AsText @{ upn = 'adele@contoso.onmicrosoft.com'; scp = 'Directory.Read.All Policy.Read.All'; oid = '11111111-2222-4333-8444-555555555555'; aud = 'https://graph.microsoft.com' }
    $script:ArmText = New-TestJwt -AsText @{ upn = 'adele@contoso.onmicrosoft.com'; aud = 'https://management.azure.com' }
    $script:Graph = ConvertTo-SecureString $GraphText -AsPlainText -Force
    $script:Arm = ConvertTo-SecureString $ArmText -AsPlainText -Force
    # Any part of a token (its payload alone would give the claims away) must not appear in output.
    $script:Secrets = @($GraphText, $ArmText, $GraphText.Split('.')[1], $ArmText.Split('.')[1])
    function Assert-NoSecret([string] $Text) { foreach ($secret in $Secrets) { $Text | Should -Not -BeLike "*$secret*" } }
}

AfterAll {
    Disconnect-ZtaiTenant
}

Describe 'Connect-ZtaiTenant' {
    BeforeEach { Disconnect-ZtaiTenant }

    It 'declares ZtaiConnection as its output type' {
        (Get-Command Connect-ZtaiTenant).OutputType.Name | Should -Contain 'ZeroTrustAI.Collector.Connection.ZtaiConnection'
    }

    It 'offers one parameter set per sign-in method, Interactive by default' {
        $command = Get-Command Connect-ZtaiTenant
        $command.DefaultParameterSet | Should -Be 'Interactive'
        ($command.ParameterSets.Name | Sort-Object) -join ',' | Should -Be 'AccessToken,AzureCli,CertificateFile,CertificateThumbprint,ClientSecret,DeviceCode,Interactive,ManagedIdentity,WorkloadIdentity'
        foreach ($set in 'ClientSecret', 'CertificateFile', 'CertificateThumbprint', 'WorkloadIdentity') {
            $parameters = ($command.ParameterSets | Where-Object Name -EQ $set).Parameters
            ($parameters | Where-Object Name -EQ 'TenantId').IsMandatory | Should -BeTrue -Because "$set needs the tenant"
            ($parameters | Where-Object Name -EQ 'ClientId').IsMandatory | Should -BeTrue -Because "$set needs the app"
        }
        $command.Parameters['ClientSecret'].ParameterType | Should -Be ([securestring])
        $command.Parameters['GraphAccessToken'].ParameterType | Should -Be ([securestring])
    }

    It 'connects with access tokens and describes the tenant, account, endpoints and scopes' {
        $connection = Connect-ZtaiTenant -GraphAccessToken $Graph -ArmAccessToken $Arm -TenantId $TenantId -PassThru

        $connection.TenantId | Should -Be $TenantId
        $connection.Account | Should -Be 'adele@contoso.onmicrosoft.com'
        $connection.AccountType | Should -Be 'User'
        "$($connection.AuthMethod)" | Should -Be 'AccessToken'
        "$($connection.Environment)" | Should -Be 'Global'
        "$($connection.GraphEndpoint)" | Should -Be 'https://graph.microsoft.com/'
        "$($connection.ArmEndpoint)" | Should -Be 'https://management.azure.com/'
        $connection.Scopes | Should -Be @('Directory.Read.All', 'Policy.Read.All')
        $connection.Validated | Should -BeTrue
    }

    It 'writes nothing without -PassThru, and keeps the connection for Get-ZtaiConnection' {
        $output = Connect-ZtaiTenant -GraphAccessToken $Graph
        $output | Should -BeNullOrEmpty
        (Get-ZtaiConnection).Account | Should -Be 'adele@contoso.onmicrosoft.com'
    }

    It 'sets the endpoints of the <Environment> cloud' -ForEach @(
        @{ Environment = 'USGovernment'; GraphUrl = 'https://graph.microsoft.us/'; ArmUrl = 'https://management.usgovcloudapi.net/' }
        @{ Environment = 'USGovernmentDoD'; GraphUrl = 'https://dod-graph.microsoft.us/'; ArmUrl = 'https://management.usgovcloudapi.net/' }
        @{ Environment = 'China'; GraphUrl = 'https://microsoftgraph.chinacloudapi.cn/'; ArmUrl = 'https://management.chinacloudapi.cn/' }
    ) {
        $connection = Connect-ZtaiTenant -GraphAccessToken $Graph -Environment $Environment -PassThru
        "$($connection.GraphEndpoint)" | Should -Be $GraphUrl
        "$($connection.ArmEndpoint)" | Should -Be $ArmUrl
    }

    It 'takes endpoint overrides, plain http on loopback included' {
        $connection = Connect-ZtaiTenant -GraphAccessToken $Graph -GraphEndpoint 'http://127.0.0.1:5100' -ArmEndpoint 'https://127.0.0.1:5101' -PassThru
        "$($connection.GraphEndpoint)" | Should -Be 'http://127.0.0.1:5100/'
        "$($connection.ArmEndpoint)" | Should -Be 'https://127.0.0.1:5101/'
    }

    It 'refuses a plain http endpoint off this machine with InvalidConnectionOptions' {
        { Connect-ZtaiTenant -GraphAccessToken $Graph -GraphEndpoint 'http://graph.contoso.example' } |
            Should -Throw -ErrorId (Get-ZtaiErrorId 'InvalidConnectionOptions' 'Connect-ZtaiTenant')
    }

    It 'refuses an expired token with TokenExpired and keeps the earlier connection' {
        Connect-ZtaiTenant -GraphAccessToken $Graph
        $expired = New-TestJwt @{ upn = 'old@contoso.onmicrosoft.com'; exp = [DateTimeOffset]::UtcNow.AddMinutes(-5).ToUnixTimeSeconds() }

        { Connect-ZtaiTenant -GraphAccessToken $expired } | Should -Throw -ErrorId (Get-ZtaiErrorId 'TokenExpired' 'Connect-ZtaiTenant')
        (Get-ZtaiConnection).Account | Should -Be 'adele@contoso.onmicrosoft.com'
    }

    It 'refuses a token for another tenant than -TenantId with TenantMismatch' {
        { Connect-ZtaiTenant -GraphAccessToken $Graph -TenantId '00000000-0000-4000-8000-000000000001' } |
            Should -Throw -ErrorId (Get-ZtaiErrorId 'TenantMismatch' 'Connect-ZtaiTenant')
    }

    It 'refuses a token that is not a JWT with InvalidAccessToken, without echoing it, unless -SkipValidation' {
        $opaque = ConvertTo-SecureString 'opaque-secret-token-value' -AsPlainText -Force
        $failure = { Connect-ZtaiTenant -GraphAccessToken $opaque } | Should -Throw -ErrorId (Get-ZtaiErrorId 'InvalidAccessToken' 'Connect-ZtaiTenant') -PassThru
        "$failure" | Should -Not -BeLike '*opaque-secret-token-value*'

        $connection = Connect-ZtaiTenant -GraphAccessToken $opaque -TenantId $TenantId -SkipValidation -PassThru
        $connection.Validated | Should -BeFalse
        $connection.TenantId | Should -Be $TenantId
    }

    It 'refuses access token sign-in with no token with InvalidConnectionOptions' {
        { Connect-ZtaiTenant -GraphAccessToken (New-Object securestring) } |
            Should -Throw -ErrorId (Get-ZtaiErrorId 'InvalidConnectionOptions' 'Connect-ZtaiTenant')
    }

    It 'reports a missing certificate file with CertificateNotFound' {
        { Connect-ZtaiTenant -TenantId $TenantId -ClientId 'a0b1c2d3-0000-4000-8000-00000000c0de' -CertificatePath (Join-Path $TestDrive 'missing.pfx') } |
            Should -Throw -ErrorId (Get-ZtaiErrorId 'CertificateNotFound' 'Connect-ZtaiTenant')
    }

    It 'reports a missing federated token file with InvalidConnectionOptions' {
        { Connect-ZtaiTenant -TenantId $TenantId -ClientId 'a0b1c2d3-0000-4000-8000-00000000c0de' -FederatedTokenFile (Join-Path $TestDrive 'missing.jwt') } |
            Should -Throw -ErrorId (Get-ZtaiErrorId 'InvalidConnectionOptions' 'Connect-ZtaiTenant')
    }

    It 'writes verbose lines about the connection without any part of a token' {
        $verbose = Connect-ZtaiTenant -GraphAccessToken $Graph -ArmAccessToken $Arm -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $text = $verbose.Message -join "`n"
        $text | Should -Match 'AccessToken sign-in'
        $text | Should -Match "Connected to tenant $TenantId as adele@contoso.onmicrosoft.com"
        $text | Should -Match 'Directory.Read.All, Policy.Read.All'
        Assert-NoSecret $text
    }

    It 'puts no part of a token in the connection, however it is shown or serialized' {
        $connection = Connect-ZtaiTenant -GraphAccessToken $Graph -ArmAccessToken $Arm -PassThru
        Assert-NoSecret ($connection | Format-List * | Out-String -Width 500)
        Assert-NoSecret ($connection | Format-List | Out-String -Width 500)
        Assert-NoSecret ($connection | ConvertTo-Json -Depth 4 -WarningAction SilentlyContinue)
        Assert-NoSecret "$connection"
        Assert-NoSecret (Get-ZtaiConnection | Out-String -Width 500)
        $connection.PSObject.Properties.Name | Should -Not -Contain 'Credential'
    }

    It 'reads application roles from an app-only token' {
        $app = New-TestJwt @{ appid = 'a0b1c2d3-0000-4000-8000-00000000c0de'; roles = @('Policy.Read.All', 'Application.Read.All') }
        $connection = Connect-ZtaiTenant -GraphAccessToken $app -PassThru
        $connection.Account | Should -Be 'a0b1c2d3-0000-4000-8000-00000000c0de'
        $connection.AccountType | Should -Be 'Application'
        $connection.Roles | Should -Be @('Application.Read.All', 'Policy.Read.All')
    }
}
