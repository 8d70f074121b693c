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
    /// A short Markdown summary for a pipeline job summary ($GITHUB_STEP_SUMMARY, Azure Pipelines' task.uploadsummary):
    /// one headline, the counts per pillar, and the failing controls worst first with at most
    /// <see cref="MaxListedControls"/> controls and <see cref="MaxTargetsPerControl"/> targets each, so the summary
    /// stays a few kilobytes whatever the size of the tenant (GitHub caps a step's summary at 1 MiB).
    /// </summary>
    public sealed class MarkdownSummaryReportWriter : ReportWriter
    {
        public const int MaxListedControls = 25;
        public const int MaxTargetsPerControl = 5;

        public override ReportFormat Format => ReportFormat.MarkdownSummary;

        private protected override void WriteCore(IEnumerable<AssessmentResult> results, ReportContext context, TextWriter output, CancellationToken cancellationToken)
        {
            var ordered = InReadingOrder(results, cancellationToken);
            var summary = ReportSummary.Of(ordered);
            var failed = summary.Count(ResultStatus.Fail);
            var runs = ReportRuns.Of(ordered);
            var tenant = runs.TenantName(context) ?? runs.TenantId;

            output.WriteLine("## " + (failed == 0 ? "\u2705 " : "\u274C ") + MarkdownText.Escape(context.EffectiveTitle) + (tenant == null ? string.Empty : ": " + MarkdownText.Escape(tenant)));
            output.WriteLine();
            output.WriteLine(
                Number(failed) + " failed, " + Number(summary.Count(ResultStatus.Pass)) + " passed, " +
                Number(summary.Count(ResultStatus.Warning)) + " to review, " +
                Number(summary.Count(ResultStatus.Skipped) + summary.Count(ResultStatus.Error)) + " not assessed, of " +
                Number(summary.Total) + " results from " + Number(summary.ControlCount) + " controls" +
                (failed == 0 ? "." : " (" + string.Join(", ", ReportSummary.Severities.Where(s => summary.Failures(s) > 0).Select(s => Number(summary.Failures(s)) + " " + s.ToString().ToLowerInvariant())) + ")."));
            output.WriteLine();

            output.WriteLine("| Pillar | Failed | Passed | Review | Not assessed |");
            output.WriteLine("| --- | ---: | ---: | ---: | ---: |");
            foreach (var pillar in ReportSummary.Pillars.Where(p => summary.TotalOf(p) > 0))
            {
                output.WriteLine("| " + pillar + " | " + Number(summary.Count(pillar, ResultStatus.Fail)) + " | " + Number(summary.Count(pillar, ResultStatus.Pass)) + " | " +
                    Number(summary.Count(pillar, ResultStatus.Warning)) + " | " + Number(summary.Count(pillar, ResultStatus.Skipped) + summary.Count(pillar, ResultStatus.Error)) + " |");
            }

            output.WriteLine();
            var failingControls = ordered.Where(r => r.Status == ResultStatus.Fail).GroupBy(r => r.ControlId, StringComparer.OrdinalIgnoreCase).ToList();
            if (failingControls.Count == 0)
            {
                return;
            }

            output.WriteLine("| Severity | Control | Failing targets |");
            output.WriteLine("| --- | --- | --- |");
            foreach (var control in failingControls.Take(MaxListedControls))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var first = control.First();
                var targets = control.Select(r => MarkdownText.Escape(r.ResourceName)).Distinct(StringComparer.Ordinal).ToList();
                var listed = string.Join(", ", targets.Take(MaxTargetsPerControl)) + (targets.Count > MaxTargetsPerControl ? " and " + Number(targets.Count - MaxTargetsPerControl) + " more" : string.Empty);
                output.WriteLine("| " + first.Severity + " | " + MarkdownText.Code(first.ControlId) + " " + MarkdownText.Escape(first.Title) + " | " + listed + " |");
            }

            if (failingControls.Count > MaxListedControls)
            {
                output.WriteLine();
                output.WriteLine("…and " + Number(failingControls.Count - MaxListedControls) + " more failing controls: see the full report.");
            }

            output.WriteLine();
        }

        private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
