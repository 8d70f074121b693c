using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using System.Threading;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Reporting
{
    /// <summary>
    /// The JSON report (schema in docs/report-formats.md). Results are written as they are enumerated; the summary and
    /// the metadata of the controls seen follow them, so the writer never holds the results in memory.
    /// </summary>
    public sealed class JsonReportWriter : ReportWriter
    {
        /// <summary>Bumped on a breaking change of the schema; additions keep it.</summary>
        public const string SchemaVersion = "1.0";

        private const int FlushThreshold = 32 * 1024;

        private static readonly JsonWriterOptions Options = new JsonWriterOptions
        {
            Indented = true,

            // Escapes HTML-sensitive characters (<, >, &, ', ") so the file is safe to embed, but keeps letters of
            // every script readable instead of \u-escaping tenant names.
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        };

        public override ReportFormat Format => ReportFormat.Json;

        private protected override void WriteCore(IEnumerable<AssessmentResult> results, ReportContext context, Stream output, CancellationToken cancellationToken)
        {
            using var json = new Utf8JsonWriter(output, Options);
            WriteDocument(json, results, context, () => json.Flush(), cancellationToken);
        }

        private protected override void WriteCore(IEnumerable<AssessmentResult> results, ReportContext context, TextWriter output, CancellationToken cancellationToken)
        {
            // Utf8JsonWriter writes bytes: buffer a chunk, then decode it onto the text writer.
            using var buffer = new MemoryStream();
            var decoder = Encoding.UTF8.GetDecoder();
            var chars = new char[4096];
            using var json = new Utf8JsonWriter(buffer, Options);

            void Drain()
            {
                json.Flush();
                var bytes = buffer.GetBuffer();
                var length = (int)buffer.Length;
                var offset = 0;
                while (offset < length)
                {
                    var take = Math.Min(length - offset, 1024);
                    decoder.Convert(bytes, offset, take, chars, 0, chars.Length, flush: false, out var used, out var produced, out _);
                    output.Write(chars, 0, produced);
                    offset += used;
                }

                buffer.SetLength(0);
            }

            WriteDocument(json, results, context, Drain, cancellationToken);
        }

        private static void WriteDocument(Utf8JsonWriter json, IEnumerable<AssessmentResult> results, ReportContext context, Action flush, CancellationToken cancellationToken)
        {
            json.WriteStartObject();
            json.WriteString("schemaVersion", SchemaVersion);
            json.WriteString("title", context.EffectiveTitle);
            json.WriteString("generatedAt", ReportRuns.IsoTime(context.GeneratedAt));

            json.WriteStartObject("tool");
            json.WriteString("name", context.ToolName);
            json.WriteString("version", context.ToolVersion);
            json.WriteEndObject();

            var summary = new ReportSummary();
            var runs = new ReportRuns();
            var controlIds = new List<string>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

            json.WriteStartArray("results");
            foreach (var result in results)
            {
                cancellationToken.ThrowIfCancellationRequested();
                summary.Add(result);
                runs.Add(result);
                if (result.ControlId != null && seen.Add(result.ControlId))
                {
                    controlIds.Add(result.ControlId);
                }

                WriteResult(json, result);
                if (json.BytesPending >= FlushThreshold)
                {
                    flush();
                }
            }

            json.WriteEndArray();

            WriteRuns(json, runs, context);
            WriteSummary(json, summary);
            WriteControls(json, controlIds, context, cancellationToken);
            json.WriteEndObject();
            flush();
        }

        private static void WriteResult(Utf8JsonWriter json, AssessmentResult result)
        {
            json.WriteStartObject();
            json.WriteString("controlId", result.ControlId);
            json.WriteString("title", result.Title);
            json.WriteString("pillar", result.Pillar.ToString());
            json.WriteString("principle", result.Principle.ToString());
            json.WriteString("severity", result.Severity.ToString());
            json.WriteString("status", result.Status.ToString());
            json.WriteString("resourceId", result.ResourceId);
            if (result.TenantId != null)
            {
                json.WriteString("tenantId", result.TenantId);
            }

            if (result.Run != null)
            {
                json.WriteString("runId", result.Run.RunId);
            }

            json.WriteString("resourceName", result.ResourceName);
            json.WriteString("resourceType", result.ResourceType);
            json.WriteString("reason", result.Reason);
            json.WriteString("remediation", result.Remediation);
            if (result.Fix != null)
            {
                json.WriteStartObject("fix");
                json.WriteString("language", result.Fix.Language.ToString());
                json.WriteString("script", result.Fix.Script);
                json.WriteEndObject();
            }

            json.WritePropertyName("evidence");
            EvidenceJson.Write(json, result.Evidence);
            json.WriteEndObject();
        }

        /// <summary>The report's tenant and snapshot (when it holds one), then every run with its coverage.</summary>
        private static void WriteRuns(Utf8JsonWriter json, ReportRuns runs, ReportContext context)
        {
            json.WriteStartObject("tenant");
            json.WriteString("id", runs.TenantId);
            json.WriteString("name", runs.TenantName(context));
            json.WriteEndObject();

            var single = runs.SingleRun;
            json.WriteStartObject("snapshot");
            json.WriteString("source", single?.SnapshotSource);
            json.WriteString("collectedAt", ReportRuns.IsoTime(single?.CollectedAt));
            json.WriteEndObject();

            json.WriteStartArray("runs");
            foreach (var group in runs.Groups)
            {
                var run = group.Run;
                json.WriteStartObject();
                json.WriteString("runId", run?.RunId);
                json.WriteStartObject("tenant");
                json.WriteString("id", run?.TenantId);
                json.WriteString("name", runs.TenantNameOf(run, context));
                json.WriteEndObject();
                json.WriteStartObject("snapshot");
                json.WriteString("source", run?.SnapshotSource);
                json.WriteString("collectedAt", ReportRuns.IsoTime(run?.CollectedAt));
                json.WriteString("collectedWith", run?.CollectedWith);
                json.WriteString("cloud", run?.Cloud);
                json.WriteEndObject();
                json.WriteString("assessedAt", ReportRuns.IsoTime(run?.AssessedAt));
                json.WriteStartObject("tool");
                json.WriteString("name", run?.ToolName);
                json.WriteString("version", run?.ToolVersion);
                json.WriteEndObject();
                json.WriteNumber("resultCount", group.Summary.Total);
                json.WriteStartArray("coverage");
                foreach (var entry in run?.Coverage ?? Array.Empty<DataSetCoverage>())
                {
                    json.WriteStartObject();
                    json.WriteString("dataSet", entry.DataSet);
                    json.WriteString("state", entry.State.ToString());
                    if (entry.Count.HasValue)
                    {
                        json.WriteNumber("count", entry.Count.Value);
                    }
                    else
                    {
                        json.WriteNull("count");
                    }

                    json.WriteString("missingPermission", entry.MissingPermission);
                    json.WriteString("detail", entry.Detail);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        private static void WriteSummary(Utf8JsonWriter json, ReportSummary summary)
        {
            json.WriteStartObject("summary");
            json.WriteNumber("total", summary.Total);
            json.WriteNumber("controls", summary.ControlCount);

            json.WriteStartObject("byStatus");
            foreach (var status in ReportSummary.Statuses)
            {
                json.WriteNumber(status.ToString(), summary.Count(status));
            }

            json.WriteEndObject();

            json.WriteStartObject("byPillar");
            foreach (var pillar in ReportSummary.Pillars)
            {
                json.WriteStartObject(pillar.ToString());
                json.WriteNumber("total", summary.TotalOf(pillar));
                foreach (var status in ReportSummary.Statuses)
                {
                    json.WriteNumber(status.ToString(), summary.Count(pillar, status));
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();

            json.WriteStartObject("failuresBySeverity");
            foreach (var severity in ReportSummary.Severities)
            {
                json.WriteNumber(severity.ToString(), summary.Failures(severity));
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        private static void WriteControls(Utf8JsonWriter json, IEnumerable<string> controlIds, ReportContext context, CancellationToken cancellationToken)
        {
            json.WriteStartObject("controls");
            foreach (var id in controlIds)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var metadata = context.FindControl(id);
                if (metadata == null)
                {
                    continue;
                }

                json.WriteStartObject(id);
                json.WriteString("title", metadata.Title);
                json.WriteString("pillar", metadata.Pillar.ToString());
                json.WriteString("principle", metadata.Principle.ToString());
                json.WriteString("severity", metadata.Severity.ToString());
                json.WriteString("description", metadata.Description);
                json.WriteString("rationale", metadata.Rationale);
                json.WriteString("remediation", metadata.Remediation);
                WriteStrings(json, "references", metadata.References);
                var mappings = metadata.Mappings;
                json.WriteStartObject("mappings");
                WriteStrings(json, "workshop", mappings.Workshop);
                WriteStrings(json, "zeroTrustAssessment", mappings.ZeroTrustAssessment);
                WriteStrings(json, "mcsb", mappings.Mcsb);
                WriteStrings(json, "owaspLlm", mappings.OwaspLlm);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        private static void WriteStrings(Utf8JsonWriter json, string name, IReadOnlyList<string>? values)
        {
            json.WriteStartArray(name);
            foreach (var value in values ?? Array.Empty<string>())
            {
                json.WriteStringValue(value);
            }

            json.WriteEndArray();
        }
    }
}
