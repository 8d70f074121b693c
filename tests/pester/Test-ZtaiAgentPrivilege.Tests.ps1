BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    # Works against the staged module (-Sample) and against a bare build, where the sample is passed by path.
    $script:Sample = if (Test-Path -LiteralPath (Join-Path $SamplePath 'graph')) { $SamplePath } else { Join-Path $RepoRoot 'module' 'SampleTenant' }
    $script:ErrorIdPrefix = 'AgentNotFound,ZeroTrustAI.PowerShell.Commands.TestZtaiAgentPrivilegeCommand'
}

Describe 'Test-ZtaiAgentPrivilege' {
    Context 'declaration' {
        It 'declares its output type and parameter sets' {
            $command = Get-Command Test-ZtaiAgentPrivilege
            $command.OutputType.Type | Should -Contain ([ZeroTrustAI.Engine.Agents.AgentPrivilege])
            $command.OutputType.Type | Should -Contain ([ZeroTrustAI.Engine.Agents.UnusedPrivilege])
            $command.Parameters['WindowDays'].Attributes.Where({ $_ -is [ValidateRange] }).MaxRange | Should -Be 3650
            ($command.ParameterSets.Name | Sort-Object) -join ',' | Should -Be 'InputObject,Sample,Snapshot'
            $command.Parameters['Identity'].Aliases | Should -Be @('Id', 'ObjectId', 'AppId')
            $command.Parameters['Snapshot'].Aliases | Should -Contain 'Path'
        }
    }

    Context 'all agents' {
        BeforeAll {
            $script:All = @(Test-ZtaiAgentPrivilege -Snapshot $Sample)
        }

        It 'returns AgentPrivilege objects for agents of every kind' {
            $All.Count | Should -BeGreaterThan 10
            $All | ForEach-Object { $_ | Should -BeOfType ([ZeroTrustAI.Engine.Agents.AgentPrivilege]) }
            $All.Kind | ForEach-Object ToString | Sort-Object -Unique | Should -Be @('AgentIdentity', 'AgentUser', 'ManagedIdentity', 'ServicePrincipal')
            $All.DisplayName | Should -Not -Contain 'Microsoft Graph'
        }

        It 'gives <Name> tier <Tier>' -ForEach @(
            @{ Name = 'Contoso Ops Automation Agent'; Tier = 0 }
            @{ Name = 'Contoso IT Helpdesk Agent'; Tier = 0 }
            @{ Name = 'Contoso Mail Triage Agent'; Tier = 1 }
            @{ Name = 'Contoso Sales Assistant'; Tier = 1 }
            @{ Name = 'Contoso HR Onboarding Agent'; Tier = 1 }
            @{ Name = 'Contoso Benefits Bot (Copilot Studio)'; Tier = 2 }
        ) {
            ($All | Where-Object DisplayName -eq $Name).PrivilegeTier | Should -Be $Tier
        }

        It 'prints the double agents as readable paths, one of them through two ownership hops' {
            $paths = @($All | Where-Object PrivilegeTier -eq 0 | Select-Object -ExpandProperty Paths)
            $paths | ForEach-Object { $_ | Should -BeOfType ([ZeroTrustAI.Engine.Agents.PrivilegePath]) }
            $text = ($paths | Format-Table | Out-String -Width 400)
            $text | Should -Match "agent '[^']+' -owns-> app '[^']+' -owns-> app '[^']+' -holds-> [^=]+ => tenant takeover"
            ($paths | Where-Object Hops -ge 2).Count | Should -BeGreaterThan 0
        }

        It 'gives every path a permission, its tier and what it allows' {
            $All | Select-Object -ExpandProperty Paths | ForEach-Object {
                $_.Tier | Should -BeLessOrEqual 1
                $_.Consequence | Should -Not -BeNullOrEmpty
                $_.Edges[-1].ToName | Should -Be $_.Permission.Describe()
            }
        }

        It 'names the permission that makes the double agent tier 0' {
            $double = $All | Where-Object DisplayName -eq 'Contoso Ops Automation Agent'
            ($double.Permissions | Where-Object Tier -eq 0).Name | Should -Be 'RoleManagement.ReadWrite.Directory'
        }
    }

    Context 'identities' {
        It 'binds ids, appIds and names from the pipeline and reports each agent once' {
            $sales = Test-ZtaiAgentPrivilege -Snapshot $Sample -Identity 'Contoso Sales Assistant'
            $result = @($sales.Id, $sales.AppId, 'contoso sales assistant', 'Contoso Research Agent' | Test-ZtaiAgentPrivilege -Snapshot $Sample)
            $result.DisplayName | Should -Be @('Contoso Sales Assistant', 'Contoso Research Agent')
        }

        It 'binds service principal objects by their Id property' {
            $servicePrincipals = @(
                [pscustomobject]@{ Id = '5a1f0000-0000-4000-8000-00000000a003'; DisplayName = 'srch-contoso-rag' }
                [pscustomobject]@{ ObjectId = '5a1f0000-0000-4000-8000-00000000a002' }
            )
            $result = @($servicePrincipals | Test-ZtaiAgentPrivilege -Snapshot $Sample)
            $result.Id | Should -Be @('5a1f0000-0000-4000-8000-00000000a003', '5a1f0000-0000-4000-8000-00000000a002')
            $result[0].Kind | Should -Be 'ManagedIdentity'
        }

        It 'accepts its own output back on the pipeline' {
            $first = Test-ZtaiAgentPrivilege -Snapshot $Sample -Identity 'Contoso IT Helpdesk Agent'
            ($first | Test-ZtaiAgentPrivilege -Snapshot $Sample).Id | Should -Be $first.Id
        }

        It 'writes a non-terminating AgentNotFound error for an unknown identity and goes on' {
            $result = @('no-such-agent', 'Contoso Intranet', 'Contoso HR Onboarding Agent' |
                Test-ZtaiAgentPrivilege -Snapshot $Sample -ErrorVariable notFound -ErrorAction SilentlyContinue)
            $result.DisplayName | Should -Be 'Contoso HR Onboarding Agent'
            $notFound.Count | Should -Be 2
            $notFound | ForEach-Object {
                $_.FullyQualifiedErrorId | Should -Be $ErrorIdPrefix
                $_.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            }
            $notFound[0].TargetObject | Should -Be 'no-such-agent'
            $notFound[1].Exception.Message | Should -BeLike '*service principal*not an agent*'
        }
    }

    Context 'the bundled sample' {
        It 'reads the bundled sample with -Sample' {
            if (-not (Test-Path -LiteralPath (Join-Path $SamplePath 'graph'))) {
                Set-ItResult -Skipped -Because 'the module under test has no SampleTenant folder beside it'
                return
            }
            (Test-ZtaiAgentPrivilege -Sample -Identity 'Contoso Ops Automation Agent').PrivilegeTier | Should -Be 0
        }
    }

    Context '-ThrottleLimit' {
        It 'lists the same agents with the same privileges analysing one at a time and <_> at once' -ForEach @(2, 8) {
            $line = { '{0}|{1}|{2}|{3}' -f $_.Id, $_.PrivilegeTier, ($_.Permissions.Name -join ','), ($_.Paths | ForEach-Object { "$_" }) -join ';' }
            $one = @(Test-ZtaiAgentPrivilege -Sample -ThrottleLimit 1 | ForEach-Object $line)
            $many = @(Test-ZtaiAgentPrivilege -Sample -ThrottleLimit $_ | ForEach-Object $line)
            $one.Count | Should -BeGreaterThan 1
            ($many -join "`n") | Should -BeExactly ($one -join "`n")
        }

        It 'refuses a limit of <_>' -ForEach @(0, 65) {
            { Test-ZtaiAgentPrivilege -Sample -ThrottleLimit $_ } | Should -Throw -ErrorId 'ParameterArgumentValidationError,ZeroTrustAI.PowerShell.Commands.TestZtaiAgentPrivilegeCommand'
        }
    }

    Context 'depth and tiers' {
        It 'follows no identity with -MaxDepth 0, so a multi-hop double agent falls back to what it holds itself' {
            $deep = Test-ZtaiAgentPrivilege -Snapshot $Sample -Identity 'Contoso Release Notes Agent'
            $shallow = Test-ZtaiAgentPrivilege -Snapshot $Sample -Identity 'Contoso Release Notes Agent' -MaxDepth 0
            $deep.PrivilegeTier | Should -Be 0
            $shallow.Paths.Count | Should -Be 0
            $shallow.MaxDepth | Should -Be 0
            $shallow.PrivilegeTier | Should -BeGreaterThan $deep.PrivilegeTier
        }

        It 'rates permissions from a -TierTable file over the built-in table' {
            $file = Join-Path $TestDrive 'tiers.json'
            '{ "graphApplicationPermissions": [ { "name": "Mail.Read", "tier": 0 } ] }' | Set-Content -LiteralPath $file
            (Test-ZtaiAgentPrivilege -Snapshot $Sample -Identity 'Contoso Mail Triage Agent' -TierTable $file).PrivilegeTier | Should -Be 0
            (Test-ZtaiAgentPrivilege -Snapshot $Sample -Identity 'Contoso Mail Triage Agent').PrivilegeTier | Should -Be 1
        }

        It 'ends with TierTableInvalid for a table that does not parse' {
            $file = Join-Path $TestDrive 'broken.json'
            '{ "entraRoles": [ { "name": "x", "tier": 7 } ] }' | Set-Content -LiteralPath $file
            { Test-ZtaiAgentPrivilege -Snapshot $Sample -TierTable $file -ErrorAction Stop } | Should -Throw -ErrorId 'TierTableInvalid,*'
        }
    }

    Context 'behaviour' {
        BeforeAll {
            # The dormant-privilege fixture: collected 2026-11-20, a tier-0 agent last signed in 120 days before.
            $script:Dormant = Join-Path $RepoRoot 'tests' 'ZeroTrustAI.Engine.Tests' 'Fixtures' 'Controls' 'ZTAI-AI-201'
        }

        It 'shows risk and last sign-in on each identity, relative to collectedAt' {
            $agent = Test-ZtaiAgentPrivilege -Snapshot $Dormant -Identity 'agent-dormant-tier0'
            $agent.Activity.SignInDataAvailable | Should -BeTrue
            $agent.Activity.DaysSinceLastSignIn | Should -Be 120
            $agent.Activity.LastApplicationSignIn.UtcDateTime.ToString('yyyy-MM-dd') | Should -Be '2026-07-23'
            $agent.Activity.UseOf($agent.Permissions[0]) | Should -Be 'NotInUse'
            $sample = Test-ZtaiAgentPrivilege -Snapshot $Sample -Identity 'Contoso Ops Automation Agent'
            $sample.Activity.RiskLevel | Should -Be 'high'
            ($sample | Format-Table | Out-String -Width 250) | Should -Match 'high'
        }

        It 'lists with -Unused the privilege held but not exercised in the window' {
            $unused = @(Test-ZtaiAgentPrivilege -Snapshot $Dormant -Unused)
            $unused | ForEach-Object { $_ | Should -BeOfType ([ZeroTrustAI.Engine.Agents.UnusedPrivilege]) }
            # (Not named $dormant: PowerShell names ignore case, and that would hide the fixture path $Dormant.)
            $idle = @($unused | Where-Object DisplayName -EQ 'agent-dormant-tier0')
            $idle.Permission.Name | Should -Be 'RoleManagement.ReadWrite.Directory'
            $idle.Tier | Should -Be 0
            $unused.DisplayName | Should -Not -Contain 'agent-active-tier0'
            # Signing in delegated does not exercise an application permission: its Mail.Read (app-only) stays unused.
            @($unused | Where-Object DisplayName -EQ 'agent-delegated-active-tier1').Permission.Name | Should -Contain 'Mail.Read'
            # A wider window takes the 120-day-old sign-in as use.
            @(Test-ZtaiAgentPrivilege -Snapshot $Dormant -Unused -WindowDays 150).DisplayName | Should -Not -Contain 'agent-dormant-tier0'
        }

        It 'lists nothing as unused without sign-in data, and warns once' {
            $none = @(Test-ZtaiAgentPrivilege -Snapshot (Join-Path $RepoRoot 'tests' 'ZeroTrustAI.Engine.Tests' 'Fixtures' 'Controls' 'ZTAI-AI-204') -Unused -WarningVariable warnings -WarningAction SilentlyContinue)
            $none.Count | Should -Be 0
            @($warnings).Count | Should -Be 1
            "$warnings" | Should -BeLike '*sign-in activity*'
        }
    }

    Context 'errors' {
        It 'ends with a terminating error for a missing snapshot' {
            { Test-ZtaiAgentPrivilege -Snapshot (Join-Path $TestDrive 'missing') -ErrorAction Stop } | Should -Throw
        }
    }
}
