using ZeroTrustAI.Collector.Collection;
using ZeroTrustAI.Emulator;
using ZeroTrustAI.Engine.Collection;

namespace ZeroTrustAI.Collection.Tests;

public class ResumeAfterFailureTests : CollectionTestBase
{
    [Fact]
    public async Task A_token_that_expires_midway_fails_the_rest_and_a_resume_completes_without_saved_pages_again()
    {
        var clean = GraphObjects((await CollectAsync(NewFolder())).Path);
        Emulator.RequestLog.Clear();
        var folder = NewFolder();

        // From the 12th Graph request on, every request is 401 "token expired". One collection at a time, so every
        // answer before the first 401 is a saved page: in parallel, a $batch answered in part (its GETs before the 12th
        // request) is not saved, and its resume rightly asks for all of it again. A Graph-only token keeps Azure's
        // requests (collected beside Graph) out of the count; the resume collects Azure as well.
        Emulator.Options.AddFault(FaultRule.TokenExpired("/*", firstRequest: 12, times: null));
        var first = await CollectAsync(folder, Options(parallelCollections: 1), await ConnectGraphOnlyAsync());

        Assert.False(first.IsComplete);
        Assert.Contains(first.Collections, c => c.Status == CollectionProgressStatus.Failed && c.Error!.Contains("401", StringComparison.Ordinal));
        Assert.Contains(first.Collections, c => c.Name.StartsWith("graph/", StringComparison.Ordinal) && c.IsComplete);
        var saved = Emulator.RequestLog.Entries.Where(e => e.Api == EmulatorApi.Graph && e.Status == 200).Select(e => e.PathAndQuery).ToList();
        Emulator.Options.ClearFaults();
        Emulator.RequestLog.Clear();

        var second = await CollectAsync(folder, Options(resume: true));

        Assert.All(second.Collections.Where(c => c.Name.StartsWith("graph/", StringComparison.Ordinal)), c => Assert.True(c.IsDone, c.ToString()));
        Assert.Empty(Emulator.RequestLog.Entries.Where(e => e.Api == EmulatorApi.Graph).Select(e => e.PathAndQuery).Intersect(saved, StringComparer.Ordinal));
        Assert.Equal(clean, GraphObjects(folder));
    }

    [Fact]
    public async Task A_graph_only_token_collects_graph_and_skips_azure_with_the_reason()
    {
        var connection = await ConnectGraphOnlyAsync();
        var folder = NewFolder();

        var result = await SnapshotCollector.CollectAsync(connection, folder, Options(), null, CancellationToken.None);

        Assert.All(result.Collections.Where(c => c.Name.StartsWith("arm/", StringComparison.Ordinal)), c => Assert.Equal(CollectionProgressStatus.Skipped, c.Status));
        Assert.All(result.Collections.Where(c => c.Name.StartsWith("graph/", StringComparison.Ordinal)), c => Assert.True(c.IsComplete, c.Name));
        Assert.DoesNotContain(Emulator.RequestLog.Entries, e => e.PathAndQuery.StartsWith("/subscriptions", StringComparison.OrdinalIgnoreCase) || e.PathAndQuery.StartsWith("/providers", StringComparison.OrdinalIgnoreCase));
        var keys = Evaluate(folder, c => c.Metadata.Id == "ZTAI-AI-020").Single();
        Assert.Equal(Engine.Model.ResultStatus.Skipped, keys.Status);
        Assert.Contains("Azure Resource Manager access token", keys.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_beta_only_agent_set_the_cloud_does_not_serve_is_skipped_with_the_reason()
    {
        // A cloud without Agent ID: the served tenant has no agent identity set, so Graph answers 404.
        var served = NewFolder();
        foreach (var file in Directory.GetFiles(SampleTenantPath, "*", SearchOption.AllDirectories).Where(f => !IsFileOfSet(Path.GetFileName(f), "servicePrincipals.microsoft.graph.agentIdentity")))
        {
            var target = Path.Combine(served, Path.GetRelativePath(SampleTenantPath, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        File.WriteAllText(Path.Combine(served, "graph", "roleManagement.directory.roleEligibilityScheduleInstances.json"), "{\"value\": []}");
        await using var emulator = await EmulatorHost.StartAsync(served);
        var connection = await ConnectGraphOnlyAsync(emulator);

        var result = await SnapshotCollector.CollectAsync(connection, NewFolder(), Options(), null, CancellationToken.None);

        var agents = result.Collections.Single(c => c.Name == "graph/servicePrincipals.microsoft.graph.agentIdentity");
        Assert.Equal(CollectionProgressStatus.Skipped, agents.Status);
        Assert.Null(agents.MissingPermission);
        Assert.Contains("not available in this cloud", agents.Error, StringComparison.Ordinal);
        Assert.Equal(CollectionProgressStatus.Complete, result.Collections.Single(c => c.Name == "graph/servicePrincipals.owners").Status);
    }

    /// <summary>A connection to the emulator (this test's unless given) with a Graph token only (no Azure Resource Manager token).</summary>
    private Task<Collector.Connection.ZtaiConnection> ConnectGraphOnlyAsync(EmulatorHost? emulator = null) =>
        Collector.Connection.ZtaiConnector.ConnectAsync(
            new Collector.Connection.ConnectionOptions
            {
                Method = Collector.Connection.AuthMethod.AccessToken,
                TenantId = TenantId,
                GraphAccessToken = Secure("opaque"),
                GraphEndpoint = (emulator ?? Emulator).GraphBaseUri,
                ArmEndpoint = (emulator ?? Emulator).ArmBaseUri,
            },
            skipValidation: true,
            CancellationToken.None);
}
