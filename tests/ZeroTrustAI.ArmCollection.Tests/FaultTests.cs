using ZeroTrustAI.Emulator;
using ZeroTrustAI.Engine.Collection;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.ArmCollection.Tests;

public class FaultTests : ArmHarness
{
    private const string ResourceGraph = "/providers/Microsoft.ResourceGraph/resources";
    private const string Deployments = "arm/Microsoft.CognitiveServices/accounts/deployments";

    [Fact]
    public async Task Throttling_on_Resource_Graph_and_on_a_deployments_GET_waits_Retry_After_and_completes()
    {
        Emulator.Options.AddFault(FaultRule.Throttle(ResourceGraph, TimeSpan.FromSeconds(1), firstRequest: 2));
        Emulator.Options.AddFault(FaultRule.Throttle("*/deployments", TimeSpan.FromSeconds(1)));
        var folder = NewFolder();
        var run = await CollectAsync(folder);

        Assert.All(run.Summary!.Collections, c => Assert.Equal(CollectionProgressStatus.Complete, c.Status));
        Assert.Equal(2, run.Requests.Count(r => r.Status == 429));
        Assert.Contains(run.Requests, r => r.Status == 429 && r.Method == "POST");
        Assert.Contains(run.Requests, r => r.Status == 429 && r.PathAndQuery.Contains("/deployments?", StringComparison.Ordinal));
        Assert.Equal(2, run.Statistics.ThrottledWaits);
        // Each wait is measured from the 429's arrival to the retry's start; the pipeline's Task.Delay of exactly the
        // Retry-After may end a timer tick (up to ~15 ms) before the stopwatch says a full second has passed.
        Assert.True(run.Statistics.ThrottledWaitTime >= TimeSpan.FromSeconds(2) - TimeSpan.FromMilliseconds(2 * 16), $"waited {run.Statistics.ThrottledWaitTime}");
        Assert.Equal(2, run.Statistics.Retries);
        Assert.Equal(run.Requests.Count, run.Statistics.Requests);

        // The retried requests are counted in the checkpoint too.
        Assert.Equal(run.Requests.Count, run.Summary.Requests);
        AssertSame(CoveredSampleIds(), SavedIds(folder));
    }

    [Fact]
    public async Task Service_unavailable_and_connections_reset_mid_body_are_retried_and_every_object_is_saved_once()
    {
        Emulator.Options.AddFault(new FaultRule(FaultKind.ServiceUnavailable, ResourceGraph) { Method = "POST", FirstRequest = 3, Times = 2 });
        Emulator.Options.AddFault(FaultRule.DropMidBody(ResourceGraph, firstRequest: 6));
        Emulator.Options.AddFault(FaultRule.DropMidBody("*/raiPolicies"));
        Emulator.Options.AddFault(FaultRule.ServiceUnavailable("/subscriptions"));
        var folder = NewFolder();
        var run = await CollectAsync(folder, options: new() { ResourceGraphPageSize = 3 });

        Assert.All(run.Summary!.Collections, c => Assert.Equal(CollectionProgressStatus.Complete, c.Status));
        Assert.Equal(3, run.Requests.Count(r => r.Fault == FaultKind.ServiceUnavailable));
        Assert.Equal(2, run.Requests.Count(r => r.Fault == FaultKind.DropMidBody));
        Assert.Equal(5, run.Statistics.Retries);
        AssertSame(CoveredSampleIds(), SavedIds(folder));
        AssertSame(ArmControlResults(Sample), ArmControlResults(SnapshotReader.Read(folder)));
    }

    [Fact]
    public async Task A_truncated_JSON_body_once_is_requested_again_and_the_collection_completes()
    {
        Emulator.Options.AddFault(FaultRule.TruncatedJson(ResourceGraph, firstRequest: 2));
        Emulator.Options.AddFault(FaultRule.TruncatedJson("*/deployments"));
        var folder = NewFolder();
        var run = await CollectAsync(folder);

        Assert.All(run.Summary!.Collections, c => Assert.Equal(CollectionProgressStatus.Complete, c.Status));
        Assert.Equal(2, run.Requests.Count(r => r.Fault == FaultKind.TruncatedJson));
        Assert.Equal(2, run.Statistics.Retries);
        Assert.Equal(2, run.Verbose.Count(l => l.Contains("-> 200, body not complete JSON (", StringComparison.Ordinal) && l.Contains("; retry 1 of ", StringComparison.Ordinal)));
        Assert.Empty(run.Warnings);
        AssertSame(CoveredSampleIds(), SavedIds(folder));
    }

    [Fact]
    public async Task A_body_that_stays_truncated_fails_only_that_collection_and_a_resume_completes_it()
    {
        Emulator.Options.AddFault(FaultRule.TruncatedJson("*/deployments", times: null));
        var folder = NewFolder();
        var run = await CollectAsync(folder);

        var failed = run.State(Deployments);
        Assert.Equal(CollectionProgressStatus.Failed, failed.Status);
        Assert.Contains("not complete JSON", failed.Error, StringComparison.Ordinal);
        Assert.Contains(run.Warnings, w => w.StartsWith(Deployments + " failed", StringComparison.Ordinal));
        Assert.All(run.Summary!.Collections.Where(c => c.Name != Deployments), c => Assert.Equal(CollectionProgressStatus.Complete, c.Status));
        Assert.True(run.Summary.CheckpointKept);

        var manifest = SnapshotReader.Read(folder).Manifest!;
        Assert.Equal(CollectionStatus.Failed, manifest.GetCollection(Deployments)!.Status);

        Emulator.Options.ClearFaults();
        var resumed = await CollectAsync(folder, resume: true);

        Assert.All(resumed.Summary!.Collections, c => Assert.Equal(CollectionProgressStatus.Complete, c.Status));
        Assert.False(resumed.Summary.CheckpointKept);
        Assert.All(resumed.Requests, r => Assert.Contains("/deployments", r.PathAndQuery, StringComparison.Ordinal));
        AssertSame(CoveredSampleIds(), SavedIds(folder));
        AssertSame(ArmControlResults(Sample), ArmControlResults(SnapshotReader.Read(folder)));
    }
}
