using System;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZeroTrustAI.Emulator.Graph
{
    /// <summary>Case-insensitive JSON property access, as Graph property names are matched.</summary>
    internal static class GraphJson
    {
        public static bool TryGetProperty(JsonElement item, string name, out JsonElement value)
        {
            if (item.ValueKind == JsonValueKind.Object)
            {
                if (item.TryGetProperty(name, out value))
                {
                    return true;
                }

                foreach (var property in item.EnumerateObject())
                {
                    if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                    {
                        value = property.Value;
                        return true;
                    }
                }
            }

            value = default;
            return false;
        }

        public static string? GetString(JsonElement item, string name) =>
            TryGetProperty(item, name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        public static JsonNode? ToNode(JsonElement element) => JsonSerializer.SerializeToNode(element);
    }
}
