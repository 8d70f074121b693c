using ZeroTrustAI.Benchmarks.Measures;
using ZeroTrustAI.Emulator;

namespace ZeroTrustAI.Benchmarks.Tests;

/// <summary>The collection benchmark's latency bound counts the pages of each next-link chain the run read.</summary>
public class CollectionBenchTests
{
    private const string Id = "0f3c8b2e-1a2b-4c3d-8e9f-0a1b2c3d4e5f";

    [Fact]
    public void The_longest_chain_is_the_list_with_the_most_answered_pages_whatever_its_skip_tokens()
    {
        var owners = $"/v1.0/servicePrincipals/{Id}/owners";
        var entries = new[]
        {
            // One list: its first page inside a $batch, its next pages with skip tokens and re-encoded options.
            Entry($"{owners}?$select=id,displayName&$top=999", batched: true),
            Entry($"{owners}?%24select=id%2CdisplayName&%24top=999&$skiptoken=a"),
            Entry($"{owners}?$select=id%2CdisplayName&$top=999&$skiptoken=b"),
            Entry($"{owners}?$top=999&$select=id,displayName&$skiptoken=c"),
            // A throttled try is no page.
            Entry($"{owners}?$select=id,displayName&$top=999&$skiptoken=d", status: 429),
            // Another list on the same path: another chain.
            Entry("/beta/servicePrincipals?$select=id&$top=999"),
            Entry("/beta/servicePrincipals?$select=id&$top=999&$skiptoken=x"),
            Entry("/beta/servicePrincipals?$select=id&$expand=owners($select=id)&$top=100"),
        };

        var (pages, list) = CollectionBench.LongestChain(entries);

        Assert.Equal(4, pages);
        Assert.Equal("/v1.0/servicePrincipals/{id}/owners?$select=id,displayName&$top=999", list);
    }

    [Fact]
    public void The_bound_is_the_larger_of_the_budget_time_and_the_chain_time()
    {
        static PlanRun Run(double seconds, double budget, int chain) =>
            new("Cheapest", 0, 0, 0, 0, 0, seconds, budget, 1, true, Array.Empty<string>(), chain, "list", 0.05, 0, Array.Empty<string>());

        Assert.Equal(50, Run(60, 10, 1_000).BoundSeconds, 6);
        Assert.Equal(1.2, Run(60, 10, 1_000).WallOverBound, 6);
        Assert.Equal(120, Run(150, 120, 1_000).BoundSeconds, 6);
        Assert.Equal(1.25, Run(150, 120, 1_000).WallOverBound, 6);
    }

    private static RequestLogEntry Entry(string pathAndQuery, bool batched = false, int status = 200) =>
        new("GET", pathAndQuery, pathAndQuery.Split('?')[0], status, EmulatorApi.Graph, batched, null);
}
