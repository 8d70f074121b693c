using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Reporting.Estate;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Reporting;

public class EstateBuilderTests
{
    private static readonly EstateModel Estate = EstateBuilder.Build(Fixtures.Sample);

    private static EstateNode Node(int index) => Estate.Nodes[index];

    [Fact]
    public void EveryAgent_IsANode_LinkedToEveryPermissionItHolds()
    {
        foreach (var privilege in AgentPrivilegeAnalyzer.AnalyzeAll(Fixtures.Sample))
        {
            var agent = Estate.Nodes.ToList().FindIndex(n => n.Kind == EstateNodeKind.Agent && n.Key == privilege.Id);
            Assert.True(agent >= 0, privilege.DisplayName + " is not drawn.");
            Assert.Equal(privilege.PrivilegeTier, Node(agent).Tier);
            var held = Estate.Edges.Where(e => e.From == agent && e.Relation == "holds").Select(e => Node(e.To).Label).ToHashSet();
            Assert.All(privilege.Permissions.Where(p => p.Id != GraphPermissionCatalog.DefaultAccessAppRoleId), p => Assert.Contains(p.ToString(), held));
        }
    }

    [Fact]
    public void AzureRoles_ReachTheStoresUnderTheirScope_AndNoOthers()
    {
        var reaching = Estate.Edges.Where(e => e.Relation == "reaches" && Node(e.From).Detail.StartsWith("Azure role", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(reaching);
        var privileges = AgentPrivilegeAnalyzer.AnalyzeAll(Fixtures.Sample).SelectMany(p => p.Permissions).Where(p => p.Kind == PermissionKind.AzureRole).ToList();
        foreach (var edge in reaching)
        {
            var permission = Node(edge.From);
            var scopes = privileges.Where(p => permission.Key.Contains("|" + p.Scope + "|", StringComparison.OrdinalIgnoreCase)).Select(p => p.Scope!.TrimEnd('/')).ToList();
            Assert.Contains(scopes, scope => Node(edge.To).Key.Equals(scope, StringComparison.OrdinalIgnoreCase) || Node(edge.To).Key.StartsWith(scope + "/", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void EveryAzureStore_IsExposedAsItsPublicNetworkAccessSays()
    {
        var stores = Estate.Nodes.Select((n, i) => (n, i)).Where(x => x.n.Kind == EstateNodeKind.DataStore && x.n.Key.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.NotEmpty(stores);
        foreach (var (store, index) in stores)
        {
            var exposure = Estate.Edges.Single(e => e.From == index && e.Relation == "exposed as");
            var network = Node(exposure.To);
            Assert.Equal(EstateNodeKind.Network, network.Kind);
            Assert.Contains(store.Key, network.Targets);
            var disabled = string.Equals(Fixtures.Sample.GetResource(store.Key)!.GetString("properties.publicNetworkAccess"), "Disabled", StringComparison.OrdinalIgnoreCase);
            Assert.Equal(disabled, network.Key is "net:private" or "net:closed");
        }
    }

    [Fact]
    public void Paths_AreTheTier0And1PermissionsOfTheirAgents_AsReadableChains()
    {
        var privileges = AgentPrivilegeAnalyzer.AnalyzeAll(Fixtures.Sample);
        var expected = privileges.Sum(p => p.Paths.Count);
        Assert.Equal(expected, Estate.Paths.Count);
        Assert.NotEmpty(Estate.Paths);
        foreach (var path in Estate.Paths)
        {
            var agent = privileges.Single(p => p.Id == path.AgentId);
            Assert.True(path.Tier <= GraphPermissionCatalog.SensitiveDataTier);
            // A path starts at its agent, or outside the tenant at an issuer whose federated credential signs in as it.
            var outside = agent.BlastRadius.OutsideSignIns.FirstOrDefault(o => path.ToString().StartsWith(o + " -", StringComparison.Ordinal));
            if (outside == null)
            {
                Assert.StartsWith(agent.DisplayName + " -", path.ToString(), StringComparison.Ordinal);
            }
            else
            {
                Assert.Contains($" {agent.DisplayName} -", path.ToString(), StringComparison.Ordinal);
            }

            Assert.Contains(agent.Paths, p => path.ToString().EndsWith(" => " + p.Consequence, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void ManagedIdentities_AreLinkedToTheAiResourceTheyBelongTo()
    {
        var hosted = Fixtures.Sample.Resources.Where(r => r.GetString("identity.principalId") is string id && GraphDirectory.For(Fixtures.Sample).FindAgent(id) != null).ToList();
        Assert.NotEmpty(hosted);
        foreach (var resource in hosted)
        {
            var agent = Estate.Nodes.ToList().FindIndex(n => n.Key == resource.GetString("identity.principalId"));
            var store = Estate.Nodes.ToList().FindIndex(n => n.Key == resource.Id);
            Assert.Contains(Estate.Edges, e => e.From == agent && e.To == store && e.Relation == "identity of");
        }
    }
}
