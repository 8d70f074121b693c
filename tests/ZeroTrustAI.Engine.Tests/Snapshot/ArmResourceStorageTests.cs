using System.Text.Json;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Settings;
using ZeroTrustAI.Engine.Snapshot;
using ZeroTrustAI.Engine.Tests.Evaluation;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Snapshot;

/// <summary>
/// Past <see cref="SnapshotReader.ArmObjectsKeptParsed"/> Azure objects the reader keeps every resource as compact bytes,
/// parsed when read: the resources, their links and every result must be what the parsed form gives.
/// </summary>
public class ArmResourceStorageTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Snapshots => new()
    {
        Fixtures.SampleTenant,
        Fixtures.PathOf("Reader/rest"),
        Fixtures.PathOf("Reader/az"),
        Fixtures.PathOf("Reader/azresource"),
        Fixtures.PathOf("Reader/nested"),
        Fixtures.PathOf("Reader/graph"),
    };

    [Theory]
    [MemberData(nameof(Snapshots))]
    public void Resources_kept_compact_read_as_the_parsed_ones_from_the_first_and_from_part_way(string path)
    {
        var parsed = SnapshotReader.Read(path);
        Assert.NotEmpty(parsed.Resources);
        // Kind is read once with the resource: it must say what the JSON says.
        Assert.All(parsed.Resources, r => Assert.Equal(r.Raw.GetString("kind"), r.Kind));

        // 0: compact from the first resource; 1: the first kept parsed, then moved when the second passes the limit.
        foreach (var limit in new[] { 0, 1 })
        {
            var compact = SnapshotReader.Read(path, limit);
            Assert.Equal(Describe(parsed), Describe(compact));
            Assert.Equal(parsed.Subscriptions.Select(s => s.GetRawText()), compact.Subscriptions.Select(s => s.GetRawText()));
        }
    }

    [Fact]
    public void The_sample_assesses_to_the_same_results_with_its_resources_kept_compact()
    {
        var parsed = SnapshotReader.Read(Fixtures.SampleTenant);
        var compact = SnapshotReader.Read(Fixtures.SampleTenant, 0);
        Assert.Contains(parsed.Resources, r => r.Extensions.Count > 0);
        Assert.Contains(parsed.Resources, r => r.Children.Count > 0);

        var expected = ParallelEvaluationTests.Canonical(AssessmentEngine.Evaluate(parsed, ControlCatalog.All, AssessmentSettings.Empty, Now, parallelism: 1));
        var actual = ParallelEvaluationTests.Canonical(AssessmentEngine.Evaluate(compact, ControlCatalog.All, AssessmentSettings.Empty, Now, parallelism: 1));

        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i], actual[i]);
        }
    }

    [Fact]
    public void A_compact_resource_read_on_several_threads_gives_each_its_own_exact_json()
    {
        var parsed = SnapshotReader.Read(Fixtures.SampleTenant);
        var compact = SnapshotReader.Read(Fixtures.SampleTenant, 0);
        var expected = parsed.Resources.Select(r => r.Raw.GetRawText()).ToList();

        // Each thread reads every resource in another order, so each parse cache holds other objects.
        Parallel.For(0, 4, worker =>
        {
            var order = Enumerable.Range(0, expected.Count).OrderBy(i => (i * (worker + 3)) % expected.Count).ToList();
            foreach (var i in order)
            {
                Assert.Equal(expected[i], compact.Resources[i].Raw.GetRawText());
            }
        });
    }

    private static List<string> Describe(TenantSnapshot snapshot) =>
        snapshot.Resources.Select(r => string.Join(
            "\u001f",
            r.Id,
            r.Type,
            r.Name,
            r.Kind,
            r.Location,
            r.SubscriptionId,
            r.ParentId,
            r.Parent?.Id,
            r.IsExtension,
            r.IdDerived,
            r.SourceFile,
            r.Raw.GetRawText(),
            r.Properties.ValueKind == JsonValueKind.Undefined ? "(none)" : r.Properties.GetRawText(),
            string.Join(",", r.Children.Select(c => c.Id)),
            string.Join(",", r.Extensions.Select(e => e.Id)))).ToList();
}
