using System.Diagnostics;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Reachability;
using ZeroTrustAI.Engine.Settings;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Benchmarks.Measures;

/// <summary>What one assessment plus privilege analysis through the engine API produced, and how long each part took.</summary>
public sealed record EngineRunResult(
    double ReadSeconds,
    double EvaluateSeconds,
    double PrivilegeSeconds,
    int Results,
    int Agents,
    int Issues,
    IReadOnlyDictionary<string, int> ByStatus,
    string? Hash)
{
    public double Seconds => ReadSeconds + EvaluateSeconds + PrivilegeSeconds;
}

/// <summary>
/// Reads a snapshot once and runs every control and the privilege analysis of every agent over it, through the public
/// engine API (SnapshotReader, AssessmentEngine, AgentPrivilegeAnalyzer): what the cmdlets do without PowerShell.
/// </summary>
public static class EngineRun
{
    /// <param name="path">The snapshot folder or .zip.</param>
    /// <param name="hash">Keep every result and hash them with the privilege analysis after the timing (<see cref="ResultsHash"/>).</param>
    /// <param name="live">After each step, also collect fully and print the bytes still reachable (costs time; off for timed runs).</param>
    /// <param name="parallelism">Controls evaluated at once (0: the engine's default, one per processor; 1: one after the other).</param>
    public static EngineRunResult Run(string path, bool hash = false, bool live = false, int parallelism = 0)
    {
        var clock = Stopwatch.StartNew();
        var snapshot = SnapshotReader.Read(path);
        var read = clock.Elapsed.TotalSeconds;
        Step("read", live);

        clock.Restart();
        var byStatus = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var results = 0;
        var kept = new List<AssessmentResult>();
        foreach (var result in AssessmentEngine.Evaluate(snapshot, ControlCatalog.All, AssessmentSettings.Empty, DateTimeOffset.UtcNow, parallelism: parallelism))
        {
            results++;
            if (hash)
            {
                kept.Add(result);
            }

            var status = result.Status.ToString();
            byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
        }

        var evaluate = clock.Elapsed.TotalSeconds;
        Step("evaluate", live);
        clock.Restart();
        // As Test-ZtaiAgentPrivilege writes them: one analysis at a time, none kept by the reader, made on as many
        // threads as the controls were evaluated on.
        var agents = 0;
        var workers = parallelism == 0 ? AssessmentEngine.DefaultParallelism : parallelism;
        foreach (var analysis in AgentPrivilegeAnalyzer.AnalyzeEach(snapshot, GraphDirectory.For(snapshot).Agents, AgentPrivilegeAnalyzer.DefaultMaxDepth, null, workers))
        {
            agents++;
            _ = analysis.Paths;
        }

        var privilege = clock.Elapsed.TotalSeconds;
        Step("privilege", live);
        GC.KeepAlive(snapshot);
        return new EngineRunResult(read, evaluate, privilege, results, agents, snapshot.Issues.Count, byStatus, hash ? ResultsHash.Of(kept, AgentPrivilegeAnalyzer.AnalyzeEach(snapshot)) : null);
    }

    /// <summary>
    /// Memory after a step: the process's peak working set so far (it only grows, so each step's line shows what that step
    /// added to the peak), its working set now, the GC heap after the last collection and, with <paramref name="live"/>,
    /// what a full blocking collection leaves (what the step keeps alive).
    /// </summary>
    private static void Step(string name, bool live)
    {
        const double MiB = 1048576.0;
        var liveBytes = live ? $"  live {GC.GetTotalMemory(forceFullCollection: true) / MiB,8:N0} MiB" : string.Empty;
        using var process = Process.GetCurrentProcess();
        // ZTAI_BENCH_STEP_PAUSE_S: time to take a heap snapshot (dotnet-gcdump) of what the step left.
        var pause = Environment.GetEnvironmentVariable("ZTAI_BENCH_STEP_PAUSE_S");
        Console.WriteLine($"STEP {name,-10} peak {process.PeakWorkingSet64 / MiB,8:N0} MiB  working set {process.WorkingSet64 / MiB,8:N0} MiB  GC heap {GC.GetGCMemoryInfo().HeapSizeBytes / MiB,8:N0} MiB{liveBytes}");
        if (int.TryParse(pause, out var seconds))
        {
            Thread.Sleep(TimeSpan.FromSeconds(seconds));
        }
    }

    /// <summary>
    /// Where the assessment's time goes: each control evaluated on its own over one snapshot, the slowest first. A shared
    /// index is paid for by the first control that reads it (controls run in catalog order, as in an assessment).
    /// </summary>
    public static object TimeEachControl(string path, int top)
    {
        var process = Process.GetCurrentProcess();
        TenantSnapshot snapshot = null!;
        var timings = new List<(string Control, double CpuSeconds, double Seconds, int Results, long Allocated)>();

        // The shared indexes first, each on its own line, so the controls' times are their own work.
        void Time(string name, Func<int> build)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            var count = build();
            process.Refresh();
            Console.WriteLine($"{name,-28} cpu {(process.TotalProcessorTime - cpu).TotalSeconds,7:0.000} s  wall {clock.Elapsed.TotalSeconds,7:0.000} s  {count,8:N0} items  {(GC.GetAllocatedBytesForCurrentThread() - allocated) / 1048576.0,8:0} MiB allocated");
        }

        Time("read", () => (snapshot = SnapshotReader.Read(path)).Issues.Count);
        Time("index: directory", () => GraphDirectory.For(snapshot).Agents.Count);
        // The graph is built on the first analysis; a snapshot without agents (Azure resources only) has none to build.
        var agents = GraphDirectory.For(snapshot).Agents;
        var firstAgent = agents.Count == 0 ? null : agents[0];
        Time("index: privilege graph", () => firstAgent == null ? 0 : AgentPrivilegeAnalyzer.Analyze(snapshot, firstAgent, AgentPrivilegeAnalyzer.DefaultMaxDepth, null).Permissions.Count);
        Time("privilege of every agent", () => AgentPrivilegeAnalyzer.AnalyzeAll(snapshot).Count);
        Time("index: AI reachability", () => AiReachability.For(snapshot).ReachableStoreIds.Count);
        foreach (var control in ControlCatalog.All)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            var results = AssessmentEngine.Evaluate(snapshot, new[] { control }).Count();
            process.Refresh();
            timings.Add((control.Metadata.Id, (process.TotalProcessorTime - cpu).TotalSeconds, clock.Elapsed.TotalSeconds, results, GC.GetAllocatedBytesForCurrentThread() - allocated));
        }

        GC.KeepAlive(snapshot);
        var slowest = timings.OrderByDescending(t => t.CpuSeconds).Take(top).ToList();
        foreach (var (control, cpuSeconds, seconds, results, allocatedBytes) in slowest)
        {
            Console.WriteLine($"{control,-16} cpu {cpuSeconds,7:0.000} s  wall {seconds,7:0.000} s  {results,8:N0} results  {allocatedBytes / 1048576.0,8:0} MiB allocated");
        }

        return new
        {
            totalCpuSeconds = timings.Sum(t => t.CpuSeconds),
            totalAllocatedBytes = timings.Sum(t => t.Allocated),
            slowest = slowest.Select(t => new { control = t.Control, cpuSeconds = t.CpuSeconds, seconds = t.Seconds, results = t.Results, allocatedBytes = t.Allocated }),
        };
    }
}
