BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

AfterAll {
    Disconnect-ZtaiTenant
}

Describe 'Save-ZtaiSnapshot' {
    BeforeEach { Disconnect-ZtaiTenant }

    It 'has -Path mandatory at position 0 and the collection switches' {
        $command = Get-Command Save-ZtaiSnapshot
        $command.Parameters['Path'].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] }).Mandatory | Should -BeTrue
        $command.Parameters['Path'].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] }).Position | Should -Be 0
        foreach ($name in 'Pillar', 'SubscriptionId', 'Resume', 'Force', 'RequestTimeout') { $command.Parameters.Keys | Should -Contain $name }
        $command.Parameters['Pillar'].ParameterType.FullName | Should -Be 'ZeroTrustAI.Engine.Model.Pillar[]'
    }

    It 'refuses a subscription id that is not a GUID and a timeout out of range' {
        { Save-ZtaiSnapshot -Path TestDrive:/s -SubscriptionId 'not-a-guid' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,ZeroTrustAI.PowerShell.Commands.SaveZtaiSnapshotCommand'
        { Save-ZtaiSnapshot -Path TestDrive:/s -RequestTimeout 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,ZeroTrustAI.PowerShell.Commands.SaveZtaiSnapshotCommand'
    }

    It 'ends with NotConnected when no tenant is connected, and writes nothing' {
        $folder = Join-Path $TestDrive 'not-connected'
        { Save-ZtaiSnapshot -Path $folder } | Should -Throw -ErrorId (Get-ZtaiErrorId 'NotConnected' 'Save-ZtaiSnapshot')
        $folder | Should -Not -Exist
    }

    It 'refuses -Resume with -Force' {
        { Save-ZtaiSnapshot -Path (Join-Path $TestDrive 'x') -Resume -Force } | Should -Throw -ErrorId (Get-ZtaiErrorId 'ResumeAndForce' 'Save-ZtaiSnapshot')
    }

    It 'ends with SnapshotFolderNotEmpty before any request when the folder holds files' {
        Connect-ZtaiTenant -TenantId '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b' -GraphAccessToken (ConvertTo-SecureString 'opaque' -AsPlainText -Force) -GraphEndpoint 'http://127.0.0.1:9' -ArmEndpoint 'https://127.0.0.1:9' -SkipValidation
        $folder = Join-Path $TestDrive 'busy'
        New-Item -ItemType Directory -Path $folder | Out-Null
        Set-Content -LiteralPath (Join-Path $folder 'notes.txt') -Value 'mine'
        { Save-ZtaiSnapshot -Path $folder } | Should -Throw -ErrorId (Get-ZtaiErrorId 'SnapshotFolderNotEmpty' 'Save-ZtaiSnapshot')
        Join-Path $folder 'notes.txt' | Should -Exist
    }

    It 'ends with ResumeNothingToResume on a folder without a checkpoint' {
        Connect-ZtaiTenant -TenantId '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b' -GraphAccessToken (ConvertTo-SecureString 'opaque' -AsPlainText -Force) -GraphEndpoint 'http://127.0.0.1:9' -ArmEndpoint 'https://127.0.0.1:9' -SkipValidation
        { Save-ZtaiSnapshot -Path (Join-Path $TestDrive 'empty') -Resume } | Should -Throw -ErrorId (Get-ZtaiErrorId 'ResumeNothingToResume' 'Save-ZtaiSnapshot')
    }
}

Describe 'Get-ZtaiAssessment without -Snapshot (Live)' {
    BeforeEach { Disconnect-ZtaiTenant }

    It 'uses the Live set by default and ends with NotConnected when no tenant is connected' {
        (Get-Command Get-ZtaiAssessment).DefaultParameterSet | Should -Be 'Live'
        { Get-ZtaiAssessment -Pillar AI } | Should -Throw -ErrorId (Get-ZtaiErrorId 'NotConnected' 'Get-ZtaiAssessment')
    }

    It 'still assesses a snapshot given by position' {
        @(Get-ZtaiAssessment $MiniSnapshot -ControlId ZTAI-AI-020).Count | Should -BeGreaterThan 0
    }
}
