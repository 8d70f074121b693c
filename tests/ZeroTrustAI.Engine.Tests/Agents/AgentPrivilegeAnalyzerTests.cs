using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Snapshot;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Agents;

public class AgentPrivilegeAnalyzerTests
{
    private const string GraphSp = """
        { "id": "g1", "appId": "00000003-0000-0000-c000-000000000000", "displayName": "Microsoft Graph",
          "appRoles": [ { "id": "810c84a8-4a9e-49e6-bf7d-12d183f40d01", "value": "Mail.Read" },
                        { "id": "aaaaaaaa-0000-4000-8000-000000000001", "value": "Tenant.Specific.Role" } ] }
        """;


    private static AgentPrivilege AnalyzeOne(TenantSnapshot snapshot, string identity)
    {
        var agent = Assert.Single(AgentPrivilegeAnalyzer.FindAgents(snapshot, identity));
        return AgentPrivilegeAnalyzer.Analyze(snapshot, agent);
    }

    [Fact]
    public void ResolvesAppRolesThroughResourceAppRoles_AndFallsBackToTheBuiltInTable()
    {
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.json", $$"""
                [ {{GraphSp}},
                  { "id": "a1", "appId": "app-1", "displayName": "agent-one", "tags": ["AgenticApp"],
                    "appRoleAssignments": [ { "id": "x1", "resourceId": "g1", "appRoleId": "810c84a8-4a9e-49e6-bf7d-12d183f40d01" },
                                            { "id": "x2", "resourceId": "g1", "appRoleId": "aaaaaaaa-0000-4000-8000-000000000001" },
                                            { "id": "x3", "resourceId": "not-collected", "appRoleId": "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8" } ] } ]
                """);
        var privilege = AnalyzeOne(temp.Read(), "agent-one");

        Assert.Equal(AgentKind.ServicePrincipal, privilege.Kind);
        Assert.Equal(0, privilege.PrivilegeTier);
        Assert.Contains(privilege.Permissions, p => p.Name == "Mail.Read" && p.Tier == 1 && p.Resource == "Microsoft Graph");
        Assert.Contains(privilege.Permissions, p => p.Name == "Tenant.Specific.Role" && p.Tier == null); // not rated: unknown, not harmless
        Assert.Contains(privilege.Permissions, p => p.Name == "RoleManagement.ReadWrite.Directory" && p.Tier == 0 && p.Resource == "Microsoft Graph");
        Assert.Equal(["RoleManagement.ReadWrite.Directory", "Mail.Read"], privilege.Paths.Select(p => p.Permission.Name));
        Assert.All(privilege.Paths, p => Assert.Single(p.Edges));
    }

    [Fact]
    public void CollectsDelegatedScopesDirectoryRolesAndAzureRoles()
    {
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.json", $"[ {GraphSp} ]")
            .With("graph/servicePrincipals.microsoft.graph.agentIdentity.json", """[ { "@odata.type": "#microsoft.graph.agentIdentity", "id": "ag1", "displayName": "Ops Agent" } ]""")
            .With("graph/oauth2PermissionGrants.json", """[ { "id": "gr1", "clientId": "ag1", "consentType": "AllPrincipals", "resourceId": "g1", "scope": "User.Read Mail.Send" } ]""")
            .With("graph/roleManagement.directory.roleAssignments.json", """[ { "principalId": "ag1", "roleDefinitionId": "88d8e3e3-8f55-4a1e-953a-9b9898b8876b", "directoryScopeId": "/" } ]""")
            .With("graph/roleManagement.directory.roleEligibilityScheduleInstances.json", """[ { "principalId": "ag1", "roleDefinitionId": "194ae4cb-b126-40b2-bd5b-6091b380977d", "directoryScopeId": "/administrativeUnits/au1" } ]""")
            .With("arm/roleAssignments.json", """
                [ { "id": "/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.Authorization/roleAssignments/r1", "type": "Microsoft.Authorization/roleAssignments", "name": "r1",
                    "properties": { "principalId": "ag1", "roleDefinitionId": "/subscriptions/s1/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c" } },
                  { "id": "/subscriptions/s1/providers/Microsoft.Authorization/roleAssignments/r2", "type": "Microsoft.Authorization/roleAssignments", "name": "r2",
                    "properties": { "principalId": "AG1", "roleDefinitionId": "/providers/Microsoft.Authorization/roleDefinitions/18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", "scope": "/subscriptions/s1" } } ]
                """);
        var privilege = AnalyzeOne(temp.Read(), "ops agent");

        Assert.Equal(AgentKind.AgentIdentity, privilege.Kind);
        Assert.Contains(privilege.Permissions, p => p.Kind == PermissionKind.DelegatedScope && p.Name == "Mail.Send" && p.AllPrincipals && p.Tier == 1);
        Assert.Contains(privilege.Permissions, p => p.Kind == PermissionKind.DelegatedScope && p.Name == "User.Read" && p.Tier == 2);
        Assert.Contains(privilege.Permissions, p => p.Kind == PermissionKind.DirectoryRole && p.Name == "Directory Readers" && !p.IsEligible && p.Tier == 2);
        Assert.Contains(privilege.Permissions, p => p.Kind == PermissionKind.DirectoryRole && p.Name == "Security Administrator" && p.IsEligible && p.Scope == "/administrativeUnits/au1");
        Assert.Contains(privilege.Permissions, p => p.Kind == PermissionKind.AzureRole && p.Name == "Contributor" && p.Tier == 1 && p.Scope == "/subscriptions/s1/resourceGroups/rg1");
        Assert.Contains(privilege.Permissions, p => p.Kind == PermissionKind.AzureRole && p.Name == "User Access Administrator" && p.Tier == 0);
        Assert.Equal(0, privilege.PrivilegeTier);
    }

    [Fact]
    public void A_delegated_scope_carries_its_grant_id_and_the_fix_removes_that_grant_once()
    {
        const string GrantId = "xmyQHHlRoEqFNCP-Q1xd_AAAfgsAAABAgAAAAAAA8AE";
        // Two resources with one name: their grants' scopes stay apart by grant, not by the names they print.
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.json", $$"""[ {{GraphSp}}, { "id": "g2", "appId": "app-g2", "displayName": "Microsoft Graph" } ]""")
            .With("graph/servicePrincipals.microsoft.graph.agentIdentity.json", """[ { "@odata.type": "#microsoft.graph.agentIdentity", "id": "ag1", "displayName": "Ops Agent" } ]""")
            .With("graph/oauth2PermissionGrants.json", $$"""
                [ { "id": "{{GrantId}}", "clientId": "ag1", "consentType": "AllPrincipals", "resourceId": "g1", "scope": "User.Read Mail.Send" },
                  { "id": "gr2", "clientId": "ag1", "consentType": "AllPrincipals", "resourceId": "g2", "scope": "Mail.Send" } ]
                """);
        var snapshot = temp.Read();
        var agent = Assert.Single(AgentPrivilegeAnalyzer.FindAgents(snapshot, "ops agent"));
        var privilege = AgentPrivilegeAnalyzer.Analyze(snapshot, agent);

        var delegated = privilege.Permissions.Where(p => p.Kind == PermissionKind.DelegatedScope).ToList();
        Assert.Equal(["User.Read|" + GrantId, "Mail.Send|" + GrantId, "Mail.Send|gr2"], delegated.Select(p => p.Name + "|" + p.Id));

        var fix = ZeroTrustAI.Engine.Controls.AI.BehaviourFindings.RemovePrivilege(snapshot, agent, delegated).Script;
        Assert.Single(fix.Split('\n'), line => line.Contains($"-OAuth2PermissionGrantId '{GrantId}'", StringComparison.Ordinal));
        Assert.Contains("-OAuth2PermissionGrantId 'gr2'", fix, StringComparison.Ordinal);
        Assert.DoesNotContain("|", fix, StringComparison.Ordinal);
    }

    [Fact]
    public void DetectsAiManagedIdentitiesByArmPrincipalId()
    {
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.json", """[ { "id": "mi1", "displayName": "srch-x", "servicePrincipalType": "ManagedIdentity", "alternativeNames": [] }, { "id": "mi2", "displayName": "vm-x", "servicePrincipalType": "ManagedIdentity" } ]""")
            .With("arm/search.json", """[ { "id": "/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.Search/searchServices/srch-x", "type": "Microsoft.Search/searchServices", "name": "srch-x", "identity": { "type": "SystemAssigned", "principalId": "mi1" } } ]""");
        var snapshot = temp.Read();

        var privilege = AnalyzeOne(snapshot, "mi1");
        Assert.Equal(AgentKind.ManagedIdentity, privilege.Kind);
        Assert.Equal(2, privilege.PrivilegeTier);
        Assert.Empty(AgentPrivilegeAnalyzer.FindAgents(snapshot, "vm-x"));
    }

    [Theory]
    [InlineData("Contoso Ops Automation Agent", 0)] // RoleManagement.ReadWrite.Directory: the double agent
    [InlineData("Contoso IT Helpdesk Agent", 0)] // Global Administrator
    [InlineData("Contoso Mail Triage Agent", 1)] // Mail.Read
    [InlineData("Contoso Sales Assistant", 1)] // Files.ReadWrite.All, Mail.Send
    [InlineData("Contoso Support Copilot", 1)] // tenant-wide Mail.ReadWrite consent
    [InlineData("Contoso HR Onboarding Agent", 1)] // Group.Read.All (azure-tiering tier 1)
    [InlineData("Contoso Research Agent", 1)] // Sites.Selected (azure-tiering tier 1)
    [InlineData("Contoso Knowledge Bot", 1)] // Sites.Selected
    [InlineData("Contoso Benefits Bot (Copilot Studio)", 2)] // openid, profile, User.Read delegated
    public void SampleTenant_NamedAgentsHaveTheExpectedTier(string displayName, int tier)
    {
        Assert.Equal(tier, AnalyzeOne(Fixtures.Sample, displayName).PrivilegeTier);
    }

    [Fact]
    public void SampleTenant_FindsAgentsOfEveryKind_ByIdAppIdAndName()
    {
        var all = AgentPrivilegeAnalyzer.AnalyzeAll(Fixtures.Sample);

        Assert.Contains(all, a => a.Kind == AgentKind.AgentIdentity && a.DisplayName == "Contoso Agent Platform Blueprint");
        Assert.Contains(all, a => a.Kind == AgentKind.ServicePrincipal && a.DisplayName == "Contoso Benefits Bot (Copilot Studio)");
        Assert.Contains(all, a => a.Kind == AgentKind.ManagedIdentity && a.Id == "5a1f0000-0000-4000-8000-00000000a001");
        Assert.DoesNotContain(all, a => a.DisplayName == "Microsoft Graph" || a.DisplayName == "Contoso Intranet");

        var sales = all.Single(a => a.DisplayName == "Contoso Sales Assistant");
        Assert.Equal(sales.Id, Assert.Single(AgentPrivilegeAnalyzer.FindAgents(Fixtures.Sample, sales.AppId!)).Id);
        Assert.Equal(sales.Id, Assert.Single(AgentPrivilegeAnalyzer.FindAgents(Fixtures.Sample, sales.Id.ToUpperInvariant())).Id);
        Assert.Empty(AgentPrivilegeAnalyzer.FindAgents(Fixtures.Sample, "Contoso Intranet"));
    }

    /// <summary>Everything an analysis shows, as values: two analyses are equal when these are.</summary>
    private static string Describe(AgentPrivilege a) => string.Join("\n", new[]
        {
            $"{a.Id}|{a.DisplayName}|{a.AppId}|{a.Kind}|{a.PrivilegeTier}|{a.MaxDepth}|{a.ParentId}|{a.ParentName}|{a.HasUnratedPermissions}",
            string.Join("|", a.BlastRadius.DataStores), string.Join("|", a.BlastRadius.Subscriptions),
            string.Join("|", a.BlastRadius.Tier0Capabilities), string.Join("|", a.BlastRadius.OutsideSignIns),
        }
        .Concat(a.Permissions.Select(p => $"{p.Kind}|{p.Name}|{p.Resource}|{p.Id}|{p.Tier}|{p.Scope}|{p.AllPrincipals}|{p.IsEligible}|{p.Via}|{string.Join(" ", p.ReachedBy)}"))
        .Concat(a.Paths.Select(p => $"{p}|{p.Tier}|{p.Consequence}")));

    [Fact]
    public void AnalyzeEach_gives_the_same_privileges_as_AnalyzeAll_in_the_same_order()
    {
        var snapshot = SnapshotReader.Read(Fixtures.SampleTenant);

        var streamed = AgentPrivilegeAnalyzer.AnalyzeEach(snapshot).Select(Describe).ToList();

        Assert.NotEmpty(streamed);
        Assert.Equal(AgentPrivilegeAnalyzer.AnalyzeAll(snapshot).Select(Describe), streamed);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void Agents_analysed_on_several_threads_come_in_order_with_the_values_of_one_thread(int parallelism)
    {
        // A fresh snapshot, so workers walk while the graph's memos fill; the list repeats the identities past one batch.
        var snapshot = SnapshotReader.Read(Fixtures.SampleTenant);
        var identities = AgentPrivilegeAnalyzer.Identities(snapshot);
        var agents = Enumerable.Range(0, 12).SelectMany(_ => identities).ToList();

        var parallel = AgentPrivilegeAnalyzer.AnalyzeEach(snapshot, agents, AgentPrivilegeAnalyzer.DefaultMaxDepth, null, parallelism).Select(Describe).ToList();
        var sequential = AgentPrivilegeAnalyzer.AnalyzeEach(snapshot, agents, AgentPrivilegeAnalyzer.DefaultMaxDepth, null, 1).Select(Describe).ToList();

        Assert.True(agents.Count > 128, "the list must span several batches");
        Assert.Equal(agents.Select(a => a.Id), parallel.Select(d => d.Substring(0, d.IndexOf('|'))));
        Assert.Equal(sequential, parallel);
    }

    [Fact]
    public void Analysing_on_several_threads_stops_when_cancelled()
    {
        var snapshot = SnapshotReader.Read(Fixtures.SampleTenant);
        var agents = Enumerable.Range(0, 50).SelectMany(_ => AgentPrivilegeAnalyzer.Identities(snapshot)).ToList();
        using var cancellation = new CancellationTokenSource();
        var read = 0;

        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var _ in AgentPrivilegeAnalyzer.AnalyzeEach(snapshot, agents, AgentPrivilegeAnalyzer.DefaultMaxDepth, null, 3, cancellation.Token))
            {
                if (++read == 100)
                {
                    cancellation.Cancel();
                }
            }
        });
        Assert.True(read < agents.Count);
    }

    [Fact]
    public void Each_analysis_of_an_agent_is_made_anew_with_equal_values_and_a_direct_permission_has_one_edge_from_the_agent()
    {
        var snapshot = SnapshotReader.Read(Fixtures.SampleTenant);

        foreach (var agent in AgentPrivilegeAnalyzer.Identities(snapshot))
        {
            var first = AgentPrivilegeAnalyzer.Analyze(snapshot, agent);
            var second = AgentPrivilegeAnalyzer.Analyze(snapshot, agent);

            Assert.NotSame(first, second);
            Assert.Equal(Describe(first), Describe(second));
            Assert.All(first.Permissions.Where(p => p.IsDirect), p => Assert.Equal(agent.Id, Assert.Single(p.ReachedBy).FromId));
        }
    }

    [Fact]
    public void Holders_of_the_same_application_permission_get_equal_entries_and_PermissionsOf_gives_them_without_a_route()
    {
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.json", $$"""
                [ {{GraphSp}},
                  { "id": "a1", "appId": "app-1", "displayName": "agent-one", "tags": ["AgenticApp"],
                    "appRoleAssignments": [ { "id": "x1", "resourceId": "g1", "appRoleId": "810c84a8-4a9e-49e6-bf7d-12d183f40d01" } ] },
                  { "id": "a2", "appId": "app-2", "displayName": "agent-two", "tags": ["AgenticApp"],
                    "appRoleAssignments": [ { "id": "x2", "resourceId": "g1", "appRoleId": "810c84a8-4a9e-49e6-bf7d-12d183f40d01" } ] } ]
                """);
        var snapshot = temp.Read();

        var one = Assert.Single(AnalyzeOne(snapshot, "agent-one").Permissions);
        var two = Assert.Single(AnalyzeOne(snapshot, "agent-two").Permissions);

        Assert.Equal(("Mail.Read", "Microsoft Graph"), (one.Name, one.Resource));
        Assert.Equal((one.Name, one.Resource, one.Id, one.Tier), (two.Name, two.Resource, two.Id, two.Tier));
        Assert.Equal("a1", Assert.Single(one.ReachedBy).FromId);
        Assert.Equal("a2", Assert.Single(two.ReachedBy).FromId);
        Assert.Empty(Assert.Single(AgentPrivilegeAnalyzer.PermissionsOf(snapshot, "a2")).ReachedBy);
    }
}
