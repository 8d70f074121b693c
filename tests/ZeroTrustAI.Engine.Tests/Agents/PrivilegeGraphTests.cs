using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Settings;
using ZeroTrustAI.Engine.Snapshot;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Agents;

/// <summary>Fixture tenants with known answers for the privilege walk: paths, depth, cycles, groups, scopes, inheritance.</summary>
public class PrivilegeGraphTests
{
    private const string GraphSp = """
        { "id": "g1", "appId": "00000003-0000-0000-c000-000000000000", "displayName": "Microsoft Graph",
          "appRoles": [ { "id": "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8", "value": "RoleManagement.ReadWrite.Directory" },
                        { "id": "810c84a8-4a9e-49e6-bf7d-12d183f40d01", "value": "Mail.Read" } ] }
        """;

    private const string RoleManagementReadWrite = "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8";
    private const string Owner = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";

    private static string Agent(string id, string name, string extra = "") =>
        $$"""{ "@odata.type": "#microsoft.graph.agentIdentity", "id": "{{id}}", "displayName": "{{name}}"{{extra}} }""";

    private static string App(string id, string appId, string name, string roles = "") =>
        $$"""{ "id": "{{id}}", "appId": "{{appId}}", "displayName": "{{name}}", "servicePrincipalType": "Application", "appRoleAssignments": [ {{roles}} ] }""";

    private static string Assignment(string id, string appRoleId) =>
        $$"""{ "id": "{{id}}", "resourceId": "g1", "appRoleId": "{{appRoleId}}" }""";

    private static string Owners(params (string Owner, string Owned)[] pairs) =>
        "[" + string.Join(",", pairs.Select(p => $$"""{ "@odata.type": "#microsoft.graph.servicePrincipal", "id": "{{p.Owner}}", "ownedObjectId": "{{p.Owned}}" }""")) + "]";

    private static string RoleAssignment(string id, string principalId, string roleGuid, string scope) => $$"""
        { "id": "{{scope}}/providers/Microsoft.Authorization/roleAssignments/{{id}}", "type": "Microsoft.Authorization/roleAssignments", "name": "{{id}}",
          "properties": { "principalId": "{{principalId}}", "roleDefinitionId": "/providers/Microsoft.Authorization/roleDefinitions/{{roleGuid}}", "scope": "{{scope}}" } }
        """;

    private static AgentPrivilege Analyze(TenantSnapshot snapshot, string identity, int maxDepth = AgentPrivilegeAnalyzer.DefaultMaxDepth) =>
        AgentPrivilegeAnalyzer.Analyze(snapshot, Assert.Single(AgentPrivilegeAnalyzer.FindAgents(snapshot, identity)), maxDepth, null);

    [Fact]
    public void AnAgentOwningAnAppThatHoldsRoleManagementReadWriteDirectory_IsTier0_WithThatPath()
    {
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.json", $"[ {GraphSp}, {App("sp-ci", "app-ci", "ci-deployer", Assignment("a1", RoleManagementReadWrite))} ]")
            .With("graph/servicePrincipals.microsoft.graph.agentIdentity.json", $"[ {Agent("ag1", "x")} ]")
            .With("graph/applications.json", """[ { "id": "obj-ci", "appId": "app-ci", "displayName": "ci-deployer" } ]""")
            .With("graph/applications.owners.json", Owners(("ag1", "obj-ci")));
        var privilege = Analyze(temp.Read(), "x");

        Assert.Equal(0, privilege.PrivilegeTier);
        var path = Assert.Single(privilege.Paths);
        Assert.Equal("agent 'x' -owns-> app 'ci-deployer' -holds-> RoleManagement.ReadWrite.Directory => tenant takeover", path.ToString());
        Assert.Equal([PrivilegeRelation.Owns, PrivilegeRelation.Holds], path.Edges.Select(e => e.Relation));
        Assert.Equal("sp-ci", path.Edges[0].ToId);
        Assert.Contains("RoleManagement.ReadWrite.Directory", privilege.BlastRadius.Tier0Capabilities);
        Assert.False(Assert.Single(privilege.Permissions).IsDirect);
    }

    [Fact]
    public void Links_between_ids_spelled_in_other_cases_are_followed_both_ways_and_name_the_ids_in_canonical_form()
    {
        // GUID ids as Graph writes them (lower case) in the principals, and upper case in the ownership export: the
        // walk still follows agent -owns-> app, and the walk back from the app finds the outside issuer that signs in as
        // the agent's owner chain.
        const string AgentId = "3f2b8c1e-0d4a-4b6e-9a57-1c2d3e4f5a6b";
        const string AppSpId = "7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d";
        const string AppObjectId = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";
        const string Issuer = "https://token.actions.githubusercontent.com";
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.json", $"[ {GraphSp}, {App(AppSpId, "app-ci", "ci-deployer", Assignment("a1", RoleManagementReadWrite))} ]")
            .With("graph/servicePrincipals.microsoft.graph.agentIdentity.json", $"[ {Agent(AgentId, "x")} ]")
            .With("graph/applications.json", $$"""[ { "id": "{{AppObjectId}}", "appId": "app-ci", "displayName": "ci-deployer" } ]""")
            .With("graph/applications.owners.json", Owners((AgentId.ToUpperInvariant(), AppObjectId.ToUpperInvariant())))
            .With("graph/applications.federatedIdentityCredentials.json", $$"""[ { "id": "f1", "name": "gh", "issuer": "{{Issuer}}", "subject": "repo:contoso/ci", "applicationObjectId": "{{AppObjectId}}" } ]""");
        var snapshot = temp.Read();

        var privilege = Analyze(snapshot, "x");
        var path = Assert.Single(privilege.Paths);
        Assert.Equal("agent 'x' -owns-> app 'ci-deployer' -holds-> RoleManagement.ReadWrite.Directory => tenant takeover", path.ToString());
        Assert.Equal(AppSpId, path.Edges[0].ToId);
        Assert.Equal(AgentId, path.Edges[0].FromId);

        var app = AgentPrivilegeAnalyzer.Analyze(snapshot, new DirectoryAgent(AppSpId.ToUpperInvariant(), "ci-deployer", "app-ci", AgentKind.ServicePrincipal, "test", GraphDirectory.For(snapshot).FindServicePrincipal(AppSpId)!.Value), AgentPrivilegeAnalyzer.DefaultMaxDepth, null);
        Assert.Equal([$"{Issuer} subject repo:contoso/ci"], app.BlastRadius.OutsideSignIns);
    }

    [Fact]
    public void AnAiResourceManagedIdentityWithOwnerOnASubscription_IsTier0()
    {
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.json", """[ { "id": "mi1", "displayName": "oai-x", "servicePrincipalType": "ManagedIdentity" } ]""")
            .With("arm/ai.json", """[ { "id": "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/oai-x", "type": "Microsoft.CognitiveServices/accounts", "name": "oai-x", "identity": { "type": "SystemAssigned", "principalId": "mi1" } } ]""")
            .With("arm/storage.json", """[ { "id": "/subscriptions/s1/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/st1", "type": "Microsoft.Storage/storageAccounts", "name": "st1" } ]""")
            .With("arm/roleAssignments.json", $"[ {RoleAssignment("r1", "mi1", Owner, "/subscriptions/s1")} ]");
        var privilege = Analyze(temp.Read(), "mi1");

        Assert.Equal(0, privilege.PrivilegeTier);
        Assert.Equal("managed identity 'oai-x' -assignedRole-> Owner on /subscriptions/s1 => control of subscription s1", Assert.Single(privilege.Paths).ToString());
        Assert.Equal(["s1"], privilege.BlastRadius.Subscriptions);
        Assert.Equal(["/subscriptions/s1/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/st1"], privilege.BlastRadius.DataStores);
    }

    [Fact]
    public void AUserAssignedIdentityOfAnAiResource_IsAnAiIdentity()
    {
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.json", """
                [ { "id": "uami-sp", "displayName": "uami-rag", "servicePrincipalType": "ManagedIdentity",
                    "alternativeNames": [ "isExplicit=True", "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uami-rag" ] },
                  { "id": "uami-other", "displayName": "uami-vm", "servicePrincipalType": "ManagedIdentity", "alternativeNames": [ "isExplicit=True", "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uami-vm" ] } ]
                """)
            .With("arm/search.json", """
                [ { "id": "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Search/searchServices/srch", "type": "Microsoft.Search/searchServices", "name": "srch",
                    "identity": { "type": "UserAssigned", "userAssignedIdentities": { "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uami-rag": { "clientId": "c1" } } } } ]
                """)
            .With("arm/roleAssignments.json", $"[ {RoleAssignment("r1", "uami-sp", Owner, "/subscriptions/s1")} ]");
        var snapshot = temp.Read();

        // Matched through its resource id (no principalId in the map); the VM's identity is not an AI identity.
        var privilege = Analyze(snapshot, "uami-rag");
        Assert.Equal(AgentKind.ManagedIdentity, privilege.Kind);
        Assert.Equal(0, privilege.PrivilegeTier);
        Assert.Empty(AgentPrivilegeAnalyzer.FindAgents(snapshot, "uami-vm"));
    }

    [Fact]
    public void AThreeHopOwnershipChainIsFound_AndMaxDepthCutsIt()
    {
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.json", $"[ {GraphSp}, {App("sp1", "a1", "hop-one")}, {App("sp2", "a2", "hop-two")}, {App("sp3", "a3", "hop-three", Assignment("x", RoleManagementReadWrite))} ]")
            .With("graph/servicePrincipals.microsoft.graph.agentIdentity.json", $"[ {Agent("ag1", "chain-agent")} ]")
            .With("graph/servicePrincipals.owners.json", Owners(("ag1", "sp1"), ("sp1", "sp2"), ("sp2", "sp3")));
        var snapshot = temp.Read();

        var path = Assert.Single(Analyze(snapshot, "chain-agent").Paths);
        Assert.Equal(["hop-one", "hop-two", "hop-three"], path.Edges.Take(3).Select(e => e.ToName));
        Assert.Equal(3, path.Hops);

        var shallow = Analyze(snapshot, "chain-agent", maxDepth: 2);
        Assert.Equal(2, shallow.PrivilegeTier);
        Assert.Empty(shallow.Paths);
    }

    [Fact]
    public void ACycleTerminates_AndEachPermissionIsReachedOnce()
    {
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.json", $"[ {GraphSp}, {App("sp1", "a1", "loop-one", Assignment("x", "810c84a8-4a9e-49e6-bf7d-12d183f40d01"))}, {App("sp2", "a2", "loop-two")} ]")
            .With("graph/servicePrincipals.microsoft.graph.agentIdentity.json", $"[ {Agent("ag1", "loop-agent")} ]")
            .With("graph/servicePrincipals.owners.json", Owners(("ag1", "sp1"), ("sp1", "sp2"), ("sp2", "sp1"), ("sp2", "ag1")));
        var privilege = Analyze(temp.Read(), "loop-agent", maxDepth: 50);

        Assert.Equal(1, privilege.PrivilegeTier);
        Assert.Equal("Mail.Read", Assert.Single(privilege.Permissions).Name);
        Assert.Single(privilege.Paths);
    }

    [Fact]
    public void AnAgentWithOnlyUserReadDelegated_IsTier2WithNoPaths()
    {
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.json", $"[ {GraphSp} ]")
            .With("graph/servicePrincipals.microsoft.graph.agentIdentity.json", $"[ {Agent("ag1", "reader")} ]")
            .With("graph/oauth2PermissionGrants.json", """[ { "id": "gr1", "clientId": "ag1", "consentType": "Principal", "principalId": "u1", "resourceId": "g1", "scope": "User.Read" } ]""");
        var privilege = Analyze(temp.Read(), "reader");

        Assert.Equal(2, privilege.PrivilegeTier);
        Assert.Empty(privilege.Paths);
        Assert.Equal("User.Read", Assert.Single(privilege.Permissions).Name);
    }

    [Fact]
    public void ARoleThroughGroupMembership_IsReachedWithTheGroupOnThePath()
    {
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.microsoft.graph.agentIdentity.json", $"[ {Agent("ag1", "grouped")} ]")
            .With("graph/servicePrincipals.transitiveMemberOf.json", """[ { "@odata.type": "#microsoft.graph.group", "id": "grp1", "displayName": "Tier0 Automation", "memberObjectId": "ag1" } ]""")
            .With("graph/roleManagement.directory.roleAssignments.json", """[ { "id": "ra1", "principalId": "grp1", "roleDefinitionId": "62e90394-69f5-4237-9190-012177145e10", "directoryScopeId": "/" } ]""");
        var privilege = Analyze(temp.Read(), "grouped");

        Assert.Equal(0, privilege.PrivilegeTier);
        Assert.Equal("agent 'grouped' -memberOf-> group 'Tier0 Automation' -assignedRole-> Global Administrator => tenant takeover", Assert.Single(privilege.Paths).ToString());
    }

    [Fact]
    public void AnAzureRoleInheritedFromAManagementGroup_ReachesItsSubscriptions()
    {
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.json", """[ { "id": "mi1", "displayName": "hub", "servicePrincipalType": "ManagedIdentity" } ]""")
            .With("arm/ml.json", """[ { "id": "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/hub", "type": "Microsoft.MachineLearningServices/workspaces", "name": "hub", "identity": { "type": "SystemAssigned", "principalId": "mi1" } } ]""")
            .With("arm/subscriptions.json", """
                [ { "id": "/subscriptions/s1", "type": "Microsoft.Resources/subscriptions", "subscriptionId": "s1", "properties": { "managementGroupAncestorsChain": [ { "name": "mg-ai" }, { "name": "root" } ] } },
                  { "id": "/subscriptions/s2", "type": "Microsoft.Resources/subscriptions", "subscriptionId": "s2", "properties": { "managementGroupAncestorsChain": [ { "name": "mg-other" } ] } } ]
                """)
            .With("arm/roleAssignments.json", $"[ {RoleAssignment("r1", "mi1", Owner, "/providers/Microsoft.Management/managementGroups/mg-ai")} ]");
        var privilege = Analyze(temp.Read(), "hub");

        Assert.Equal(0, privilege.PrivilegeTier);
        Assert.Contains("management group mg-ai", Assert.Single(privilege.Paths).Consequence);
        Assert.Equal(["s1"], privilege.BlastRadius.Subscriptions);
    }

    [Fact]
    public void AnEligibleAdministrativeUnitScopedRole_KeepsItsTierAndSaysWhere()
    {
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.microsoft.graph.agentIdentity.json", $"[ {Agent("ag1", "au-agent")} ]")
            .With("graph/roleManagement.directory.roleEligibilityScheduleInstances.json", """[ { "id": "e1", "principalId": "ag1", "roleDefinitionId": "7be44c8a-adaf-4e2a-84d6-ab2649e08a13", "directoryScopeId": "/administrativeUnits/au1" } ]""");
        var privilege = Analyze(temp.Read(), "au-agent");

        var path = Assert.Single(privilege.Paths);
        Assert.Equal(0, path.Tier);
        Assert.Equal(PrivilegeRelation.EligibleFor, path.Edges[0].Relation);
        Assert.Equal("/administrativeUnits/au1", path.Permission.Scope);
        Assert.Contains("once activated", path.Consequence);
    }

    [Fact]
    public void BlueprintPermissionsAreInherited_ByItsAgentIdentities_WithinTheInheritableScopes()
    {
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.json", $"[ {GraphSp} ]")
            .With("graph/servicePrincipals.microsoft.graph.agentIdentityBlueprintPrincipal.json", $$"""
                [ { "@odata.type": "#microsoft.graph.agentIdentityBlueprintPrincipal", "id": "bp1", "appId": "bp-app", "displayName": "Ops Blueprint",
                    "appRoleAssignments": [ {{Assignment("x", RoleManagementReadWrite)}} ] } ]
                """)
            .With("graph/applications.microsoft.graph.agentIdentityBlueprint.json", """
                [ { "@odata.type": "#microsoft.graph.agentIdentityBlueprint", "id": "bpo1", "appId": "bp-app", "displayName": "Ops Blueprint",
                    "inheritablePermissions": [ { "resourceAppId": "00000003-0000-0000-c000-000000000000", "inheritableScopes": { "@odata.type": "#microsoft.graph.enumeratedScopes", "kind": "enumerated", "scopes": [ "User.Read" ] } } ] } ]
                """)
            .With("graph/servicePrincipals.microsoft.graph.agentIdentity.json", $"[ {Agent("ag1", "child", ", \"agentIdentityBlueprintId\": \"bp-app\"")} ]")
            .With("graph/oauth2PermissionGrants.json", """[ { "id": "gr1", "clientId": "bp1", "consentType": "AllPrincipals", "resourceId": "g1", "scope": "User.Read Mail.ReadWrite" } ]""");
        var snapshot = temp.Read();
        var child = Analyze(snapshot, "child");

        Assert.Equal(0, child.PrivilegeTier);
        Assert.Equal("agent 'child' -inherits-> blueprint 'Ops Blueprint' -holds-> RoleManagement.ReadWrite.Directory => tenant takeover", child.Paths[0].ToString());
        Assert.Contains(child.Permissions, p => p.Name == "User.Read" && !p.IsDirect);
        Assert.DoesNotContain(child.Permissions, p => p.Name == "Mail.ReadWrite"); // not inheritable

        // The blueprint's credentials obtain tokens for the agent: whoever acts as the blueprint acts as its agents.
        var blueprint = Analyze(snapshot, "Ops Blueprint");
        Assert.Contains(blueprint.Permissions, p => p.Name == "Mail.ReadWrite");
    }

    [Fact]
    public void An_agent_analysed_again_or_among_all_on_both_cores_has_the_same_privilege()
    {
        // Nothing of a walk is kept between analyses: each is walked afresh, and must come out the same, with its
        // inherited, delegated (a grant's id made when read), owned and direct permissions and its paths.
        var childExtra = $$""", "agentIdentityBlueprintId": "bp-app", "appRoleAssignments": [ {{Assignment("x2", "810c84a8-4a9e-49e6-bf7d-12d183f40d01")}} ]""";
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.json", $"[ {GraphSp}, {App("sp-ci", "app-ci", "ci-deployer", Assignment("a1", RoleManagementReadWrite))} ]")
            .With("graph/servicePrincipals.microsoft.graph.agentIdentityBlueprintPrincipal.json", $$"""
                [ { "@odata.type": "#microsoft.graph.agentIdentityBlueprintPrincipal", "id": "bp1", "appId": "bp-app", "displayName": "Ops Blueprint",
                    "appRoleAssignments": [ {{Assignment("x", RoleManagementReadWrite)}} ] } ]
                """)
            .With("graph/servicePrincipals.microsoft.graph.agentIdentity.json", $"[ {Agent("ag1", "child", childExtra)}, {Agent("ag2", "owner")} ]")
            .With("graph/applications.json", """[ { "id": "obj-ci", "appId": "app-ci", "displayName": "ci-deployer" } ]""")
            .With("graph/applications.owners.json", Owners(("ag2", "obj-ci")))
            .With("graph/oauth2PermissionGrants.json", """
                [ { "id": "gr1", "clientId": "bp1", "consentType": "AllPrincipals", "resourceId": "g1", "scope": "User.Read Mail.ReadWrite" },
                  { "id": "gr2", "clientId": "ag1", "consentType": "Principal", "principalId": "u1", "resourceId": "g1", "scope": " Files.Read.All  User.Read " } ]
                """);
        var snapshot = temp.Read();
        static string Describe(AgentPrivilege privilege) =>
            $"{privilege.Id} tier {privilege.PrivilegeTier}: "
            + string.Join("; ", privilege.Permissions.Select(p => $"{p.Kind} {p.Id} {p} via [{string.Join(", ", p.ReachedBy.Select(e => $"{e.FromId}-{e.Relation}->{e.ToId}"))}]"))
            + " | " + string.Join("; ", privilege.Paths.Select(p => p.ToString()))
            + " | " + string.Join(", ", privilege.BlastRadius.Tier0Capabilities);

        var first = AgentPrivilegeAnalyzer.AnalyzeAll(snapshot).Select(Describe).ToList();
        var again = AgentPrivilegeAnalyzer.AnalyzeAll(snapshot).Select(Describe).ToList();
        var agents = GraphDirectory.For(snapshot).Agents;
        var parallel = AgentPrivilegeAnalyzer.AnalyzeEach(snapshot, Enumerable.Repeat(agents, 100).SelectMany(a => a).ToList(), AgentPrivilegeAnalyzer.DefaultMaxDepth, null, 2).Select(Describe).ToList();

        Assert.Equal(3, first.Count);
        Assert.Equal(first, again);
        Assert.Equal(Enumerable.Repeat(first, 100).SelectMany(a => a), parallel);
        var child = Assert.Single(first, d => d.StartsWith("ag1 ", StringComparison.Ordinal));
        Assert.Contains("DelegatedScope gr2 Files.Read.All (delegated) via [ag1-holds->gr2]", child);
        Assert.Contains("ApplicationRole 9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8 RoleManagement.ReadWrite.Directory via [ag1-inherits->bp1, bp1-holds->9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8]", child);
        Assert.Contains(first, d => d.StartsWith("ag2 tier 0: ApplicationRole 9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8 RoleManagement.ReadWrite.Directory via [ag2-owns->sp-ci, sp-ci-holds->9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8]", StringComparison.Ordinal));
    }

    [Fact]
    public void AFederatedCredentialOnABlueprint_StartsAPathOutsideTheTenant_ToWhatItsAgentsHold()
    {
        const string Issuer = "https://token.actions.githubusercontent.com";
        const string Subject = "repo:contoso/agents:ref:refs/heads/main";
        var childExtra = $$""", "agentIdentityBlueprintId": "bp-app", "appRoleAssignments": [ {{Assignment("x", RoleManagementReadWrite)}} ]""";
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.json", $"[ {GraphSp} ]")
            .With("graph/servicePrincipals.microsoft.graph.agentIdentityBlueprintPrincipal.json", """
                [ { "@odata.type": "#microsoft.graph.agentIdentityBlueprintPrincipal", "id": "bp1", "appId": "bp-app", "displayName": "Ops Blueprint" } ]
                """)
            .With("graph/applications.microsoft.graph.agentIdentityBlueprint.json", """[ { "@odata.type": "#microsoft.graph.agentIdentityBlueprint", "id": "bpo1", "appId": "bp-app", "displayName": "Ops Blueprint" } ]""")
            .With("graph/servicePrincipals.microsoft.graph.agentIdentity.json", $"[ {Agent("ag1", "child", childExtra)}, {Agent("ag2", "plain")} ]")
            .With("graph/applications.federatedIdentityCredentials.json", $$"""[ { "id": "f1", "name": "gh", "issuer": "{{Issuer}}", "subject": "{{Subject}}", "applicationObjectId": "bpo1" } ]""");
        var snapshot = temp.Read();
        var child = Analyze(snapshot, "child");

        var outside = Assert.Single(child.Paths, p => p.Edges[0].FromKind == "external issuer");
        Assert.Equal($"external issuer '{Issuer} subject {Subject}' -federatedWith-> blueprint 'Ops Blueprint' -canActAs-> agent 'child' -holds-> RoleManagement.ReadWrite.Directory => tenant takeover", outside.ToString());
        Assert.Equal(0, outside.Tier);
        Assert.Equal([$"{Issuer} subject {Subject}"], child.BlastRadius.OutsideSignIns);
        // The agent's own path stays, first (fewer hops); the blueprint's walk starts outside too.
        Assert.Equal(PrivilegeRelation.Holds, child.Paths[0].Edges[0].Relation);
        Assert.Contains(Analyze(snapshot, "Ops Blueprint").Paths, p => p.Edges[0].Relation == PrivilegeRelation.FederatedWith && p.Permission.Name == "RoleManagement.ReadWrite.Directory");
        Assert.Empty(Analyze(snapshot, "plain").BlastRadius.OutsideSignIns);
    }

    [Fact]
    public void AnAgentUserWithATier0DirectoryRole_IsTier0_NamesItsParent_AndItsParentActsAsIt()
    {
        const string GlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10";
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.microsoft.graph.agentIdentity.json", $"[ {Agent("ag1", "hr-agent")} ]")
            .With("graph/users.microsoft.graph.agentUser.json", """
                [ { "@odata.type": "#microsoft.graph.agentUser", "id": "au1", "displayName": "HR Agent User", "userPrincipalName": "hr-agent@contoso.com", "accountEnabled": true, "identityParentId": "ag1" } ]
                """)
            .With("graph/roleManagement.directory.roleAssignments.json", $$"""[ { "id": "ra1", "principalId": "au1", "roleDefinitionId": "{{GlobalAdministrator}}", "directoryScopeId": "/" } ]""");
        var snapshot = temp.Read();

        var user = Analyze(snapshot, "hr-agent@contoso.com");
        Assert.Equal(AgentKind.AgentUser, user.Kind);
        Assert.Equal(0, user.PrivilegeTier);
        Assert.Equal("ag1", user.ParentId);
        Assert.Equal("hr-agent", user.ParentName);
        Assert.Equal("agent user 'HR Agent User' -assignedRole-> Global Administrator => tenant takeover", Assert.Single(user.Paths).ToString());

        var parent = Analyze(snapshot, "hr-agent");
        Assert.Equal(0, parent.PrivilegeTier);
        Assert.Equal("agent 'hr-agent' -canActAs-> agent user 'HR Agent User' -assignedRole-> Global Administrator => tenant takeover", Assert.Single(parent.Paths).ToString());
        Assert.Contains(AgentPrivilegeAnalyzer.Identities(snapshot), i => i.Id == "au1");
    }

    [Fact]
    public void TiersComeFromTheTable_UnratedPermissionsAreUnknown_AndAnOverrideFileWins()
    {
        var table = PrivilegeTierTable.Default;
        Assert.Equal(0, table.Find(TierTableSection.GraphApplicationPermissions, "RoleManagement.ReadWrite.Directory")!.Tier);
        Assert.Equal(0, table.Find(TierTableSection.EntraRoles, "62e90394-69f5-4237-9190-012177145e10")!.Tier);
        Assert.Equal(0, table.AzureRoleTier(Owner, "/subscriptions/s1"));
        Assert.Equal(1, table.AzureRoleTier(Owner, "/subscriptions/s1/resourceGroups/rg"));
        Assert.Null(table.AzureRoleTier("00000000-1111-2222-3333-444444444444", "/subscriptions/s1"));
        Assert.Equal("ZeroTrustAI", table.Find(TierTableSection.GraphApplicationPermissions, "AgentIdentityBlueprint.AddRemoveCreds.All")!.RatedBy);
        // Every section is complete against the source: hundreds of Graph permissions, every tiered Entra and Azure role.
        Assert.True(table.Entries(TierTableSection.GraphApplicationPermissions).Count() > 600);
        Assert.True(table.Entries(TierTableSection.EntraRoles).Count() > 100);
        Assert.True(table.Entries(TierTableSection.AzureRoles).Count() > 100);

        using var temp = new TempSnapshot().With("tiers.json", """{ "graphApplicationPermissions": [ { "name": "Mail.Read", "tier": 0 } ] }""");
        var overridden = table.WithOverrides(Path.Combine(temp.Root, "tiers.json"));
        Assert.Equal(0, overridden.Find(TierTableSection.GraphApplicationPermissions, "810c84a8-4a9e-49e6-bf7d-12d183f40d01")!.Tier);
        Assert.Equal(1, table.Find(TierTableSection.GraphApplicationPermissions, "Mail.Read")!.Tier);
    }

    [Fact]
    public void IsPrivilegedFalse_NeverLowersARoleTheTableRatesHigher()
    {
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.microsoft.graph.agentIdentity.json", $"[ {Agent("ag1", "ua-agent")} ]")
            .With("graph/roleManagement.directory.roleDefinitions.json", """[ { "id": "fe930be7-5e62-47db-91af-98c3a49a38b1", "templateId": "fe930be7-5e62-47db-91af-98c3a49a38b1", "displayName": "User Administrator", "isPrivileged": false } ]""")
            .With("graph/roleManagement.directory.roleAssignments.json", """[ { "id": "ra1", "principalId": "ag1", "roleDefinitionId": "fe930be7-5e62-47db-91af-98c3a49a38b1", "directoryScopeId": "/" } ]""");
        Assert.Equal(0, Analyze(temp.Read(), "ua-agent").PrivilegeTier);
    }

    [Fact]
    public void SampleTenant_HasADoubleAgentWithAMultiHopPath()
    {
        var all = AgentPrivilegeAnalyzer.AnalyzeAll(Fixtures.Sample);
        var multiHop = all.Where(a => a.PrivilegeTier == 0).SelectMany(a => a.Paths).Where(p => p.Tier == 0 && p.Hops >= 2).ToList();

        Assert.Contains(multiHop, p => p.Edges[0].FromKind == "agent"
            && p.Edges.Select(e => e.Relation).SequenceEqual([PrivilegeRelation.Owns, PrivilegeRelation.Owns, PrivilegeRelation.Holds]));
        Assert.All(all.SelectMany(a => a.Paths), p => Assert.Contains(" => ", p.ToString()));
    }

    [Fact]
    public void ASettingsFilesPrivilegeTiers_RateWhatTheControlsJudge()
    {
        var control = ControlCatalog.All.Single(c => c.Metadata.Id == "ZTAI-AI-001");
        var settings = SettingsReader.Parse("""{ "privilegeTiers": { "graphApplicationPermissions": [ { "name": "Mail.Read", "tier": 0 } ] } }""", "settings.json");
        ResultStatus StatusOf(AssessmentSettings with) =>
            AssessmentEngine.EvaluateControl(Fixtures.Sample, control, with, DateTimeOffset.UtcNow).Single(r => r.ResourceName == "Contoso Mail Triage Agent").Status;

        Assert.Equal(ResultStatus.Fail, StatusOf(settings));
        Assert.Equal(ResultStatus.Pass, StatusOf(AssessmentSettings.Empty));
        var refused = Assert.Throws<SettingsException>(() => SettingsReader.Parse("""{ "privilegeTiers": { "entraRoles": [ { "name": "x", "tier": 9 } ] } }""", "settings.json"));
        Assert.Contains("privilegeTiers", refused.Message);
    }
}
