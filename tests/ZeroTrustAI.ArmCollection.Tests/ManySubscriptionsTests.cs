using System.Globalization;
using System.Text.Json;
using ZeroTrustAI.Emulator;
using ZeroTrustAI.Engine.Collection;

namespace ZeroTrustAI.ArmCollection.Tests;

/// <summary>
/// A tenant with more subscriptions than one Resource Graph query takes (1000): every subscription is listed (no cap),
/// queries go in batches, and a resume in the second batch continues there.
/// </summary>
public class ManySubscriptionsTests : ArmHarness
{
    private const int SubscriptionCount = 1003;
    private readonly string _tenant;

    public ManySubscriptionsTests() => _tenant = CreateTenant(NewFolder());

    protected override string SnapshotPath => _tenant;

    [Fact]
    public async Task Every_subscription_is_listed_and_Resource_Graph_is_asked_in_batches_of_1000()
    {
        var folder = NewFolder();
        var run = await CollectAsync(folder);

        Assert.All(run.Summary!.Collections, c => Assert.Equal(CollectionProgressStatus.Complete, c.Status));
        Assert.Equal(SubscriptionCount, SavedIds(folder, subscriptions: true).Count);
        var pageSize = Emulator.Options.ArmPageSize;
        Assert.Equal((SubscriptionCount + pageSize - 1) / pageSize, run.Requests.Count(r => r.Route == "/subscriptions"));
        AssertSame(ExpectedStorageIds(), SavedIds(folder));

        var graphCollections = Plan.Collections.Count(c => c.Arm?.Source == ArmSource.ResourceGraph);
        Assert.Equal(2 * graphCollections, run.Requests.Count(r => r.Route == "/providers/Microsoft.ResourceGraph/resources"));
    }

    [Fact]
    public async Task A_resume_in_the_second_batch_continues_there()
    {
        const string storage = "arm/Microsoft.Storage/storageAccounts";
        const string resourceGraph = "/providers/Microsoft.ResourceGraph/resources";
        var options = new ZeroTrustAI.Collector.Collection.ArmCollectorOptions { ResourceGraphPageSize = 1 };
        var folder = NewFolder();

        // One account per page: pages 1-2 from the first batch of 1000 subscriptions, 3-4 from the second.
        var first = await CollectAsync(folder, options: options, cancelWhen: p => p.Collection == storage && p.Pages == 3);
        Assert.True(first.Cancelled);
        var saved = first.Checkpoint.GetState(storage);
        Assert.Equal(3, saved.PagesCompleted);
        Assert.StartsWith("1|", saved.Continuation, StringComparison.Ordinal);
        var unfinishedOthers = Plan.Collections.Count(c => c.Arm?.Source == ArmSource.ResourceGraph && c.Name != storage && !first.Checkpoint.GetState(c.Name).IsComplete);

        var second = await CollectAsync(folder, resume: true, options: options);
        Assert.All(second.Summary!.Collections, c => Assert.Equal(CollectionProgressStatus.Complete, c.Status));
        AssertSame(ExpectedStorageIds(), SavedIds(folder));
        Assert.Equal(ExpectedStorageIds().Count, second.State(storage).PagesCompleted);

        // Storage: only its last page; every other unfinished type: one (empty) page per batch.
        Assert.Equal(1 + (2 * unfinishedOthers), second.Requests.Count(r => r.Route == resourceGraph));
    }

    private static List<string> ExpectedStorageIds() =>
        new[] { 0, 1, SubscriptionCount - 2, SubscriptionCount - 1 }
            .Select(i => StorageId(i).ToUpperInvariant())
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string SubscriptionId(int i) => string.Create(CultureInfo.InvariantCulture, $"00000000-0000-4000-8000-{i:D12}");

    private static string StorageId(int i) =>
        $"/subscriptions/{SubscriptionId(i)}/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/st{i:D5}";

    private static string CreateTenant(string folder)
    {
        Directory.CreateDirectory(Path.Combine(folder, "arm"));
        var subscriptions = Enumerable.Range(0, SubscriptionCount).Select(i => new Dictionary<string, object>
        {
            ["id"] = "/subscriptions/" + SubscriptionId(i),
            ["subscriptionId"] = SubscriptionId(i),
            ["displayName"] = "Contoso " + i.ToString(CultureInfo.InvariantCulture),
            ["state"] = "Enabled",
            ["tenantId"] = TenantId,
        });
        File.WriteAllText(Path.Combine(folder, "arm", "subscriptions.json"), JsonSerializer.Serialize(new { value = subscriptions }));

        // Storage accounts in the first and the last subscriptions: the last two are in the second query batch.
        var accounts = new[] { 0, 1, SubscriptionCount - 2, SubscriptionCount - 1 }.Select(i => new Dictionary<string, object>
        {
            ["id"] = StorageId(i),
            ["name"] = "st" + i.ToString("D5", CultureInfo.InvariantCulture),
            ["type"] = "Microsoft.Storage/storageAccounts",
            ["location"] = "westeurope",
            ["properties"] = new Dictionary<string, object> { ["supportsHttpsTrafficOnly"] = true },
        });
        File.WriteAllText(Path.Combine(folder, "arm", "storage.json"), JsonSerializer.Serialize(new { value = accounts }));
        return folder;
    }
}
