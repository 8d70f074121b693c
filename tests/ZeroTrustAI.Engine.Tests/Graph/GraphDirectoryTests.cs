using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Controls.AI;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Graph;

public class GraphDirectoryTests
{
    [Fact]
    public void IndexesOnceAndMergesInlineAndSeparateData()
    {
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.json", """
                [ { "id": "sp1", "appId": "app1", "displayName": "one",
                    "appRoleAssignments": [ { "id": "x1", "principalId": "sp1", "resourceId": "r", "appRoleId": "role-a" } ],
                    "owners": [ { "id": "u1" } ] },
                  { "id": "sp2", "appId": "app2", "displayName": "two" } ]
                """)
            .With("graph/servicePrincipals.appRoleAssignments.json", """[ { "id": "x1", "principalId": "sp1", "resourceId": "r", "appRoleId": "role-a" }, { "id": "x2", "principalId": "sp2", "resourceId": "r", "appRoleId": "role-b" } ]""")
            .With("graph/applications.json", """[ { "id": "o1", "appId": "app1", "displayName": "one" } ]""")
            .With("graph/applications.owners.json", """[ { "id": "u2", "ownedObjectId": "o1" } ]""");
        var snapshot = temp.Read();

        var directory = GraphDirectory.For(snapshot);

        Assert.Same(directory, GraphDirectory.For(snapshot));
        Assert.Single(directory.AppRoleAssignmentsOf("sp1"));
        Assert.Single(directory.AppRoleAssignmentsOf("SP2"));
        Assert.Single(directory.OwnersOf("sp1")!);
        Assert.Single(directory.OwnersOf("o1")!);
        Assert.Empty(directory.OwnersOf("sp2")!); // owner sets present: known to have none
        Assert.Equal("one", directory.FindServicePrincipalByAppId("APP1")?.GetProperty("displayName").GetString());
        Assert.True(directory.HasAppRoleAssignmentData);
    }

    [Fact]
    public void Microsofts_own_service_principals_are_those_of_its_tenant_in_any_spelling_in_snapshot_order()
    {
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.json", """
                [ { "id": "ms1", "appOwnerOrganizationId": "f8cdef31-a31e-4b4a-93e4-5f571e91255a" },
                  { "id": "other", "appOwnerOrganizationId": "0b9a7d6e-0000-4000-8000-000000000001" },
                  { "id": "ms2", "AppOwnerOrganizationId": "F8CDEF31-A31E-4B4A-93E4-5F571E91255A", "servicePrincipalType": "ManagedIdentity" },
                  { "id": "none" },
                  { "id": "null", "appOwnerOrganizationId": null },
                  { "id": "not-a-guid", "appOwnerOrganizationId": "Microsoft" },
                  { "id": "ms3", "appOwnerOrganizationId": "f8cdef31-a31e-4b4a-93e4-5f571e91255a" } ]
                """);
        var directory = GraphDirectory.For(temp.Read());

        // Every principal the controls' own filter (appOwnerOrganizationId equal to Microsoft's tenant, ignoring case) keeps is here.
        var expected = directory.ServicePrincipals
            .Where(sp => sp.GetString("appOwnerOrganizationId").EqualsIgnoreCase(GraphPermissionCatalog.MicrosoftTenantId))
            .Select(sp => sp.GetString("id"));
        Assert.Equal(new[] { "ms1", "ms2", "ms3" }, expected);
        Assert.Equal(expected, directory.MicrosoftOwnedServicePrincipals().Select(sp => sp.GetString("id")));
    }

    [Fact]
    public void An_agent_keeps_the_blueprint_it_was_made_from_as_read_from_its_json()
    {
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.microsoft.graph.agentIdentity.json", """
                [ { "@odata.type": "#microsoft.graph.agentIdentity", "id": "ag1", "displayName": "one", "agentIdentityBlueprintId": "bp-app" },
                  { "@odata.type": "#microsoft.graph.agentIdentity", "id": "ag2", "displayName": "two", "agentIdentityBlueprintId": "bp-app" },
                  { "@odata.type": "#microsoft.graph.agentIdentity", "id": "ag3", "displayName": "three", "agentIdentityBlueprintId": null },
                  { "@odata.type": "#microsoft.graph.agentIdentity", "id": "ag4", "displayName": "four" } ]
                """);
        var directory = GraphDirectory.For(temp.Read());

        Assert.All(directory.Agents, agent => Assert.Equal(agent.Raw.GetString("agentIdentityBlueprintId"), agent.BlueprintAppId));
        Assert.Equal("bp-app", directory.FindAgent("ag1")!.BlueprintAppId);
        Assert.Same(directory.FindAgent("ag1")!.BlueprintAppId, directory.FindAgent("ag2")!.BlueprintAppId); // one string for all its agents
        Assert.Null(directory.FindAgent("ag3")!.BlueprintAppId);
        Assert.Null(directory.FindAgent("ag4")!.BlueprintAppId);
        using var json = System.Text.Json.JsonDocument.Parse("""{ "id": "x", "agentIdentityBlueprintId": "bp-2" }""");
        Assert.Equal("bp-2", new DirectoryAgent("x", "x", null, ZeroTrustAI.Engine.Agents.AgentKind.AgentIdentity, "test", json.RootElement.Clone()).BlueprintAppId);
    }

    [Fact]
    public void A_walks_view_of_a_principals_assignments_says_what_the_assignments_say()
    {
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.json", """
                [ { "id": "sp1", "appId": "app1", "displayName": "one",
                    "appRoleAssignments": [ { "id": "x1", "principalId": "sp1", "resourceId": "r", "appRoleId": "role-a", "resourceDisplayName": "R" } ],
                    "inheritedAppRoleAssignments": [ { "id": "x9", "principalId": "bp", "resourceId": "r", "appRoleId": "role-c" } ] } ]
                """)
            .With("graph/servicePrincipals.appRoleAssignments.json", """[ { "id": "x2", "principalId": "sp1", "resourceId": "r", "appRoleId": "role-b", "resourceDisplayName": "R renamed" } ]""");
        var directory = GraphDirectory.For(temp.Read());

        var assignments = directory.AppRoleAssignmentsOf("SP1");
        var keys = directory.AppRoleAssignmentKeysOf("sp1");

        Assert.Equal(3, keys.Length);
        Assert.Equal(assignments.Select(a => (a.ResourceHandle, a.AppRoleHandle, a.GetString("resourceDisplayName"), a.IsInherited)),
            keys.Select(k => (k.ResourceHandle, k.AppRoleHandle, k.ResourceDisplayName, k.IsInherited)));
        Assert.Equal(assignments.Select(a => a.Id), keys.Select(k => directory.AppRoleAssignmentAt(k.Entry).Id));
        Assert.Contains(keys, k => k.IsInherited);
        Assert.Empty(directory.AppRoleAssignmentKeysOf("nobody"));
    }

    [Fact]
    public void A_principals_assignments_of_one_role_are_those_all_its_assignments_hold_of_it_ignoring_case()
    {
        // GUID roles (interned as GUIDs, one spelled in capitals in the file) and a role that is not a GUID (kept as text).
        const string roleA = "aaaaaaaa-1111-4111-8111-111111111111";
        const string roleB = "bbbbbbbb-2222-4222-8222-222222222222";
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.json", $$"""
                [ { "id": "sp1", "appId": "app1", "displayName": "one",
                    "appRoleAssignments": [
                      { "id": "x1", "principalId": "sp1", "resourceId": "r", "appRoleId": "{{roleA}}" },
                      { "id": "x2", "principalId": "sp1", "resourceId": "r", "appRoleId": "{{roleB.ToUpperInvariant()}}" },
                      { "id": "x3", "principalId": "sp1", "resourceId": "r", "appRoleId": "Custom.Role" } ],
                    "inheritedAppRoleAssignments": [ { "id": "x9", "principalId": "bp", "resourceId": "r", "appRoleId": "{{roleA}}" } ] },
                  { "id": "sp2", "appId": "app2", "displayName": "two",
                    "appRoleAssignments": [ { "id": "y1", "principalId": "sp2", "resourceId": "r", "appRoleId": "{{roleA}}" } ] } ]
                """);
        var directory = GraphDirectory.For(temp.Read());
        var all = directory.AppRoleAssignmentsOf("sp1");

        foreach (var role in new[] { roleA, roleA.ToUpperInvariant(), roleB, "custom.role", "Custom.Role", "{" + roleA + "}", "none" })
        {
            var expected = all.Where(a => a.AppRoleId.EqualsIgnoreCase(role)).Select(a => (a.Id, a.PrincipalId, a.IsInherited)).ToList();
            Assert.Equal(expected, directory.AppRoleAssignmentsOf("SP1", role).Select(a => (a.Id, a.PrincipalId, a.IsInherited)).ToList());
        }

        Assert.Equal(new[] { "x1", "x9" }, directory.AppRoleAssignmentsOf("sp1", roleA).Select(a => a.Id).OrderBy(id => id));
        Assert.Equal(new[] { "x2" }, directory.AppRoleAssignmentsOf("sp1", roleB).Select(a => a.Id));
        Assert.Empty(directory.AppRoleAssignmentsOf("nobody", roleA));
        Assert.True(directory.HasInheritedAppRoleAssignment("sp1"));
        Assert.False(directory.HasInheritedAppRoleAssignment("sp2"));
        Assert.False(directory.HasInheritedAppRoleAssignment("nobody"));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(40)]
    public void An_assignment_read_twice_counts_once_however_many_the_principal_holds(int roles)
    {
        // Each role is held directly (read inline and again, with its id in capitals, from the relation set), without
        // an id (twice, the second time with the resource's GUID in capitals) and inherited (another assignment).
        const string resource = "00000003-0000-0000-c000-000000000000";
        var role = Enumerable.Range(0, roles).Select(n => $"{n:x8}-1111-4111-8111-111111111111").ToList();
        var direct = role.Select((r, n) => $$"""{ "id": "id-{{n}}-x", "principalId": "sp1", "resourceId": "{{resource}}", "appRoleId": "{{r}}" }""");
        var withoutId = role.Select(r => $$"""{ "principalId": "sp1", "resourceId": "{{resource}}", "appRoleId": "{{r}}" }""");
        var inherited = role.Select((r, n) => $$"""{ "id": "inh-{{n}}", "principalId": "bp1", "resourceId": "{{resource}}", "appRoleId": "{{r}}" }""");
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.json", $$"""
                [ { "id": "sp1", "appId": "app1", "displayName": "one",
                    "appRoleAssignments": [ {{string.Join(", ", direct.Concat(withoutId).Concat(withoutId.Select(a => a.Replace(resource, resource.ToUpperInvariant()))))}} ],
                    "inheritedAppRoleAssignments": [ {{string.Join(", ", inherited)}} ] } ]
                """)
            .With("graph/servicePrincipals.appRoleAssignments.json", $"[ {string.Join(", ", direct.Select(a => a.Replace("-x\"", "-X\"")))} ]");

        var held = GraphDirectory.For(temp.Read()).AppRoleAssignmentsOf("sp1");

        Assert.Equal(3 * roles, held.Count);
        Assert.Equal(roles, held.Count(a => a.IsInherited));
        Assert.Equal(roles, held.Count(a => !a.IsInherited && a.Id != null));
        Assert.All(role, r => Assert.Equal(3, held.Count(a => a.AppRoleId == r)));
    }

    [Fact]
    public void An_applications_service_principal_is_found_from_the_indexes_as_from_the_json()
    {
        // The appId in capitals on the application, none, one no principal has, and two principals of one appId.
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.json", """
                [ { "id": "sp1", "appId": "6c9ad1a3-0d2f-4b8e-9a51-3f0e2b7c4d10" },
                  { "id": "SP-two", "appId": "app-2" }, { "id": "sp2-later", "appId": "APP-2" } ]
                """)
            .With("graph/applications.json", """
                [ { "id": "o1", "appId": "6C9AD1A3-0D2F-4B8E-9A51-3F0E2B7C4D10" }, { "id": "o2", "appId": "app-2" },
                  { "id": "o3" }, { "id": "o4", "appId": "nobody" } ]
                """);
        foreach (var snapshot in new[] { temp.Read(), Fixtures.Sample })
        {
            var directory = GraphDirectory.For(snapshot);
            var ids = directory.Applications.Select(a => a.GetString("id")).Append("unknown").Append(null).ToList();
            foreach (var id in ids)
            {
                var read = directory.FindApplication(id)?.GetString("appId") is string appId ? directory.FindServicePrincipalByAppId(appId)?.GetString("id") : null;
                Assert.Equal(read, directory.ServicePrincipalIdOfApplication(id));
            }
        }

        var tenant = GraphDirectory.For(temp.Read());
        Assert.Equal(new[] { "sp1", "SP-two", null, null }, new[] { "O1", "o2", "o3", "o4" }.Select(tenant.ServicePrincipalIdOfApplication));
    }

    [Fact]
    public void What_an_agent_keeps_of_its_json_is_what_reading_the_json_gives()
    {
        // Types with and without '#', a disabled agent, a string where a boolean belongs, and properties absent.
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.json", """
                [ { "id": "a1", "appId": "p1", "displayName": "one", "tags": [ "AgenticApp" ], "accountEnabled": false,
                    "appOwnerOrganizationId": "t-other", "@odata.type": "#microsoft.graph.servicePrincipal" },
                  { "id": "a2", "appId": "p2", "appDisplayName": "two", "tags": [ "AgenticInstance" ], "accountEnabled": "yes" },
                  { "id": "a3", "tags": [ "AgenticApp" ], "accountEnabled": true, "@odata.type": "microsoft.graph.agentIdentity" } ]
                """);
        var directory = GraphDirectory.For(temp.Read());
        var agents = directory.Agents.Concat(GraphDirectory.For(Fixtures.Sample).Agents).ToList();

        Assert.Equal(3 + GraphDirectory.For(Fixtures.Sample).Agents.Count, agents.Count);
        foreach (var agent in agents)
        {
            var raw = agent.Raw;
            Assert.Equal(raw.GetBool("accountEnabled"), agent.AccountEnabled);
            Assert.Equal(raw.GetString("appOwnerOrganizationId"), agent.AppOwnerOrganizationId);
            foreach (var fallback in new[] { "microsoft.graph.servicePrincipal", "microsoft.graph.agentIdentity" })
            {
                var read = ResultTarget.FromGraph(raw, fallback);
                var kept = AgentFindings.Target(agent, fallback);
                Assert.Equal((read.Id, read.Name, read.Type), (kept.Id, kept.Name, kept.Type));
            }
        }

        Assert.Equal(new bool?[] { false, null, true }, directory.Agents.Select(a => a.AccountEnabled));
        Assert.Equal("microsoft.graph.agentIdentity", AgentFindings.Target(directory.FindAgent("a3")!).Type);
        Assert.Equal("two", AgentFindings.Target(directory.FindAgent("a2")!).Name);
    }

    [Fact]
    public void OwnersAreUnknownWhenNotCollected()
    {
        using var temp = new TempSnapshot().With("graph/servicePrincipals.json", """[ { "id": "sp1" } ]""");

        var directory = GraphDirectory.For(temp.Read());

        Assert.Null(directory.OwnersOf("sp1"));
        Assert.False(directory.HasAppRoleAssignmentData);
    }

    [Theory]
    [InlineData("Mail.ReadWrite", true)]
    [InlineData("mailboxsettings.read", true)]
    [InlineData("AllSites.Read", true)]
    [InlineData("Policy.Read.All", true)]
    [InlineData("Directory.AccessAsUser.All", true)]
    [InlineData("User.Read", false)]
    [InlineData("offline_access", false)]
    [InlineData("Sites.Selected", false)]
    public void HighRiskDelegatedScopes_FollowTheConsentTable(string scope, bool highRisk)
    {
        Assert.Equal(highRisk, GraphPermissionCatalog.IsHighRiskDelegatedScope(scope));
    }

    [Theory]
    [InlineData("/", true)]
    [InlineData("/subscriptions/b1e0d1a2-0001-4c3b-9a7e-100000000001", true)]
    [InlineData("/providers/Microsoft.Management/managementGroups/contoso", true)]
    [InlineData("/subscriptions/b1e0d1a2-0001-4c3b-9a7e-100000000001/resourceGroups/rg-ai-prod", false)]
    public void SubscriptionOrWiderScopes(string scope, bool broad)
    {
        Assert.Equal(broad, GraphPermissionCatalog.IsSubscriptionOrWiderScope(scope));
    }
}
