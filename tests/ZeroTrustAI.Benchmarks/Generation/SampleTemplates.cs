using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZeroTrustAI.Benchmarks.Generation;

/// <summary>
/// The objects of the bundled sample tenant, used as templates: every generated object is a sample object with new ids,
/// names and settings, so the synthetic tenant has exactly the shapes the snapshot contract and the controls know.
/// </summary>
public sealed class SampleTemplates
{
    private SampleTemplates(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public string TenantId { get; private set; } = string.Empty;

    /// <summary>Graph objects per set name (file name without extension), in file order.</summary>
    public Dictionary<string, List<JsonElement>> Graph { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Top-level Azure objects in ARM form, nested children flattened out, subscriptions excluded; per lower-case type.</summary>
    public Dictionary<string, List<JsonObject>> Arm { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The sample's Azure objects in their files' own shape (Get-AzResource, Resource Graph, ARM), per lower-case type.</summary>
    public Dictionary<string, List<JsonObject>> ArmAsWritten { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<JsonObject> Subscriptions { get; } = new();

    /// <summary>The folder bundled next to the benchmarks (copied from module/SampleTenant at build).</summary>
    public static string DefaultPath => System.IO.Path.Combine(AppContext.BaseDirectory, "SampleTenant");

    public IReadOnlyList<JsonElement> GraphSet(string name) => Graph.TryGetValue(name, out var list) ? list : Array.Empty<JsonElement>();

    public IReadOnlyList<JsonObject> ArmOfType(string type) => Arm.TryGetValue(type, out var list) ? list : Array.Empty<JsonObject>();

    public static SampleTemplates Load(string path)
    {
        var templates = new SampleTemplates(path);
        using (var manifest = JsonDocument.Parse(File.ReadAllBytes(System.IO.Path.Combine(path, "manifest.json"))))
        {
            templates.TenantId = manifest.RootElement.GetProperty("tenantId").GetString()!;
        }

        foreach (var file in Directory.GetFiles(System.IO.Path.Combine(path, "graph"), "*.json").Order(StringComparer.Ordinal))
        {
            // Pages of one set (<set>.<n>.json) are read together, as the snapshot reader does.
            var name = System.Text.RegularExpressions.Regex.Replace(System.IO.Path.GetFileNameWithoutExtension(file), @"\.[0-9]+$", string.Empty);
            var items = Items(JsonDocument.Parse(File.ReadAllBytes(file)).RootElement).ToList();
            templates.Graph[name] = templates.Graph.TryGetValue(name, out var earlier) ? earlier.Concat(items).ToList() : items;
        }

        foreach (var file in Directory.GetFiles(System.IO.Path.Combine(path, "arm"), "*.json").Order(StringComparer.Ordinal))
        {
            foreach (var item in Items(JsonDocument.Parse(File.ReadAllBytes(file)).RootElement))
            {
                var node = JsonNode.Parse(item.GetRawText())!.AsObject();
                if (!node.ContainsKey("type") && !node.ContainsKey("ResourceType") && node.ContainsKey("subscriptionId"))
                {
                    templates.Subscriptions.Add(node);
                    continue;
                }

                Add(templates.ArmAsWritten, TypeOf(node), (JsonObject)node.DeepClone());
                templates.AddArm(ToArmForm(node));
            }
        }

        return templates;
    }

    /// <summary>The value array of a page, the data array of a Resource Graph answer, or a bare array.</summary>
    private static IEnumerable<JsonElement> Items(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            return root.EnumerateArray();
        }

        foreach (var name in new[] { "value", "data" })
        {
            if (root.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array)
            {
                return list.EnumerateArray();
            }
        }

        return new[] { root };
    }

    private void AddArm(JsonObject resource)
    {
        // Children nested in "resources" become templates of their own type (with their parent's id in theirs).
        if (resource["resources"] is JsonArray children)
        {
            resource.Remove("resources");
            foreach (var child in children.OfType<JsonObject>().ToList())
            {
                children.Remove(child);
                if (child["id"] is null && child["name"] is JsonValue childName && child["type"] is JsonValue childType)
                {
                    // An extension child without an id (diagnostic settings): its ARM id under the parent.
                    child["id"] = $"{resource["id"]}/providers/{childType}/{childName}";
                }

                AddArm(child);
            }
        }

        Add(Arm, TypeOf(resource), resource);
    }

    private static void Add(Dictionary<string, List<JsonObject>> map, string type, JsonObject item)
    {
        if (!map.TryGetValue(type, out var list))
        {
            map[type] = list = new List<JsonObject>();
        }

        list.Add(item);
    }

    public static string TypeOf(JsonObject resource) =>
        ((string?)resource["type"] ?? (string?)resource["ResourceType"] ?? string.Empty).ToLowerInvariant();

    /// <summary>Get-AzResource -ExpandProperties output (ResourceId, ResourceType, Properties, ...) in ARM's own names.</summary>
    public static JsonObject ToArmForm(JsonObject resource)
    {
        if (!resource.ContainsKey("ResourceId"))
        {
            return resource;
        }

        var arm = new JsonObject
        {
            ["id"] = resource["ResourceId"]?.DeepClone(),
            ["name"] = resource["Name"]?.DeepClone(),
            ["type"] = resource["ResourceType"]?.DeepClone(),
            ["kind"] = resource["Kind"]?.DeepClone(),
            ["location"] = resource["Location"]?.DeepClone(),
            ["tags"] = resource["Tags"]?.DeepClone(),
            ["sku"] = Lower(resource["Sku"]),
            ["identity"] = Lower(resource["Identity"]),
            ["properties"] = resource["Properties"]?.DeepClone(),
        };
        return arm;
    }

    /// <summary>Get-AzResource's PascalCase Sku / Identity objects in ARM's camelCase, nulls dropped.</summary>
    private static JsonObject? Lower(JsonNode? node)
    {
        if (node is not JsonObject source)
        {
            return null;
        }

        var result = new JsonObject();
        foreach (var (key, value) in source)
        {
            if (value != null)
            {
                result[char.ToLowerInvariant(key[0]) + key[1..]] = value.DeepClone();
            }
        }

        return result;
    }
}
