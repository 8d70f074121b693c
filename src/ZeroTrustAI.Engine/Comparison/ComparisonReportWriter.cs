using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Reporting;

namespace ZeroTrustAI.Engine.Comparison
{
    /// <summary>Writes a comparison of two runs as Markdown (for a pull request or job summary) or JSON (schema in docs/report-formats.md).</summary>
    public static class ComparisonReportWriter
    {
        public const string SchemaVersion = "1.0";

        /// <summary>The changes listed in the Markdown report, in this order; unchanged targets are only counted.</summary>
        private static readonly (ComparisonChange Change, string Heading)[] Sections =
        {
            (ComparisonChange.NewFailure, "New failures"),
            (ComparisonChange.Regressed, "Regressed"),
            (ComparisonChange.Fixed, "Fixed"),
            (ComparisonChange.Improved, "Improved"),
            (ComparisonChange.Changed, "Changed"),
            (ComparisonChange.Added, "Added targets"),
            (ComparisonChange.Removed, "Removed targets"),
            (ComparisonChange.ControlAdded, "Added controls"),
            (ComparisonChange.ControlRemoved, "Removed controls"),
        };

        public static void WriteMarkdown(AssessmentComparison comparison, TextWriter output, int maxRowsPerSection = 50)
        {
            if (comparison == null || output == null)
            {
                throw new ArgumentNullException(comparison == null ? nameof(comparison) : nameof(output));
            }

            output.WriteLine("## ZeroTrustAI: changes since the reference run");
            output.WriteLine();
            output.WriteLine("| Change | Count |");
            output.WriteLine("| --- | ---: |");
            foreach (ComparisonChange change in Enum.GetValues(typeof(ComparisonChange)))
            {
                output.WriteLine("| " + change + " | " + comparison.Count(change).ToString(CultureInfo.InvariantCulture) + " |");
            }

            output.WriteLine();
            foreach (var (change, heading) in Sections)
            {
                var entries = comparison.Entries.Where(e => e.Change == change).ToList();
                if (entries.Count == 0)
                {
                    continue;
                }

                output.WriteLine("### " + heading + " (" + entries.Count.ToString(CultureInfo.InvariantCulture) + ")");
                output.WriteLine();
                if (entries[0].IsControl)
                {
                    output.WriteLine("| Severity | Control |");
                    output.WriteLine("| --- | --- |");
                    foreach (var entry in entries.Take(maxRowsPerSection))
                    {
                        output.WriteLine("| " + entry.Severity + " | " + MarkdownText.Code(entry.ControlId) + " " + MarkdownText.Escape(entry.Title) + " |");
                    }
                }
                else
                {
                    output.WriteLine("| Severity | Control | Target | Was | Now | Reason |");
                    output.WriteLine("| --- | --- | --- | --- | --- | --- |");
                    foreach (var entry in entries.Take(maxRowsPerSection))
                    {
                        output.WriteLine("| " + entry.Severity + " | " + MarkdownText.Code(entry.ControlId) + " | " + MarkdownText.Escape(entry.ResourceName) + " | " +
                            (entry.ReferenceStatus?.ToString() ?? "-") + " | " + (entry.DifferenceStatus?.ToString() ?? "-") + " | " + MarkdownText.Escape(entry.Reason) + " |");
                    }
                }

                if (entries.Count > maxRowsPerSection)
                {
                    output.WriteLine();
                    output.WriteLine("…and " + (entries.Count - maxRowsPerSection).ToString(CultureInfo.InvariantCulture) + " more.");
                }

                output.WriteLine();
            }
        }

        public static void WriteJson(AssessmentComparison comparison, ReportContext context, Stream output)
        {
            if (comparison == null || context == null || output == null)
            {
                throw new ArgumentNullException(comparison == null ? nameof(comparison) : context == null ? nameof(context) : nameof(output));
            }

            using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) });
            json.WriteStartObject();
            json.WriteString("schemaVersion", SchemaVersion);
            json.WriteString("kind", "comparison");
            json.WriteString("generatedAt", context.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteStartObject("tool");
            json.WriteString("name", context.ToolName);
            json.WriteString("version", context.ToolVersion);
            json.WriteEndObject();
            json.WriteStartObject("counts");
            foreach (ComparisonChange change in Enum.GetValues(typeof(ComparisonChange)))
            {
                json.WriteNumber(change.ToString(), comparison.Count(change));
            }

            json.WriteEndObject();
            json.WriteStartArray("changes");
            foreach (var entry in comparison.Entries)
            {
                json.WriteStartObject();
                json.WriteString("change", entry.Change.ToString());
                json.WriteString("controlId", entry.ControlId);
                json.WriteString("title", entry.Title);
                json.WriteString("pillar", entry.Pillar.ToString());
                json.WriteString("severity", entry.Severity.ToString());
                json.WriteString("resourceId", entry.ResourceId);
                json.WriteString("resourceName", entry.ResourceName);
                json.WriteString("resourceType", entry.ResourceType);
                json.WriteString("referenceStatus", entry.ReferenceStatus?.ToString());
                json.WriteString("differenceStatus", entry.DifferenceStatus?.ToString());
                json.WriteString("reason", entry.Reason);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }
    }
}
