using System.Text.Json;
using ZeroTrustAI.Engine.Collection;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Collection;

/// <summary>
/// The sample tenant written through the collector's writer, page by page, and read back evaluates exactly as the
/// sample itself.
/// </summary>
public class SnapshotWriterRoundTripTests
{
    private static readonly Lazy<List<string>> SampleResults = new(() => Results.Of(Fixtures.Sample));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(999)]
    public void SampleTenant_WrittenInPages_EvaluatesIdentically(int pageSize)
    {
        using var folder = new TempFolder();
        var source = SourceData.From(Fixtures.Sample);

        var summary = Collect(folder.Root, source, pageSize);
        var written = SnapshotReader.Read(folder.Root);

        Assert.False(summary.CheckpointKept);
        Assert.Empty(written.Issues);
        Results.AssertSame(SampleResults.Value, Results.Of(written));
        Assert.Equal(Fixtures.Sample.Resources.Count, written.Resources.Count);
        foreach (var set in Fixtures.Sample.GraphSets)
        {
            Assert.Equal(set.Items.Count, written.GetGraphSet(set.Name)!.Items.Count);
        }
    }

    [Fact]
    public void SampleTenant_WrittenInPages_HasTheExactLayoutAndManifest()
    {
        using var folder = new TempFolder();
        var source = SourceData.From(Fixtures.Sample);

        const int pageSize = 10;
        Collect(folder.Root, source, pageSize);

        Assert.False(File.Exists(folder.PathOf(CollectionCheckpoint.CheckpointFileName)));
        Assert.Empty(Directory.EnumerateFiles(folder.Root, "*.tmp", SearchOption.AllDirectories));

        // The sample's service principals in pages of 10: numbered files, each {"value":[...]}.
        var principals = Fixtures.Sample.GraphItems("servicePrincipals").Count;
        var pages = (principals + pageSize - 1) / pageSize;
        Assert.True(pages >= 2, "the sample needs more than one page of service principals");
        Assert.True(File.Exists(folder.PathOf("graph/servicePrincipals.1.json")));
        Assert.True(File.Exists(folder.PathOf($"graph/servicePrincipals.{pages}.json")));
        Assert.False(File.Exists(folder.PathOf($"graph/servicePrincipals.{pages + 1}.json")));
        Assert.True(File.Exists(folder.PathOf("arm/Microsoft.CognitiveServices.accounts.deployments.1.json")));
        using (var page = JsonDocument.Parse(File.ReadAllBytes(folder.PathOf("graph/servicePrincipals.2.json"))))
        {
            Assert.Equal(Math.Min(pageSize, principals - pageSize), page.RootElement.GetProperty("value").GetArrayLength());
            Assert.Single(page.RootElement.EnumerateObject());
        }

        using var manifest = JsonDocument.Parse(File.ReadAllBytes(folder.PathOf("manifest.json")));
        var root = manifest.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b", root.GetProperty("tenantId").GetString());
        Assert.Equal("2026-11-20T09:30:00Z", root.GetProperty("collectedAt").GetString());
        Assert.Equal("ZeroTrustAI", root.GetProperty("tool").GetProperty("name").GetString());
        Assert.Equal("https://graph.microsoft.com", root.GetProperty("cloud").GetProperty("graphEndpoint").GetString());
        var servicePrincipals = root.GetProperty("collections").GetProperty("graph/servicePrincipals");
        Assert.Equal("complete", servicePrincipals.GetProperty("status").GetString());
        Assert.Equal(principals, servicePrincipals.GetProperty("count").GetInt64());
        Assert.Equal(pages, servicePrincipals.GetProperty("requests").GetInt64());

        var parsed = SnapshotReader.Read(folder.Root).Manifest!;
        Assert.Equal(source.Names.Count, parsed.Collections.Count);
        Assert.All(parsed.Collections, c => Assert.Equal(CollectionStatus.Complete, c.Status));
    }

    [Fact]
    public void GraphObjectsCutToTheSelectLists_EvaluateIdentically()
    {
        // What Graph returns for the catalog's $select and $expand, and nothing more: proves no control or analysis
        // reads a property the collector would not ask for.
        using var folder = new TempFolder();
        var source = SourceData.From(Fixtures.Sample, CutToSelect);

        Collect(folder.Root, source, pageSize: 7);

        Results.AssertSame(SampleResults.Value, Results.Of(SnapshotReader.Read(folder.Root)));
    }

    [Theory]
    [InlineData(Pillar.AI)]
    [InlineData(Pillar.Data)]
    [InlineData(Pillar.Network)]
    public void OnlyThePillarsPlan_IsEnoughForItsControls(Pillar pillar)
    {
        // A -Pillar run collects only its plan; the pillar's controls must judge exactly as on the full sample.
        using var folder = new TempFolder();
        var plan = CollectionPlan.ForPillars([pillar]);
        var controls = Results.Collected(ControlCatalog.All.Where(c => c.Metadata.Pillar == pillar)).ToList();
        var full = SourceData.From(Fixtures.Sample, CutToSelect, asResourceGraphReturns: true);

        var checkpoint = CollectionCheckpoint.Open(folder.Root, Fixtures.Sample.TenantId!, plan, resume: false, Options());
        new FakeCollector(full, pageSize: 5).Run(checkpoint);
        var written = SnapshotReader.Read(folder.Root);

        Results.AssertSame(Results.Of(Fixtures.Sample, controls), Results.Of(written, controls));
        Assert.All(written.GraphSets, s => Assert.NotNull(plan.Find(DataSets.Graph(s.Name))));
    }

    [Fact]
    public void StreamingCallback_AddsAPropertyToEachObject()
    {
        using var folder = new TempFolder();
        var owner = JsonDocument.Parse("""{"@odata.type":"#microsoft.graph.user","id":"u1","displayName":"Adele","ownedObjectId":"stale"}""").RootElement;
        var checkpoint = CollectionCheckpoint.Open(folder.Root, "t1", ["graph/servicePrincipals.owners"], resume: false);
        checkpoint.BeginCollection("graph/servicePrincipals.owners");

        checkpoint.CommitPage("graph/servicePrincipals.owners", requests: 1, page =>
        {
            page.Add(owner, "ownedObjectId", "sp-1");
            return null;
        });
        checkpoint.Finish();

        var written = SnapshotReader.Read(folder.Root).GraphItems("servicePrincipals.owners").Single();
        Assert.Equal("sp-1", written.GetProperty("ownedObjectId").GetString());
        Assert.Equal("Adele", written.GetProperty("displayName").GetString());
        Assert.Equal(4, written.EnumerateObject().Count());
    }

    [Fact]
    public void LargePage_IsStreamedToDiskAndReadBack()
    {
        using var folder = new TempFolder();
        var item = JsonDocument.Parse("""{"id":"x","displayName":"a fairly long display name to fill the buffer quickly","tags":["a","b","c"]}""").RootElement;
        var checkpoint = CollectionCheckpoint.Open(folder.Root, "t1", ["graph/applications"], resume: false);
        checkpoint.BeginCollection("graph/applications");

        checkpoint.CommitPage("graph/applications", requests: 1, page =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                page.Add(item);
            }

            return null;
        });
        checkpoint.Finish();

        Assert.True(new FileInfo(folder.PathOf("graph/applications.1.json")).Length > 1_000_000);
        Assert.Equal(20_000, SnapshotReader.Read(folder.Root).GraphItems("applications").Count);
    }

    [Fact]
    public void ManyPages_AreReadBackInPageNumberOrder()
    {
        using var folder = new TempFolder();
        var checkpoint = CollectionCheckpoint.Open(folder.Root, "t1", ["graph/applications"], resume: false);
        checkpoint.BeginCollection("graph/applications");
        for (var i = 1; i <= 12; i++)
        {
            var item = JsonDocument.Parse($$"""{"id":"app-{{i}}"}""").RootElement;
            checkpoint.CommitPage("graph/applications", [item], i < 12 ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : null, 1);
        }

        checkpoint.Finish();

        Assert.True(File.Exists(folder.PathOf("graph/applications.12.json")));
        Assert.Equal(
            Enumerable.Range(1, 12).Select(i => "app-" + i),
            SnapshotReader.Read(folder.Root).GraphItems("applications").Select(a => a.GetProperty("id").GetString()));
    }

    [Fact]
    public void UnknownGraphSet_IsRequestedAsItsNameReads_WithoutSelect()
    {
        var control = new DeclaresUnknownSet();
        var entry = CollectionPlan.ForControls([control]).Find("graph/identity.conditionalAccess.namedLocations")!;

        Assert.Equal("/beta/identity/conditionalAccess/namedLocations", entry.Graph!.BuildRequestUri());
    }

    private sealed class DeclaresUnknownSet : Control
    {
        protected override ControlDefinition Definition { get; } = new()
        {
            Id = "TEST-001",
            RequiredData = ["graph/identity.conditionalAccess.namedLocations"],
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot) => [];
    }

    internal static SnapshotWriteOptions Options(ISnapshotFileSystem? fileSystem = null) => new()
    {
        CollectedAt = Fixtures.Sample.Manifest!.CollectedAt,
        FileSystem = fileSystem,
        Scope = "test",
    };

    private static CollectionSummary Collect(string root, SourceData source, int pageSize)
    {
        var checkpoint = CollectionCheckpoint.Open(root, Fixtures.Sample.TenantId!, source.Names, resume: false, Options());
        return new FakeCollector(source, pageSize).Run(checkpoint);
    }

    /// <summary>The object as Graph would return it for the catalog's $select and $expand (annotations kept).</summary>
    private static JsonElement CutToSelect(string set, JsonElement item)
    {
        var request = GraphSelectCatalog.Find(set) ?? throw new InvalidOperationException($"The sample has {set}, which the Graph catalog does not know.");
        if (request.Select.Count == 0)
        {
            return item; // no $select: Graph returns the whole object
        }

        var keep = new HashSet<string>(request.Select.Concat(request.Expand.Select(e => e.Property)), StringComparer.Ordinal);
        if (request.ParentIdProperty != null)
        {
            keep.Add(request.ParentIdProperty);
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var property in item.EnumerateObject().Where(p => keep.Contains(p.Name) || p.Name.StartsWith("@odata.", StringComparison.Ordinal)))
            {
                property.WriteTo(json);
            }

            json.WriteEndObject();
        }

        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }
}
