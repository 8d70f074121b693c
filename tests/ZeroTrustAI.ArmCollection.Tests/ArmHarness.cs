using System.Collections.Concurrent;
using Azure.Core;
using ZeroTrustAI.Collector.Collection;
using ZeroTrustAI.Collector.Connection;
using ZeroTrustAI.Collector.Http;
using ZeroTrustAI.Collector.Requests;
using ZeroTrustAI.Emulator;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Collection;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.ArmCollection.Tests;

/// <summary>
/// The emulator over the bundled Contoso sample, request settings for it (trusting only this run's certificate, short
/// back-off so faults cost little time), and helpers to run the ARM collector into a temp folder.
/// </summary>
public abstract class ArmHarness : IAsyncLifetime
{
    public const string TenantId = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
    public const string ProductionSubscription = "b1e0d1a2-0001-4c3b-9a7e-100000000001";
    public static readonly string SampleTenantPath = Path.Combine(AppContext.BaseDirectory, "SampleTenant");

    private static readonly Lazy<TenantSnapshot> LazySample = new(() => SnapshotReader.Read(SampleTenantPath));
    private readonly List<string> _folders = new();

    protected EmulatorHost Emulator { get; private set; } = null!;

    /// <summary>The plan for every control of every pillar; only its ARM entries are collected here.</summary>
    protected static CollectionPlan Plan { get; } = CollectionPlan.ForPillars(null, includeAgentAnalysis: true);

    protected static IReadOnlyList<string> ArmNames { get; } = Plan.Collections.Where(c => c.Arm != null).Select(c => c.Name).ToList();

    protected static TenantSnapshot Sample => LazySample.Value;

    protected virtual EmulatorOptions CreateOptions() => new();

    /// <summary>The snapshot the emulator serves.</summary>
    protected virtual string SnapshotPath => SampleTenantPath;

    public async Task InitializeAsync() => Emulator = await EmulatorHost.StartAsync(SnapshotPath, CreateOptions());

    public async Task DisposeAsync()
    {
        await Emulator.DisposeAsync();
        foreach (var folder in _folders.Where(Directory.Exists))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    protected string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ztai-arm-" + Guid.NewGuid().ToString("N"));
        _folders.Add(folder);
        return folder;
    }

    /// <summary>One collection run: opens (or resumes) the checkpoint, runs the collector, and finishes unless cancelled.</summary>
    protected async Task<Run> CollectAsync(
        string folder,
        bool resume = false,
        ArmCollectorOptions? options = null,
        int? cancelAfterPages = null,
        int parentsPerPage = 100,
        Func<CollectionProgress, bool>? cancelWhen = null)
    {
        var checkpoint = CollectionCheckpoint.Open(folder, TenantId, ArmNames, resume);
        var run = new Run(checkpoint);
        using var cancellation = new CancellationTokenSource();
        var callbacks = new CollectionCallbacks
        {
            // Collections run in parallel: progress may come from several threads at once.
            Progress = new SyncProgress<CollectionProgress>(p =>
            {
                int pages;
                lock (run.Progress)
                {
                    run.Progress.Add(p);
                    pages = run.Progress.Count;
                }

                if ((cancelAfterPages != null && pages >= cancelAfterPages) || cancelWhen?.Invoke(p) == true)
                {
                    cancellation.Cancel();
                }
            }),
            Verbose = run.Verbose.Add,
            Warning = run.Warnings.Add,
        };
        var endpoints = CloudEndpoints.For(CloudEnvironment.Global, Emulator.GraphBaseUri, Emulator.ArmBaseUri);
        var collector = new ArmCollector(new FixedTokenCredential(), endpoints, Requests(), options ?? new ArmCollectorOptions(), run.Statistics, callbacks)
        {
            ParentsPerPage = parentsPerPage,
        };
        var logBefore = Emulator.RequestLog.Entries.Count;
        try
        {
            await collector.CollectAsync(Plan, checkpoint, cancellation.Token);
            run.Summary = checkpoint.Finish();
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            run.Cancelled = true;
        }

        run.Requests = Emulator.RequestLog.Entries.Skip(logBefore).ToList();
        return run;
    }

    /// <summary>The request settings of every run: short back-off so faults cost little time; Retry-After is honoured as sent.</summary>
    protected virtual RequestSettings Requests() => new()
    {
        ArmTransport = Emulator.CreateTrustingHandler(),
        Retry = new RetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(200), MaxRetries = 4 },
        RequestTimeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>The sample's resources that the plan's ARM entries cover (per-parent types only under their catalog parents).</summary>
    protected static List<string> CoveredSampleIds()
    {
        var types = Plan.Collections.Where(c => c.Arm != null && c.Arm.Source != ArmSource.SubscriptionList)
            .ToDictionary(c => c.Arm!.ResourceType, c => c.Arm!, StringComparer.OrdinalIgnoreCase);
        return Sample.Resources
            .Where(r => types.TryGetValue(r.Type, out var request) &&
                        (request.Source != ArmSource.ArmGetPerParent ||
                         request.ParentTypes.Any(p => IsUnder(r, p))))
            .Select(r => CanonicalId(r).ToUpperInvariant())
            .OrderBy(id => id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Whether a resource sits under a parent of the type: a subscription-scoped extension (governance rules) has no
    /// parent resource, only its subscription.
    /// </summary>
    private static bool IsUnder(ArmResource resource, string parentType) =>
        resource.ParentId != null
            ? string.Equals(ArmId.GetTypeFromId(resource.ParentId), parentType, StringComparison.OrdinalIgnoreCase)
            : string.Equals(parentType, ResourceTypes.Subscription, StringComparison.OrdinalIgnoreCase) && resource.SubscriptionId != null &&
              resource.Id.IndexOf("/resourceGroups/", StringComparison.OrdinalIgnoreCase) < 0;

    /// <summary>
    /// The id ARM gives a resource: a diagnostic setting nested without an id in its parent (template form) is the
    /// extension {parent}/providers/Microsoft.Insights/diagnosticSettings/{name}.
    /// </summary>
    private static string CanonicalId(ArmResource resource) =>
        resource.IsType("Microsoft.Insights/diagnosticSettings") && resource.ParentId != null &&
        !resource.Id.Contains("/providers/Microsoft.Insights/", StringComparison.OrdinalIgnoreCase)
            ? resource.ParentId + "/providers/Microsoft.Insights/diagnosticSettings/" + resource.Name
            : resource.Id;

    /// <summary>Every object id saved in the folder's ARM pages (duplicates kept, so "exactly once" can be checked).</summary>
    protected static List<string> SavedIds(string folder, bool subscriptions = false) =>
        Directory.GetFiles(Path.Combine(folder, "arm"), "*.json")
            .Where(f => Path.GetFileName(f).StartsWith("Microsoft.Resources.subscriptions.", StringComparison.OrdinalIgnoreCase) == subscriptions)
            .SelectMany(f =>
            {
                using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(f));
                return document.RootElement.GetProperty("value").EnumerateArray().Select(i => i.GetProperty("id").GetString()!.ToUpperInvariant()).ToList();
            })
            .OrderBy(id => id, StringComparer.Ordinal)
            .ToList();

    /// <summary>(ControlId, ResourceId, Status, Reason) of every control whose required data is only Azure data.</summary>
    protected static List<string> ArmControlResults(TenantSnapshot snapshot, Func<Control, bool>? which = null) =>
        ControlCatalog.All
            .Where(c => c.Metadata.RequiredData.Count > 0 && c.Metadata.RequiredData.All(d => d.StartsWith(DataSets.ArmPrefix, StringComparison.OrdinalIgnoreCase)))
            .Where(c => which == null || which(c))
            .SelectMany(c => AssessmentEngine.EvaluateControl(snapshot, c))
            .Select(r => $"{r.ControlId} | {r.ResourceId.ToUpperInvariant()} | {r.Status} | {r.Reason}")
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToList();

    /// <summary>Equal lists, or a message naming what is missing, extra or duplicated.</summary>
    protected static void AssertSame(IEnumerable<string> expected, IEnumerable<string> actual)
    {
        var want = expected.ToList();
        var got = actual.ToList();
        var missing = want.Except(got).ToList();
        var extra = got.Except(want).ToList();
        var duplicated = got.GroupBy(x => x).Where(g => g.Count() > Math.Max(1, want.Count(w => w == g.Key))).Select(g => g.Key).ToList();
        Assert.True(
            missing.Count == 0 && extra.Count == 0 && duplicated.Count == 0 && want.Count == got.Count,
            $"missing: {string.Join("; ", missing)}\nextra: {string.Join("; ", extra)}\nduplicated: {string.Join("; ", duplicated)}");
    }

    public sealed class Run(CollectionCheckpoint checkpoint)
    {
        public CollectionCheckpoint Checkpoint { get; } = checkpoint;
        public CollectionStatistics Statistics { get; } = new();
        public ConcurrentBag<string> Verbose { get; } = new();
        public ConcurrentBag<string> Warnings { get; } = new();
        public List<CollectionProgress> Progress { get; } = new();
        public CollectionSummary? Summary { get; set; }
        public bool Cancelled { get; set; }
        public List<RequestLogEntry> Requests { get; set; } = new();

        public CollectionState State(string name) => Summary?.Collections.Single(c => c.Name == name) ?? Checkpoint.GetState(name);
    }

    /// <summary>Reports on the caller's thread, so a test can cancel exactly after the Nth page.</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        private readonly object _gate = new();

        public void Report(T value)
        {
            lock (_gate)
            {
                report(value);
            }
        }
    }

    private sealed class FixedTokenCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new("emulator-test-token", DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }
}
