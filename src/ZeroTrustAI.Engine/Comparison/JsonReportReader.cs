using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Comparison
{
    /// <summary>Reads the results back from a saved JSON report (the Json format, schema 1.x), so two runs can be compared.</summary>
    public static class JsonReportReader
    {
        /// <summary>The results of a JSON report file. Throws <see cref="InvalidDataException"/> naming the file when it is not one.</summary>
        public static IReadOnlyList<AssessmentResult> ReadFile(string path)
        {
            using var stream = File.OpenRead(path);
            try
            {
                return Read(stream);
            }
            catch (Exception exception) when (exception is JsonException || exception is FormatException)
            {
                throw new InvalidDataException($"'{path}' is not a ZeroTrustAI JSON report: {exception.Message}", exception);
            }
        }

        public static IReadOnlyList<AssessmentResult> Read(Stream stream)
        {
            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 128 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("schemaVersion", out var version) || version.ValueKind != JsonValueKind.String
                || !(version.GetString() ?? string.Empty).StartsWith("1.", StringComparison.Ordinal))
            {
                throw new FormatException("it has no schemaVersion 1.x.");
            }

            if (!root.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("it has no results array.");
            }

            string? tenantId = null, tenantName = null;
            if (root.TryGetProperty("tenant", out var tenant) && tenant.ValueKind == JsonValueKind.Object)
            {
                tenantId = Text(tenant, "id");
                tenantName = Text(tenant, "name");
            }

            // Each saved result belongs to a run; the run carries its tenant (results only point to it).
            var runs = new Dictionary<string, RunContext>(StringComparer.Ordinal);
            RunContext RunOf(JsonElement item)
            {
                var runId = Text(item, "runId") ?? "report";
                var id = Text(item, "tenantId") ?? tenantId;
                var key = runId + "|" + id;
                if (!runs.TryGetValue(key, out var run))
                {
                    run = new RunContext(runId, id, tenantName, null, null, DateTimeOffset.MinValue, AssessmentEngine.ToolName, string.Empty);
                    runs[key] = run;
                }

                return run;
            }

            var list = new List<AssessmentResult>();
            var index = 0;
            foreach (var item in results.EnumerateArray())
            {
                var evidence = new List<Evidence>();
                if (item.TryGetProperty("evidence", out var evidenceArray) && evidenceArray.ValueKind == JsonValueKind.Array)
                {
                    foreach (var e in evidenceArray.EnumerateArray())
                    {
                        evidence.Add(new Evidence(Text(e, "path") ?? string.Empty, Text(e, "actual"), Text(e, "expected") ?? string.Empty));
                    }
                }

                list.Add(new AssessmentResult(
                    Required(item, "controlId", index),
                    Text(item, "title") ?? string.Empty,
                    Enum<Pillar>(item, "pillar", index),
                    Enum<Principle>(item, "principle", index),
                    Enum<Severity>(item, "severity", index),
                    Enum<ResultStatus>(item, "status", index),
                    Text(item, "resourceId") ?? string.Empty,
                    Text(item, "resourceName") ?? string.Empty,
                    Text(item, "resourceType") ?? string.Empty,
                    evidence,
                    Text(item, "reason") ?? string.Empty,
                    Text(item, "remediation") ?? string.Empty,
                    RunOf(item),
                    FixOf(item)));
                index++;
            }

            return list;
        }

        private static RemediationFix? FixOf(JsonElement item) =>
            item.TryGetProperty("fix", out var fix) && fix.ValueKind == JsonValueKind.Object
                && Text(fix, "script") is string script
                && System.Enum.TryParse<FixLanguage>(Text(fix, "language"), ignoreCase: true, out var language)
                ? new RemediationFix(language, script)
                : null;

        private static string? Text(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static string Required(JsonElement element, string name, int index) =>
            Text(element, name) ?? throw new FormatException($"results[{index}] has no {name}.");

        private static T Enum<T>(JsonElement element, string name, int index)
            where T : struct
        {
            var text = Required(element, name, index);
            return System.Enum.TryParse<T>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(typeof(T), value)
                ? value
                : throw new FormatException($"results[{index}].{name} '{text}' is not a {typeof(T).Name}.");
        }
    }
}
