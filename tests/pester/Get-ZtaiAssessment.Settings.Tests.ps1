BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:CommandType = 'ZeroTrustAI.PowerShell.Commands.GetZtaiAssessmentCommand'
    $script:SettingsRoot = Join-Path ([System.IO.Path]::GetTempPath()) ("ztai-settings-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $SettingsRoot | Out-Null

    # Writes a settings file and returns its path. Dates are relative to today, so expiry is judged as users see it.
    function New-SettingsFile {
        param([Parameter(Mandatory)][hashtable] $Settings)
        $path = Join-Path $SettingsRoot ([guid]::NewGuid().ToString('N') + '.json')
        Set-Content -LiteralPath $path -Value ($Settings | ConvertTo-Json -Depth 8) -Encoding utf8NoBOM
        $path
    }

    function New-Suppression([string] $Target, [int] $ExpiresInDays) {
        @{
            controlId     = 'ZTAI-AI-006'
            target        = $Target
            justification = 'Accepted in CHG-1'
            owner         = 'alice@contoso.com'
            expiresOn     = [DateTime]::UtcNow.AddDays($ExpiresInDays).ToString('yyyy-MM-dd')
        }
    }
}

AfterAll {
    Remove-Item -LiteralPath $SettingsRoot -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Get-ZtaiAssessment -Settings' {
    It 'has help text for -Settings' {
        (Get-Help Get-ZtaiAssessment -Parameter Settings).Description.Text | Should -Match 'suppressions'
    }

    It 'suppresses a finding under an unexpired exception, with its terms in the reason' {
        $path = New-SettingsFile @{ suppressions = @(New-Suppression 'contoso sales*' 365) }
        $result = Get-ZtaiAssessment -Sample -ControlId ZTAI-AI-006 -Settings $path | Where-Object ResourceName -EQ 'Contoso Sales Assistant'
        $result.Status | Should -Be 'Suppressed'
        $result.Reason | Should -Match 'alice@contoso\.com'
        $result.Reason | Should -Match 'Accepted in CHG-1'
    }

    It 'does not suppress under an exception that expired yesterday, and reports the exception' {
        $path = New-SettingsFile @{ suppressions = @(New-Suppression 'Contoso Sales Assistant' -1) }
        $results = @(Get-ZtaiAssessment -Sample -ControlId ZTAI-AI-006 -Settings $path)
        ($results | Where-Object { $_.ResourceName -eq 'Contoso Sales Assistant' -and $_.ResourceType -ne 'ZeroTrustAI.Suppression' }).Status | Should -Be 'Fail'
        $report = @($results | Where-Object ResourceType -EQ 'ZeroTrustAI.Suppression')
        $report.Count | Should -Be 1
        $report[0].Status | Should -Be 'Warning'
        $report[0].Reason | Should -Match 'expired'
    }

    It 'carries a severity override and a parameter, also for a snapshot piped from Import-ZtaiSnapshot' {
        $path = New-SettingsFile @{ controls = @{ 'ZTAI-AI-006' = @{ severity = 'Low'; parameters = @{ maximumLifetimeDays = 800 } } } }
        $settings = [ZeroTrustAI.Engine.Settings.SettingsReader]::Read($path)
        $results = @(Import-ZtaiSnapshot -Path $SamplePath | Get-ZtaiAssessment -ControlId ZTAI-AI-006 -Settings $settings)
        $results | Should -Not -BeNullOrEmpty
        $results | ForEach-Object { $_.Severity | Should -Be 'Low' }
        ($results | Where-Object ResourceName -EQ 'Contoso Sales Assistant').Status | Should -Be 'Pass'
    }

    It 'refuses an invalid file as a whole with SettingsInvalid naming the file, key and reason' {
        $path = New-SettingsFile @{
            suppressions = @(New-Suppression 'Contoso Sales Assistant' 30)
            controls     = @{ 'ZTAI-AI-006' = @{ parameters = @{ maxAgeDays = 90 } } }
        }
        $failure = $null
        try { Get-ZtaiAssessment -Sample -ControlId ZTAI-AI-006 -Settings $path -ErrorAction Stop | Out-Null }
        catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty
        $failure.FullyQualifiedErrorId | Should -Be "SettingsInvalid,$CommandType"
        $failure.CategoryInfo.Category | Should -Be 'InvalidData'
        $failure.Exception.Message | Should -BeLike "*$path*"
        $failure.Exception.Errors[0].Key | Should -Be "`$.controls['ZTAI-AI-006'].parameters.maxAgeDays"
        $failure.Exception.Errors[0].Reason | Should -Match 'not a known key'
    }

    It 'writes no result when the file is refused' {
        $path = New-SettingsFile @{ controls = @{ 'ZTAI-AI-999' = @{ severity = 'Low' } } }
        $results = [System.Collections.Generic.List[object]]::new()
        $failure = $null
        try { Get-ZtaiAssessment -Sample -Settings $path | ForEach-Object { $results.Add($_) } }
        catch { $failure = $_ }
        $results.Count | Should -Be 0
        $failure.FullyQualifiedErrorId | Should -Be "SettingsInvalid,$CommandType"
    }

    It 'reports a missing file as SettingsNotFound' {
        $failure = $null
        try { Get-ZtaiAssessment -Sample -Settings (Join-Path $SettingsRoot 'missing.json') -ErrorAction Stop | Out-Null }
        catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -Be "SettingsNotFound,$CommandType"
        $failure.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
