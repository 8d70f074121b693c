using System.Text.Json;
using ZeroTrustAI.Collector.Collection;
using ZeroTrustAI.Emulator;
using ZeroTrustAI.Emulator.Graph;
using ZeroTrustAI.Engine.Graph;

namespace ZeroTrustAI.Collection.Tests;

/// <summary>
/// A service principal's groups, nested ones included, collected the cheap way (direct groups expanded on the principals,
/// each group's own transitive groups added) equal Graph's transitiveMemberOf read per principal, over chains, a
/// diamond, a cycle, a principal in more groups than $expand returns and one only a type cast holds; a run cut at any
/// page resumes without spending a unit on a saved page.
/// </summary>
public class MembershipPlanTests : CollectionTestBase
{
    private const string Memberships = "servicePrincipals.transitiveMemberOf";

    private Dictionary<string, SortedSet<string>> _expected = new();
    private string _listed = string.Empty;

    protected override void AddToServed(string served)
    {
        var listed = SampleIds("servicePrincipals");
        _listed = listed[0];
        var castOnly = RelationParents(Memberships).Except(listed, StringComparer.OrdinalIgnoreCase).First();
        _expected = NestedGroups.Write(served, listed.Take(4).Append(castOnly).ToList());
    }

    [Fact]
    public async Task The_cheapest_plan_collects_the_transitive_groups_object_by_object_does_for_fewer_units()
    {
        var perPrincipal = await RunAsync(GraphRelationPlan.ObjectByObject);
        Assert.Equal(_expected.Where(e => e.Value.Count > 0).ToDictionary(e => e.Key, e => e.Value), Groups(perPrincipal.Objects));

        // Here few principals hold many groups: the cheapest plan closes the nesting per principal; Expand per group.
        var cheapest = await RunAsync(GraphRelationPlan.Cheapest);
        var byGroups = await RunAsync(GraphRelationPlan.Expand);
        foreach (var run in new[] { cheapest, byGroups })
        {
            Assert.Equal(perPrincipal.Objects, run.Objects);
            Assert.Contains(run.Reads, r => r.Contains("$expand=memberOf", StringComparison.Ordinal));
        }

        Assert.True(cheapest.Units < perPrincipal.Units, $"{cheapest.Units} units for the memberships against {perPrincipal.Units} object by object.");
        Assert.Contains(byGroups.Reads, r => r.StartsWith("/v1.0/groups/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_permission_to_read_groups_the_nesting_is_closed_per_member_to_the_same_objects()
    {
        var perPrincipal = await RunAsync(GraphRelationPlan.ObjectByObject);
        Emulator.Options.AddFault(FaultRule.Forbidden("/v1.0/groups/*"));

        var byGroups = await RunAsync(GraphRelationPlan.Expand);

        Assert.Equal(perPrincipal.Objects, byGroups.Objects);
        Assert.Contains(byGroups.Reads, r => r.StartsWith("/v1.0/groups/", StringComparison.Ordinal));
        Assert.Contains(byGroups.Reads, r => r.StartsWith($"/v1.0/servicePrincipals/{_listed}/transitiveMemberOf", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(200, 1, 40_000, 1, false)]
    [InlineData(36, 1, 6, 1, true)]
    [InlineData(10, 1, 10, 1, false)]
    public void The_nesting_is_closed_by_whichever_of_groups_and_members_is_fewer(int groups, int groupCost, int members, int memberCost, bool byMembers) =>
        Assert.Equal(byMembers, GraphRelationReader.PreferMembers(groups, groupCost, members, memberCost));

    [Theory]
    [InlineData(GraphRelationPlan.Cheapest)]
    [InlineData(GraphRelationPlan.Expand)]
    public async Task A_run_cut_at_any_page_of_the_memberships_resumes_to_the_same_objects_and_units(GraphRelationPlan plan)
    {
        var clean = await RunAsync(plan);
        var pages = Directory.GetFiles(Path.Combine(clean.Folder, "graph"), Memberships + ".*.json").Length;
        Assert.True(pages > 3, $"{pages} pages: too few to cut in the list and in the closure.");

        // A page of the list (the first ones) and pages of the closure (the last ones).
        foreach (var cut in new[] { 1, pages - 2, pages - 1 }.Distinct())
        {
            var (folder, units) = await CutAndResumeAsync("graph/" + Memberships, cut, plan);
            Assert.Equal(clean.AllUnits, units);
            Assert.Equal(clean.Objects, GraphObjects(folder));
        }
    }

    /// <summary>Each member's groups in a collected membership set.</summary>
    private static Dictionary<string, SortedSet<string>> Groups(Dictionary<string, List<string>> objects) =>
        objects[Memberships].Select(o => JsonDocument.Parse(o).RootElement)
            .GroupBy(o => o.GetProperty(GroupMembership.MemberProperty).GetString()!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => new SortedSet<string>(g.Select(o => o.GetProperty("id").GetString()!), StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);

    private async Task<Run> RunAsync(GraphRelationPlan plan)
    {
        Emulator.RequestLog.Clear();
        var result = await CollectAsync(NewFolder(), Options(plan: plan));
        var graph = Emulator.RequestLog.Entries.Where(e => e.Api == EmulatorApi.Graph).ToList();
        var memberships = graph.Where(e => e.PathAndQuery.Contains("emberOf", StringComparison.Ordinal)).ToList();
        return new Run(result.Path, GraphObjects(result.Path), memberships.Sum(e => e.ResourceUnits), graph.Sum(e => e.ResourceUnits), memberships.Select(e => e.PathAndQuery).ToList());
    }

    private sealed record Run(string Folder, Dictionary<string, List<string>> Objects, long Units, long AllUnits, List<string> Reads);
}
