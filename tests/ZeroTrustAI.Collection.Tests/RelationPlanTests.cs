using System.Text.Json;
using System.Text.Json.Nodes;
using ZeroTrustAI.Collector.Collection;
using ZeroTrustAI.Collector.Requests;
using ZeroTrustAI.Emulator;
using ZeroTrustAI.Engine.Collection;

namespace ZeroTrustAI.Collection.Tests;

/// <summary>
/// The cheapest plan collects the same objects as the object-by-object plan for fewer resource units, whichever side
/// it reads a relation from, including parents whose relation is larger than Graph's $expand returns; a cut run
/// resumes without spending a unit on a saved page; the pacer keeps runs under the budget.
/// </summary>
public class RelationPlanTests : CollectionTestBase
{
    /// <summary>More than $expand returns (20) for one service principal: owners and app role assignments.</summary>
    private const int Many = GraphResourceUnits.MaxExpandedItems + 7;

    protected override void AddToServed(string served)
    {
        var principals = SampleIds("servicePrincipals");
        var crowded = principals[0];
        var resource = principals[1];
        var assignments = new JsonArray();
        var owners = new JsonArray();
        for (var i = 0; i < Many; i++)
        {
            assignments.Add(new JsonObject
            {
                ["id"] = $"crowded-assignment-{i:D3}",
                ["appRoleId"] = Guid.Empty.ToString(),
                ["principalId"] = crowded,
                ["principalType"] = "ServicePrincipal",
                ["resourceId"] = resource,
                ["resourceDisplayName"] = "Crowded resource",
            });
            owners.Add(new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.user",
                ["id"] = $"00000000-0000-4000-8000-{i:D12}",
                ["displayName"] = $"Owner {i}",
                ["userPrincipalName"] = $"owner{i}@contoso.example",
                ["userType"] = "Member",
                ["ownedObjectId"] = crowded,
            });
        }

        File.WriteAllText(Path.Combine(served, "graph", "servicePrincipals.appRoleAssignments.90.json"), new JsonObject { ["value"] = assignments }.ToJsonString());
        File.WriteAllText(Path.Combine(served, "graph", "servicePrincipals.owners.90.json"), new JsonObject { ["value"] = owners }.ToJsonString());
    }

    [Fact]
    public async Task Every_plan_collects_the_same_objects_and_the_cheapest_spends_far_fewer_units()
    {
        var reference = await RunAsync(GraphRelationPlan.ObjectByObject);
        Assert.Equal(Many, reference.Objects["servicePrincipals.owners"].Count(o => o.Contains("\"ownedObjectId\":\"" + SampleIds("servicePrincipals")[0] + "\"", StringComparison.Ordinal)));

        foreach (var plan in new[] { GraphRelationPlan.Cheapest, GraphRelationPlan.Expand, GraphRelationPlan.Reverse })
        {
            var run = await RunAsync(plan);
            Assert.Equal(reference.Objects.Keys.Order(), run.Objects.Keys.Order());
            foreach (var set in reference.Objects.Keys)
            {
                Assert.True(reference.Objects[set].SequenceEqual(run.Objects[set]), $"{set} differs with the {plan} plan.");
            }

            // The relations' units: per parent before, per page of parents (plus the crowded parent's follow-up) now; at
            // 4 parents a page here, 100 with Graph's page size (the benchmark measures that).
            Assert.True(run.RelationUnits < reference.RelationUnits, $"{plan}: {run.RelationUnits} units for the relations against {reference.RelationUnits} object by object.");
            Assert.Equal(run.EmulatorUnits, run.CollectorUnits);
        }
    }

    [Theory]
    [InlineData(GraphRelationPlan.Expand, "owners")]
    [InlineData(GraphRelationPlan.Reverse, "appRoleAssignedTo")]
    public async Task Parents_only_a_type_cast_holds_are_read_from_the_cast_list_expanded_to_the_same_objects(GraphRelationPlan plan, string navigation)
    {
        var castOnly = RelationParents("servicePrincipals.owners").Except(SampleIds("servicePrincipals"), StringComparer.OrdinalIgnoreCase).ToList();
        Assert.NotEmpty(castOnly);
        var reference = await RunAsync(GraphRelationPlan.ObjectByObject);

        var run = await RunAsync(plan);

        Assert.Equal(reference.Objects, run.Objects);
        var reads = Emulator.RequestLog.Entries.Where(e => e.Api == EmulatorApi.Graph && e.Method == "GET").Select(e => e.PathAndQuery).ToList();
        var castPages = reads.Where(r => r.StartsWith("/beta/servicePrincipals/microsoft.graph.agentIdentity?", StringComparison.Ordinal) && r.Contains("$expand=" + navigation, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(castPages);
        Assert.Equal(castPages.Distinct(StringComparer.Ordinal).Count(), castPages.Count);
        Assert.DoesNotContain(reads, r => castOnly.Any(id => r.Contains("servicePrincipals/" + id + "/", StringComparison.OrdinalIgnoreCase)));
    }

    [Theory]
    [InlineData(GraphRelationPlan.Expand, "graph/servicePrincipals.owners")]
    [InlineData(GraphRelationPlan.Reverse, "graph/servicePrincipals.appRoleAssignments")]
    [InlineData(GraphRelationPlan.Expand, "graph/servicePrincipals.appRoleAssignments")]
    [InlineData(GraphRelationPlan.Cheapest, "graph/servicePrincipals.transitiveMemberOf")]
    public async Task A_relation_cut_after_a_page_resumes_without_spending_a_unit_on_a_saved_page(GraphRelationPlan plan, string relation)
    {
        var clean = await RunAsync(plan);

        var (folder, units) = await CutAndResumeAsync(relation, 2, plan);

        Assert.Equal(clean.EmulatorUnits, units);
        Assert.Equal(clean.Objects, GraphObjects(folder));
    }

    [Fact]
    public async Task Two_runs_sharing_a_small_budget_are_paced_below_it_and_never_throttled()
    {
        // Graph's bucket holds 100 units per second for this tenant and application; the collector paces both runs to 80.
        // Graph charges a request when it arrives, the collector when it sends: the headroom absorbs the difference in
        // timing a busy machine adds between the two, as it absorbs network jitter against the real service.
        var throttle = new GraphThrottle(100, TimeSpan.FromSeconds(1), TimeSpan.Zero);
        Emulator.Options.GraphThrottle = throttle;
        SnapshotCollectorOptions Paced()
        {
            var options = Options(plan: GraphRelationPlan.ObjectByObject);
            options.Requests.GraphPacing = new GraphPacingSettings { ResourceUnits = 80, Window = TimeSpan.FromSeconds(1), OncePerTenantInterval = TimeSpan.Zero };
            return options;
        }

        var runs = await Task.WhenAll(CollectAsync(NewFolder(), Paced()), CollectAsync(NewFolder(), Paced()));

        Assert.All(runs, run => Assert.True(run.Collections.Where(c => c.Name.StartsWith("graph/", StringComparison.Ordinal)).All(c => c.IsComplete)));
        Assert.True(throttle.UnitsCharged > 200, $"{throttle.UnitsCharged} units: the runs fit in one bucket, nothing was paced.");
        Assert.Equal(0, throttle.Throttled);
        Assert.Equal(throttle.UnitsCharged, runs.Sum(r => r.Statistics.ResourceUnits));
    }

    [Theory]
    [InlineData(100_000, 100, 12, 1_000, 1, true)]
    [InlineData(100_000, 100, 0, 900, 1, false)]
    [InlineData(100_000, 100, 1, 700, 1, true)]
    [InlineData(100_000, 100, 1, 2_000, 1, false)]
    [InlineData(30, 4, 0, 3, 1, false)]
    public void The_resource_side_is_chosen_when_the_first_page_predicts_more_follow_ups_than_its_pages(int parents, int sampled, int full, int items, int followUpCost, bool reverse)
    {
        Assert.Equal(reverse, GraphRelationReader.PreferReverse(parents, sampled, full, items, followUpCost));
    }

    private async Task<Run> RunAsync(GraphRelationPlan plan)
    {
        Emulator.RequestLog.Clear();
        var result = await CollectAsync(NewFolder(), Options(plan: plan));
        var graph = Emulator.RequestLog.Entries.Where(e => e.Api == EmulatorApi.Graph).ToList();
        var relationRoutes = graph.Where(e => e.Route.Contains("/owners", StringComparison.Ordinal) || e.Route.Contains("/appRole", StringComparison.Ordinal)
            || e.PathAndQuery.Contains("$expand=owners", StringComparison.Ordinal) || e.PathAndQuery.Contains("$expand=appRole", StringComparison.Ordinal));
        return new Run(GraphObjects(result.Path), graph.Sum(e => e.ResourceUnits), result.Statistics.ResourceUnits, relationRoutes.Sum(e => e.ResourceUnits));
    }

    private sealed record Run(Dictionary<string, List<string>> Objects, long EmulatorUnits, long CollectorUnits, long RelationUnits);
}
