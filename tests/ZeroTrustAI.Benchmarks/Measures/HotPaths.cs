using BenchmarkDotNet.Attributes;
using ZeroTrustAI.Benchmarks.Generation;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Benchmarks.Measures;

/// <summary>
/// BenchmarkDotNet hot paths on a 10,000 service principal tenant: streaming the snapshot's JSON objects into the
/// reader's form (against Utf8JsonReader merely parsing the same files, the baseline), and reading plus building the
/// directory indexes the privilege analysis uses (the difference is the index building).
/// </summary>
[MemoryDiagnoser]
public class HotPaths
{
    private string _folder = string.Empty;

    [Params(10_000)]
    public int ServicePrincipals { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"ztai-bench-hot-{ServicePrincipals}");
        SyntheticTenant.Write(_folder, new SyntheticTenantOptions { ServicePrincipals = ServicePrincipals, Resources = ServicePrincipals / 5 });
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark(Baseline = true, Description = "Utf8JsonReader parse (baseline)")]
    public long Parse() => JsonParseBaseline.ParseSnapshot(_folder).Tokens;

    [Benchmark(Description = "SnapshotReader.Read (object streaming)")]
    public object Read() => SnapshotReader.Read(_folder);

    [Benchmark(Description = "Read + privilege indexes (AnalyzeAll)")]
    public int ReadAndIndex() => AgentPrivilegeAnalyzer.AnalyzeAll(SnapshotReader.Read(_folder)).Count;
}
