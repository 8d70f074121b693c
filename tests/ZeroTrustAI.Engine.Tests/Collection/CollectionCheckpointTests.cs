using System.Text.Json;
using ZeroTrustAI.Engine.Collection;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Collection;

public class CollectionCheckpointTests
{
    private const string Tenant = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
    private const string Grants = "graph/oauth2PermissionGrants";
    private const string ServicePrincipals = "graph/servicePrincipals";
    private const string Accounts = "arm/Microsoft.CognitiveServices/accounts";

    private static readonly string[] SmallRun = [ServicePrincipals, Grants, "graph/roleManagement.directory.roleDefinitions", Accounts, "arm/Microsoft.CognitiveServices/accounts/deployments"];

    [Fact]
    public void CrashAtEveryStep_ThenResume_SavesEveryObjectExactlyOnce_AndRequestsNoSavedPageAgain()
    {
        var source = SourceData.From(Fixtures.Sample);
        const int pageSize = 6;

        // A clean run numbers every disk operation; then the run is killed at each of them in turn.
        List<string> steps;
        using (var clean = new TempFolder())
        {
            var counting = new CrashingFileSystem();
            new FakeCollector(source, pageSize).Run(Open(clean.Root, SmallRun, resume: false, counting));
            steps = counting.Steps;
        }

        var totalSteps = steps.Count;
        foreach (var kind in new[] { "create servicePrincipals.2.json.tmp", "write servicePrincipals.2.json.tmp", "fsync servicePrincipals.2.json.tmp", "rename servicePrincipals.2.json.tmp", "create checkpoint.json.tmp", "rename checkpoint.json.tmp", "rename manifest.json.tmp", "delete checkpoint.json" })
        {
            Assert.Contains(steps, s => s.StartsWith(kind, StringComparison.Ordinal));
        }

        Assert.True(totalSteps > 40, $"Only {totalSteps} steps.");
        for (var crashAt = 1; crashAt <= totalSteps; crashAt++)
        {
            using var folder = new TempFolder();
            var crashing = new CrashingFileSystem { CrashAt = crashAt };
            var first = new FakeCollector(source, pageSize);
            Assert.Throws<SimulatedCrashException>(() => first.Run(Open(folder.Root, SmallRun, resume: false, crashing)));
            var step = $"crash at step {crashAt} ({crashing.Steps[^1]})";

            var recorded = RecordedPages(folder.Root);
            var second = new FakeCollector(source, pageSize);
            CollectionSummary summary;
            try
            {
                summary = second.Run(Open(folder.Root, SmallRun, resume: true, new CrashingFileSystem()));
            }
            catch (SnapshotException exception) when (exception.ErrorId == CollectionErrorIds.ResumeNothingToResume)
            {
                // Killed before the first checkpoint existed: nothing was saved, so the run starts over.
                Assert.Null(recorded);
                summary = second.Run(Open(folder.Root, SmallRun, resume: false, new CrashingFileSystem(), force: true));
            }

            Assert.False(summary.CheckpointKept, step);
            Assert.Empty(Directory.EnumerateFiles(folder.Root, "*.tmp", SearchOption.AllDirectories));
            foreach (var name in SmallRun)
            {
                var expected = source.Items(name).Select(Normalize).ToList();
                var onDisk = Results.ObjectsOnDisk(folder.Root, name).Select(Normalize).ToList();
                Assert.True(expected.SequenceEqual(onDisk), $"{step}: {name} has {onDisk.Count} object(s) on disk, expected {expected.Count}.");

                // The resumed run asks only for pages the checkpoint had not recorded.
                var savedPages = recorded?.GetValueOrDefault(name) ?? 0;
                var isComplete = recorded?.ContainsKey(name + "#complete") == true;
                var requestedAgain = second.Requests.Where(r => r.Collection == name).Select(r => r.Offset).ToList();
                Assert.True(requestedAgain.All(offset => offset >= savedPages * pageSize), $"{step}: {name} re-requested a saved page ({string.Join(",", requestedAgain)}; {savedPages} saved).");
                if (isComplete)
                {
                    Assert.Empty(requestedAgain);
                }
            }

            var manifest = SnapshotReader.Read(folder.Root).Manifest!;
            Assert.All(manifest.Collections, c => Assert.Equal(CollectionStatus.Complete, c.Status));
            Assert.Equal(source.Items(ServicePrincipals).Count, manifest.GetCollection(ServicePrincipals)!.Count);
        }
    }

    [Fact]
    public void PageWrittenButNotRecorded_IsRequestedAgainAndOverwritten()
    {
        using var folder = new TempFolder();
        var source = SourceData.From(Fixtures.Sample);

        // Find the step that starts the checkpoint update after page 1 is renamed into place, then crash there.
        int crashAt;
        using (var probe = new TempFolder())
        {
            var counting = new CrashingFileSystem();
            var run = Open(probe.Root, [ServicePrincipals], resume: false, counting);
            run.BeginCollection(ServicePrincipals);
            run.CommitPage(ServicePrincipals, source.Items(ServicePrincipals).Take(10), "10", 1);
            crashAt = counting.Steps.FindLastIndex(s => s.StartsWith("rename servicePrincipals.1.json.tmp", StringComparison.Ordinal)) + 2;
            Assert.Equal("create checkpoint.json.tmp", counting.Steps[crashAt - 1]);
        }

        var crashing = new CrashingFileSystem { CrashAt = crashAt };
        var checkpoint = Open(folder.Root, [ServicePrincipals], resume: false, crashing);
        checkpoint.BeginCollection(ServicePrincipals);
        Assert.Throws<SimulatedCrashException>(() => checkpoint.CommitPage(ServicePrincipals, source.Items(ServicePrincipals).Take(10), "10", 1));
        Assert.Equal("create checkpoint.json.tmp", crashing.Steps[^1]);
        Assert.True(File.Exists(folder.PathOf("graph/servicePrincipals.1.json")));

        var resumed = Open(folder.Root, [ServicePrincipals], resume: true);
        var state = resumed.BeginCollection(ServicePrincipals);

        Assert.Equal(0, state.PagesCompleted);
        Assert.Null(state.Continuation);
        Assert.False(File.Exists(folder.PathOf("graph/servicePrincipals.1.json")));
    }

    [Fact]
    public void NetworkFaultWhileStreamingAPage_SavesNothing_AndTheRetryGetsTheSameNumber()
    {
        using var folder = new TempFolder();
        var items = SourceData.From(Fixtures.Sample).Items(ServicePrincipals);
        var checkpoint = Open(folder.Root, [ServicePrincipals], resume: false);
        checkpoint.BeginCollection(ServicePrincipals);
        checkpoint.CommitPage(ServicePrincipals, items.Take(10), "10", 1);

        Assert.Throws<HttpRequestException>(() => checkpoint.CommitPage(ServicePrincipals, 1, page =>
        {
            page.Add(items[10]);
            page.Add(items[11]);
            throw new HttpRequestException("connection reset mid-body");
        }));

        Assert.Equal(1, checkpoint.GetState(ServicePrincipals).PagesCompleted);
        Assert.False(File.Exists(folder.PathOf("graph/servicePrincipals.2.json")));
        Assert.Empty(Directory.EnumerateFiles(folder.Root, "*.tmp", SearchOption.AllDirectories));

        checkpoint.CommitPage(ServicePrincipals, items.Skip(10), null, 2);
        checkpoint.Finish();

        Assert.Equal(items.Count, SnapshotReader.Read(folder.Root).GraphItems("servicePrincipals").Count);
        Assert.Equal(3, SnapshotReader.Read(folder.Root).Manifest!.GetCollection(ServicePrincipals)!.Requests);
    }

    [Fact]
    public void ResumeWithAnotherTenant_IsRefused()
    {
        using var folder = new TempFolder();
        Open(folder.Root, SmallRun, resume: false).BeginCollection(ServicePrincipals);

        var error = Assert.Throws<SnapshotException>(() => CollectionCheckpoint.Open(folder.Root, "00000000-0000-0000-0000-000000000001", SmallRun, resume: true));

        Assert.Equal(CollectionErrorIds.ResumeMismatch, error.ErrorId);
        Assert.Contains(Tenant, error.Message, StringComparison.Ordinal);
        Assert.Contains("00000000-0000-0000-0000-000000000001", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResumeWithAnotherPillarSet_IsRefused_NamingTheDifference()
    {
        using var folder = new TempFolder();
        var network = CollectionPlan.ForPillars([Pillar.Network]);
        var all = CollectionPlan.ForPillars(null);
        CollectionCheckpoint.Open(folder.Root, Tenant, network, resume: false, new SnapshotWriteOptions { Scope = "Pillar Network" });

        var error = Assert.Throws<SnapshotException>(() => CollectionCheckpoint.Open(folder.Root, Tenant, all, resume: true));

        Assert.Equal(CollectionErrorIds.ResumeMismatch, error.ErrorId);
        Assert.Contains("Pillar Network", error.Message, StringComparison.Ordinal);
        Assert.Contains("graph/servicePrincipals", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResumeWithTheSameCollectionsInAnotherOrderAndCase_IsAccepted()
    {
        using var folder = new TempFolder();
        Open(folder.Root, SmallRun, resume: false);

        var resumed = CollectionCheckpoint.Open(folder.Root, Tenant.ToUpperInvariant(), SmallRun.Reverse().Select(n => n.ToUpperInvariant()), resume: true);

        Assert.True(resumed.IsResumed);
        Assert.Equal(SmallRun, resumed.Collections.Select(c => c.Name));
    }

    [Fact]
    public void ResumeWithoutCheckpoint_IsNothingToResume()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.Root);

        var error = Assert.Throws<SnapshotException>(() => Open(folder.Root, SmallRun, resume: true));

        Assert.Equal(CollectionErrorIds.ResumeNothingToResume, error.ErrorId);
    }

    [Fact]
    public void ResumeOfAFinishedSnapshot_IsNothingToResume_SayingItIsComplete()
    {
        using var folder = new TempFolder();
        new FakeCollector(SourceData.From(Fixtures.Sample), 50).Run(Open(folder.Root, SmallRun, resume: false));

        var error = Assert.Throws<SnapshotException>(() => Open(folder.Root, SmallRun, resume: true));

        Assert.Equal(CollectionErrorIds.ResumeNothingToResume, error.ErrorId);
        Assert.Contains("already complete", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NewRunIntoANonEmptyFolder_IsRefused_UnlessForced()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(Path.Combine(folder.Root, "arm"));
        File.WriteAllText(folder.PathOf("arm/old.json"), """[{"id":"/subscriptions/s/resourceGroups/r/providers/Microsoft.KeyVault/vaults/old","type":"Microsoft.KeyVault/vaults"}]""");
        File.WriteAllText(folder.PathOf("notes.txt"), "mine");

        var error = Assert.Throws<SnapshotException>(() => Open(folder.Root, SmallRun, resume: false));
        Assert.Equal(CollectionErrorIds.SnapshotFolderNotEmpty, error.ErrorId);

        Open(folder.Root, SmallRun, resume: false, force: true);
        Assert.False(File.Exists(folder.PathOf("arm/old.json")));
        Assert.True(File.Exists(folder.PathOf("notes.txt")));
    }

    [Fact]
    public void NewRunIntoAnInterruptedOne_PointsToResume()
    {
        using var folder = new TempFolder();
        Open(folder.Root, SmallRun, resume: false);

        var error = Assert.Throws<SnapshotException>(() => Open(folder.Root, SmallRun, resume: false));

        Assert.Equal(CollectionErrorIds.SnapshotFolderNotEmpty, error.ErrorId);
        Assert.Contains("-Resume", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CorruptCheckpoint_IsReportedWithItsOwnId()
    {
        using var folder = new TempFolder();
        Open(folder.Root, SmallRun, resume: false);
        File.WriteAllText(folder.PathOf(CollectionCheckpoint.CheckpointFileName), "{ not json");

        var error = Assert.Throws<SnapshotException>(() => Open(folder.Root, SmallRun, resume: true));

        Assert.Equal(CollectionErrorIds.CheckpointUnreadable, error.ErrorId);
    }

    [Fact]
    public void SkippedCollection_MakesItsControlsSkipped_NamingThePermission()
    {
        using var folder = new TempFolder();
        var source = SourceData.From(Fixtures.Sample);
        var checkpoint = CollectionCheckpoint.Open(folder.Root, Tenant, source.Names, resume: false, SnapshotWriterRoundTripTests.Options());

        new FakeCollector(source, 10).Run(checkpoint, skip: name => name == Grants);
        var snapshot = SnapshotReader.Read(folder.Root);

        var consent = Fixtures.Evaluate("ZTAI-AI-007", snapshot);
        var result = Assert.Single(consent);
        Assert.Equal(ResultStatus.Skipped, result.Status);
        Assert.Contains("Test.Permission", result.Reason, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.PathOf("graph/oauth2PermissionGrants.1.json")));
        Assert.Equal(CollectionStatus.Skipped, snapshot.Manifest!.GetCollection(Grants)!.Status);

        // Controls on other data are untouched.
        Assert.Contains(Fixtures.Evaluate("ZTAI-AI-020", snapshot), r => r.Status == ResultStatus.Pass);
    }

    [Fact]
    public void SkippedInAnEarlierRun_IsCollectedOnResume()
    {
        using var folder = new TempFolder();
        var source = SourceData.From(Fixtures.Sample);
        var checkpoint = Open(folder.Root, [Grants, ServicePrincipals], resume: false);
        checkpoint.BeginCollection(Grants);
        checkpoint.MarkSkipped(Grants, "DelegatedPermissionGrant.Read.All");

        var resumed = Open(folder.Root, [Grants, ServicePrincipals], resume: true);
        new FakeCollector(source, 3).Run(resumed);

        Assert.Equal(source.Items(Grants).Count, SnapshotReader.Read(folder.Root).GraphItems("oauth2PermissionGrants").Count);
    }

    [Fact]
    public void FailedCollection_ReportsErrorAndKeepsTheCheckpoint_ThenResumesAfterItsSavedPages()
    {
        using var folder = new TempFolder();
        var source = SourceData.From(Fixtures.Sample);
        var items = source.Items(ServicePrincipals);
        var checkpoint = Open(folder.Root, [ServicePrincipals, Grants], resume: false);
        checkpoint.BeginCollection(ServicePrincipals);
        checkpoint.CommitPage(ServicePrincipals, items.Take(10), "10", 1);
        checkpoint.MarkFailed(ServicePrincipals, "503 Service Unavailable after 6 retries", requests: 6);
        new FakeCollector(source, 10).Collect(checkpoint, Grants, checkpoint.BeginCollection(Grants));
        var summary = checkpoint.Finish();

        Assert.True(summary.CheckpointKept);
        var snapshot = SnapshotReader.Read(folder.Root);
        Assert.Equal(CollectionStatus.Partial, snapshot.Manifest!.GetCollection(ServicePrincipals)!.Status);
        var result = Assert.Single(Fixtures.Evaluate("ZTAI-AI-001", snapshot));
        Assert.Equal(ResultStatus.Error, result.Status);
        Assert.Contains("503 Service Unavailable", result.Reason, StringComparison.Ordinal);

        var collector = new FakeCollector(source, 10);
        collector.Run(Open(folder.Root, [ServicePrincipals, Grants], resume: true));

        // Resumed after the one saved page: the rest of the sample in pages of 10, counted on top of the 6 + 1 before.
        var resumedOffsets = Enumerable.Range(1, (items.Count - 1) / 10).Select(page => (ServicePrincipals, page * 10)).ToList();
        Assert.Equal(resumedOffsets, collector.Requests);
        Assert.Equal(items.Count, SnapshotReader.Read(folder.Root).GraphItems("servicePrincipals").Count);
        Assert.Equal(6 + 1 + resumedOffsets.Count, SnapshotReader.Read(folder.Root).Manifest!.GetCollection(ServicePrincipals)!.Requests);
        Assert.False(File.Exists(folder.PathOf(CollectionCheckpoint.CheckpointFileName)));
    }

    [Fact]
    public void InterruptedFolder_ReadMidWay_NeverPassesOnPartData()
    {
        using var folder = new TempFolder();
        var items = SourceData.From(Fixtures.Sample).Items(ServicePrincipals);
        var checkpoint = Open(folder.Root, [ServicePrincipals, Grants], resume: false);
        checkpoint.BeginCollection(ServicePrincipals);
        checkpoint.CommitPage(ServicePrincipals, items.Take(10), "10", 1);

        // Killed here: no Finish. The folder is still a readable snapshot that knows what it lacks.
        var snapshot = SnapshotReader.Read(folder.Root);

        Assert.Equal(ResultStatus.Error, Assert.Single(Fixtures.Evaluate("ZTAI-AI-001", snapshot)).Status);
        Assert.Contains("-Resume", snapshot.GetAvailability(ServicePrincipals).Reason, StringComparison.Ordinal);
        Assert.Equal(DataState.Incomplete, snapshot.GetAvailability(Grants).State);
    }

    [Fact]
    public void EmptyCollection_IsWrittenAsAnEmptyPage_SoItReadsPresentAndEmpty()
    {
        using var folder = new TempFolder();
        var checkpoint = Open(folder.Root, [Grants], resume: false);
        checkpoint.BeginCollection(Grants);
        checkpoint.CompleteCollection(Grants, requests: 1);
        checkpoint.Finish();

        var snapshot = SnapshotReader.Read(folder.Root);
        Assert.Equal(DataState.Available, snapshot.GetAvailability(Grants).State);
        Assert.Equal(ResultStatus.NotApplicable, Assert.Single(Fixtures.Evaluate("ZTAI-AI-007", snapshot)).Status);
    }

    [Fact]
    public void RestartCollection_DiscardsItsPages()
    {
        using var folder = new TempFolder();
        var items = SourceData.From(Fixtures.Sample).Items(ServicePrincipals);
        var checkpoint = Open(folder.Root, [ServicePrincipals], resume: false);
        checkpoint.BeginCollection(ServicePrincipals);
        checkpoint.CommitPage(ServicePrincipals, items.Take(10), "10", 1);
        checkpoint.CommitPage(ServicePrincipals, items.Skip(10).Take(10), "20", 1);

        var state = checkpoint.RestartCollection(ServicePrincipals);
        checkpoint.CommitPage(ServicePrincipals, items, null, 1);
        checkpoint.Finish();

        Assert.Equal(0, state.PagesCompleted);
        Assert.False(File.Exists(folder.PathOf("graph/servicePrincipals.2.json")));
        Assert.Equal(items.Count, SnapshotReader.Read(folder.Root).GraphItems("servicePrincipals").Count);
    }

    [Fact]
    public void Misuse_IsRefused()
    {
        using var folder = new TempFolder();
        var checkpoint = Open(folder.Root, [Grants], resume: false);

        Assert.Throws<InvalidOperationException>(() => checkpoint.CommitPage(Grants, [], null, 1));
        Assert.Throws<ArgumentException>(() => checkpoint.BeginCollection("graph/unknown"));
        Assert.Throws<ArgumentException>(() => CollectionCheckpoint.Open(folder.Root + "-x", Tenant, ["purview/labels"], resume: false));
        Assert.Throws<ArgumentException>(() => CollectionCheckpoint.Open(folder.Root + "-y", Tenant, [Grants, Grants.ToUpperInvariant()], resume: false));
        checkpoint.BeginCollection(Grants);
        Assert.Throws<ArgumentException>(() => checkpoint.CommitPage(Grants, [JsonDocument.Parse("[1]").RootElement], null, 1));
    }

    [Fact]
    public void ConcurrentCollections_CommitSafely()
    {
        using var folder = new TempFolder();
        var source = SourceData.From(Fixtures.Sample);
        var names = source.Names.ToList();
        var checkpoint = CollectionCheckpoint.Open(folder.Root, Tenant, names, resume: false, SnapshotWriterRoundTripTests.Options());

        Parallel.ForEach(names, new ParallelOptions { MaxDegreeOfParallelism = 4 }, name =>
            new FakeCollector(source, 2).Collect(checkpoint, name, checkpoint.BeginCollection(name)));
        checkpoint.Finish();

        Results.AssertSame(Results.Of(Fixtures.Sample), Results.Of(SnapshotReader.Read(folder.Root)));
    }

    private static CollectionCheckpoint Open(string root, IEnumerable<string> names, bool resume, ISnapshotFileSystem? fileSystem = null, bool force = false)
    {
        var options = SnapshotWriterRoundTripTests.Options(fileSystem);
        options.Force = force;
        return CollectionCheckpoint.Open(root, Tenant, names, resume, options);
    }

    /// <summary>Pages recorded in the checkpoint on disk (and "#complete" marks); null when there is no checkpoint.</summary>
    private static Dictionary<string, int>? RecordedPages(string root)
    {
        var path = Path.Combine(root, CollectionCheckpoint.CheckpointFileName);
        if (!File.Exists(path))
        {
            return null;
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var pages = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var collection in document.RootElement.GetProperty("collections").EnumerateArray())
        {
            var name = collection.GetProperty("name").GetString()!;
            pages[name] = collection.GetProperty("pages").GetInt32();
            if (collection.GetProperty("status").GetString() == "Complete")
            {
                pages[name + "#complete"] = 1;
            }
        }

        return pages;
    }

    private static string Normalize(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);

    private static string Normalize(JsonElement element) => JsonSerializer.Serialize(element);
}
