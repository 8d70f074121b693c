using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using ZeroTrustAI.Benchmarks.Generation;
using ZeroTrustAI.Benchmarks.Measures;

// The measuring half of build.ps1 -Task Bench: each command does one thing in its own process and ends with one line
// "RESULT {json}" that Invoke-Benchmarks.ps1 reads. Timings exclude process start; peakWorkingSet is this process's.
//   generate    --service-principals N --resources M [--format jsonl.gz|json] [--seed S] --out DIR
//   azresources --count N --out FILE
//   parse       DIR          decompress and parse every file with Utf8JsonReader (the baseline)
//   engine      DIR [--hash] [--live] [--parallelism N]  SnapshotReader + AssessmentEngine + AgentPrivilegeAnalyzer through the engine API;
//                            --hash adds a SHA-256 of every result and agent privilege (taken after the timing) to compare engine builds;
//                            a STEP line after each part gives the peak working set so far; --live adds the bytes a full collection leaves;
//                            --parallelism sets the controls evaluated at once (default one per processor, 1 sequential)
//   controls    DIR [--top N]  CPU time of each control on its own (indexes are built by the first control that reads them)
//   collect     [--service-principals N] [--resources M] [--latency-ms L] [--throttle-budget B] [--throttle-window-s W] [--concurrency C] --out DIR
//   hotpaths    [--artifacts DIR]   BenchmarkDotNet: object streaming and index building against the parse baseline
//   report      --results N --out DIR   an HTML report of N results: file size, write time, time until usable in Chromium
var command = args.Length > 0 ? args[0] : "help";
var clock = Stopwatch.StartNew();
object? result = command switch
{
    "generate" => Generate(),
    "azresources" => new { bytes = SyntheticTenant.WriteAzResources(Arg("--out")!, ArgInt("--count", 50_000)) },
    "parse" => JsonParseBaseline.ParseSnapshot(args[1]),
    "engine" => EngineRun.Run(args[1], args.Contains("--hash"), args.Contains("--live"), ArgInt("--parallelism", 0)),
    "controls" => EngineRun.TimeEachControl(args[1], ArgInt("--top", 20)),
    "collect" => await CollectionBench.RunAsync(Arg("--out")!, new CollectionBenchOptions(
        ArgInt("--service-principals", 100_000),
        ArgInt("--resources", 1_000),
        TimeSpan.FromMilliseconds(ArgInt("--latency-ms", 50)),
        ArgInt("--throttle-budget", 8_000),
        TimeSpan.FromSeconds(ArgInt("--throttle-window-s", 10)),
        ArgInt("--concurrency", 16)), Console.WriteLine),
    "hotpaths" => HotPathRatios(),
    "report" => await ReportBench.RunAsync(ArgInt("--results", 50_000), Arg("--out")!),
    _ => null,
};

if (result == null)
{
    Console.Error.WriteLine("Usage: see the comment at the top of tests/ZeroTrustAI.Benchmarks/Program.cs");
    return 2;
}

var seconds = clock.Elapsed.TotalSeconds;
var line = new Dictionary<string, object?>
{
    ["command"] = command,
    ["seconds"] = seconds,
    ["peakWorkingSet"] = Process.GetCurrentProcess().PeakWorkingSet64,
    ["cpuSeconds"] = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds,
    // Allocation shows as collector work: pauses (threads stopped) and collections by generation.
    ["gcPauseSeconds"] = GC.GetTotalPauseDuration().TotalSeconds,
    ["gcCollections"] = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) },
    ["allocatedBytes"] = GC.GetTotalAllocatedBytes(),
    ["result"] = result,
};
Console.WriteLine("RESULT " + JsonSerializer.Serialize(line, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
return 0;

object Generate()
{
    var format = Arg("--format") is "json" ? SnapshotFileFormat.Json : SnapshotFileFormat.JsonlGz;
    var options = new SyntheticTenantOptions
    {
        ServicePrincipals = ArgInt("--service-principals", 10_000),
        Resources = ArgInt("--resources", 2_000),
        Format = format,
        Seed = ulong.Parse(Arg("--seed") ?? "20261203", CultureInfo.InvariantCulture),
    };
    var tenant = SyntheticTenant.Write(Arg("--out")!, options);
    return new { tenant.Bytes, tenant.Files, tenant.Counts };
}

object HotPathRatios()
{
    var artifacts = Arg("--artifacts") ?? Path.Combine(Path.GetTempPath(), "ztai-bench-artifacts");
    var config = ManualConfig.CreateEmpty()
        .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
        .AddColumnProvider(BenchmarkDotNet.Columns.DefaultColumnProviders.Instance)
        .AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default)
        .AddLogger(ConsoleLogger.Default)
        .AddExporter(MarkdownExporter.GitHub)
        .WithArtifactsPath(artifacts);
    var summary = BenchmarkRunner.Run<HotPaths>(config);
    var means = summary.Reports.Where(r => r.ResultStatistics != null)
        .ToDictionary(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name, r => r.ResultStatistics!.Mean / 1e9);
    return new { seconds = means };
}

string? Arg(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

int ArgInt(string name, int fallback) => Arg(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
