using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using System.Threading;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Reporting.Zta;

namespace ZeroTrustAI.Engine.Reporting
{
    /// <summary>
    /// A Zero Trust Workshop import file, shaped as the Zero Trust Assessment's own export: one task override per
    /// Workshop AI item our controls map to (<c>Mappings.Workshop</c>), status not-reviewed, notes holding one line per
    /// control. Notes keep within the importer's limits: at most <see cref="MaxNotesLength"/> characters, no line twice,
    /// a line over <see cref="MaxLineLength"/> characters shortened to the control's id and title.
    /// </summary>
    public sealed class WorkshopReportWriter : StreamReportWriter
    {
        /// <summary>The Workshop importer rejects a task whose notes are longer (UTF-16 code units, as .NET counts).</summary>
        public const int MaxNotesLength = 1000;

        /// <summary>A finding longer than this is shortened to the control's id and title, as ZTA's exporter does.</summary>
        public const int MaxLineLength = 200;

        /// <summary>The Workshop pillar that holds the AI_xxx items.</summary>
        public const string AiPillar = "ai";

        internal const string NotesPrefix = "ZeroTrustAI result:\n";

        private static readonly Regex TaskId = new Regex("^AI_[0-9]{3}$", RegexOptions.CultureInvariant);

        public override ReportFormat Format => ReportFormat.Workshop;

        /// <summary>The notes each Workshop task gets from the results, by task id in first-seen order.</summary>
        public static IReadOnlyList<KeyValuePair<string, string>> TaskNotes(IEnumerable<AssessmentResult> results, ReportContext context, CancellationToken cancellationToken = default)
        {
            if (results == null)
            {
                throw new ArgumentNullException(nameof(results));
            }

            if (context == null)
            {
                throw new ArgumentNullException(nameof(context));
            }

            var lines = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            var order = new List<string>();
            foreach (var control in results.Where(r => r?.ControlId != null).GroupBy(r => r.ControlId, StringComparer.OrdinalIgnoreCase))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var metadata = context.FindControl(control.Key);
                var tasks = (metadata?.Mappings?.Workshop ?? (IEnumerable<string>)Array.Empty<string>()).Where(t => t != null && TaskId.IsMatch(t)).Distinct(StringComparer.Ordinal).ToList();
                var line = Line(control.ToList(), metadata?.Title);
                if (tasks.Count == 0 || line == null)
                {
                    continue;
                }

                foreach (var task in tasks)
                {
                    if (!lines.TryGetValue(task, out var list))
                    {
                        lines[task] = list = new List<string>();
                        order.Add(task);
                    }

                    list.Add(line);
                }
            }

            return order.Select(task => new KeyValuePair<string, string>(task, Notes(lines[task]))).ToList();
        }

        /// <summary>
        /// Notes of one task: the prefix, each distinct line once, and when they do not all fit in
        /// <see cref="MaxNotesLength"/>, as many as fit followed by a count of the rest.
        /// </summary>
        internal static string Notes(IEnumerable<string> findings)
        {
            var unique = findings.Distinct(StringComparer.Ordinal).ToList();
            const string Suffix = "\n";
            var budget = MaxNotesLength - NotesPrefix.Length - Suffix.Length;
            var kept = new List<string>();
            var length = 0;
            for (var i = 0; i < unique.Count; i++)
            {
                var next = length + (kept.Count > 0 ? 1 : 0) + unique[i].Length;
                var dropped = unique.Count - (kept.Count + 1);
                var marker = dropped > 0 ? 1 + MoreMarker(dropped).Length : 0;
                if (next + marker > budget)
                {
                    break;
                }

                kept.Add(unique[i]);
                length = next;
            }

            var body = string.Join("\n", kept);
            if (kept.Count < unique.Count)
            {
                var more = MoreMarker(unique.Count - kept.Count);
                body = body.Length > 0 ? body + "\n" + more : more;
            }

            return NotesPrefix + body + Suffix;
        }

        private protected override void WriteCore(IEnumerable<AssessmentResult> results, ReportContext context, Stream output, CancellationToken cancellationToken)
        {
            var notes = TaskNotes(results, context, cancellationToken);
            var timestamp = context.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) });
            json.WriteStartObject();

            json.WriteStartObject("metadata");
            json.WriteString("version", "1.0.0");
            json.WriteString("formatVersion", "1.0");
            json.WriteString("exportedAt", timestamp);
            json.WriteString("applicationVersion", "1.0.0");
            json.WriteString("exportType", "full-configuration");
            json.WriteString("scope", AiPillar);
            json.WriteString("description", "ZeroTrustAI assessment result export");
            json.WriteEndObject();

            json.WriteStartObject("configuration");
            json.WriteStartObject("applicationState");
            json.WriteString("currentPillar", AiPillar);
            json.WriteString("lastModified", timestamp);
            json.WriteEndObject();
            json.WriteStartObject("pillars");
            json.WriteStartObject(AiPillar);
            json.WriteStartObject("taskOverrides");
            foreach (var task in notes)
            {
                json.WriteStartObject(task.Key);
                json.WriteString("status", "not-reviewed");
                json.WriteString("notes", task.Value);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartObject("globalSettings");
            json.WriteStartObject("preferences");
            json.WriteBoolean("autoSave", true);
            json.WriteBoolean("confirmationDialogs", true);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartObject("statistics");
            json.WriteNumber("totalTasks", notes.Count);
            json.WriteNumber("modifiedTasks", notes.Count);
            json.WriteNumber("completedTasks", 0);
            json.WriteNumber("inProgressTasks", 0);
            json.WriteNumber("plannedTasks", 0);
            json.WriteStartArray("pillarsWithChanges");
            if (notes.Count > 0)
            {
                json.WriteStringValue(AiPillar);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        /// <summary>One line for a control: its ZTA status icon, id, title and what failed; null when nothing was judged.</summary>
        private static string? Line(List<AssessmentResult> results, string? title)
        {
            var status = ZtaVocabulary.TestStatus(results.Select(r => r.Status));
            if (status == ZtaVocabulary.Skipped)
            {
                return null;
            }

            var icon = status == ZtaVocabulary.Passed ? "\u2705" : status == ZtaVocabulary.Failed ? "\u274C" : "\u26A0\uFE0F";
            var head = icon + " " + results[0].ControlId + " " + OneLine(title ?? results[0].Title);
            var judged = results.Count(r => r.Status == ResultStatus.Pass || r.Status == ResultStatus.Fail || r.Status == ResultStatus.Warning || r.Status == ResultStatus.Error);
            var failing = results.Where(r => r.Status == ResultStatus.Fail).ToList();
            var detail = status switch
            {
                ZtaVocabulary.Passed => ": all " + Count(judged, "target") + " pass",
                ZtaVocabulary.Failed => ": " + failing.Count.ToString(CultureInfo.InvariantCulture) + " of " + Count(judged, "target") + " fail (" + string.Join(", ", failing.Select(r => OneLine(r.ResourceName)).Distinct(StringComparer.Ordinal)) + ")",
                ZtaVocabulary.Error => ": " + Count(results.Count(r => r.Status == ResultStatus.Error), "target") + " could not be read",
                _ => ": " + Count(results.Count(r => r.Status == ResultStatus.Warning), "target") + " to review",
            };

            var line = head + detail;
            if (line.Length <= MaxLineLength)
            {
                return line;
            }

            // Shortened as ZTA's exporter does: to the title (ours keeps the count, which is what the Workshop needs).
            var counts = status == ZtaVocabulary.Failed ? ": " + failing.Count.ToString(CultureInfo.InvariantCulture) + " of " + Count(judged, "target") + " fail" : string.Empty;
            var shortened = head + counts;
            return shortened.Length <= MaxLineLength ? shortened : shortened.Substring(0, MaxLineLength - 1) + "\u2026";
        }

        private static string MoreMarker(int dropped) => "\u2026(+" + dropped.ToString(CultureInfo.InvariantCulture) + " more findings)";

        private static string Count(int value, string noun) => value.ToString(CultureInfo.InvariantCulture) + " " + noun + (value == 1 ? string.Empty : "s");

        private static string OneLine(string? text) => Regex.Replace(text ?? string.Empty, @"\s+", " ").Trim();
    }
}
