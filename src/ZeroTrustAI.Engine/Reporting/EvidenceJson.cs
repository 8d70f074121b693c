using System;
using System.Collections.Generic;
using System.Text.Json;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Reporting
{
    /// <summary>Evidence as JSON, one shape for every format: an array of {path, actual, expected}.</summary>
    internal static class EvidenceJson
    {
        public static void Write(Utf8JsonWriter json, IReadOnlyList<Evidence>? evidence)
        {
            json.WriteStartArray();
            foreach (var item in evidence ?? Array.Empty<Evidence>())
            {
                if (item == null)
                {
                    continue;
                }

                json.WriteStartObject();
                json.WriteString("path", item.Path);

                // Kept as text: it is the JSON the control read, reproduced exactly, and null when absent.
                json.WriteString("actual", item.Actual);
                json.WriteString("expected", item.Expected);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        /// <summary>The evidence of a result as compact JSON text ("[]" when it has none).</summary>
        public static string Of(AssessmentResult result)
        {
            if (result.Evidence == null || result.Evidence.Count == 0)
            {
                return "[]";
            }

            // Relaxed escaping (the text is read back by a JSON parser); the rows of a million-result export reuse one writer.
            using var scratch = JsonScratch.Rent(relaxedEscaping: true);
            Write(scratch.Writer, result.Evidence);
            return scratch.ToText();
        }
    }
}
