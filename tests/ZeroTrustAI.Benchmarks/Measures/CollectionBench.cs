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

/// <summary>What a collection did against the emulator, beside the least it could have done.</summary>
public sealed record CollectionBenchResult(
    long HttpRequests,
    long InnerRequests,
    long Throttled,
    long RequestBound,
    long ResourceUnitBound,
    double Seconds,
    double LatencyBoundSeconds,
    double ThrottleBoundSeconds,
    int PeakConcurrency,
    bool Complete,
    IReadOnlyList<string> Failures)
{
    public double WallBoundSeconds => Math.Max(LatencyBoundSeconds, ThrottleBoundSeconds);
}

/// <summary>
/// Collects a synthetic tenant from the Graph / ARM emulator through the public <see cref="SnapshotCollector"/> entry
/// point (as the collection tests do), with a fixed latency on every HTTP request and Graph's documented throttle, and
/// computes the least requests and time any collector needs for the same objects.
/// </summary>
public static class CollectionBench
{
    public static async Task<CollectionBenchResult> RunAsync(string workFolder, CollectionBenchOptions options, Action<string> log)
    {
        var served = Path.Combine(workFolder, "served");
        var collected = Path.Combine(workFolder, "collected");
        if (Directory.Exists(collected))
        {
            // A new collection each run, never a resume of an earlier, interrupted one.
            Directory.Delete(collected, recursive: true);
        }

        var tenant = SyntheticTenant.Write(served, new SyntheticTenantOptions { ServicePrincipals = options.ServicePrincipals, Resources = options.Resources });
        log($"Serving {options.ServicePrincipals:N0} service principals, {options.Resources:N0} Azure resources ({tenant.Bytes / 1048576.0:N1} MiB)");

        var emulatorOptions = new EmulatorOptions
        {
            Latency = options.Latency,
            GraphThrottle = new GraphThrottle(options.ThrottleBudget, options.ThrottleWindow),
        };
        await using var emulator = await EmulatorHost.StartAsync(served, emulatorOptions);
        var (requestBound, unitBound, innerBound) = LowerBound(tenant, emulatorOptions);

        var connection = await ZtaiConnector.ConnectAsync(
            new ConnectionOptions
            {
                Method = AuthMethod.AccessToken,
                TenantId = ManifestTenantId(served),
                GraphAccessToken = Secure("opaque-graph-token"),
                ArmAccessToken = Secure("opaque-arm-token"),
                GraphEndpoint = emulator.GraphBaseUri,
                ArmEndpoint = emulator.ArmBaseUri,
            },
            skipValidation: true,
            CancellationToken.None);

        var collectorOptions = new SnapshotCollectorOptions
        {
            Requests = new RequestSettings { ArmTransport = emulator.CreateTrustingHandler() },
        };

        var clock = Stopwatch.StartNew();
        var result = await SnapshotCollector.CollectAsync(connection, collected, collectorOptions, new CollectionCallbacks { Warning = w => log("warning: " + w) }, CancellationToken.None);
        var seconds = clock.Elapsed.TotalSeconds;

        var entries = emulator.RequestLog.Entries;
        var http = entries.LongCount(e => !e.Batched);
        var inner = entries.LongCount(e => e.Batched);
        var throttleBound = Math.Max(0, Math.Ceiling((double)unitBound / options.ThrottleBudget) - 1) * options.ThrottleWindow.TotalSeconds;
        var latencyBound = requestBound * options.Latency.TotalSeconds / options.Concurrency;
        var failures = result.Collections.Where(c => !c.IsComplete).Select(c => $"{c.Name}: {c.Status} {c.Error}").ToList();
        log($"Inner $batch GETs: {inner:N0} made, {innerBound:N0} needed");
        return new CollectionBenchResult(http, inner, emulatorOptions.GraphThrottle.Throttled, requestBound, unitBound, seconds, latencyBound, throttleBound,
            emulator.PeakConcurrency, result.IsComplete, failures);
    }

    /// <summary>
    /// The fewest HTTP requests that fetch every object the collection plan names, and the fewest Graph resource units:
    /// each Graph set in pages of 999 (Graph's largest), each per-object relation as one GET per parent (plus one per
    /// further page of a parent with more than 999) packed 20 to a $batch, each Resource Graph type in pages of 1,000,
    /// the subscription list and each per-parent ARM list in pages of the emulator's ARM page size.
    /// </summary>
    public static (long Requests, long ResourceUnits, long InnerRequests) LowerBound(GeneratedTenant tenant, EmulatorOptions emulator)
    {
        long requests = 0, units = 0, innerTotal = 0;
        static long Pages(long items, long size) => Math.Max(1, (items + size - 1) / size);
        long Objects(string set) => tenant.Counts.Where(c => string.Equals(c.Key, DataSets.Graph(set), StringComparison.OrdinalIgnoreCase)
            || c.Key.StartsWith(DataSets.Graph(set) + ".microsoft.graph.", StringComparison.OrdinalIgnoreCase)).Sum(c => c.Value);

        foreach (var entry in CollectionPlan.ForPillars(null, includeAgentAnalysis: true).Collections)
        {
            if (entry.Graph is { } graph)
            {
                var query = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                if (graph.Select.Count > 0)
                {
                    query["$select"] = string.Empty;
                }

                if (graph.Expand.Count > 0)
                {
                    query["$expand"] = string.Empty;
                }

                var cost = GraphThrottle.CostOf("GET", graph.Path, query);
                if (graph.IsRelation)
                {
                    var inner = Objects(graph.ParentSet!) + tenant.ExtraRelationPages.GetValueOrDefault(entry.Name);
                    innerTotal += inner;
                    requests += Pages(inner, 20);
                    units += inner * cost;
                }
                else
                {
                    var pages = Pages(tenant.Count(entry.Name), EmulatorOptions.MaxGraphPageSize);
                    requests += pages;
                    units += pages * cost;
                }
            }
            else if (entry.Arm is { } arm)
            {
                requests += arm.Source switch
                {
                    ArmSource.SubscriptionList => Pages(tenant.Count("arm/subscriptions"), emulator.ArmPageSize),
                    ArmSource.ResourceGraph => Pages(tenant.Count(entry.Name), EmulatorOptions.MaxResourceGraphPageSize),
                    _ => arm.ParentTypes.Sum(parent => tenant.Count(DataSets.Arm(parent))),
                };
            }
        }

        return (requests, units, innerTotal);
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
