using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using System.Threading;

namespace ZeroTrustAI.Engine.Reporting.Zta
{
    /// <summary>
    /// Reads and writes the JSON of a Zero Trust Assessment report (<c>ZeroTrustAssessmentReport.json</c>, and the same
    /// object embedded in its HTML). Merging keeps every value ZTA wrote byte for byte and in ZTA's key order, replaces
    /// only tests whose id is ours, recomputes <c>TestResultSummary</c> as ZTA computes it and keeps <c>EndOfJson</c> last.
    /// </summary>
    public static class ZtaReportJson
    {
        public const string EndOfJson = "EndOfJson";
        private const string SummaryProperty = "TestResultSummary";
        private const string TestsProperty = "Tests";
        private const string PassedSuffix = "Passed";
        private const string TotalSuffix = "Total";

        private static readonly byte[] Utf8Bom = { 0xEF, 0xBB, 0xBF };

        private static readonly JsonDocumentOptions ReadOptions = new JsonDocumentOptions { MaxDepth = 256 };

        /// <summary>The top-level properties ZTA 2.6 writes, in its order.</summary>
        public static IReadOnlyList<string> TopLevelProperties { get; } = new[]
        {
            "ExecutedAt", "TenantId", "TenantName", "Domain", "Account", "CurrentVersion", "LatestVersion", SummaryProperty, TestsProperty, "TenantInfo", EndOfJson,
        };

        /// <summary>
        /// Writer options: indented by two spaces as PowerShell's ConvertTo-Json, with the given line ending, and our
        /// text escaped so it is safe inside the HTML page (&lt;, &gt;, &amp; and quotes as \u escapes).
        /// </summary>
        internal static JsonWriterOptions WriterOptions(string newLine) => new JsonWriterOptions
        {
            Indented = true,
            NewLine = newLine,
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        };

        /// <summary>Writes a ZTA-shaped report that holds only our tests (the ZtaJson report format).</summary>
        public static void WriteReport(Utf8JsonWriter json, IReadOnlyList<ZtaTest> tests, ReportContext context, string? tenantId, string? tenantName)
        {
            if (json == null || tests == null || context == null)
            {
                throw new ArgumentNullException(json == null ? nameof(json) : tests == null ? nameof(tests) : nameof(context));
            }

            json.WriteStartObject();
            json.WriteString("ExecutedAt", context.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("TenantId", tenantId);
            json.WriteString("TenantName", tenantName);
            json.WriteNull("Domain");
            json.WriteNull("Account");
            json.WriteString("CurrentVersion", context.ToolVersion);
            json.WriteString("LatestVersion", context.ToolVersion);
            WriteSummary(json, Summary(tests.Select(t => (Pillars: (IReadOnlyList<string>)new[] { t.TestPillar }, Status: (string?)t.TestStatus))), ZtaVocabulary.Pillars.SelectMany(p => new[] { p + PassedSuffix, p + TotalSuffix }));
            json.WriteStartArray(TestsProperty);
            foreach (var test in tests)
            {
                test.WriteTo(json);
            }

            json.WriteEndArray();
            json.WriteNull("TenantInfo");
            json.WriteString(EndOfJson, EndOfJson);
            json.WriteEndObject();
        }

        /// <summary>
        /// Merges our tests into the bytes of a ZTA report JSON (with or without a UTF-8 byte order mark, which is
        /// kept). Throws <see cref="FormatException"/> when the text is not a ZTA report object.
        /// </summary>
        public static ZtaMergedJson Merge(byte[] original, IReadOnlyList<ZtaTest> ours, CancellationToken cancellationToken = default)
        {
            if (original == null)
            {
                throw new ArgumentNullException(nameof(original));
            }

            if (ours == null)
            {
                throw new ArgumentNullException(nameof(ours));
            }

            var hasBom = original.Length >= 3 && original[0] == Utf8Bom[0] && original[1] == Utf8Bom[1] && original[2] == Utf8Bom[2];
            var body = hasBom ? new ReadOnlyMemory<byte>(original, 3, original.Length - 3) : new ReadOnlyMemory<byte>(original);

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body, ReadOptions);
            }
            catch (JsonException exception)
            {
                throw new FormatException("The file is not valid JSON: " + exception.Message, exception);
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(TestsProperty, out var originalTests) || originalTests.ValueKind != JsonValueKind.Array)
                {
                    throw new FormatException("The JSON is not a Zero Trust Assessment report: it has no Tests array.");
                }

                var kept = new List<JsonElement>();
                var replaced = 0;
                foreach (var test in originalTests.EnumerateArray())
                {
                    if (test.ValueKind == JsonValueKind.Object && test.TryGetProperty("TestId", out var id) && id.ValueKind == JsonValueKind.String && ZtaTest.IsOurs(id.GetString()))
                    {
                        replaced++;
                    }
                    else
                    {
                        kept.Add(test);
                    }
                }

                var summaryInput = kept.Select(ReadPillarsAndStatus)
                    .Concat(ours.Select(t => (Pillars: (IReadOnlyList<string>)new[] { t.TestPillar }, Status: (string?)t.TestStatus)))
                    .ToList();

                var text = Encoding.UTF8.GetString(original, hasBom ? 3 : 0, Math.Min(original.Length - (hasBom ? 3 : 0), 4096));
                var newLine = text.Contains("\r\n") ? "\r\n" : "\n";

                using var buffer = new MemoryStream(original.Length + (ours.Count * 4096));
                if (hasBom)
                {
                    buffer.Write(Utf8Bom, 0, Utf8Bom.Length);
                }

                using (var json = new Utf8JsonWriter(buffer, WriterOptions(newLine)))
                {
                    json.WriteStartObject();
                    JsonElement? endOfJson = null;
                    var wroteSummary = false;
                    foreach (var property in root.EnumerateObject())
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        if (property.NameEquals(EndOfJson))
                        {
                            endOfJson = property.Value;
                            continue;
                        }

                        if (property.NameEquals(SummaryProperty) && property.Value.ValueKind == JsonValueKind.Object)
                        {
                            json.WritePropertyName(property.Name);
                            WriteSummary(json, property.Value, summaryInput);
                            wroteSummary = true;
                            continue;
                        }

                        if (property.NameEquals(TestsProperty))
                        {
                            if (!wroteSummary)
                            {
                                // A report without a summary gets one where ZTA puts it: right before Tests.
                                WriteSummary(json, Summary(summaryInput), ZtaVocabulary.Pillars.SelectMany(p => new[] { p + PassedSuffix, p + TotalSuffix }));
                                wroteSummary = true;
                            }

                            json.WriteStartArray(TestsProperty);
                            foreach (var test in kept)
                            {
                                json.WriteRawValue(test.GetRawText(), skipInputValidation: true);
                            }

                            foreach (var test in ours)
                            {
                                test.WriteTo(json);
                            }

                            json.WriteEndArray();
                            continue;
                        }

                        json.WritePropertyName(property.Name);
                        json.WriteRawValue(property.Value.GetRawText(), skipInputValidation: true);
                    }

                    json.WritePropertyName(EndOfJson);
                    if (endOfJson.HasValue)
                    {
                        json.WriteRawValue(endOfJson.Value.GetRawText(), skipInputValidation: true);
                    }
                    else
                    {
                        json.WriteStringValue(EndOfJson);
                    }

                    json.WriteEndObject();
                }

                // Whatever followed the object (a final line break) follows it still.
                var end = body.Length;
                while (end > 0 && IsJsonWhitespace(body.Span[end - 1]))
                {
                    end--;
                }

                var trailing = body.Slice(end).ToArray();
                buffer.Write(trailing, 0, trailing.Length);
                return new ZtaMergedJson(buffer.ToArray(), kept.Count, replaced, ours.Count);
            }
        }

        /// <summary>
        /// The per-pillar summary as ZTA computes it: Passed counts tests of the pillar with status Passed, Total those
        /// whose status is neither Skipped nor Planned. A multi-pillar test counts for each of its pillars; status and
        /// pillar compare case-insensitively, as PowerShell's -eq does.
        /// </summary>
        public static IReadOnlyDictionary<string, int> Summary(IEnumerable<(IReadOnlyList<string> Pillars, string? Status)> tests)
        {
            // Keys compare as PowerShell compares pillars: "ai" counts for AIPassed. Pillars beyond ZTA's seven (a preview
            // pillar) get their own keys, so a summary that has them is recomputed the same way.
            var summary = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var pillar in ZtaVocabulary.Pillars)
            {
                summary[pillar + PassedSuffix] = 0;
                summary[pillar + TotalSuffix] = 0;
            }

            foreach (var (pillars, status) in tests)
            {
                var passed = string.Equals(status, ZtaVocabulary.Passed, StringComparison.OrdinalIgnoreCase);
                var counted = !string.Equals(status, ZtaVocabulary.Skipped, StringComparison.OrdinalIgnoreCase) && !string.Equals(status, ZtaVocabulary.Planned, StringComparison.OrdinalIgnoreCase);
                foreach (var pillar in pillars.Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    summary[pillar + PassedSuffix] = (summary.TryGetValue(pillar + PassedSuffix, out var p) ? p : 0) + (passed ? 1 : 0);
                    summary[pillar + TotalSuffix] = (summary.TryGetValue(pillar + TotalSuffix, out var t) ? t : 0) + (counted ? 1 : 0);
                }
            }

            return summary;
        }

        /// <summary>The pillars and status of one ZTA test entry as read from JSON (TestPillar: string, array or null).</summary>
        public static (IReadOnlyList<string> Pillars, string? Status) ReadPillarsAndStatus(JsonElement test)
        {
            var pillars = new List<string>();
            string? status = null;
            if (test.ValueKind == JsonValueKind.Object)
            {
                if (test.TryGetProperty("TestPillar", out var pillar))
                {
                    if (pillar.ValueKind == JsonValueKind.String)
                    {
                        pillars.Add(pillar.GetString()!);
                    }
                    else if (pillar.ValueKind == JsonValueKind.Array)
                    {
                        pillars.AddRange(pillar.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.String).Select(p => p.GetString()!));
                    }
                }

                if (test.TryGetProperty("TestStatus", out var value) && value.ValueKind == JsonValueKind.String)
                {
                    status = value.GetString();
                }
            }

            return (pillars, status);
        }

        /// <summary>Writes the summary in the original's key order; keys named &lt;Pillar&gt;Passed/Total are recomputed, others kept.</summary>
        private static void WriteSummary(Utf8JsonWriter json, JsonElement original, IEnumerable<(IReadOnlyList<string> Pillars, string? Status)> tests)
        {
            var summary = Summary(tests);
            json.WriteStartObject();
            var written = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in original.EnumerateObject())
            {
                written.Add(property.Name);
                if (Recomputed(property.Name, summary) is int value)
                {
                    json.WriteNumber(property.Name, value);
                }
                else
                {
                    json.WritePropertyName(property.Name);
                    json.WriteRawValue(property.Value.GetRawText(), skipInputValidation: true);
                }
            }

            // Pillars ZTA 2.6 knows that an older report lacked (AI) are added after the rest.
            foreach (var pillar in ZtaVocabulary.Pillars)
            {
                foreach (var key in new[] { pillar + PassedSuffix, pillar + TotalSuffix })
                {
                    if (written.Add(key))
                    {
                        json.WriteNumber(key, summary[key]);
                    }
                }
            }

            json.WriteEndObject();
        }

        private static void WriteSummary(Utf8JsonWriter json, IReadOnlyDictionary<string, int> summary, IEnumerable<string> keys)
        {
            json.WriteStartObject(SummaryProperty);
            foreach (var key in keys)
            {
                json.WriteNumber(key, summary.TryGetValue(key, out var value) ? value : 0);
            }

            json.WriteEndObject();
        }

        /// <summary>A recomputed count for a summary key, or null when the key is not a pillar count (kept as written).</summary>
        private static int? Recomputed(string key, IReadOnlyDictionary<string, int> summary)
        {
            if (summary.TryGetValue(key, out var value))
            {
                return value;
            }

            // A pillar count no test has (a preview pillar with no test) is zero.
            return key.EndsWith(PassedSuffix, StringComparison.Ordinal) || key.EndsWith(TotalSuffix, StringComparison.Ordinal) ? 0 : (int?)null;
        }

        private static bool IsJsonWhitespace(byte b) => b == (byte)' ' || b == (byte)'\t' || b == (byte)'\r' || b == (byte)'\n';
    }

    /// <summary>A merged report JSON and what the merge did.</summary>
    public sealed class ZtaMergedJson
    {
        internal ZtaMergedJson(byte[] bytes, int keptTests, int replacedTests, int addedTests)
        {
            Bytes = bytes;
            KeptTests = keptTests;
            ReplacedTests = replacedTests;
            AddedTests = addedTests;
        }

        /// <summary>The merged JSON, encoded as the original was (UTF-8, with its byte order mark if it had one).</summary>
        public byte[] Bytes { get; }

        /// <summary>ZTA's own tests, kept unchanged.</summary>
        public int KeptTests { get; }

        /// <summary>Our tests from an earlier merge, replaced.</summary>
        public int ReplacedTests { get; }

        public int AddedTests { get; }
    }
}
