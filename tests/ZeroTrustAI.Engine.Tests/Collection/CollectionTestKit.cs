using System.Text.Json;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Collection;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Tests.Collection;

/// <summary>
/// The objects a collector would fetch, per collection: here taken from a snapshot read from disk (the sample tenant),
/// as a live collector would receive them from Graph and ARM: flat ARM objects with their full id and type.
/// </summary>
public sealed class SourceData
{
    private readonly Dictionary<string, List<JsonElement>> _items;

    private SourceData(Dictionary<string, List<JsonElement>> items, List<string> names)
    {
        _items = items;
        Names = names;
    }

    public IReadOnlyList<string> Names { get; }

    public IReadOnlyList<JsonElement> Items(string name) => _items.TryGetValue(name, out var list) ? list : [];

    public bool Has(string name) => _items.ContainsKey(name);

    /// <summary>Every Graph set and every Azure resource type (children flattened out of their parents) and the subscriptions.</summary>
    /// <param name="shapeGraphItem">Rewrites a Graph object (e.g. cut to the $select list).</param>
    /// <param name="asResourceGraphReturns">
    /// Private endpoint connections kept as separate objects in the sample (as the per-connection CLI lists them) are
    /// put inline in their parent's properties, where Resource Graph returns them.
    /// </param>
    public static SourceData From(TenantSnapshot snapshot, Func<string, JsonElement, JsonElement>? shapeGraphItem = null, bool asResourceGraphReturns = false)
    {
        var items = new Dictionary<string, List<JsonElement>>(StringComparer.OrdinalIgnoreCase);
        var names = new List<string>();

        void Add(string name, JsonElement item)
        {
            if (!items.TryGetValue(name, out var list))
            {
                list = [];
                items[name] = list;
                names.Add(name);
            }

            list.Add(item);
        }

        foreach (var set in snapshot.GraphSets.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            foreach (var item in set.Items)
            {
                Add(DataSets.Graph(set.Name), shapeGraphItem == null ? item : shapeGraphItem(set.Name, item));
            }
        }

        foreach (var subscription in snapshot.Subscriptions)
        {
            Add(DataSets.Arm(ResourceTypes.Subscription), subscription);
        }

        foreach (var resource in snapshot.Resources)
        {
            if (asResourceGraphReturns && IsPrivateEndpointConnection(resource))
            {
                continue;
            }

            var type = ArmCollectionCatalog.Find(resource.Type)?.ResourceType ?? resource.Type;
            Add(DataSets.Arm(type), Flatten(resource, asResourceGraphReturns));
        }

        // A collector records every planned collection, also those that found nothing (complete, count 0).
        foreach (var name in CollectionPlan.ForPillars(null, includeAgentAnalysis: true).Names)
        {
            if (!items.ContainsKey(name))
            {
                items[name] = [];
                names.Add(name);
            }
        }

        return new SourceData(items, names);
    }

    /// <summary>A resource as ARM returns it on its own: children removed, full id and type present.</summary>
    private static bool IsPrivateEndpointConnection(ArmResource resource) =>
        resource.Parent != null && resource.Type.EndsWith("/privateEndpointConnections", StringComparison.OrdinalIgnoreCase);

    private static JsonElement Flatten(ArmResource resource, bool inlineConnections)
    {
        var connections = inlineConnections ? resource.Children.Where(IsPrivateEndpointConnection).ToList() : [];
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            var hasId = false;
            foreach (var property in resource.Raw.EnumerateObject())
            {
                if (property.NameEquals("resources"))
                {
                    continue;
                }

                if (property.Name.Equals("type", StringComparison.OrdinalIgnoreCase))
                {
                    json.WriteString(property.Name, resource.Type);
                    continue;
                }

                hasId |= property.Name.Equals("id", StringComparison.OrdinalIgnoreCase);
                if (connections.Count > 0 && property.NameEquals("properties") && !property.Value.TryGetProperty("privateEndpointConnections", out _))
                {
                    json.WriteStartObject(property.Name);
                    foreach (var inner in property.Value.EnumerateObject())
                    {
                        inner.WriteTo(json);
                    }

                    json.WriteStartArray("privateEndpointConnections");
                    connections.ForEach(c => c.Raw.WriteTo(json));
                    json.WriteEndArray();
                    json.WriteEndObject();
                    continue;
                }

                property.WriteTo(json);
            }

            if (!hasId)
            {
                json.WriteString("id", resource.Id);
            }

            if (!resource.Raw.TryGetProperty("type", out _) && !resource.Raw.TryGetProperty("Type", out _))
            {
                json.WriteString("type", resource.Type);
            }

            json.WriteEndObject();
        }

        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }
}

/// <summary>
/// A minimal collector over <see cref="SourceData"/>: pages of a fixed size, the continuation being the offset of the
/// next page, every request logged so tests can prove what was (not) requested again.
/// </summary>
public sealed class FakeCollector(SourceData source, int pageSize)
{
    public List<(string Collection, int Offset)> Requests { get; } = [];

    /// <summary>Collects every collection of the checkpoint that is not done, then finishes.</summary>
    public CollectionSummary Run(CollectionCheckpoint checkpoint, Func<string, bool>? skip = null)
    {
        foreach (var name in checkpoint.Collections.Select(c => c.Name).ToList())
        {
            var state = checkpoint.BeginCollection(name);
            if (state.IsDone)
            {
                continue;
            }

            if (skip != null && skip(name))
            {
                checkpoint.MarkSkipped(name, "Test.Permission");
                continue;
            }

            Collect(checkpoint, name, state);
        }

        return checkpoint.Finish();
    }

    public void Collect(CollectionCheckpoint checkpoint, string name, CollectionState state)
    {
        var items = source.Items(name);
        var offset = state.Continuation == null ? 0 : int.Parse(state.Continuation, System.Globalization.CultureInfo.InvariantCulture);
        if (items.Count == 0)
        {
            Requests.Add((name, 0));
            checkpoint.CompleteCollection(name, requests: 1);
            return;
        }

        while (true)
        {
            Requests.Add((name, offset));
            var next = offset + pageSize < items.Count ? offset + pageSize : (int?)null;
            checkpoint.CommitPage(name, items.Skip(offset).Take(pageSize), next?.ToString(System.Globalization.CultureInfo.InvariantCulture), requests: 1);
            if (next == null)
            {
                return;
            }

            offset = next.Value;
        }
    }
}

/// <summary>A temporary folder for one test.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "ztai-collect-" + Guid.NewGuid().ToString("N"));
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(Root))
            {
                Directory.Delete(Root, recursive: true);
            }
        }
        catch (IOException)
        {
        }
    }
}

public static class Results
{
    /// <summary>Every result of every control, as comparable text: control, target, status, reason and evidence.</summary>
    public static List<string> Of(TenantSnapshot snapshot, IEnumerable<Control>? controls = null) =>
        AssessmentEngine.Evaluate(snapshot, Collected(controls ?? ControlCatalog.All))
            .Select(r => $"{r.ControlId} | {r.ResourceId} | {r.Status} | {r.Reason} | {string.Join("; ", r.Evidence.Select(e => $"{e.Path} = {Compact(e.Actual)}"))}")
            .ToList();

    /// <summary>
    /// The controls a collection's plan serves: Purview output is saved by Save-ZtaiSnapshot -IncludePurview from the
    /// user's own session (tests/pester), never by the collector.
    /// </summary>
    public static IEnumerable<Control> Collected(IEnumerable<Control> controls) =>
        controls.Where(c => !c.Metadata.Data.All.Any(set => set.StartsWith(DataSets.PurviewPrefix, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Evidence JSON without its layout: a written page is compact, the sample is indented.</summary>
    private static string Compact(string? json)
    {
        if (json == null)
        {
            return "(absent)";
        }

        try
        {
            return JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    /// <summary>Equal lists, or a failure that shows the first differing results in full.</summary>
    public static void AssertSame(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        if (expected.SequenceEqual(actual))
        {
            return;
        }

        var missing = expected.Except(actual).Take(5).ToList();
        var extra = actual.Except(expected).Take(5).ToList();
        Assert.Fail($"Results differ ({expected.Count} expected, {actual.Count} actual).\nMissing:\n  {string.Join("\n  ", missing)}\nUnexpected:\n  {string.Join("\n  ", extra)}");
    }

    /// <summary>The objects in a collection's page files on disk, page by page, as raw JSON text.</summary>
    public static List<string> ObjectsOnDisk(string root, string collectionName)
    {
        var (folder, stem) = SnapshotWriter.PageLocation(collectionName);
        var directory = Path.Combine(root, folder);
        var pages = Directory.EnumerateFiles(directory, stem + ".*.json")
            .Select(f => (File: f, Page: Path.GetFileName(f).Substring(stem.Length + 1)))
            .Where(p => p.Page.EndsWith(".json", StringComparison.Ordinal) && p.Page[..^5].All(char.IsAsciiDigit))
            .OrderBy(p => int.Parse(p.Page[..^5], System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        var objects = new List<string>();
        foreach (var page in pages)
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(page.File));
            objects.AddRange(document.RootElement.GetProperty("value").EnumerateArray().Select(e => e.GetRawText()));
        }

        return objects;
    }
}
