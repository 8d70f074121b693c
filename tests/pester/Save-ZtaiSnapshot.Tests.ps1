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

Describe 'Save-ZtaiSnapshot against the Graph/ARM emulator' {
    BeforeAll {
        $script:Served = New-EmulatorSnapshot (Join-Path $TestDrive 'served')
        # Controls that read only Graph data: the ARM side of this run cannot trust the emulator's test certificate.
        $script:GraphOnly = @(Get-ZtaiControl | Where-Object { $_.RequiredData.Count -gt 0 -and -not (@($_.RequiredData) + @($_.OptionalData) | Where-Object { $_ -notlike 'graph/*' }) } | ForEach-Object Id)
        $script:Emulator = Start-Emulator -Served $Served
    }

    AfterAll {
        if ($Emulator) { Stop-Emulator $Emulator }
    }

    It 'collects the sample tenant; its Graph controls give the same results as the sample itself' {
        Connect-Emulator $Emulator
        $folder = Join-Path $TestDrive 'round-trip'
        $summary = Save-ZtaiSnapshot -Path $folder -InformationVariable information -WarningAction SilentlyContinue
        $summary.Path | Should -Be $folder
        $summary.Requests | Should -BeGreaterThan 0
        @($summary.CollectionStates | Where-Object { $_.Name -like 'graph/*' -and $_.Status -ne 'Complete' }) | Should -BeNullOrEmpty
        "$information" | Should -Match 'Snapshot collected'
        $GraphOnly.Count | Should -BeGreaterThan 0
        $key = { "$($_.ControlId)|$($_.ResourceId)|$($_.Status)|$($_.Reason)" }
        $expected = @(Get-ZtaiAssessment -Sample -ControlId $GraphOnly | ForEach-Object $key | Sort-Object)
        $collected = @(Get-ZtaiAssessment -Snapshot $folder -ControlId $GraphOnly)
        # Azure is not collected here (Graph only), so the agent controls also name the AI resources whose managed
        # identities they could not look at: one Skipped result each, beside the same judgements as the sample.
        $gaps = @($collected | Where-Object { $_.Status -eq 'Skipped' -and $_.Reason -like '*were not judged.' })
        $gaps | ForEach-Object { $_.Reason | Should -Match 'arm/Microsoft\.CognitiveServices/accounts' }
        $actual = @($collected | Where-Object { $_ -notin $gaps } | ForEach-Object $key | Sort-Object)
        # The differing results, so a failure names them.
        @(Compare-Object $expected $actual | ForEach-Object { "$($_.SideIndicator) $($_.InputObject)" }) | Should -BeNullOrEmpty
    }

    It 'writes one verbose line per request with route, status and time, and no token' {
        Connect-Emulator $Emulator
        $verbose = Save-ZtaiSnapshot -Path (Join-Path $TestDrive 'verbose') -Pillar AI -Verbose -WarningAction SilentlyContinue 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        $verbose | Should -Contain ($verbose | Where-Object { $_ -match '^GET /beta/servicePrincipals -> 200 \(\d+ ms\)' } | Select-Object -First 1)
        @($verbose | Where-Object { $_ -match '^POST /v1.0/\$batch -> 200 \(\d+ ms\)' }).Count | Should -BeGreaterThan 0
        ($verbose -join "`n") | Should -Not -Match 'opaque'
    }

    It 'Get-ZtaiAssessment without -Snapshot collects into -SnapshotOutputPath, then assesses' {
        Connect-Emulator $Emulator
        $folder = Join-Path $TestDrive 'live'
        $results = @(Get-ZtaiAssessment -SnapshotOutputPath $folder -ControlId $GraphOnly -WarningAction SilentlyContinue)
        Join-Path $folder 'manifest.json' | Should -Exist
        @($results | Where-Object { -not ($_.Status -eq 'Skipped' -and $_.Reason -like '*were not judged.') }).Count |
            Should -Be @(Get-ZtaiAssessment -Sample -ControlId $GraphOnly).Count
    }

    It 'Ctrl+C stops the collection and keeps a checkpoint that -Resume completes' {
        $slow = Start-Emulator -Served $Served -LatencyMs 150
        try {
            $folder = Join-Path $TestDrive 'stopped'
            $shell = New-ZtaiRunspacePipeline -Script {
                param($Graph, $Arm, $Folder)
                Connect-ZtaiTenant -TenantId '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b' -GraphAccessToken (ConvertTo-SecureString 'opaque' -AsPlainText -Force) -GraphEndpoint $Graph -ArmEndpoint $Arm -SkipValidation
                Save-ZtaiSnapshot -Path $Folder -WarningAction SilentlyContinue
            }.ToString() -Parameters @{ Graph = $slow.Graph; Arm = $slow.Arm; Folder = $folder }
            $running = $shell.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while (-not (Test-Path (Join-Path $folder 'graph' 'servicePrincipals.1.json')) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            $shell.Stop()
            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
            try { $null = $shell.EndInvoke($running) } catch [System.Management.Automation.PipelineStoppedException] { }
            $shell.Dispose()
            Join-Path $folder 'checkpoint.json' | Should -Exist
            # A stopped run has finished writing when Stop() returns: nothing in the folder changes afterwards.
            $files = { Get-ChildItem -LiteralPath $folder -Recurse -File | ForEach-Object { '{0} {1} {2:o}' -f $_.FullName, $_.Length, $_.LastWriteTimeUtc } }
            $afterStop = & $files
            Start-Sleep -Milliseconds 1500
            & $files | Should -Be $afterStop

            Connect-Emulator $slow
            $summary = Save-ZtaiSnapshot -Path $folder -Resume -WarningAction SilentlyContinue
            $summary.Resumed | Should -BeTrue
            @($summary.CollectionStates | Where-Object { $_.Name -like 'graph/*' -and $_.Status -ne 'Complete' }) | Should -BeNullOrEmpty
        }
        finally {
            Stop-Emulator $slow
        }
    }
}

Describe 'Save-ZtaiSnapshot -IncludePurview' {
    BeforeAll {
        $script:Served = New-EmulatorSnapshot (Join-Path $TestDrive 'served-purview')
        $script:Emulator = Start-Emulator -Served $Served

        # Stand-ins for the Security & Compliance cmdlets (Connect-IPPSSession imports them as functions of a temporary
        # module), returning the real cmdlets' output shapes: DLP Locations is a JSON string, Insider Risk includes its
        # tenant-settings object.
        $script:StandIns = @{
            'Get-DlpCompliancePolicy'          = {
                [pscustomobject]@{ Name = 'Copilot - confidential'; Identity = 'Copilot - confidential'; Guid = [guid]'0d1c0000-0000-4000-8000-000000000001'; Mode = 'Enable'; Enabled = $true; Workload = 'Applications'
                    Locations = '[{"Workload":"Applications","Location":"470f2276-e011-4e9d-a6ec-20768be3a4b0","Inclusions":[{"Type":"Tenant","Identity":"All"}]}]'; EnforcementPlanes = @('CopilotExperiences'); ExchangeLocation = @() }
                [pscustomobject]@{ Name = 'Copilot - pilot'; Identity = 'Copilot - pilot'; Guid = [guid]'0d1c0000-0000-4000-8000-000000000002'; Mode = 'TestWithNotifications'; Enabled = $true; Workload = 'Applications'
                    Locations = '[{"Workload":"Applications","Location":"470f2276-e011-4e9d-a6ec-20768be3a4b0","Inclusions":[{"Type":"Tenant","Identity":"All"}]}]'; EnforcementPlanes = @('CopilotExperiences'); ExchangeLocation = @() }
            }
            'Get-DlpComplianceRule'            = {
                [pscustomobject]@{ Name = 'Copilot - confidential - block'; ParentPolicyName = 'Copilot - confidential'; Policy = [guid]'0d1c0000-0000-4000-8000-000000000001'; Disabled = $false; Mode = 'Enable' }
            }
            'Get-AppRetentionCompliancePolicy' = {
                [pscustomobject]@{ Name = 'Copilot interactions'; Identity = 'Copilot interactions'; Guid = [guid]'0d1c0000-0000-4000-8000-000000000003'; Enabled = $true; Applications = @('User:M365Copilot'); ExchangeLocation = @('All') }
            }
            'Get-InsiderRiskPolicy'            = {
                [pscustomobject]@{ Name = 'IRM_Tenant_Setting_6f1c2a3b'; InsiderRiskScenario = 'TenantSetting'; Enabled = $true }
            }
            # A rule names its policy by GUID; RuleXml comes only with -IncludeRuleXml, as with the real cmdlet.
            'Get-SupervisoryReviewPolicyV2'    = {
                [pscustomobject]@{ Name = 'Copilot interactions'; Identity = 'Copilot interactions'; Guid = [guid]'5c0c0000-0000-4000-8000-000000000001'; Enabled = $true; Reviewers = @('reviewers@contoso.com') }
            }
            'Get-SupervisoryReviewRule'        = {
                param([switch] $IncludeRuleXml)
                [pscustomobject]@{ Name = 'Copilot interactions rule'; Policy = [guid]'5c0c0000-0000-4000-8000-000000000001'; SamplingRate = 100
                    RuleXml = if ($IncludeRuleXml) { '<rule name="Copilot interactions rule"><value>IPM.SkypeTeams.Message.Copilot.BizChat</value></rule>' } else { $null } }
            }
            # -FeatureScenario is mandatory; ScenarioConfig is JSON text.
            'Get-FeatureConfiguration'         = {
                param([Parameter(Mandatory)] [string] $FeatureScenario)
                if ($FeatureScenario -eq 'KnowYourData') {
                    [pscustomobject]@{ Name = 'AI interactions'; Identity = 'AI interactions'; Mode = 'Enable'; ScenarioConfig = '{"Activities":["UploadText"],"EnforcementPlanes":["CopilotExperiences"],"IsIngestionEnabled":true}' }
                }
            }
        }

        # Connect-ExchangeOnline and Connect-IPPSSession each import their cmdlets as a temporary module that
        # Get-ConnectionInformation names (IsEopSession true for Security & Compliance). Both hold Get-AdminAuditLogConfig;
        # the Security & Compliance copy, imported last, shadows the other and always reads False.
        $script:Connections = @{
            Exo = [pscustomobject]@{ Name = 'ExchangeOnline_1'; State = 'Connected'; IsEopSession = $false; ModulePrefix = ''; ModuleName = (Join-Path ([IO.Path]::GetTempPath()) 'tmpEXO_ztaitest.exo') }
            Scc = [pscustomobject]@{ Name = 'ExchangeOnlineProtection_2'; State = 'Connected'; IsEopSession = $true; ModulePrefix = ''; ModuleName = (Join-Path ([IO.Path]::GetTempPath()) 'tmpEXO_ztaitest.scc') }
        }
        function script:Import-SessionModule([string] $Name, [bool] $Ingestion) {
            $module = New-Module -Name $Name -ArgumentList $Ingestion -ScriptBlock {
                param($Ingestion)
                function Get-AdminAuditLogConfig { [pscustomobject]@{ Name = 'Admin Audit Log Settings'; UnifiedAuditLogIngestionEnabled = $Ingestion } }
                Export-ModuleMember -Function Get-AdminAuditLogConfig
            }
            Import-Module -ModuleInfo $module -Global -Force
        }
        function script:Remove-SessionStandIns {
            foreach ($name in @($StandIns.Keys) + 'Get-ConnectionInformation') { Remove-Item -Path "Function:\$name" -ErrorAction SilentlyContinue }
            Remove-Module -Name tmpEXO_ztaitest.exo, tmpEXO_ztaitest.scc -ErrorAction SilentlyContinue
        }
    }

    AfterAll {
        Remove-SessionStandIns
        if ($Emulator) { Stop-Emulator $Emulator }
        Disconnect-ZtaiTenant
    }

    It 'saves each Purview cmdlet''s output under purview/ and the Purview controls evaluate it' {
        foreach ($name in $StandIns.Keys) { Set-Item -LiteralPath "function:global:$name" -Value $StandIns[$name] }
        $both = @($Connections.Exo, $Connections.Scc)
        Set-Item -LiteralPath function:global:Get-ConnectionInformation -Value { $both }.GetNewClosure()
        Import-SessionModule tmpEXO_ztaitest.exo $true
        Import-SessionModule tmpEXO_ztaitest.scc $false
        try {
            (Get-AdminAuditLogConfig).UnifiedAuditLogIngestionEnabled | Should -BeFalse -Because 'by name the Security & Compliance copy answers'

            Connect-Emulator $Emulator
            $folder = Join-Path $TestDrive 'with-purview'
            Save-ZtaiSnapshot -Path $folder -Pillar AI -IncludePurview -WarningAction SilentlyContinue -ErrorVariable failures | Out-Null
            $failures | Should -BeNullOrEmpty
            foreach ($name in $StandIns.Keys) { Join-Path $folder 'purview' "$name.json" | Should -Exist }
            $manifest = Get-Content -Raw (Join-Path $folder 'manifest.json') | ConvertFrom-Json
            $manifest.collections.'purview/Get-DlpCompliancePolicy'.status | Should -Be 'complete'
            $manifest.collections.'purview/Get-DlpCompliancePolicy'.count | Should -Be 2
            $manifest.collections.'graph/servicePrincipals'.status | Should -Be 'complete'

            $dlp = @(Get-ZtaiAssessment -Snapshot $folder -ControlId ZTAI-DATA-120)
            ($dlp | Where-Object ResourceName -eq 'Copilot - confidential').Status | Should -Be 'Pass'
            ($dlp | Where-Object ResourceName -eq 'Copilot - pilot').Status | Should -Be 'Fail'
            (Get-ZtaiAssessment -Snapshot $folder -ControlId ZTAI-DATA-121).Status | Should -Be 'Pass'
            # Only the tenant-settings object: no risky AI usage policy.
            (Get-ZtaiAssessment -Snapshot $folder -ControlId ZTAI-DATA-122).Status | Should -Be 'Fail'

            # The parameters reached the cmdlets: RuleXml saved (-IncludeRuleXml), collection policies returned (-FeatureScenario).
            (Get-Content -Raw (Join-Path $folder 'purview' 'Get-SupervisoryReviewRule.json') | ConvertFrom-Json).RuleXml | Should -Match 'Copilot'
            (Get-ZtaiAssessment -Snapshot $folder -ControlId ZTAI-DATA-140).Status | Should -Be 'Pass'
            (Get-ZtaiAssessment -Snapshot $folder -ControlId ZTAI-DATA-143).Status | Should -Be 'Pass'
            # Read from the Exchange Online module, not the shadowing Security & Compliance copy that reads False.
            $manifest.collections.'purview/Get-AdminAuditLogConfig'.status | Should -Be 'complete'
            (Get-ZtaiAssessment -Snapshot $folder -ControlId ZTAI-DATA-142).Status | Should -Be 'Pass'
        }
        finally {
            Remove-SessionStandIns
        }
    }

    It 'with only a Security & Compliance session skips Get-AdminAuditLogConfig rather than read its always-False copy' {
        foreach ($name in $StandIns.Keys) { Set-Item -LiteralPath "function:global:$name" -Value $StandIns[$name] }
        $scc = @($Connections.Scc)
        Set-Item -LiteralPath function:global:Get-ConnectionInformation -Value { $scc }.GetNewClosure()
        Import-SessionModule tmpEXO_ztaitest.scc $false
        try {
            Connect-Emulator $Emulator
            $folder = Join-Path $TestDrive 'scc-only'
            Save-ZtaiSnapshot -Path $folder -Pillar AI -IncludePurview -WarningAction SilentlyContinue -ErrorVariable failures -ErrorAction SilentlyContinue | Out-Null
            @($failures).Count | Should -Be 1
            "$($failures[0])" | Should -Match 'Get-AdminAuditLogConfig'
            "$($failures[0])" | Should -Match 'Connect-ExchangeOnline'
            Join-Path $folder 'purview' 'Get-AdminAuditLogConfig.json' | Should -Not -Exist
            Join-Path $folder 'purview' 'Get-DlpCompliancePolicy.json' | Should -Exist
            $manifest = Get-Content -Raw (Join-Path $folder 'manifest.json') | ConvertFrom-Json
            $manifest.collections.'purview/Get-AdminAuditLogConfig'.status | Should -Be 'skipped'
            $manifest.collections.'purview/Get-AdminAuditLogConfig'.error | Should -Match 'always reads False'

            $result = Get-ZtaiAssessment -Snapshot $folder -ControlId ZTAI-DATA-142
            $result.Status | Should -Be 'Skipped'
            $result.Reason | Should -Match 'Connect-ExchangeOnline'
        }
        finally {
            Remove-SessionStandIns
        }
    }

    It 'without a Security & Compliance session writes one PurviewSessionNotFound error, keeps the snapshot, and the controls are Skipped naming the cmdlet' {
        Connect-Emulator $Emulator
        Get-Command Get-DlpCompliancePolicy -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $folder = Join-Path $TestDrive 'without-purview'
        $summary = Save-ZtaiSnapshot -Path $folder -Pillar AI -IncludePurview -WarningAction SilentlyContinue -ErrorVariable failures -ErrorAction SilentlyContinue
        $summary.Path | Should -Be $folder
        @($failures).Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be (Get-ZtaiErrorId 'PurviewSessionNotFound' 'Save-ZtaiSnapshot')
        $failures[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        "$($failures[0])" | Should -Match 'Connect-IPPSSession'
        Join-Path $folder 'graph' 'servicePrincipals.1.json' | Should -Exist
        Join-Path $folder 'purview' | Should -Not -Exist

        $result = Get-ZtaiAssessment -Snapshot $folder -ControlId ZTAI-DATA-120
        $result.Status | Should -Be 'Skipped'
        $result.Reason | Should -Match 'Get-DlpCompliancePolicy'
        $result.Reason | Should -Match 'Connect-IPPSSession'
    }
}
