using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using ZeroTrustAI.Collector.Collection;
using ZeroTrustAI.Emulator;

namespace ZeroTrustAI.Collection.Tests;

/// <summary>
/// Graph and ARM share one request layer: the same fault served by the emulator on a Graph set's first page and on the
/// ARM subscription list is retried the same way, with the same waits, statistics and verbose lines.
/// </summary>
public class RequestLayerTests : CollectionTestBase
{
    private const string GraphRoute = "/v1.0/oauth2PermissionGrants";
    private const string ArmRoute = "/subscriptions";
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(7);

    public static TheoryData<string> Faults => new() { "truncated body", "429 with Retry-After", "503", "all three in a row" };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task The_same_fault_is_retried_identically_over_Graph_and_ARM(string fault)
    {
        var graph = await CollectWithAsync(FaultsOn(GraphRoute, fault));
        var arm = await CollectWithAsync(FaultsOn(ArmRoute, fault));
        var attempts = FaultsOn(GraphRoute, fault).Count + 1;

        // Same attempts: the faulted ones, then the one that succeeds.
        Assert.Equal(attempts, graph.Attempts(GraphRoute).Count);
        Assert.Equal(graph.Attempts(GraphRoute), arm.Attempts(ArmRoute));
        Assert.Equal(200, graph.Attempts(GraphRoute)[^1].Status);

        // Same waits, in the same order.
        Assert.Equal(attempts - 1, graph.Waits.Count);
        Assert.Equal(graph.Waits, arm.Waits);

        // Same statistics (the runs differ only in which service was faulted).
        Assert.Equal(attempts - 1, graph.Result.Statistics.Retries);
        Assert.Equal(
            (graph.Result.Statistics.Requests, graph.Result.Statistics.Retries, graph.Result.Statistics.ThrottledWaits, graph.Result.Statistics.ThrottledWaitTime),
            (arm.Result.Statistics.Requests, arm.Result.Statistics.Retries, arm.Result.Statistics.ThrottledWaits, arm.Result.Statistics.ThrottledWaitTime));

        // Same verbose lines, apart from the URL and the time each attempt took.
        var graphLines = graph.Lines(GraphRoute, attempts);
        Assert.Equal(attempts, graphLines.Count);
        Assert.Equal(graphLines, arm.Lines(ArmRoute, attempts));
        Assert.All(graphLines.Take(attempts - 1), line => Assert.Contains($"; retry ", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Throttled_waits_count_429_and_503_with_the_wait_asked_for()
    {
        var run = await CollectWithAsync(FaultsOn(ArmRoute, "all three in a row"));

        // The cut body is retried but is no throttling; the 429 waits its Retry-After; the 503 its back-off.
        Assert.Equal(2, run.Result.Statistics.ThrottledWaits);
        Assert.Equal(RetryAfter + run.Waits[2], run.Result.Statistics.ThrottledWaitTime);
        Assert.Equal(RetryAfter, run.Waits[1]);
    }

    private static List<FaultRule> FaultsOn(string route, string fault) => fault switch
    {
        "truncated body" => [FaultRule.TruncatedJson(route)],
        "429 with Retry-After" => [FaultRule.Throttle(route, RetryAfter)],
        "503" => [FaultRule.ServiceUnavailable(route)],
        _ => [FaultRule.TruncatedJson(route, firstRequest: 1), FaultRule.Throttle(route, RetryAfter, firstRequest: 2), FaultRule.ServiceUnavailable(route, firstRequest: 3)],
    };

    private async Task<Run> CollectWithAsync(IEnumerable<FaultRule> faults)
    {
        Emulator.Options.ClearFaults();
        foreach (var fault in faults)
        {
            Emulator.Options.AddFault(fault);
        }

        Emulator.RequestLog.Clear();
        Waits.Clear();
        var verbose = new ConcurrentQueue<string>();
        var options = Options();

        // A fixed jitter, so that two runs back off alike.
        options.Requests.Retry.NextRandom = () => 0.5;
        var result = await CollectAsync(NewFolder(), options, callbacks: new CollectionCallbacks { Verbose = verbose.Enqueue });
        Assert.True(result.IsComplete, result.ToString());
        return new Run(result, Waits.ToList(), verbose.ToList(), Emulator.RequestLog.Entries);
    }

    private sealed record Run(SnapshotCollectionResult Result, List<TimeSpan> Waits, List<string> Verbose, IReadOnlyList<RequestLogEntry> Log)
    {
        /// <summary>The first request to the route: its attempts up to the first clean answer, as (status, fault).</summary>
        public List<(int Status, FaultKind? Fault)> Attempts(string route)
        {
            var attempts = new List<(int, FaultKind?)>();
            foreach (var entry in Log.Where(e => !e.Batched && e.PathAndQuery.Split('?')[0] == route))
            {
                attempts.Add((entry.Status, entry.Fault));
                if (entry.Fault == null)
                {
                    break;
                }
            }

            return attempts;
        }

        /// <summary>The first verbose lines for the route, with the route and the elapsed milliseconds taken out.</summary>
        public List<string> Lines(string route, int count) =>
            Verbose.Where(line => line.StartsWith("GET " + route + " -> ", StringComparison.Ordinal))
                .Take(count)
                .Select(line => Regex.Replace(line.Replace(route, "{url}", StringComparison.Ordinal), @"\(\d+ ms\)", "(… ms)"))
                .ToList();
    }
}
