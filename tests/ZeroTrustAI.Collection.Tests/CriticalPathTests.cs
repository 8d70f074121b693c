using System.Text.Json.Nodes;
using ZeroTrustAI.Collector.Collection;
using ZeroTrustAI.Emulator;
using ZeroTrustAI.Engine.Collection;

namespace ZeroTrustAI.Collection.Tests;

/// <summary>
/// The collector keeps its chains of requests apart where Graph lets them be: a relation read per parent starts with
/// its parent set's first pages, a relation's list goes on while a long follow-up is read, and the next-link chains of
/// one $batch run side by side. Each test slows one chain in the emulator and asserts the order of the answers (which
/// chain was answered first), never a duration; each order is one the previous, serial collector could not produce.
/// </summary>
public class CriticalPathTests : CollectionTestBase
{
    /// <summary>More than $expand returns (20): two service principals with that many owners, one resource with that many assignments.</summary>
    private const int Many = GraphResourceUnits.MaxExpandedItems + 7;

    /// <summary>Long enough that the other chain, unslowed, is answered first on any machine.</summary>
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(2);

    private static string Crowded => SampleIds("servicePrincipals")[0];

    private static string AlsoCrowded => SampleIds("servicePrincipals")[2];

    private static string Resource => SampleIds("servicePrincipals")[1];

    protected override void AddToServed(string served)
    {
        var assignments = new JsonArray();
        var owners = new JsonArray();
        for (var i = 0; i < Many; i++)
        {
            assignments.Add(new JsonObject
            {
                ["id"] = $"critical-assignment-{i:D3}",
                ["appRoleId"] = Guid.Empty.ToString(),
                ["principalId"] = Crowded,
                ["principalType"] = "ServicePrincipal",
                ["resourceId"] = Resource,
                ["resourceDisplayName"] = "Crowded resource",
            });
            foreach (var (parent, prefix) in new[] { (Crowded, "1"), (AlsoCrowded, "2") })
            {
                owners.Add(new JsonObject
                {
                    ["@odata.type"] = "#microsoft.graph.user",
                    ["id"] = $"00000000-0000-4000-8000-{prefix}{i:D11}",
                    ["displayName"] = $"Owner {prefix}-{i}",
                    ["userPrincipalName"] = $"owner{prefix}-{i}@contoso.example",
                    ["userType"] = "Member",
                    ["ownedObjectId"] = parent,
                });
            }
        }

        File.WriteAllText(Path.Combine(served, "graph", "servicePrincipals.appRoleAssignments.91.json"), new JsonObject { ["value"] = assignments }.ToJsonString());
        File.WriteAllText(Path.Combine(served, "graph", "servicePrincipals.owners.91.json"), new JsonObject { ["value"] = owners }.ToJsonString());
    }

    [Fact]
    public async Task A_relation_read_per_parent_starts_before_its_parent_set_is_complete()
    {
        // The parent set's seventh page is slow: by then 20 or more parents are saved, a full $batch of their relation.
        Emulator.Options.AddFault(FaultRule.SlowResponse("/beta/servicePrincipals", Slow, firstRequest: 7, times: 1));

        // Object by object every relation is read per parent (the cheapest plan expands the AI pillar's on the parents' list).
        var result = await CollectAsync(NewFolder(), Options(plan: GraphRelationPlan.ObjectByObject, parallelCollections: 64));

        Assert.True(result.Collections.Single(c => c.Name == "graph/servicePrincipals.transitiveMemberOf").IsComplete);
        var log = Emulator.RequestLog.Entries;
        var lastParentPage = LastIndex(log, e => e.Route == "/beta/servicePrincipals");
        var firstRelation = FirstIndex(log, e => e.Route == "/v1.0/servicePrincipals/{id}/transitiveMemberOf");
        Assert.True(firstRelation < lastParentPage, $"The first transitiveMemberOf read (#{firstRelation}) came after the parent set's last page (#{lastParentPage}).");
    }

    [Fact]
    public async Task A_relation_list_starts_before_its_parent_set_is_complete_and_saves_only_collected_parents()
    {
        // The parent set's third page is slow: the owners' list, expanded on the principals, is read meanwhile.
        Emulator.Options.AddFault(FaultRule.SlowResponse("/beta/servicePrincipals", Slow, firstRequest: 3, times: 1));
        var reference = GraphObjects((await CollectAsync(NewFolder(), Options(plan: GraphRelationPlan.ObjectByObject))).Path);
        Emulator.RequestLog.Clear();
        Emulator.Options.AddFault(FaultRule.SlowResponse("/beta/servicePrincipals", Slow, firstRequest: 3, times: 1));

        var result = await CollectAsync(NewFolder(), Options(plan: GraphRelationPlan.Expand));

        var log = Emulator.RequestLog.Entries;
        var lastParentPage = LastIndex(log, e => e.Route == "/beta/servicePrincipals");
        var firstListPage = FirstIndex(log, e => e.Route == "/v1.0/servicePrincipals" && e.PathAndQuery.Contains("$expand=owners", StringComparison.Ordinal));
        Assert.True(firstListPage < lastParentPage, $"The owners' list (#{firstListPage}) started after the parent set's last page (#{lastParentPage}).");
        Assert.Equal(reference["servicePrincipals.owners"], GraphObjects(result.Path)["servicePrincipals.owners"]);
    }

    [Fact]
    public async Task A_cut_while_a_relation_list_reads_ahead_resumes_without_requesting_a_saved_page_again()
    {
        const string Owners = "graph/servicePrincipals.owners";
        var clean = await CollectAsync(NewFolder(), Options(plan: GraphRelationPlan.Expand));

        // Cut at the list's second saved page, several collections at once: the list has read pages ahead, not saved.
        Emulator.RequestLog.Clear();
        var folder = NewFolder();
        using var cancel = new CancellationTokenSource();
        var callbacks = new CollectionCallbacks { Progress = new SyncProgress(p => { if (p.Collection == Owners && p.Pages == 2) { cancel.Cancel(); } }) };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CollectAsync(folder, Options(plan: GraphRelationPlan.Expand), callbacks: callbacks, cancellationToken: cancel.Token));
        static bool ListPage(RequestLogEntry e) => e.Route == "/v1.0/servicePrincipals" && e.PathAndQuery.Contains("$expand=owners", StringComparison.Ordinal);
        var cutRun = Emulator.RequestLog.Entries.Where(e => e.Api == EmulatorApi.Graph).ToList();
        var saved = Directory.GetFiles(Path.Combine(folder, "graph"), "servicePrincipals.owners.*.json").Length;
        Emulator.RequestLog.Clear();

        var resumed = await CollectAsync(folder, Options(resume: true, plan: GraphRelationPlan.Expand));
        var resumeRun = Emulator.RequestLog.Entries.Where(e => e.Api == EmulatorApi.Graph).ToList();

        // The list's pages are saved in list order: its first saved ones are never asked for again, and the resume
        // goes on with the next link of the last one (a page read ahead and not saved is asked for again).
        var listPages = cutRun.Where(ListPage).Select(e => e.PathAndQuery).Distinct().ToList();
        Assert.True(saved >= 2 && listPages.Count >= saved, $"{saved} pages saved of {listPages.Count} read.");
        Assert.DoesNotContain(resumeRun.Where(ListPage), e => listPages.Take(saved).Contains(e.PathAndQuery));
        if (listPages.Count > saved)
        {
            Assert.Equal(listPages[saved], resumeRun.First(ListPage).PathAndQuery);
        }

        Assert.Equal(GraphObjects(clean.Path), GraphObjects(resumed.Path));
    }

    [Fact]
    public async Task A_relations_cast_list_is_read_beside_its_parent_list_not_after_it()
    {
        // Every page of the lists expanded on the principals is slow; the agent identities' own list (the parents only
        // that cast holds) is not, so it is answered first once the parents are known, unless it waits for the list.
        Emulator.Options.AddFault(new FaultRule(FaultKind.SlowResponse, "/v1.0/servicePrincipals") { Delay = Slow / 4, Times = null });
        var reference = GraphObjects((await CollectAsync(NewFolder(), Options(plan: GraphRelationPlan.ObjectByObject))).Path);
        Emulator.RequestLog.Clear();

        var result = await CollectAsync(NewFolder(), Options(plan: GraphRelationPlan.Expand));

        var log = Emulator.RequestLog.Entries;
        var lastListPage = LastIndex(log, e => e.Route == "/v1.0/servicePrincipals" && e.PathAndQuery.Contains("$expand=owners", StringComparison.Ordinal));
        var firstCastPage = FirstIndex(log, e => e.Route == "/beta/servicePrincipals/microsoft.graph.agentIdentity" && e.PathAndQuery.Contains("$expand=owners", StringComparison.Ordinal));
        Assert.True(firstCastPage < lastListPage, $"The cast's list (#{firstCastPage}) was read after the parent list's last page (#{lastListPage}).");

        // Read ahead, then taken by the casts' phase: each of the cast's pages is asked for once.
        var castPages = log.Where(e => e.Route == "/beta/servicePrincipals/microsoft.graph.agentIdentity" && e.PathAndQuery.Contains("$expand=owners", StringComparison.Ordinal)).Select(e => e.PathAndQuery).ToList();
        Assert.Equal(castPages.Distinct(StringComparer.Ordinal).Count(), castPages.Count);
        Assert.Equal(reference["servicePrincipals.owners"], GraphObjects(result.Path)["servicePrincipals.owners"]);
    }

    [Fact]
    public async Task A_relation_list_goes_on_while_a_long_follow_up_is_read()
    {
        // The crowded resource is on the list's first page; its own assignments, 4 a page, are a chain of 7 slow pages.
        Emulator.Options.AddFault(new FaultRule(FaultKind.SlowResponse, "/v1.0/servicePrincipals/" + Resource + "/appRoleAssignedTo") { Delay = Slow / 4, Times = null });

        var result = await CollectAsync(NewFolder(), Options(plan: GraphRelationPlan.Reverse));

        Assert.True(result.Collections.Single(c => c.Name == "graph/servicePrincipals.appRoleAssignments").IsComplete);
        var log = Emulator.RequestLog.Entries;
        var lastListPage = LastIndex(log, e => e.Route == "/v1.0/servicePrincipals" && e.PathAndQuery.Contains("$expand=appRoleAssignedTo", StringComparison.Ordinal));
        var lastFollowUpPage = LastIndex(log, e => e.PathAndQuery.Contains(Resource + "/appRoleAssignedTo", StringComparison.OrdinalIgnoreCase));
        Assert.True(lastListPage < lastFollowUpPage, $"The list's last page (#{lastListPage}) waited for the follow-up's last page (#{lastFollowUpPage}).");
    }

    [Fact]
    public async Task The_next_link_chains_of_one_batch_run_side_by_side()
    {
        // Two parents of one $batch with 27 owners each: two chains of 7 pages (4 owners a page), the first one slowed.
        Emulator.Options.AddFault(new FaultRule(FaultKind.SlowResponse, "/v1.0/servicePrincipals/" + Crowded + "/owners") { Delay = Slow / 4, Times = null });

        var result = await CollectAsync(NewFolder(), Options(plan: GraphRelationPlan.ObjectByObject));

        Assert.True(result.Collections.Single(c => c.Name == "graph/servicePrincipals.owners").IsComplete);
        var log = Emulator.RequestLog.Entries;
        bool NextPageOf(RequestLogEntry e, string parent) => !e.Batched && e.PathAndQuery.Contains(parent + "/owners", StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Many / 4, log.Count(e => NextPageOf(e, AlsoCrowded)));
        var slowChainEnd = LastIndex(log, e => NextPageOf(e, Crowded));
        var otherChainEnd = LastIndex(log, e => NextPageOf(e, AlsoCrowded));
        Assert.True(otherChainEnd < slowChainEnd, $"The second chain (ends #{otherChainEnd}) waited for the first (ends #{slowChainEnd}).");
    }

    private static int FirstIndex(IReadOnlyList<RequestLogEntry> log, Func<RequestLogEntry, bool> match)
    {
        var index = log.ToList().FindIndex(e => match(e));
        Assert.True(index >= 0, "No such request.");
        return index;
    }

    private static int LastIndex(IReadOnlyList<RequestLogEntry> log, Func<RequestLogEntry, bool> match)
    {
        var index = log.ToList().FindLastIndex(e => match(e));
        Assert.True(index >= 0, "No such request.");
        return index;
    }
}
