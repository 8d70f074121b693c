using ZeroTrustAI.Collector.Collection;
using ZeroTrustAI.Emulator;
using ZeroTrustAI.Engine.Collection;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Collection.Tests;

public class FaultTests : CollectionTestBase
{
    [Fact]
    public async Task A_429_waits_what_Retry_After_says_and_loses_nothing()
    {
        // One request at a time: with several, a page in flight when the run is cut is answered but never saved,
        // and a resume rightly asks for it again (RelationPlanTests covers the relations' own resume).
        var clean = GraphObjects((await CollectAsync(NewFolder())).Path);
        Emulator.RequestLog.Clear();
        Emulator.Options.AddFault(FaultRule.Throttle("/beta/servicePrincipals", TimeSpan.FromSeconds(7), firstRequest: 2, times: 1));

        var result = await CollectAsync(NewFolder());

        Assert.Equal(1, result.Statistics.ThrottledWaits);
        Assert.Equal(TimeSpan.FromSeconds(7), result.Statistics.ThrottledWaitTime);
        Assert.Contains(TimeSpan.FromSeconds(7), Waits);
        Assert.Equal(1, result.Statistics.Retries);
        Assert.Equal(clean, GraphObjects(result.Path));
    }

    [Fact]
    public async Task A_429_inside_a_batch_retries_only_the_throttled_items_after_their_Retry_After()
    {
        // Object by object: owners are read per parent in $batches (the cheapest plan reads them on the parents' lists).
        var clean = GraphObjects((await CollectAsync(NewFolder(), Options(plan: GraphRelationPlan.ObjectByObject))).Path);
        Emulator.Options.AddFault(FaultRule.Throttle("/v1.0/servicePrincipals/{id}/owners", TimeSpan.FromSeconds(3), firstRequest: 5, times: 2));

        var result = await CollectAsync(NewFolder(), Options(plan: GraphRelationPlan.ObjectByObject));

        // Two throttled owner GETs in the same $batch: one round of retry, one wait of their Retry-After.
        Assert.Equal(1, result.Statistics.ThrottledWaits);
        Assert.Equal(TimeSpan.FromSeconds(3), result.Statistics.ThrottledWaitTime);
        Assert.Contains(TimeSpan.FromSeconds(3), Waits);
        Assert.Equal(clean, GraphObjects(result.Path));
        Assert.Equal(CollectionProgressStatus.Complete, result.Summary.Collections.Single(c => c.Name == "graph/servicePrincipals.owners").Status);
    }

    [Fact]
    public async Task A_503_a_reset_mid_body_and_truncated_JSON_are_retried_and_every_object_is_saved_once()
    {
        // Object by object, so that relations are read in many $batches.
        var clean = GraphObjects((await CollectAsync(NewFolder(), Options(plan: GraphRelationPlan.ObjectByObject))).Path);
        Emulator.Options.AddFault(FaultRule.ServiceUnavailable("/v1.0/oauth2PermissionGrants", firstRequest: 1, times: 1));
        Emulator.Options.AddFault(FaultRule.DropMidBody("/beta/applications", firstRequest: 3, times: 1));
        Emulator.Options.AddFault(FaultRule.TruncatedJson("/beta/servicePrincipals", firstRequest: 4, times: 1));
        Emulator.Options.AddFault(FaultRule.TruncatedJson("/v1.0/$batch", firstRequest: 3, times: 1));

        var result = await CollectAsync(NewFolder(), Options(plan: GraphRelationPlan.ObjectByObject));

        Assert.All(result.Collections.Where(c => c.Name.StartsWith("graph/", StringComparison.Ordinal)), c => Assert.Equal(CollectionProgressStatus.Complete, c.Status));
        Assert.Equal(clean, GraphObjects(result.Path));
        Assert.True(result.Statistics.Retries >= 4, result.Statistics.ToString());
        Assert.Equal(1, result.Statistics.ThrottledWaits);
        Assert.Contains(Emulator.RequestLog.Entries, e => e.Fault == FaultKind.DropMidBody);
        Assert.Contains(Emulator.RequestLog.Entries, e => e.Fault == FaultKind.TruncatedJson);
    }

    [Fact]
    public async Task A_set_that_keeps_failing_is_recorded_failed_and_the_others_are_collected()
    {
        Emulator.Options.AddFault(FaultRule.TruncatedJson("/v1.0/oauth2PermissionGrants", times: null));

        var result = await CollectAsync(NewFolder());

        var grants = result.Collections.Single(c => c.Name == "graph/oauth2PermissionGrants");
        Assert.Equal(CollectionProgressStatus.Failed, grants.Status);
        // Every attempt the one retry policy allows, then the collection fails naming the cause.
        Assert.Contains($"failed {Options().Requests.Retry.MaxRetries + 1} times: the body is not complete JSON", grants.Error, StringComparison.Ordinal);
        Assert.Equal(CollectionProgressStatus.Complete, result.Collections.Single(c => c.Name == "graph/servicePrincipals").Status);
        Assert.False(result.IsComplete);

        // The controls that read the grants report Error, never Pass on a set that was not collected.
        var onGrants = Evaluate(result.Path, c => c.Metadata.RequiredData.Contains("graph/oauth2PermissionGrants", StringComparer.OrdinalIgnoreCase));
        Assert.NotEmpty(onGrants);
        Assert.All(onGrants, r => Assert.Equal(ResultStatus.Error, r.Status));
    }

    [Fact]
    public async Task A_collection_cancelled_midway_resumes_without_requesting_any_saved_page_again()
    {
        // One request at a time: with several, a page in flight when the run is cut is answered but never saved,
        // and a resume rightly asks for it again (RelationPlanTests covers the relations' own resume).
        var clean = GraphObjects((await CollectAsync(NewFolder())).Path);
        Emulator.RequestLog.Clear();
        var folder = NewFolder();
        using var cancel = new CancellationTokenSource();
        var pages = 0;
        var callbacks = new CollectionCallbacks
        {
            // Stop after the 9th saved page: in the middle of the service principals' pages.
            Progress = new SyncProgress(p =>
            {
                if (++pages == 9)
                {
                    cancel.Cancel();
                }
            }),
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CollectAsync(folder, Options(parallelCollections: 1), callbacks: callbacks, cancellationToken: cancel.Token));
        Assert.True(File.Exists(Path.Combine(folder, CollectionCheckpoint.CheckpointFileName)));
        var firstRun = Emulator.RequestLog.Entries.Where(e => e.Status == 200 && e.Api == EmulatorApi.Graph).Select(e => e.PathAndQuery).ToList();
        Assert.NotEmpty(firstRun);
        Emulator.RequestLog.Clear();

        var result = await CollectAsync(folder, Options(resume: true, parallelCollections: 1));

        Assert.True(result.Resumed);
        var secondRun = Emulator.RequestLog.Entries.Where(e => e.Api == EmulatorApi.Graph).Select(e => e.PathAndQuery).ToList();
        Assert.Empty(secondRun.Intersect(firstRun, StringComparer.Ordinal));
        Assert.Equal(clean, GraphObjects(folder));
    }

    [Fact]
    public async Task A_relation_cancelled_between_batches_resumes_at_the_next_parent()
    {
        var parents = RelationParents("servicePrincipals.owners").Count;
        Assert.True(parents > BatchSize, $"{parents} parents fit in one $batch: nothing to cancel between batches.");
        var folder = NewFolder();
        using var cancel = new CancellationTokenSource();
        var callbacks = new CollectionCallbacks
        {
            Progress = new SyncProgress(p =>
            {
                if (p.Collection == "graph/servicePrincipals.owners" && p.Pages == 1)
                {
                    cancel.Cancel();
                }
            }),
        };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CollectAsync(folder, Options(plan: GraphRelationPlan.ObjectByObject, parallelCollections: 1), callbacks: callbacks, cancellationToken: cancel.Token));
        var ownersBefore = Emulator.RequestLog.Entries.Count(e => e.Batched && e.PathAndQuery.Contains("/owners", StringComparison.Ordinal) && e.PathAndQuery.StartsWith("/v1.0/servicePrincipals/", StringComparison.Ordinal));
        Assert.Equal(BatchSize, ownersBefore);
        Emulator.RequestLog.Clear();

        await CollectAsync(folder, Options(resume: true, plan: GraphRelationPlan.ObjectByObject, parallelCollections: 1));

        // The parents left; none of the first batch again.
        Assert.Equal(parents - BatchSize, Emulator.RequestLog.Entries.Count(e => e.Batched && e.PathAndQuery.Contains("/owners", StringComparison.Ordinal) && e.PathAndQuery.StartsWith("/v1.0/servicePrincipals/", StringComparison.Ordinal)));
        Assert.Equal(GraphObjects(SampleTenantPath)["servicePrincipals.owners"].Count, GraphObjects(folder)["servicePrincipals.owners"].Count);
    }
}
