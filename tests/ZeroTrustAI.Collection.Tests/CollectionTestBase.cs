using System.Collections.Concurrent;
using System.Security;
using System.Text;
using System.Text.Json;
using ZeroTrustAI.Collector.Collection;
using ZeroTrustAI.Collector.Connection;
using ZeroTrustAI.Collector.Http;
using ZeroTrustAI.Collector.Requests;
using ZeroTrustAI.Emulator;
using ZeroTrustAI.Engine.Collection;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Collection.Tests;

/// <summary>An emulator over the bundled Contoso sample tenant, connections to it, and helpers to collect and compare.</summary>
public abstract class CollectionTestBase : IAsyncLifetime
{
    public const string TenantId = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";

    public static readonly string SampleTenantPath = Path.Combine(AppContext.BaseDirectory, "SampleTenant");

    private readonly List<string> _folders = new();

    protected EmulatorHost Emulator { get; private set; } = null!;

    /// <summary>Every wait the Graph pipeline and the collector asked for: recorded, not slept, so the suite stays fast.</summary>
    protected ConcurrentQueue<TimeSpan> Waits { get; } = new();

    /// <summary>
    /// The emulator serves a copy of the sample tenant plus an empty PIM eligibility list: the sample has none, and
    /// the emulator answers 404 for a set it lacks, where Microsoft Graph answers an empty list for a tenant without
    /// eligibilities. Results are still compared with the unchanged sample.
    /// </summary>
    public async Task InitializeAsync()
    {
        var served = NewFolder();
        foreach (var file in Directory.GetFiles(SampleTenantPath, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(served, Path.GetRelativePath(SampleTenantPath, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        File.WriteAllText(Path.Combine(served, "graph", "roleManagement.directory.roleEligibilityScheduleInstances.json"), "{\"value\": []}");
        AddToServed(served);
        // Graph's charging with a bucket no test empties: costs and headers as Graph sends them, no waits.
        Emulator = await EmulatorHost.StartAsync(served, new EmulatorOptions { GraphThrottle = GraphThrottle.Large() });
    }

    /// <summary>Lets a test class serve more than the sample (extra page files in <paramref name="served"/>/graph).</summary>
    protected virtual void AddToServed(string served)
    {
    }

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
        var folder = Path.Combine(Path.GetTempPath(), "ztai-collect-" + Guid.NewGuid().ToString("N"));
        _folders.Add(folder);
        return folder;
    }

    /// <summary>A connection to the emulator. Without a token the claims are not read (as for an opaque token): nothing is pre-skipped.</summary>
    protected Task<ZtaiConnection> ConnectAsync(string? graphToken = null)
        => ZtaiConnector.ConnectAsync(
            new ConnectionOptions
            {
                Method = AuthMethod.AccessToken,
                TenantId = TenantId,
                GraphAccessToken = Secure(graphToken ?? "opaque-graph-token"),
                ArmAccessToken = Secure(graphToken == null ? "opaque-arm-token" : Token(Array.Empty<string>(), "https://management.azure.com")),
                GraphEndpoint = Emulator.GraphBaseUri,
                ArmEndpoint = Emulator.ArmBaseUri,
            },
            skipValidation: graphToken == null,
            CancellationToken.None);

    protected SnapshotCollectorOptions Options(int pageSize = 4, bool resume = false, GraphRelationPlan plan = GraphRelationPlan.Cheapest, int parallelCollections = 4) => new()
    {
        Resume = resume,
        // Stamped as the sample was, so its behaviour windows (audit, sign-in) end where the sample's do on any day.
        CollectedAt = SampleCollectedAt,
        Graph = new GraphCollectorOptions { PageSize = pageSize, RelationPlan = plan, ParallelCollections = parallelCollections, RequestsInFlight = parallelCollections },
        Requests = new RequestSettings
        {
            RequestTimeout = TimeSpan.FromSeconds(10),
            Retry = new RetryPolicy { Delay = Record },
            ArmTransport = Emulator.CreateTrustingHandler(),
        },
    };

    protected async Task<SnapshotCollectionResult> CollectAsync(string folder, SnapshotCollectorOptions? options = null, ZtaiConnection? connection = null, CollectionCallbacks? callbacks = null, CancellationToken cancellationToken = default)
        => await SnapshotCollector.CollectAsync(connection ?? await ConnectAsync(), folder, options ?? Options(), callbacks, cancellationToken);

    /// <summary>The plan a collection of every pillar follows (what <see cref="SnapshotCollector"/> collects here).</summary>
    protected static CollectionPlan Plan { get; } = CollectionPlan.ForPillars(null);

    /// <summary>GETs per $batch, as the collector is configured in these tests.</summary>
    protected static int BatchSize => new GraphCollectorOptions().BatchSize;

    /// <summary>The ids of a Graph set in the sample tenant (its file graph/&lt;set&gt;.json), in file order; none when it has no file.</summary>
    protected static List<string> SampleIds(string set)
    {
        // A set is its file and its page files (<set>.<n>.json).
        var pages = Directory.GetFiles(Path.Combine(SampleTenantPath, "graph"), set + ".*json")
            .Where(path => IsFileOfSet(Path.GetFileName(path), set));
        return pages.SelectMany(path =>
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.GetProperty("value").EnumerateArray().Select(item => item.GetProperty("id").GetString()!).ToList();
        }).ToList();
    }

    /// <summary>True for <c>&lt;set&gt;.json</c> and its page files <c>&lt;set&gt;.&lt;n&gt;.json</c>.</summary>
    protected static bool IsFileOfSet(string fileName, string set)
    {
        if (string.Equals(fileName, set + ".json", StringComparison.Ordinal))
        {
            return true;
        }

        var page = fileName.StartsWith(set + ".", StringComparison.Ordinal) && fileName.EndsWith(".json", StringComparison.Ordinal)
            ? fileName.Substring(set.Length + 1, fileName.Length - set.Length - 6)
            : string.Empty;
        return page.Length > 0 && page.All(char.IsDigit);
    }

    /// <summary>
    /// The parents a relation is read for, as the collector reads them: the objects of its parent set, then those of
    /// the set's type casts in the plan, each id once.
    /// </summary>
    protected static List<string> RelationParents(string relationSet)
    {
        var relation = Plan.Collections.Select(c => c.Graph).Single(g => g != null && g.Set == relationSet)!;
        var castPrefix = relation.ParentSet + ".microsoft.graph.";
        var sets = new[] { relation.ParentSet! }.Concat(Plan.Collections
            .Select(c => c.Graph?.Set)
            .Where(set => set != null && set.StartsWith(castPrefix, StringComparison.OrdinalIgnoreCase))
            .Select(set => set!));
        return sets.SelectMany(SampleIds).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>$batch POSTs a full collection sends: for each relation of the plan, one per <see cref="BatchSize"/> parents.</summary>
    protected static int ExpectedBatches() =>
        Plan.Collections.Where(c => c.Graph is { IsRelation: true })
            .Sum(c => (RelationParents(c.Graph!.Set).Count + BatchSize - 1) / BatchSize);

    /// <summary>
    /// Collects into a new folder, cut after page <paramref name="page"/> of <paramref name="collection"/> (a manifest
    /// name), then resumes, one collection at a time. Asserts the resume read no page the cut run was answered, and
    /// returns the folder and the resource units of both runs.
    /// </summary>
    protected async Task<(string Folder, long Units)> CutAndResumeAsync(string collection, int page, GraphRelationPlan plan)
    {
        Emulator.RequestLog.Clear();
        var folder = NewFolder();
        using var cancel = new CancellationTokenSource();
        var callbacks = new CollectionCallbacks
        {
            Progress = new SyncProgress(p =>
            {
                if (p.Collection == collection && p.Pages == page)
                {
                    cancel.Cancel();
                }
            }),
        };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CollectAsync(folder, Options(plan: plan, parallelCollections: 1), callbacks: callbacks, cancellationToken: cancel.Token));
        var firstRun = Emulator.RequestLog.Entries.Where(e => e.Api == EmulatorApi.Graph).ToList();
        Emulator.RequestLog.Clear();

        await CollectAsync(folder, Options(resume: true, plan: plan, parallelCollections: 1));
        var secondRun = Emulator.RequestLog.Entries.Where(e => e.Api == EmulatorApi.Graph).ToList();

        // $batch envelopes share one path; the GETs inside them are compared.
        static IEnumerable<string> Reads(IEnumerable<RequestLogEntry> entries) => entries.Where(e => e.Method == "GET").Select(e => e.PathAndQuery);
        var again = Reads(secondRun).Intersect(Reads(firstRun.Where(e => e.Status == 200)), StringComparer.Ordinal).ToList();
        Assert.True(again.Count == 0, $"Cut after page {page} of {collection}: the resume read again " + string.Join(" ; ", again));
        return (folder, firstRun.Sum(e => (long)e.ResourceUnits) + secondRun.Sum(e => (long)e.ResourceUnits));
    }

    /// <summary>Every object of every Graph page file of a snapshot folder, as compact JSON text, per set.</summary>
    protected static Dictionary<string, List<string>> GraphObjects(string folder)
    {
        var sets = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in Directory.GetFiles(Path.Combine(folder, "graph"), "*.json"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            // Collected pages are <set>.<n>.json; the sample's files are <set>.json.
            var dot = name.LastIndexOf('.');
            var set = dot > 0 && name.Substring(dot + 1).All(char.IsDigit) ? name.Substring(0, dot) : name;
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            if (!sets.TryGetValue(set, out var list))
            {
                sets[set] = list = new List<string>();
            }

            // A singleton (policies/authorizationPolicy) is one object, not a page.
            list.AddRange(document.RootElement.TryGetProperty("value", out var value)
                ? value.EnumerateArray().Select(item => item.GetRawText())
                : new[] { document.RootElement.GetRawText() });
        }

        foreach (var list in sets.Values)
        {
            list.Sort(StringComparer.Ordinal);
        }

        return sets;
    }

    protected static IReadOnlyList<AssessmentResult> Evaluate(string folder, Func<Engine.Controls.Control, bool>? which = null)
    {
        var snapshot = SnapshotReader.Read(folder);
        var controls = Engine.Controls.ControlCatalog.All.Where(which ?? (_ => true));
        return AssessmentEngine.Evaluate(snapshot, controls).ToList();
    }

    protected static bool IsGraphOnly(Engine.Controls.Control control)
        => control.Metadata.RequiredData.Count > 0 && control.Metadata.RequiredData.All(d => d.StartsWith(DataSets.GraphPrefix, StringComparison.OrdinalIgnoreCase));

    protected static readonly DateTimeOffset SampleCollectedAt = Engine.Snapshot.SnapshotReader.Read(SampleTenantPath).Manifest!.CollectedAt!.Value;

    protected static string[] Lines(IEnumerable<AssessmentResult> results)
        => results.Select(r => $"{r.ControlId} | {r.ResourceId} | {r.Status} | {r.Reason}").OrderBy(l => l, StringComparer.Ordinal).ToArray();

    protected Task Record(TimeSpan wait, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Waits.Enqueue(wait);
        return Task.CompletedTask;
    }

    protected static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text)
        {
            secure.AppendChar(c);
        }

        secure.MakeReadOnly();
        return secure;
    }

    /// <summary>An unsigned JWT for the Contoso tenant carrying Graph application permissions (roles).</summary>
    protected static string AppToken(params string[] roles) => Token(roles, "https://graph.microsoft.com");

    private static string Token(string[] roles, string audience)
    {
        static string Encode(object value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var claims = new Dictionary<string, object>
        {
            ["aud"] = audience,
            ["tid"] = TenantId,
            ["appid"] = "a0b1c2d3-0000-4000-8000-00000000c0de",
            ["oid"] = "a0b1c2d3-0000-4000-8000-0000000000ff",
            ["roles"] = roles,
            ["exp"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(),
        };
        return Encode(new { alg = "none", typ = "JWT" }) + "." + Encode(claims) + ".c2lnbmF0dXJl";
    }

    /// <summary>A progress sink called synchronously on the collector's thread (Progress&lt;T&gt; would post).</summary>
    protected sealed class SyncProgress : IProgress<CollectionProgress>
    {
        private readonly Action<CollectionProgress> _report;

        public SyncProgress(Action<CollectionProgress> report) => _report = report;

        public void Report(CollectionProgress value) => _report(value);
    }
}
