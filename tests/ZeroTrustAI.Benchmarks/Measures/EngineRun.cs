using System.Diagnostics;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Model;
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
    IReadOnlyDictionary<string, int> ByStatus)
{
    public double Seconds => ReadSeconds + EvaluateSeconds + PrivilegeSeconds;
}

/// <summary>
/// Reads a snapshot once and runs every control and the privilege analysis of every agent over it, through the public
/// engine API (SnapshotReader, AssessmentEngine, AgentPrivilegeAnalyzer): what the cmdlets do without PowerShell.
/// </summary>
public static class EngineRun
{
    public static EngineRunResult Run(string path)
    {
        var clock = Stopwatch.StartNew();
        var snapshot = SnapshotReader.Read(path);
        var read = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var byStatus = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var results = 0;
        foreach (var result in AssessmentEngine.Evaluate(snapshot, ControlCatalog.All))
        {
            results++;
            var status = result.Status.ToString();
            byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
        }

        var evaluate = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var agents = AgentPrivilegeAnalyzer.AnalyzeAll(snapshot).Count;
        var privilege = clock.Elapsed.TotalSeconds;
        GC.KeepAlive(snapshot);
        return new EngineRunResult(read, evaluate, privilege, results, agents, snapshot.Issues.Count, byStatus);
    }
}
