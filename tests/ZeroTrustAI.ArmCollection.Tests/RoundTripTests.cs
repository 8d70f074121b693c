using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Collector.Collection;
using ZeroTrustAI.Emulator;
using ZeroTrustAI.Engine.Collection;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.ArmCollection.Tests;

public class RoundTripTests : ArmHarness
{
    [Fact]
    public async Task Every_covered_resource_is_saved_once_and_the_Azure_controls_judge_as_on_the_sample()
    {
        var folder = NewFolder();
        var run = await CollectAsync(folder);

        Assert.NotNull(run.Summary);
        Assert.All(run.Summary!.Collections, c => Assert.True(c.Status == CollectionProgressStatus.Complete, $"{c}: {c.Error}"));
        Assert.False(run.Summary.CheckpointKept);
        Assert.Empty(run.Warnings);

        AssertSame(CoveredSampleIds(), SavedIds(folder));
        Assert.Equal(
            Sample.Subscriptions.Select(s => s.GetProperty("id").GetString()!.ToUpperInvariant()).Order(StringComparer.Ordinal),
            SavedIds(folder, subscriptions: true));

        var collected = SnapshotReader.Read(folder);
        var expected = ArmControlResults(Sample);
        Assert.NotEmpty(expected);
        Assert.Contains(expected, r => r.Contains("| Pass |", StringComparison.Ordinal));
        Assert.Contains(expected, r => r.Contains("| Fail |", StringComparison.Ordinal));
        AssertSame(expected, ArmControlResults(collected));
    }

    [Fact]
    public async Task Only_GET_and_the_Resource_Graph_POST_reach_the_service_and_statistics_match_the_wire()
    {
        var folder = NewFolder();
        var run = await CollectAsync(folder);

        Assert.All(run.Requests, r => Assert.True(
            r.Method == "GET" || (r.Method == "POST" && r.Route == "/providers/Microsoft.ResourceGraph/resources"),
            $"{r.Method} {r.PathAndQuery}"));
        Assert.Contains(run.Requests, r => r.Method == "POST");
        Assert.Equal(run.Requests.Count, run.Statistics.Requests);
        Assert.Equal(run.Summary!.Requests, run.Statistics.Requests);
        Assert.Equal(run.Summary.Pages, run.Statistics.Pages);
        Assert.Equal(run.Summary.Objects, run.Statistics.Objects);
        Assert.True(run.Statistics.Bytes > 10_000, $"{run.Statistics.Bytes} bytes");
        Assert.Equal(0, run.Statistics.Retries);

        // One verbose line per request: method, path, status, time; never a header or token.
        Assert.Equal(run.Requests.Count, run.Verbose.Count);
        Assert.Contains(run.Verbose, l => l.StartsWith("ARM POST /providers/Microsoft.ResourceGraph/resources -> 200 (", StringComparison.Ordinal));
        Assert.Contains(run.Verbose, l => l.StartsWith("ARM GET /subscriptions -> 200 (", StringComparison.Ordinal));
        Assert.DoesNotContain(run.Verbose, l => l.Contains("emulator-test-token", StringComparison.Ordinal) || l.Contains("Bearer", StringComparison.OrdinalIgnoreCase));

        // Progress after every page, with the plan position.
        Assert.Equal(run.Summary.Pages, run.Progress.Count);
        Assert.All(run.Progress, p => Assert.Equal(Plan.Collections[p.Index].Name, p.Collection));
    }

    [Fact]
    public async Task Resource_Graph_pages_with_skipToken_one_committed_page_per_response()
    {
        var folder = NewFolder();
        var run = await CollectAsync(folder, options: new ArmCollectorOptions { ResourceGraphPageSize = 2 });

        AssertSame(CoveredSampleIds(), SavedIds(folder));
        var graphEntries = Plan.Collections.Where(c => c.Arm?.Source == ArmSource.ResourceGraph).ToList();
        var expectedPages = 0;
        foreach (var entry in graphEntries)
        {
            var state = run.State(entry.Name);
            var pages = (int)Math.Max(1, (state.Count + 1) / 2);
            expectedPages += pages;
            Assert.Equal(pages, state.PagesCompleted);
        }

        Assert.Contains(graphEntries, e => run.State(e.Name).PagesCompleted >= 3);
        Assert.Equal(expectedPages, run.Requests.Count(r => r.Method == "POST"));
        AssertSame(ArmControlResults(Sample), ArmControlResults(SnapshotReader.Read(folder)));
    }

    [Fact]
    public async Task Per_parent_lists_follow_nextLink()
    {
        Emulator.Options.ArmPageSize = 1;
        var folder = NewFolder();
        var run = await CollectAsync(folder);

        AssertSame(CoveredSampleIds(), SavedIds(folder));
        var deployments = "arm/Microsoft.CognitiveServices/accounts/deployments";
        Assert.Equal(3, run.State(deployments).Count);
        Assert.Contains(run.Requests, r => r.PathAndQuery.Contains("/deployments?", StringComparison.Ordinal) && r.PathAndQuery.Contains("skiptoken", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_subscription_filter_keeps_only_those_subscriptions_and_an_invisible_one_is_reported_not_dropped()
    {
        const string invisible = "b1e0d1a2-0009-4c3b-9a7e-100000000009";
        var folder = NewFolder();
        var run = await CollectAsync(folder, options: new ArmCollectorOptions { SubscriptionIds = [ProductionSubscription, invisible] });

        var subscriptions = run.State("arm/" + ResourceTypes.Subscription);
        Assert.Equal(CollectionProgressStatus.Failed, subscriptions.Status);
        Assert.Contains(invisible, subscriptions.Error, StringComparison.Ordinal);
        Assert.Contains(run.Warnings, w => w.Contains(invisible, StringComparison.Ordinal));
        Assert.True(run.Summary!.CheckpointKept);

        Assert.Equal(["/SUBSCRIPTIONS/" + ProductionSubscription.ToUpperInvariant()], SavedIds(folder, subscriptions: true));
        var saved = SavedIds(folder);
        Assert.NotEmpty(saved);
        Assert.All(saved, id => Assert.Contains(ProductionSubscription.ToUpperInvariant(), id, StringComparison.Ordinal));
        AssertSame(CoveredSampleIds().Where(id => id.Contains(ProductionSubscription.ToUpperInvariant(), StringComparison.Ordinal)), saved);

        var manifest = SnapshotReader.Read(folder).Manifest!;
        Assert.Equal(CollectionStatus.Partial, manifest.GetCollection("arm/" + ResourceTypes.Subscription)!.Status);

        // A resume asks only for the subscription still missing, and does not drop it either.
        var resumed = await CollectAsync(folder, resume: true, options: new ArmCollectorOptions { SubscriptionIds = [ProductionSubscription, invisible] });
        Assert.Equal(["/subscriptions/" + invisible], resumed.Requests.Select(r => r.PathAndQuery.Split('?')[0]));
        Assert.Equal(CollectionProgressStatus.Failed, resumed.State("arm/" + ResourceTypes.Subscription).Status);
    }

    [Fact]
    public async Task Forbidden_on_a_type_skips_it_naming_the_role_and_its_controls_report_Skipped()
    {
        Emulator.Options.AddFault(FaultRule.Forbidden("*/deployments"));
        var folder = NewFolder();
        var run = await CollectAsync(folder);

        const string deployments = "arm/Microsoft.CognitiveServices/accounts/deployments";
        var state = run.State(deployments);
        Assert.Equal(CollectionProgressStatus.Skipped, state.Status);
        Assert.StartsWith("Reader (Azure RBAC) on /subscriptions/", state.MissingPermission, StringComparison.Ordinal);
        Assert.Contains(run.Warnings, w => w.Contains(deployments, StringComparison.Ordinal) && w.Contains("Reader", StringComparison.Ordinal));
        Assert.All(run.Summary!.Collections.Where(c => c.Name != deployments), c => Assert.Equal(CollectionProgressStatus.Complete, c.Status));

        var collected = SnapshotReader.Read(folder);
        var needingDeployments = ArmControlResults(collected, c => c.Metadata.RequiredData.Contains(deployments, StringComparer.OrdinalIgnoreCase));
        Assert.NotEmpty(needingDeployments);
        Assert.All(needingDeployments, r =>
        {
            Assert.Contains("| Skipped |", r, StringComparison.Ordinal);
            Assert.Contains("Reader (Azure RBAC)", r, StringComparison.Ordinal);
        });

        // The other Azure controls are untouched by the missing permission.
        AssertSame(
            ArmControlResults(Sample, c => !c.Metadata.RequiredData.Contains(deployments, StringComparer.OrdinalIgnoreCase)),
            ArmControlResults(collected, c => !c.Metadata.RequiredData.Contains(deployments, StringComparer.OrdinalIgnoreCase)));
    }
}
