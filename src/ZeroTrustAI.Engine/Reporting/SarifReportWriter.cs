using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
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
    /// SARIF 2.1.0 (OASIS) for code-scanning dashboards: one rule per control seen, one result per failing, warning
    /// or suppressed target. A target is a cloud object, not a file, so each result names it as a logical location
    /// and, because dashboards such as GitHub code scanning need a file location, as an artifact under
    /// <see cref="TargetUriBase"/> made from its resource id. Partial fingerprints (control + target) let a dashboard
    /// track a finding from run to run.
    /// </summary>
    public sealed class SarifReportWriter : StreamReportWriter
    {
        public const string SarifVersion = "2.1.0";
        public const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

        /// <summary>The uriBaseId results' artifact locations are relative to: the tenant being assessed.</summary>
        public const string TargetUriBase = "ZTAI_TENANT";

        private const string FingerprintKey = "ztaiTarget/v1";

        public override ReportFormat Format => ReportFormat.Sarif;

        /// <summary>The SARIF level of a failure of a severity.</summary>
        public static string Level(Severity severity) => severity switch
        {
            Severity.Critical or Severity.High => "error",
            Severity.Medium => "warning",
            _ => "note",
        };

        /// <summary>GitHub's security-severity (CVSS-like 0-10) for a severity: 9.0+ critical, 7.0+ high, 4.0+ medium.</summary>
        public static string SecuritySeverity(Severity severity) => severity switch
        {
            Severity.Critical => "9.5",
            Severity.High => "8.0",
            Severity.Medium => "5.5",
            Severity.Low => "3.0",
            _ => "0.0",
        };

        private protected override void WriteCore(IEnumerable<AssessmentResult> results, ReportContext context, Stream output, CancellationToken cancellationToken)
        {
            var all = InReadingOrder(results, cancellationToken);
            var runs = ReportRuns.Of(all);
            var tenantId = runs.TenantId;
            var tenantName = runs.TenantName(context);
            var reported = all.Where(r => r.Status == ResultStatus.Fail || r.Status == ResultStatus.Warning || r.Status == ResultStatus.Suppressed).ToList();
            var ruleIds = new List<string>();
            var ruleIndex = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var result in all.OrderBy(r => r.ControlId, StringComparer.OrdinalIgnoreCase))
            {
                if (!ruleIndex.ContainsKey(result.ControlId))
                {
                    ruleIndex[result.ControlId] = ruleIds.Count;
                    ruleIds.Add(result.ControlId);
                }
            }

            var firstOf = all.GroupBy(r => r.ControlId, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
            using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) });
            json.WriteStartObject();
            json.WriteString("$schema", SchemaUri);
            json.WriteString("version", SarifVersion);
            json.WriteStartArray("runs");
            json.WriteStartObject();

            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", context.ToolName);
            json.WriteString("version", context.ToolVersion);
            json.WriteString("semanticVersion", context.ToolVersion);
            json.WriteStartArray("rules");
            foreach (var id in ruleIds)
            {
                cancellationToken.ThrowIfCancellationRequested();
                WriteRule(json, firstOf[id], context.FindControl(id));
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartObject("originalUriBaseIds");
            json.WriteStartObject(TargetUriBase);
            json.WriteString("uri", "ztai:///" + Uri.EscapeDataString(tenantId ?? "tenant") + "/");
            json.WriteStartObject("description");
            json.WriteString("text", "The tenant and Azure estate assessed" + (tenantName != null ? ": " + tenantName : "."));
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartArray("invocations");
            json.WriteStartObject();
            json.WriteBoolean("executionSuccessful", true);
            json.WriteString("endTimeUtc", context.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteEndObject();
            json.WriteEndArray();

            json.WriteStartObject("automationDetails");
            json.WriteString("id", "ZeroTrustAI/" + (tenantId ?? "tenant") + "/");
            json.WriteEndObject();

            json.WriteStartArray("results");
            foreach (var result in reported)
            {
                cancellationToken.ThrowIfCancellationRequested();
                WriteResult(json, result, ruleIndex[result.ControlId]);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        private static void WriteRule(Utf8JsonWriter json, AssessmentResult first, ControlMetadata? metadata)
        {
            json.WriteStartObject();
            json.WriteString("id", first.ControlId);
            json.WriteString("name", RuleName(metadata?.Title ?? first.Title));
            json.WriteStartObject("shortDescription");
            json.WriteString("text", metadata?.Title ?? first.Title);
            json.WriteEndObject();
            json.WriteStartObject("fullDescription");
            json.WriteString("text", string.IsNullOrWhiteSpace(metadata?.Description) ? metadata?.Title ?? first.Title : metadata!.Description);
            json.WriteEndObject();

            var remediation = metadata?.Remediation ?? first.Remediation;
            var rationale = metadata?.Rationale;
            json.WriteStartObject("help");
            json.WriteString("text", string.Join("\n\n", new[] { rationale, remediation }.Where(t => !string.IsNullOrWhiteSpace(t))));
            json.WriteString("markdown", string.Join("\n\n", new[] { MarkdownText.Escape(rationale), string.IsNullOrWhiteSpace(remediation) ? null : "**How to fix:** " + MarkdownText.Escape(remediation) }.Where(t => !string.IsNullOrWhiteSpace(t))));
            json.WriteEndObject();
            var help = (metadata?.References ?? (IEnumerable<string>)Array.Empty<string>()).Select(HttpUrl).FirstOrDefault(u => u != null);
            if (help != null)
            {
                json.WriteString("helpUri", help);
            }

            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", Level(first.Severity));
            json.WriteEndObject();

            json.WriteStartObject("properties");
            json.WriteString("security-severity", SecuritySeverity(first.Severity));
            json.WriteString("precision", "high");
            json.WriteString("problem.severity", first.Severity == Severity.Critical || first.Severity == Severity.High ? "error" : first.Severity == Severity.Medium ? "warning" : "recommendation");
            json.WriteStartArray("tags");
            json.WriteStringValue("security");
            json.WriteStringValue("zero-trust");
            json.WriteStringValue(first.Pillar.ToString());
            json.WriteStringValue(PrincipleLabel(first.Principle));
            foreach (var owasp in metadata?.Mappings?.OwaspLlm ?? (IEnumerable<string>)Array.Empty<string>())
            {
                json.WriteStringValue(owasp);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        private static void WriteResult(Utf8JsonWriter json, AssessmentResult result, int ruleIndex)
        {
            json.WriteStartObject();
            json.WriteString("ruleId", result.ControlId);
            json.WriteNumber("ruleIndex", ruleIndex);
            json.WriteString("kind", result.Status == ResultStatus.Warning ? "review" : "fail");
            json.WriteString("level", result.Status == ResultStatus.Warning ? "none" : Level(result.Severity));
            json.WriteStartObject("message");
            json.WriteString("text", (string.IsNullOrWhiteSpace(result.ResourceName) ? string.Empty : result.ResourceName + ": ") + (string.IsNullOrWhiteSpace(result.Reason) ? result.Title : result.Reason));
            json.WriteEndObject();

            json.WriteStartArray("locations");
            json.WriteStartObject();
            json.WriteStartObject("physicalLocation");
            json.WriteStartObject("artifactLocation");
            json.WriteString("uri", TargetUri(result));
            json.WriteString("uriBaseId", TargetUriBase);
            json.WriteEndObject();
            json.WriteStartObject("region");
            json.WriteNumber("startLine", 1);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartArray("logicalLocations");
            json.WriteStartObject();
            json.WriteString("name", result.ResourceName);
            json.WriteString("fullyQualifiedName", result.ResourceId);
            json.WriteString("kind", "resource");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();

            json.WriteStartObject("partialFingerprints");
            json.WriteString(FingerprintKey, Fingerprint(result));
            json.WriteEndObject();

            if (result.Status == ResultStatus.Suppressed)
            {
                json.WriteStartArray("suppressions");
                json.WriteStartObject();
                json.WriteString("kind", "external");
                json.WriteString("status", "accepted");
                json.WriteString("justification", result.Reason);
                json.WriteEndObject();
                json.WriteEndArray();
            }

            json.WriteStartObject("properties");
            json.WriteString("status", result.Status.ToString());
            json.WriteString("severity", result.Severity.ToString());
            json.WriteString("resourceType", result.ResourceType);
            json.WriteStartArray("evidence");
            foreach (var evidence in result.Evidence ?? Array.Empty<Evidence>())
            {
                if (evidence != null)
                {
                    json.WriteStringValue(evidence.ToString());
                }
            }

            json.WriteEndArray();
            if (result.Fix != null)
            {
                // SARIF's own "fixes" describe byte edits of files; a command to run belongs in the property bag.
                json.WriteStartObject("fix");
                json.WriteString("language", result.Fix.Language.ToString());
                json.WriteString("script", result.Fix.Script);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        /// <summary>A relative URI for a target: its resource id (or type/name) with each segment escaped.</summary>
        internal static string TargetUri(AssessmentResult result)
        {
            var id = string.IsNullOrWhiteSpace(result.ResourceId) ? (result.ResourceType ?? "target") + "/" + (result.ResourceName ?? string.Empty) : result.ResourceId;
            var segments = id.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString);
            return string.Join("/", segments);
        }

        /// <summary>Control and target, hashed: stable across runs, whatever the reason text says.</summary>
        internal static string Fingerprint(AssessmentResult result)
        {
            using var sha = SHA256.Create();
            var bytes = sha.ComputeHash(Encoding.UTF8.GetBytes((result.ControlId + "|" + result.ResourceId).ToUpperInvariant()));
            return string.Concat(bytes.Take(16).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        }

        /// <summary>A rule name in PascalCase from a title, as SARIF suggests (an identifier, not prose).</summary>
        private static string RuleName(string title)
        {
            var name = new StringBuilder();
            foreach (var word in (title ?? string.Empty).Split(new[] { ' ', '-', '/', '(', ')', ',', '.', ':', '\'', '"' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var letters = new string(word.Where(char.IsLetterOrDigit).ToArray());
                if (letters.Length > 0)
                {
                    name.Append(char.ToUpperInvariant(letters[0])).Append(letters.Substring(1));
                }
            }

            return name.Length > 0 ? name.ToString() : "Control";
        }
    }
}
