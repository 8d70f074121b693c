using System.Text.Json;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Collector.Collection;
using ZeroTrustAI.Engine.Collection;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.ArmCollection.Tests;

public class ResumeTests : ArmHarness
{
    private const string ResourceGraph = "/providers/Microsoft.ResourceGraph/resources";

    // One row per Resource Graph page and one parent per committed page, so a cancel can land anywhere.
    private static readonly ArmCollectorOptions SmallPages = new() { ResourceGraphPageSize = 1, MaxConcurrency = 3 };

    [Theory]
    [InlineData(1)]
    [InlineData(20)]
    [InlineData(45)]
    [InlineData(55)]
    public async Task Cancelled_after_N_pages_then_resumed_requests_no_saved_page_or_parent_again(int cancelAfterPages)
    {
        // The uninterrupted run, for the number of Resource Graph pages each collection takes.
        var baseline = await CollectAsync(NewFolder(), options: SmallPages, parentsPerPage: 1);
        Assert.True(baseline.Summary!.Pages > cancelAfterPages, $"{baseline.Summary.Pages} pages");

        var folder = NewFolder();
        var first = await CollectAsync(folder, options: SmallPages, cancelAfterPages: cancelAfterPages, parentsPerPage: 1);
        Assert.True(first.Cancelled);
        var afterCancel = ArmNames.ToDictionary(n => n, first.Checkpoint.GetState);
        Assert.Equal(cancelAfterPages, afterCancel.Values.Sum(s => s.PagesCompleted));

        var second = await CollectAsync(folder, resume: true, options: SmallPages, parentsPerPage: 1);
        Assert.All(second.Summary!.Collections, c => Assert.Equal(CollectionProgressStatus.Complete, c.Status));
        Assert.False(second.Summary.CheckpointKept);
        AssertSame(CoveredSampleIds(), SavedIds(folder));
        AssertSame(ArmControlResults(Sample), ArmControlResults(SnapshotReader.Read(folder)));

        // Resource Graph: the resumed run asks exactly for the pages not saved before (pages are sequential).
        var graphEntries = Plan.Collections.Where(c => c.Arm?.Source == ArmSource.ResourceGraph).Select(c => c.Name).ToList();
        var remainingGraphPages = graphEntries.Sum(n => baseline.State(n).PagesCompleted - afterCancel[n].PagesCompleted);
        Assert.Equal(remainingGraphPages, second.Requests.Count(r => r.Route == ResourceGraph));

        // Subscriptions: listed again only if the list was not saved.
        var subscriptions = "arm/" + ResourceTypes.Subscription;
        Assert.Equal(afterCancel[subscriptions].IsComplete, second.Requests.All(r => r.Route != "/subscriptions"));

        // Per parent: exactly the parents from the saved position on, each once.
        var expectedParentRequests = new List<string>();
        foreach (var entry in Plan.Collections.Where(c => c.Arm?.Source == ArmSource.ArmGetPerParent))
        {
            var parents = entry.Arm!.ParentTypes.SelectMany(t => SavedIdsInOrder(folder, DataSets.Arm(t))).ToList();
            var state = afterCancel[entry.Name];
            var done = state.IsComplete ? parents.Count : state.Continuation == null ? 0 : int.Parse(state.Continuation, System.Globalization.CultureInfo.InvariantCulture);
            expectedParentRequests.AddRange(parents.Skip(done).Select(p => (p + "/" + entry.Arm.RelativePath).ToUpperInvariant()));
        }

        var parentRequests = second.Requests
            .Where(r => r.Method == "GET" && r.Route != "/subscriptions")
            .Select(r => Uri.UnescapeDataString(r.PathAndQuery.Split('?')[0]).ToUpperInvariant());
        AssertSame(expectedParentRequests.Order(StringComparer.Ordinal), parentRequests.Order(StringComparer.Ordinal));
        Assert.All(second.Requests, r => Assert.Equal(200, r.Status));
    }

    [Fact]
    public async Task A_resume_after_everything_was_saved_requests_nothing()
    {
        var folder = NewFolder();
        var first = await CollectAsync(folder, options: SmallPages, cancelAfterPages: int.MaxValue);
        Assert.False(first.Cancelled);

        // Every collection complete: the checkpoint is gone, so there is nothing to resume.
        Assert.False(File.Exists(Path.Combine(folder, CollectionCheckpoint.CheckpointFileName)));
        var error = Assert.Throws<SnapshotException>(() => CollectionCheckpoint.Open(folder, TenantId, ArmNames, resume: true));
        Assert.Equal(CollectionErrorIds.ResumeNothingToResume, error.ErrorId);
    }

    /// <summary>The ids of a collection's saved pages, in page order then item order (the order the collector reads parents).</summary>
    private static IEnumerable<string> SavedIdsInOrder(string folder, string collection)
    {
        for (var page = 1; ; page++)
        {
            var path = Path.Combine(folder, SnapshotWriter.PagePath(collection, page));
            if (!File.Exists(path))
            {
                yield break;
            }

            using var document = JsonDocument.Parse(File.ReadAllText(path));
            foreach (var item in document.RootElement.GetProperty("value").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList())
            {
                yield return item;
            }
        }
    }
}
