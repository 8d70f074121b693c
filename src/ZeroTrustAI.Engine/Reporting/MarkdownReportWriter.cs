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
            var runs = ReportRuns.Of(ordered);

            WriteHeader(output, context, runs);
            WriteSummary(output, summary);
            WriteRuns(output, context, runs);
            WriteFailures(output, ordered.Where(r => r.Status == ResultStatus.Fail).ToList(), context, runs, cancellationToken);
            WriteWarnings(output, ordered.Where(r => r.Status == ResultStatus.Warning).ToList(), cancellationToken);
            WriteNotAssessed(output, ordered.Where(r => r.Status == ResultStatus.Error || r.Status == ResultStatus.Skipped).ToList(), cancellationToken);
            WriteCoverage(output, context, runs);
        }

        private static void WriteHeader(TextWriter output, ReportContext context, ReportRuns runs)
        {
            output.Write("# ");
            output.WriteLine(MarkdownText.Escape(context.EffectiveTitle));
            output.WriteLine();
            output.WriteLine("| | |");
            output.WriteLine("| --- | --- |");
            if (runs.SeveralTenants)
            {
                output.WriteLine("| Tenants | " + Number(runs.TenantCount) + " (see Runs) |");
            }
            else
            {
                var id = runs.TenantId;
                var name = runs.TenantName(context);
                var tenant = name != null && id != null ? MarkdownText.Escape(name) + " (" + MarkdownText.Code(id) + ")"
                    : name != null ? MarkdownText.Escape(name)
                    : id != null ? MarkdownText.Code(id)
                    : "unknown";
                output.WriteLine("| Tenant | " + tenant + " |");
            }

            var run = runs.SingleRun;
            if (run != null)
            {
                if (!string.IsNullOrEmpty(run.SnapshotSource))
                {
                    output.WriteLine("| Snapshot | " + MarkdownText.Code(run.SnapshotSource) + " |");
                }

                output.WriteLine("| Collected | " + ReportRuns.Time(run.CollectedAt) + (run.CollectedWith == null ? string.Empty : " with " + MarkdownText.Escape(run.CollectedWith)) + " |");
                if (!string.IsNullOrEmpty(run.Cloud))
                {
                    output.WriteLine("| Cloud | " + MarkdownText.Escape(run.Cloud) + " |");
                }

                output.WriteLine("| Run | " + MarkdownText.Code(run.RunId) + ", assessed " + ReportRuns.Time(run.AssessedAt) + " |");
            }
            else if (runs.Groups.Count > 1)
            {
                output.WriteLine("| Runs | " + Number(runs.Groups.Count) + " (see Runs) |");
            }

            output.WriteLine("| Generated | " + ReportRuns.Time(context.GeneratedAt) + " |");
            output.WriteLine("| Tool | " + MarkdownText.Escape(context.ToolName + " " + context.ToolVersion) + " |");
            output.WriteLine();
        }

        /// <summary>One row per run when the report holds several: tenant, snapshot, when, and its counts.</summary>
        private static void WriteRuns(TextWriter output, ReportContext context, ReportRuns runs)
        {
            if (runs.Groups.Count < 2)
            {
                return;
            }

            output.WriteLine("## Runs");
            output.WriteLine();
            output.WriteLine("| Tenant | Tenant ID | Run | Snapshot | Collected | Results | Failed |");
            output.WriteLine("| --- | --- | --- | --- | --- | ---: | ---: |");
            foreach (var group in runs.Groups)
            {
                var run = group.Run;
                output.WriteLine(
                    "| " + MarkdownText.Escape(runs.TenantLabel(run, context)) +
                    " | " + (run?.TenantId == null ? string.Empty : MarkdownText.Code(run.TenantId)) +
                    " | " + (run == null ? "results made by hand" : MarkdownText.Code(run.RunId)) +
                    " | " + (string.IsNullOrEmpty(run?.SnapshotSource) ? string.Empty : MarkdownText.Code(run!.SnapshotSource)) +
                    " | " + (run == null ? string.Empty : ReportRuns.Time(run.CollectedAt)) +
                    " | " + Number(group.Summary.Total) +
                    " | " + Number(group.Summary.Count(ResultStatus.Fail)) + " |");
            }

            output.WriteLine();
        }

        /// <summary>Per run: how many data sets were collected, and a row for each one that was not (and why).</summary>
        private static void WriteCoverage(TextWriter output, ReportContext context, ReportRuns runs)
        {
            var covered = runs.Groups.Where(g => g.Run != null && g.Run.Coverage.Count > 0).ToList();
            if (covered.Count == 0)
            {
                return;
            }

            output.WriteLine("## Coverage");
            output.WriteLine();
            foreach (var group in covered)
            {
                var run = group.Run!;
                if (runs.Groups.Count > 1)
                {
                    output.WriteLine("### " + MarkdownText.Escape(runs.TenantLabel(run, context)) + " (run " + MarkdownText.Code(run.RunId) + ")");
                    output.WriteLine();
                }

                var gaps = ReportRuns.Gaps(run).ToList();
                output.WriteLine(ReportRuns.CoverageLine(run) + (gaps.Count == 0 ? "." : "; the rest:"));
                output.WriteLine();
                if (gaps.Count == 0)
                {
                    continue;
                }

                output.WriteLine("| Data set | State | Detail |");
                output.WriteLine("| --- | --- | --- |");
                foreach (var gap in gaps)
                {
                    output.WriteLine("| " + MarkdownText.Code(gap.DataSet) + " | " + gap.State + " | " + MarkdownText.Escape(gap.Detail ?? string.Empty) + " |");
                }

                output.WriteLine();
            }
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

        /// <summary>A fenced code block whose fence is longer than any backtick run in the code, so nothing ends it early.</summary>
        private static void WriteCodeBlock(TextWriter output, string language, string code)
        {
            var longest = 0;
            var run = 0;
            foreach (var c in code)
            {
                run = c == '`' ? run + 1 : 0;
                longest = Math.Max(longest, run);
            }

            var fence = new string('`', Math.Max(3, longest + 1));
            output.WriteLine(fence + language);
            output.WriteLine(code);
            output.WriteLine(fence);
            output.WriteLine();
        }

        private static void WriteFailures(TextWriter output, List<AssessmentResult> failures, ReportContext context, ReportRuns runs, CancellationToken cancellationToken)
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
                    // Results of several tenants name theirs, so a failure is never read as another tenant's.
                    output.WriteLine((runs.SeveralTenants ? "| Tenant " : string.Empty) + "| Resource | Type | Reason | Evidence |");
                    output.WriteLine((runs.SeveralTenants ? "| --- " : string.Empty) + "| --- | --- | --- | --- |");
                    foreach (var result in byControl)
                    {
                        if (runs.SeveralTenants)
                        {
                            output.Write("| ");
                            output.Write(MarkdownText.Escape(runs.TenantLabel(result.Run, context)));
                            output.Write(' ');
                        }

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

                    foreach (var result in byControl.Where(r => r.Fix != null))
                    {
                        output.WriteLine("**Fix for " + MarkdownText.Escape(result.ResourceName) + ":**");
                        output.WriteLine();
                        WriteCodeBlock(output, result.Fix!.FenceName, result.Fix.Script);
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
