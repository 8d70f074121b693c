using System.Diagnostics;
using System.Security;
using ZeroTrustAI.Benchmarks.Generation;
using ZeroTrustAI.Collector.Collection;
using ZeroTrustAI.Collector.Requests;
using ZeroTrustAI.Collector.Connection;
using ZeroTrustAI.Collector.Http;
using ZeroTrustAI.Emulator;
using ZeroTrustAI.Engine.Collection;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Benchmarks.Measures;

/// <summary>The collection measure's settings: the served tenant and how the emulator behaves.</summary>
public sealed record CollectionBenchOptions(int ServicePrincipals, int Resources, TimeSpan Latency, int ThrottleBudget, TimeSpan ThrottleWindow, int Concurrency);

/// <summary>One collection of the served tenant with one relation plan.</summary>
public sealed record PlanRun(
    string Plan,
    long ResourceUnits,
    long HttpRequests,
    long InnerRequests,
    long Throttled,
    long ThrottledAfterFirst10s,
    double Seconds,
    double BudgetSeconds,
    int PeakConcurrency,
    bool Complete,
    IReadOnlyList<string> Failures,
    int LongestChainPages,
    string LongestChain,
    double LatencySeconds,
    long PerParentOnlyUnits,
    IReadOnlyList<string> ThrottledRoutes)
{
    /// <summary>Wall time against the time the resource units alone need at the budget's rate (the bucket starts full); null when they fit the first bucket.</summary>
    public double? WallOverBudget => BudgetSeconds > 0 ? Seconds / BudgetSeconds : null;

    /// <summary>
    /// The time the run's longest chain of pages needs at the emulator's latency: each page of a list is asked for with
    /// the next link of the one before, so no client reads them faster than one round trip each.
    /// </summary>
    public double ChainSeconds => LongestChainPages * LatencySeconds;

    /// <summary>The least wall time this run's requests allow: the larger of the RU-budget time and the longest chain's time.</summary>
    public double BoundSeconds => Math.Max(BudgetSeconds, ChainSeconds);

    /// <summary>Wall time against <see cref="BoundSeconds"/> (issue 7: wall time / bound from latency, throttle and concurrency).</summary>
    public double WallOverBound => Seconds / Math.Max(BoundSeconds, 1e-9);
}

/// <summary>Both plans over the same served tenant, beside the least resource units the published costs allow.</summary>
public sealed record CollectionBenchResult(PlanRun Cheapest, PlanRun ObjectByObject, long ResourceUnitBound, bool SameObjects)
{
    public double UnitsSaved => (double)ObjectByObject.ResourceUnits / Math.Max(1, Cheapest.ResourceUnits);

    /// <summary>
    /// <see cref="UnitsSaved"/> over the sets and relations the plans read differently: without the relations every
    /// plan reads per parent (<see cref="PlanRun.PerParentOnlyUnits"/>), for which Graph documents no cheaper path.
    /// </summary>
    public double UnitsSavedWherePlanned =>
        (double)(ObjectByObject.ResourceUnits - ObjectByObject.PerParentOnlyUnits) / Math.Max(1, Cheapest.ResourceUnits - Cheapest.PerParentOnlyUnits);

    public double UnitsOverBound => (double)Cheapest.ResourceUnits / Math.Max(1, ResourceUnitBound);
}

/// <summary>
/// Collects a synthetic tenant from the Graph / ARM emulator through the public <see cref="SnapshotCollector"/> entry
/// point twice, with the cheapest plan and object by object, at a fixed latency per HTTP request under Graph's
/// documented throttle, and computes the fewest resource units any plan needs for the same objects.
/// </summary>
public static class CollectionBench
{
    public static async Task<CollectionBenchResult> RunAsync(string workFolder, CollectionBenchOptions options, Action<string> log)
    {
        var served = Path.Combine(workFolder, "served");
        var tenant = SyntheticTenant.Write(served, new SyntheticTenantOptions { ServicePrincipals = options.ServicePrincipals, Resources = options.Resources });
        log($"Serving {options.ServicePrincipals:N0} service principals, {tenant.Count("graph/servicePrincipals.appRoleAssignments"):N0} app role assignments, {tenant.Count("graph/groups"):N0} groups ({tenant.Count("graph/groups.memberOf"):N0} nesting links), {tenant.Count("graph/servicePrincipals.memberOf"):N0} direct and {tenant.Count("graph/servicePrincipals.transitiveMemberOf"):N0} transitive group memberships, {options.Resources:N0} Azure resources ({tenant.Bytes / 1048576.0:N1} MiB)");

        var emulatorOptions = new EmulatorOptions { Latency = options.Latency };
        await using var emulator = await EmulatorHost.StartAsync(served, emulatorOptions);

        // The emulator's relation indexes are its own start-up, not Graph's: built before either plan's clock, so the first
        // plan does not pay for them (at 100,000 service principals the app role assignments' took about 11 s).
        emulator.IndexGraphRelations();
        var bound = LowerBound(emulator.Snapshot);

        var cheapest = await CollectAsync(emulator, served, Path.Combine(workFolder, "collected-cheapest"), GraphRelationPlan.Cheapest, options, log);
        var perObject = await CollectAsync(emulator, served, Path.Combine(workFolder, "collected-object-by-object"), GraphRelationPlan.ObjectByObject, options, log);
        var same = SameGraphObjects(Path.Combine(workFolder, "collected-cheapest"), Path.Combine(workFolder, "collected-object-by-object"));
        return new CollectionBenchResult(cheapest, perObject, bound, same);
    }

    private static async Task<PlanRun> CollectAsync(EmulatorHost emulator, string served, string collected, GraphRelationPlan plan, CollectionBenchOptions options, Action<string> log)
    {
        if (Directory.Exists(collected))
        {
            // A new collection each run, never a resume of an earlier, interrupted one.
            Directory.Delete(collected, recursive: true);
        }

        // A fresh bucket per plan (a new application's), so neither run inherits the other's spending.
        var throttle = new GraphThrottle(options.ThrottleBudget, options.ThrottleWindow);
        emulator.Options.GraphThrottle = throttle;
        emulator.RequestLog.Clear();
        var application = "bench-" + plan;
        var connection = await ZtaiConnector.ConnectAsync(
            new ConnectionOptions
            {
                Method = AuthMethod.AccessToken,
                TenantId = ManifestTenantId(served),
                GraphAccessToken = Secure("opaque-graph-token-" + application),
                ArmAccessToken = Secure("opaque-arm-token"),
                GraphEndpoint = emulator.GraphBaseUri,
                ArmEndpoint = emulator.ArmBaseUri,
            },
            skipValidation: true,
            CancellationToken.None);

        var collectorOptions = new SnapshotCollectorOptions
        {
            Requests = new RequestSettings
            {
                ArmTransport = emulator.CreateTrustingHandler(),
                GraphPacing = new GraphPacingSettings { ResourceUnits = options.ThrottleBudget, Window = options.ThrottleWindow, MaxConcurrency = options.Concurrency },
            },
            Graph = new GraphCollectorOptions { RelationPlan = plan },
            Pillars = new[] { Engine.Model.Pillar.AI },
        };

        var pausedBefore = GC.GetTotalPauseDuration();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var collectionsBefore = Enumerable.Range(0, 3).Select(GC.CollectionCount).ToArray();
        var clock = Stopwatch.StartNew();
        var result = await SnapshotCollector.CollectAsync(connection, collected, collectorOptions, new CollectionCallbacks { Warning = w => log("warning: " + w) }, CancellationToken.None);
        var seconds = clock.Elapsed.TotalSeconds;
        var collections = Enumerable.Range(0, 3).Select(g => GC.CollectionCount(g) - collectionsBefore[g]).ToArray();
        log($"{plan}: CPU during the run {(Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds:N1} s; garbage collection (the emulator's and the collector's, one process) {(GC.GetTotalPauseDuration() - pausedBefore).TotalSeconds:N1} s paused, gen0/1/2 {collections[0]}/{collections[1]}/{collections[2]}");

        var entries = emulator.RequestLog.Entries.Where(e => e.Api == EmulatorApi.Graph).ToList();
        var first = throttle.FirstRequestAt ?? DateTime.UtcNow;
        var units = throttle.UnitsCharged;
        var rate = options.ThrottleBudget / options.ThrottleWindow.TotalSeconds;
        var chain = LongestChain(entries);
        var failures = result.Collections.Where(c => c.Name.StartsWith("graph/", StringComparison.Ordinal) && !c.IsComplete).Select(c => $"{c.Name}: {c.Status} {c.Error}").ToList();
        var run = new PlanRun(
            plan.ToString(),
            units,
            entries.LongCount(e => !e.Batched),
            entries.LongCount(e => e.Batched),
            throttle.Throttled,
            entries.LongCount(e => e.Status == 429 && e.At > first.AddSeconds(10)),
            seconds,
            Math.Max(0, units - options.ThrottleBudget) / rate,
            emulator.PeakConcurrency,
            failures.Count == 0,
            failures,
            chain.Pages,
            chain.List,
            options.Latency.TotalSeconds,
            PerParentOnlyUnits(entries),
            entries.Where(e => e.Status == 429).GroupBy(e => e.Route).Select(g => $"{g.Key} x{g.Count()} (first {(g.Min(e => e.At) - first).TotalSeconds:N1} s in)").ToList());
        log($"{plan}: {run.ResourceUnits:N0} RU, {run.HttpRequests:N0} HTTP requests ({run.InnerRequests:N0} inside $batch), {run.Throttled} answered 429 ({run.ThrottledAfterFirst10s} after the first 10 s), {seconds:N1} s");
        log($"{plan}: {run.PerParentOnlyUnits:N0} RU on relations every plan reads per parent; 429 on: {string.Join(", ", run.ThrottledRoutes)}");
        foreach (var line in Timeline(entries, first))
        {
            log($"{plan}:   {line}");
        }

        log($"{plan}: RU-budget time {run.BudgetSeconds:N1} s, longest page chain {run.LongestChainPages:N0} pages ({run.ChainSeconds:N1} s at {options.Latency.TotalMilliseconds:N0} ms: {run.LongestChain}); wall / RU-budget {run.WallOverBudget:N2}, wall / bound {run.WallOverBound:N2}");
        return run;
    }

    /// <summary>
    /// The resource units a run spent on the relations of the AI pillar's plan that every plan reads per parent: those
    /// whose expansion on the parent list Graph does not document (<see cref="GraphSetRequest.ExpandOnParent"/> false).
    /// </summary>
    public static long PerParentOnlyUnits(IEnumerable<RequestLogEntry> entries)
    {
        var routes = CollectionPlan.ForPillars(new[] { Engine.Model.Pillar.AI }).Collections
            .Where(c => c.Graph is { IsRelation: true, ExpandOnParent: false })
            .Select(c => "/" + c.Graph!.Version + "/" + c.Graph.Path)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return entries.Where(e => routes.Contains(e.Route)).Sum(e => (long)e.ResourceUnits);
    }

    /// <summary>When each list or relation was read: requests, and the first and last answer after the first request.</summary>
    private static IEnumerable<string> Timeline(IReadOnlyList<RequestLogEntry> entries, DateTime first) =>
        entries.Where(e => e.Method == "GET")
            .GroupBy(e => e.Route + (ListOf(e.PathAndQuery).IndexOf("$expand=", StringComparison.Ordinal) is var at and >= 0 ? " " + ListOf(e.PathAndQuery)[at..].Split('(', '&')[0] : string.Empty))
            .Where(g => g.Count() >= 10)
            .OrderBy(g => g.Min(e => e.At))
            .Select(g => $"{g.Key}: {g.Count():N0} requests, {(g.Min(e => e.At) - first).TotalSeconds:N1} s to {(g.Max(e => e.At) - first).TotalSeconds:N1} s{ChainTimes(g.ToList())}");

    /// <summary>
    /// For one list's chain of pages: the emulator's mean time per page (received to answered, its latency included) and
    /// the mean time from one page's answer to the next page's request (sending the answer, the client's reading of it,
    /// its pacing): where a page's time goes beyond the latency.
    /// </summary>
    private static string ChainTimes(IReadOnlyList<RequestLogEntry> entries)
    {
        if (entries.Any(e => e.Received == default) || entries.Select(e => ListOf(e.PathAndQuery)).Distinct(StringComparer.OrdinalIgnoreCase).Count() != 1)
        {
            return string.Empty;
        }

        var pages = entries.OrderBy(e => e.Received).ToList();
        var served = pages.Average(e => (e.At - e.Received).TotalMilliseconds);
        var between = pages.Zip(pages.Skip(1), (a, b) => (b.Received - a.At).TotalMilliseconds).DefaultIfEmpty().Average();
        return FormattableString.Invariant($" (a page: {served:N1} ms answered, then {between:N1} ms to the next request)");
    }

    /// <summary>
    /// The longest chain of pages the run read: the answered GETs of one list (same path and query but for
    /// <c>$skiptoken</c>), each page asked for with the next link of the one before. Its first page may be a GET inside a
    /// <c>$batch</c>; the emulator answers every HTTP request after the same latency, inner ones with their envelope.
    /// </summary>
    public static (int Pages, string List) LongestChain(IEnumerable<RequestLogEntry> entries)
    {
        var chains = entries.Where(e => e.Method == "GET" && e.Status >= 200 && e.Status < 300)
            .GroupBy(e => ListOf(e.PathAndQuery), StringComparer.OrdinalIgnoreCase)
            .Select(g => (Pages: g.Count(), List: g.Key))
            .OrderByDescending(c => c.Pages)
            .FirstOrDefault();
        return chains.List == null ? (0, string.Empty) : (chains.Pages, Redacted(chains.List));

        // A path's ids (GUIDs) are left out of what is printed: the route names the list well enough.
        static string Redacted(string list) => System.Text.RegularExpressions.Regex.Replace(list, "[0-9a-fA-F]{8}-[0-9a-fA-F-]{27}", "{id}");
    }

    /// <summary>A request's list: its path and its query options without <c>$skiptoken</c>, decoded and in order.</summary>
    internal static string ListOf(string pathAndQuery)
    {
        var question = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        if (question < 0)
        {
            return pathAndQuery;
        }

        var options = pathAndQuery[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(Uri.UnescapeDataString)
            .Where(o => !o.StartsWith("$skiptoken=", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        return pathAndQuery[..question] + "?" + string.Join("&", options);
    }

    /// <summary>
    /// The fewest resource units the published costs allow for the Graph objects a collection of the AI pillar reads,
    /// priced with the true counts a collector only learns while collecting: each set in pages of the largest size
    /// its request can have (100 with $expand, else 999), each relation by the cheaper of its documented access
    /// paths (per parent; expanded on pages of 100 parents plus the whole relation of every parent holding 20 or
    /// more; from the resource side the same way), parents only a type cast holds on that cast's list the same way.
    /// </summary>
    public static long LowerBound(TenantSnapshot snapshot)
    {
        static long Pages(long items, long size) => Math.Max(1, (items + size - 1) / size);
        long total = 0;
        var plan = CollectionPlan.ForPillars(new[] { Engine.Model.Pillar.AI });
        foreach (var entry in plan.Collections.Where(c => c.Graph != null))
        {
            var graph = entry.Graph!;
            if (!graph.IsRelation)
            {
                var size = graph.Expand.Count > 0 ? GraphResourceUnits.MaxPageSizeWithExpand : graph.Top ?? 100;
                total += Pages(snapshot.GraphItems(graph.Set).Count, size) * GraphResourceUnits.CostOfUrl("GET", graph.BuildRequestUri());
                continue;
            }

            var parents = snapshot.GraphItems(graph.ParentSet!).Select(p => p.GetProperty("id").GetString()!).ToHashSet(StringComparer.OrdinalIgnoreCase);

            // The parent list in pages of 100 with the relation expanded, then each type cast's list for the parents only it holds.
            var listPages = Pages(parents.Count, GraphResourceUnits.MaxPageSizeWithExpand);
            foreach (var cast in plan.Collections.Where(c => c.Graph != null && c.Graph.Set.StartsWith(graph.ParentSet + ".microsoft.graph.", StringComparison.OrdinalIgnoreCase)))
            {
                var castOnly = snapshot.GraphItems(cast.Graph!.Set).Select(p => p.GetProperty("id").GetString()!).Where(parents.Add).Count();
                listPages += castOnly > 0 ? Pages(castOnly, GraphResourceUnits.MaxPageSizeWithExpand) : 0;
            }

            var items = snapshot.GraphItems(graph.Set);
            var perParentCost = GraphResourceUnits.CostOfUrl("GET", graph.BuildRequestUri("x"));
            var key = graph.ParentIdProperty ?? graph.Reverse?.MatchProperty ?? "principalId";
            var byParent = items.GroupBy(i => i.TryGetProperty(key, out var v) ? v.GetString() ?? string.Empty : string.Empty, StringComparer.OrdinalIgnoreCase)
                .Where(g => parents.Contains(g.Key)).Select(g => (long)g.Count()).ToList();
            long Expanded(IEnumerable<long> counts, long pages, int followUpCost) =>
                pages + counts.Where(n => n >= GraphResourceUnits.MaxExpandedItems).Sum(n => Pages(n, GraphResourceUnits.MaxPageSize) * followUpCost);
            long best = (long)parents.Count * perParentCost;
            if (graph.Nesting != null)
            {
                best = Math.Min(best, NestedBound(snapshot, graph, parents, listPages, Expanded));
            }
            else if (graph.ExpandOnParent)
            {
                best = Math.Min(best, Expanded(byParent, listPages, perParentCost));
            }

            if (graph.Reverse != null)
            {
                var byResource = items.GroupBy(i => i.TryGetProperty("resourceId", out var v) ? v.GetString() ?? string.Empty : string.Empty, StringComparer.OrdinalIgnoreCase).Select(g => (long)g.Count());
                best = Math.Min(best, Expanded(byResource, listPages, GraphResourceUnits.CostOfUrl("GET", graph.ReverseRequest()!.BuildRequestUri("x"))));
            }

            total += best;
        }

        return total;
    }

    /// <summary>
    /// A nested relation (groups, nested ones included) the cheapest documented way: the direct relation expanded on
    /// pages of 100 parents, a parent holding 20 or more read on its own, then one read per group found for its own
    /// transitive groups or one per member holding a group for its transitive groups, whichever is fewer.
    /// </summary>
    private static long NestedBound(TenantSnapshot snapshot, GraphSetRequest graph, HashSet<string> parents, long listPages, Func<IEnumerable<long>, long, int, long> expanded)
    {
        var nesting = graph.Nesting!;
        var direct = snapshot.GraphItems(graph.ParentSet + "." + nesting.DirectNavigation);
        if (direct.Count == 0)
        {
            // A snapshot with transitive memberships only: served as direct (the emulator does the same).
            direct = snapshot.GraphItems(graph.Set);
        }

        var pairs = direct.Select(i => (Member: i.GetProperty(graph.ParentIdProperty!).GetString() ?? string.Empty, Item: i))
            .Where(p => parents.Contains(p.Member)).ToList();
        var byParent = pairs.GroupBy(p => p.Member, StringComparer.OrdinalIgnoreCase).Select(g => (long)g.Count());
        var groupPairs = pairs.Where(p => graph.Keeps(p.Item)).ToList();
        var groups = groupPairs.Select(p => p.Item.GetProperty("id").GetString()).Distinct(StringComparer.OrdinalIgnoreCase).LongCount();
        var members = groupPairs.Select(p => p.Member).Distinct(StringComparer.OrdinalIgnoreCase).LongCount();
        var closure = Math.Min(
            groups * GraphResourceUnits.CostOfUrl("GET", graph.AncestorsRequest()!.BuildRequestUri("x")),
            members * GraphResourceUnits.CostOfUrl("GET", graph.BuildRequestUri("x")));
        return expanded(byParent, listPages, GraphResourceUnits.CostOfUrl("GET", graph.DirectRequest()!.BuildRequestUri("x"))) + closure;
    }

    /// <summary>True when both folders hold the same Graph objects per set (order aside).</summary>
    private static bool SameGraphObjects(string left, string right)
    {
        var a = SnapshotReader.Read(left);
        var b = SnapshotReader.Read(right);
        foreach (var set in a.GraphSets)
        {
            var x = set.Items.Select(i => i.GetRawText()).Order(StringComparer.Ordinal).ToList();
            var y = b.GraphItems(set.Name).Select(i => i.GetRawText()).Order(StringComparer.Ordinal).ToList();
            if (!x.SequenceEqual(y))
            {
                return false;
            }
        }

        return a.GraphSets.Count == b.GraphSets.Count;
    }

    private static string ManifestTenantId(string folder)
    {
        using var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "manifest.json")));
        return manifest.RootElement.GetProperty("tenantId").GetString()!;
    }

    private static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text)
        {
            secure.AppendChar(c);
        }

        secure.MakeReadOnly();
        return secure;
    }
}
