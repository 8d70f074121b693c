using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Collection;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Tests.Collection;

public class CollectionPlanTests
{
    [Fact]
    public void NetworkPillar_NeedsFewerCollectionsThanAll_AndFromGraphOnlyGlobalSecureAccess()
    {
        var all = CollectionPlan.ForPillars(null);
        var network = CollectionPlan.ForPillars([Pillar.Network]);

        Assert.True(network.Collections.Count < all.Collections.Count, $"Network {network.Collections.Count}, all {all.Collections.Count}");
        // From Graph only the tenant itself, Global Secure Access and the Conditional Access objects it works with (ZTAI-NET-121, -130..133).
        Assert.All(network.Collections.Where(c => c.Kind == CollectionKind.Graph), c => Assert.True(
            c.Name == "graph/organization" || c.Name.StartsWith("graph/networkAccess.", StringComparison.Ordinal)
            || c.Name.StartsWith("graph/identity.conditionalAccess.", StringComparison.Ordinal) || c.Name == "graph/policies.crossTenantAccessPolicy.default",
            c.Name));
        Assert.Contains("arm/Microsoft.Network/networkSecurityGroups", network.Names);
        Assert.DoesNotContain("arm/Microsoft.CognitiveServices/accounts/deployments", network.Names);
    }

    [Fact]
    public void EveryControlsRequiredData_IsInThePlan_WithAnExplicitCatalogEntry()
    {
        var all = CollectionPlan.ForPillars(null);
        foreach (var control in ControlCatalog.All)
        {
            var own = CollectionPlan.ForControls([control]);
            // Purview output is saved by Save-ZtaiSnapshot -IncludePurview, outside the plan.
            foreach (var dataSet in control.Metadata.RequiredData.Where(d => !d.StartsWith(DataSets.PurviewPrefix, StringComparison.Ordinal)))
            {
                Assert.NotNull(all.Find(dataSet));
                Assert.Contains(control.Metadata.Id, own.Find(dataSet)!.NeededBy);
                if (dataSet.StartsWith(DataSets.GraphPrefix, StringComparison.Ordinal))
                {
                    Assert.True(GraphSelectCatalog.Find(dataSet[DataSets.GraphPrefix.Length..]) != null, $"{control.Metadata.Id}: {dataSet} has no GraphSelectCatalog entry.");
                }
                else
                {
                    Assert.True(ArmCollectionCatalog.Find(dataSet[DataSets.ArmPrefix.Length..]) != null, $"{control.Metadata.Id}: {dataSet} has no ArmCollectionCatalog entry.");
                }
            }
        }
    }

    [Fact]
    public void EveryCollection_ComesAfterWhatItDependsOn()
    {
        var plan = CollectionPlan.ForPillars(null, includeAgentAnalysis: true);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var collection in plan.Collections)
        {
            foreach (var dependency in collection.DependsOn)
            {
                Assert.True(seen.Contains(dependency), $"{collection.Name} comes before {dependency}.");
            }

            seen.Add(collection.Name);
        }

        Assert.Equal(plan.Collections.Count, seen.Count);
    }

    [Fact]
    public void AGraphControl_BringsTheWholeDirectoryIndex()
    {
        // ZTAI-AI-005 declares only applications, but GraphDirectory needs service principals (agent detection),
        // owners, role data and the AI resources whose managed identities are matched.
        var plan = CollectionPlan.ForControls([ControlCatalog.Find("ZTAI-AI-005")!]);

        foreach (var set in GraphDirectory.Data.All)
        {
            Assert.Contains(set, plan.Names, StringComparer.OrdinalIgnoreCase);
        }

        Assert.Contains("arm/Microsoft.CognitiveServices/accounts", plan.Names);
        Assert.Contains("arm/Microsoft.Resources/subscriptions", plan.Names);
        Assert.DoesNotContain("graph/identity.conditionalAccess.policies", plan.Names);
    }

    [Fact]
    public void PerParentTypes_BringTheirParents()
    {
        var plan = CollectionPlan.ForControls([ControlCatalog.Find("ZTAI-AI-032")!]);

        Assert.Equal(
            ["arm/Microsoft.Resources/subscriptions", "arm/Microsoft.MachineLearningServices/workspaces", "arm/Microsoft.MachineLearningServices/workspaces/connections",
             "arm/Microsoft.CognitiveServices/accounts", "arm/Microsoft.CognitiveServices/accounts/connections", "arm/Microsoft.CognitiveServices/accounts/projects",
             "arm/Microsoft.CognitiveServices/accounts/projects/connections"],
            plan.Names);
        Assert.Equal(ArmSource.ArmGetPerParent, plan.Find("arm/Microsoft.CognitiveServices/accounts/projects/connections")!.Arm!.Source);
        Assert.Equal(["arm/Microsoft.CognitiveServices/accounts/projects"], plan.Find("arm/Microsoft.CognitiveServices/accounts/projects/connections")!.DependsOn);
    }

    [Fact]
    public void AgentAnalysis_AddsAzureRoleAssignmentsAndTheDirectory()
    {
        var without = CollectionPlan.ForPillars([Pillar.Network]);
        var with = CollectionPlan.ForPillars([Pillar.Network], includeAgentAnalysis: true);

        Assert.DoesNotContain("arm/Microsoft.Authorization/roleAssignments", without.Names);
        Assert.Contains("arm/Microsoft.Authorization/roleAssignments", with.Names);
        Assert.Contains("graph/servicePrincipals", with.Names);
        Assert.Contains(CollectionPlan.AgentAnalysisReason, with.Find("graph/servicePrincipals")!.NeededBy);
    }

    [Fact]
    public void GraphRequests_SelectIdFirst_AndUseTheDocumentedVersions()
    {
        foreach (var request in GraphSelectCatalog.All)
        {
            // An empty list asks for the whole object: the APIs that document no $select (reports, audit log).
            Assert.True(request.Select.Count == 0 || request.Select[0] == "id", request.Set);
            Assert.Contains(request.Version, new[] { "v1.0", "beta" });
            Assert.Equal(request.Select.Count, request.Select.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        }

        Assert.Equal(
            "/beta/servicePrincipals/microsoft.graph.agentIdentity?$select=id,appId,displayName,appDisplayName,servicePrincipalType,alternativeNames,tags,appOwnerOrganizationId,appRoleAssignmentRequired,accountEnabled,appRoles,passwordCredentials,keyCredentials,verifiedPublisher,agentIdentityBlueprintId&$expand=sponsors($select=id,displayName)&$top=100",
            GraphSelectCatalog.Find(GraphSetNames.AgentIdentities)!.BuildRequestUri());
        Assert.Equal("/v1.0/oauth2PermissionGrants?$select=id,clientId,consentType,principalId,resourceId,scope&$top=999", GraphSelectCatalog.Find(GraphSetNames.OAuth2PermissionGrants)!.BuildRequestUri());
        Assert.Equal(
            "/v1.0/servicePrincipals/sp-1/appRoleAssignedTo?$select=id,appRoleId,principalId,resourceId,resourceDisplayName&$top=999",
            GraphSelectCatalog.Find(GraphSetNames.AppRoleAssignments)!.ReverseRequest()!.BuildRequestUri("sp-1"));
        Assert.Equal(
            "/v1.0/servicePrincipals/sp-1/owners?$select=id,displayName,userPrincipalName,userType&$top=999",
            GraphSelectCatalog.Find(GraphSetNames.ServicePrincipalOwners)!.BuildRequestUri("sp-1"));
        Assert.Throws<ArgumentException>(() => GraphSelectCatalog.Find(GraphSetNames.ServicePrincipalOwners)!.BuildRequestUri());
    }

    [Theory]
    [InlineData(GraphSetNames.AgentIdentities)]
    [InlineData(GraphSetNames.AgentBlueprints)]
    [InlineData(GraphSetNames.AgentBlueprintPrincipals)]
    public void AgentIdLists_AskForNoMoreThanTheDocumentedMaximumPageSize(string set)
    {
        // "The default and maximum page size is 100" (List agentIdentity, agentIdentityBlueprint, agentIdentityBlueprintPrincipal).
        var request = GraphSelectCatalog.Find(set)!;

        Assert.NotNull(request.Top);
        Assert.InRange(request.Top!.Value, 1, 100);
        Assert.Contains("$top=100", request.BuildRequestUri(), StringComparison.Ordinal);
    }

    [Fact]
    public void ArmRequests_NameTheirTableOrPath()
    {
        Assert.Equal(
            "authorizationresources | where type =~ 'microsoft.authorization/roleassignments' | order by id asc",
            ArmCollectionCatalog.Find("Microsoft.Authorization/roleAssignments")!.ResourceGraphQuery);
        Assert.Equal("securityresources", ArmCollectionCatalog.Find("microsoft.security/pricings")!.Table);
        Assert.Equal(
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/a/providers/Microsoft.Insights/diagnosticSettings?api-version=2021-05-01-preview",
            ArmCollectionCatalog.Find("Microsoft.Insights/diagnosticSettings")!.BuildRequestPath("/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/a"));
        Assert.Equal("/subscriptions?api-version=2022-12-01", ArmCollectionCatalog.Find(ResourceTypes.Subscription)!.BuildRequestPath());
        foreach (var perParent in new[] { "deployments", "raiPolicies", "defenderForAISettings", "connections", "projects" })
        {
            Assert.Equal(ArmSource.ArmGetPerParent, ArmCollectionCatalog.Find("Microsoft.CognitiveServices/accounts/" + perParent)!.Source);
        }
    }
}
