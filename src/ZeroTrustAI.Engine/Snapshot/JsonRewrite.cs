using System;
using System.IO;
using System.Text.Json;

namespace ZeroTrustAI.Engine.Snapshot
{
    /// <summary>Builds a new JSON element, for the few export shapes the reader rewrites into the ARM form.</summary>
    internal static class JsonRewrite
    {
        public static JsonElement Object(Action<Utf8JsonWriter> writeMembers)
        {
            using (var buffer = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    writer.WriteStartObject();
                    writeMembers(writer);
                    writer.WriteEndObject();
                }

                using (var document = JsonDocument.Parse(buffer.ToArray()))
                {
                    return document.RootElement.Clone();
                }
            }
        }
    }
}
