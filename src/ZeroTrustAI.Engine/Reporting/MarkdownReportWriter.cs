using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Reporting
{
    /// <summary>
    /// A Markdown report for pull requests, wikis and tickets: the context, a summary table per pillar, then the
    /// failures grouped by severity and control, then warnings and what could not be assessed. Every value from the
    /// results is escaped (see <see cref="MarkdownText"/>).
    /// </summary>
    public sealed class MarkdownReportWriter : ReportWriter
    {
        public override ReportFormat Format => ReportFormat.Markdown;

        private protected override void WriteCore(IEnumerable<AssessmentResult> results, ReportContext context, TextWriter output, CancellationToken cancellationToken)
        {
            // The summary comes first, so the results are read once into a list (of references, not text).
            var ordered = InReadingOrder(results, cancellationToken);
            var summary = ReportSummary.Of(ordered);

            WriteHeader(output, context);
            WriteSummary(output, summary);
            WriteFailures(output, ordered.Where(r => r.Status == ResultStatus.Fail).ToList(), context, cancellationToken);
            WriteWarnings(output, ordered.Where(r => r.Status == ResultStatus.Warning).ToList(), cancellationToken);
            WriteNotAssessed(output, ordered.Where(r => r.Status == ResultStatus.Error || r.Status == ResultStatus.Skipped).ToList(), cancellationToken);
        }

        private static void WriteHeader(TextWriter output, ReportContext context)
        {
            output.Write("# ");
            output.WriteLine(MarkdownText.Escape(context.EffectiveTitle));
            output.WriteLine();
            output.WriteLine("| | |");
            output.WriteLine("| --- | --- |");
            var tenant = context.TenantName != null && context.TenantId != null
                ? MarkdownText.Escape(context.TenantName) + " (" + MarkdownText.Code(context.TenantId) + ")"
                : context.TenantName != null ? MarkdownText.Escape(context.TenantName)
                : context.TenantId != null ? MarkdownText.Code(context.TenantId)
                : "unknown";
            output.WriteLine("| Tenant | " + tenant + " |");
            if (!string.IsNullOrEmpty(context.SnapshotSource))
            {
                output.WriteLine("| Snapshot | " + MarkdownText.Code(context.SnapshotSource) + " |");
            }

            output.WriteLine("| Generated | " + context.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) + " |");
            output.WriteLine("| Tool | " + MarkdownText.Escape(context.ToolName + " " + context.ToolVersion) + " |");
            output.WriteLine();
        }

        private static void WriteSummary(TextWriter output, ReportSummary summary)
        {
            output.WriteLine("## Summary");
            output.WriteLine();
            output.WriteLine(
                Counted(summary.Total, "result") + " from " + Counted(summary.ControlCount, "control") + ": " +
                Number(summary.Count(ResultStatus.Pass)) + " passed, " +
                Number(summary.Count(ResultStatus.Fail)) + " failed, " +
                Counted(summary.Count(ResultStatus.Warning), "warning") + ", " +
                Counted(summary.Count(ResultStatus.Error), "error") + ", " +
                Number(summary.Count(ResultStatus.Skipped)) + " skipped.");
            output.WriteLine();

            output.Write("| Pillar |");
            foreach (var status in ReportSummary.Statuses)
            {
                output.Write(' ');
                output.Write(StatusLabel(status));
                output.Write(" |");
            }

            output.WriteLine(" Total |");
            output.Write("| --- |");
            foreach (var unused in ReportSummary.Statuses)
            {
                output.Write(" ---: |");
            }

            output.WriteLine(" ---: |");
            foreach (var pillar in ReportSummary.Pillars)
            {
                output.Write("| " + pillar + " |");
                foreach (var status in ReportSummary.Statuses)
                {
                    output.Write(" " + summary.Count(pillar, status).ToString(CultureInfo.InvariantCulture) + " |");
                }

                output.WriteLine(" " + summary.TotalOf(pillar).ToString(CultureInfo.InvariantCulture) + " |");
            }

            output.Write("| **All** |");
            foreach (var status in ReportSummary.Statuses)
            {
                output.Write(" **" + summary.Count(status).ToString(CultureInfo.InvariantCulture) + "** |");
            }

            output.WriteLine(" **" + summary.Total.ToString(CultureInfo.InvariantCulture) + "** |");
            output.WriteLine();
        }

        private static void WriteFailures(TextWriter output, List<AssessmentResult> failures, ReportContext context, CancellationToken cancellationToken)
        {
            output.WriteLine("## Failures");
            output.WriteLine();
            if (failures.Count == 0)
            {
                output.WriteLine("No control failed.");
                output.WriteLine();
                return;
            }

            foreach (var bySeverity in failures.GroupBy(r => r.Severity).OrderBy(g => (int)g.Key))
            {
                output.WriteLine("### " + bySeverity.Key + " (" + bySeverity.Count().ToString(CultureInfo.InvariantCulture) + ")");
                output.WriteLine();
                foreach (var byControl in bySeverity.GroupBy(r => r.ControlId, StringComparer.OrdinalIgnoreCase))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var first = byControl.First();
                    output.WriteLine("#### " + MarkdownText.Escape(first.ControlId) + ": " + MarkdownText.Escape(first.Title));
                    output.WriteLine();
                    output.WriteLine("| Resource | Type | Reason | Evidence |");
                    output.WriteLine("| --- | --- | --- | --- |");
                    foreach (var result in byControl)
                    {
                        output.Write("| ");
                        output.Write(MarkdownText.Escape(result.ResourceName));
                        output.Write(" | ");
                        output.Write(MarkdownText.Escape(result.ResourceType));
                        output.Write(" | ");
                        output.Write(MarkdownText.Escape(result.Reason));
                        output.Write(" | ");
                        output.Write(Evidence(result.Evidence));
                        output.WriteLine(" |");
                    }

                    output.WriteLine();
                    if (!string.IsNullOrWhiteSpace(first.Remediation))
                    {
                        output.WriteLine("**How to fix:** " + MarkdownText.Escape(first.Remediation));
                        output.WriteLine();
                    }

                    var links = (context.FindControl(first.ControlId)?.References ?? (IReadOnlyList<string>)Array.Empty<string>())
                        .Select(HttpUrl)
                        .Where(url => url != null)
                        .Select(url => "<" + LinkDestination(url!) + ">")
                        .ToList();
                    if (links.Count > 0)
                    {
                        output.WriteLine("**References:** " + string.Join(", ", links));
                        output.WriteLine();
                    }
                }
            }
        }

        private static void WriteWarnings(TextWriter output, List<AssessmentResult> warnings, CancellationToken cancellationToken)
        {
            if (warnings.Count == 0)
            {
                return;
            }

            output.WriteLine("## Warnings");
            output.WriteLine();
            output.WriteLine("| Control | Severity | Resource | Reason |");
            output.WriteLine("| --- | --- | --- | --- |");
            foreach (var result in warnings)
            {
                cancellationToken.ThrowIfCancellationRequested();
                output.WriteLine("| " + MarkdownText.Escape(result.ControlId) + " | " + result.Severity + " | " + MarkdownText.Escape(result.ResourceName) + " | " + MarkdownText.Escape(result.Reason) + " |");
            }

            output.WriteLine();
        }

        private static void WriteNotAssessed(TextWriter output, List<AssessmentResult> notAssessed, CancellationToken cancellationToken)
        {
            if (notAssessed.Count == 0)
            {
                return;
            }

            output.WriteLine("## Not assessed");
            output.WriteLine();
            output.WriteLine("These controls could not be judged: their data was missing, incomplete or unreadable.");
            output.WriteLine();
            output.WriteLine("| Control | Status | Target | Reason |");
            output.WriteLine("| --- | --- | --- | --- |");
            foreach (var result in notAssessed)
            {
                cancellationToken.ThrowIfCancellationRequested();
                output.WriteLine("| " + MarkdownText.Escape(result.ControlId) + " | " + result.Status + " | " + MarkdownText.Escape(result.ResourceName) + " | " + MarkdownText.Escape(result.Reason) + " |");
            }

            output.WriteLine();
        }

        /// <summary>Evidence as one table cell: path = actual (expected ...), one per line.</summary>
        internal static string Evidence(IReadOnlyList<Evidence>? evidence)
        {
            if (evidence == null || evidence.Count == 0)
            {
                return string.Empty;
            }

            return string.Join("<br>", evidence.Where(e => e != null).Select(e =>
                MarkdownText.Code(e.Path) + " = " + (e.Actual == null ? "(absent)" : MarkdownText.Code(e.Actual)) + " (expected " + MarkdownText.Escape(e.Expected) + ")"));
        }

        private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

        private static string Counted(int value, string noun) => Number(value) + " " + noun + (value == 1 ? string.Empty : "s");

        /// <summary>An autolink destination: <see cref="Uri.AbsoluteUri"/> already escapes spaces, quotes and angle brackets.</summary>
        private static string LinkDestination(string url) => url.Replace("<", "%3C").Replace(">", "%3E").Replace(" ", "%20");
    }
}
