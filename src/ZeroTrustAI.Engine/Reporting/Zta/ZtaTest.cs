using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Reporting.Zta
{
    /// <summary>
    /// One of our controls as an entry of a Zero Trust Assessment report's <c>Tests[]</c>: the 16 fields ZTA writes,
    /// in ZTA's vocabularies. A control's results (one per target) become one test whose status is the most urgent
    /// of its targets and whose result markdown lists the targets with their evidence.
    /// </summary>
    public sealed class ZtaTest
    {
        /// <summary>Our test ids are our control ids (ZTAI-...): ZTA's ids are numbers, so the two never collide.</summary>
        public const string TestIdPrefix = "ZTAI-";

        /// <summary>At most this many targets per status are listed in a test's result, so one report stays readable.</summary>
        internal const int MaxListedTargets = 100;

        private ZtaTest(string testId, string title, string status, string pillar, string risk, string category, string sfiPillar, string description, string result, string skipped, string? skippedReason)
        {
            TestId = testId;
            TestTitle = title;
            TestStatus = status;
            TestPillar = pillar;
            TestRisk = risk;
            TestCategory = category;
            TestSfiPillar = sfiPillar;
            TestDescription = description;
            TestResult = result;
            TestSkipped = skipped;
            SkippedReason = skippedReason;
        }

        public string TestId { get; }

        public string TestTitle { get; }

        /// <summary>Passed, Failed, Investigate, Error or Skipped (<see cref="ZtaVocabulary"/>).</summary>
        public string TestStatus { get; }

        /// <summary>AI, Data or Network: our pillars are spelt as ZTA's.</summary>
        public string TestPillar { get; }

        public string TestRisk { get; }

        public string TestCategory { get; }

        public string TestSfiPillar { get; }

        public string TestDescription { get; }

        public string TestResult { get; }

        /// <summary>A ZTA SkippedBecause value when skipped, else "".</summary>
        public string TestSkipped { get; }

        public string? SkippedReason { get; }

        /// <summary>True for a test id this tool wrote (so a merge can replace its own entries and never ZTA's).</summary>
        public static bool IsOurs(string? testId) =>
            testId != null && testId.StartsWith(TestIdPrefix, StringComparison.OrdinalIgnoreCase);

        /// <summary>One test per control, in the order the controls first appear in the results.</summary>
        public static IReadOnlyList<ZtaTest> From(IEnumerable<AssessmentResult> results, ReportContext context, CancellationToken cancellationToken = default)
        {
            if (results == null)
            {
                throw new ArgumentNullException(nameof(results));
            }

            if (context == null)
            {
                throw new ArgumentNullException(nameof(context));
            }

            var byControl = new Dictionary<string, List<AssessmentResult>>(StringComparer.OrdinalIgnoreCase);
            var order = new List<string>();
            foreach (var result in results)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (result?.ControlId == null)
                {
                    continue;
                }

                if (!byControl.TryGetValue(result.ControlId, out var list))
                {
                    byControl[result.ControlId] = list = new List<AssessmentResult>();
                    order.Add(result.ControlId);
                }

                list.Add(result);
            }

            return order.Select(id => Of(byControl[id], context)).ToList();
        }

        /// <summary>Writes the test as a JSON object with ZTA's 16 fields.</summary>
        public void WriteTo(Utf8JsonWriter json)
        {
            if (json == null)
            {
                throw new ArgumentNullException(nameof(json));
            }

            json.WriteStartObject();
            json.WriteString(nameof(TestId), TestId);
            json.WriteString(nameof(TestTitle), TestTitle);
            json.WriteString(nameof(TestStatus), TestStatus);
            json.WriteString(nameof(TestPillar), TestPillar);
            json.WriteString(nameof(TestCategory), TestCategory);
            json.WriteString(nameof(TestRisk), TestRisk);

            // ZTA leaves impact and cost "" when a test does not rate them; we rate neither.
            json.WriteString("TestImpact", string.Empty);
            json.WriteString("TestImplementationCost", string.Empty);
            json.WriteString(nameof(TestSfiPillar), TestSfiPillar);
            json.WriteNull("TestMinimumLicense");
            json.WriteNull("TestTags");
            json.WriteNull("TestAppliesTo");
            json.WriteString(nameof(TestDescription), TestDescription);
            json.WriteString(nameof(TestResult), TestResult);
            json.WriteString(nameof(TestSkipped), TestSkipped);
            json.WriteString(nameof(SkippedReason), SkippedReason);
            json.WriteEndObject();
        }

        private static ZtaTest Of(List<AssessmentResult> results, ReportContext context)
        {
            var first = results[0];
            var metadata = context.FindControl(first.ControlId);
            var status = ZtaVocabulary.TestStatus(results.Select(r => r.Status));
            var skipped = string.Empty;
            string? skippedReason = null;
            if (status == ZtaVocabulary.Skipped)
            {
                // Not applicable everywhere (no target, or every finding suppressed) versus data that was not read.
                skipped = results.All(r => r.Status == ResultStatus.NotApplicable || r.Status == ResultStatus.Suppressed)
                    ? ZtaVocabulary.SkippedNotApplicable
                    : ZtaVocabulary.SkippedNotConnected;
                skippedReason = string.Join(" ", results.Select(r => r.Reason).Where(r => !string.IsNullOrWhiteSpace(r)).Distinct(StringComparer.Ordinal).Take(3));
            }

            return new ZtaTest(
                first.ControlId,
                metadata?.Title ?? first.Title,
                status,
                first.Pillar.ToString(),
                ZtaVocabulary.Risk(first.Severity),
                ZtaVocabulary.CategoryPrefix + ReportWriter.PrincipleLabel(first.Principle),
                ZtaVocabulary.SfiPillar(first.Pillar, first.Principle),
                Description(first, metadata),
                ResultMarkdown(results, status),
                skipped,
                skippedReason);
        }

        private static string Description(AssessmentResult first, Controls.ControlMetadata? metadata)
        {
            var text = new StringBuilder();
            text.Append(MarkdownText.Escape(metadata?.Description ?? first.Title)).Append("\n\n");
            if (!string.IsNullOrWhiteSpace(metadata?.Rationale))
            {
                text.Append(MarkdownText.Escape(metadata!.Rationale)).Append("\n\n");
            }

            var remediation = metadata?.Remediation ?? first.Remediation;
            if (!string.IsNullOrWhiteSpace(remediation))
            {
                text.Append("**Remediation action**\n\n").Append(MarkdownText.Escape(remediation)).Append("\n\n");
            }

            var links = (metadata?.References ?? (IEnumerable<string>)Array.Empty<string>()).Select(ReportWriter.HttpUrl).Where(url => url != null).ToList();
            foreach (var url in links)
            {
                text.Append("- <").Append(url!.Replace("<", "%3C").Replace(">", "%3E")).Append(">\n");
            }

            text.Append("\nControl ").Append(MarkdownText.Code(first.ControlId)).Append(", checked by ZeroTrustAI (").Append(first.Severity).Append(" severity, ").Append(ReportWriter.PrincipleLabel(first.Principle)).Append(").");
            return text.ToString();
        }

        private static string ResultMarkdown(List<AssessmentResult> results, string status)
        {
            var text = new StringBuilder();
            var counts = ReportSummary.Of(results);
            text.Append(status switch
            {
                ZtaVocabulary.Passed => "Every target passed.",
                ZtaVocabulary.Failed => "Targets fail this control.",
                ZtaVocabulary.Investigate => "Targets need a review.",
                ZtaVocabulary.Error => "Targets could not be judged: their data was unreadable.",
                _ => "Not assessed.",
            });
            text.Append(' ').Append(string.Join(", ", ReportSummary.Statuses
                .Where(s => counts.Count(s) > 0)
                .Select(s => counts.Count(s).ToString(CultureInfo.InvariantCulture) + " " + ReportWriter.StatusLabel(s).ToLowerInvariant())));
            text.Append(".\n\n");

            foreach (var listed in new[] { ResultStatus.Fail, ResultStatus.Error, ResultStatus.Warning, ResultStatus.Suppressed, ResultStatus.Skipped, ResultStatus.Pass })
            {
                var ofStatus = results.Where(r => r.Status == listed).ToList();
                if (ofStatus.Count == 0)
                {
                    continue;
                }

                text.Append("**").Append(ReportWriter.StatusLabel(listed)).Append(" (").Append(ofStatus.Count.ToString(CultureInfo.InvariantCulture)).Append(")**\n\n");
                text.Append("| Target | Type | Reason | Evidence |\n| :--- | :--- | :--- | :--- |\n");
                foreach (var result in ofStatus.Take(MaxListedTargets))
                {
                    text.Append("| ").Append(MarkdownText.Escape(result.ResourceName))
                        .Append(" | ").Append(MarkdownText.Escape(result.ResourceType))
                        .Append(" | ").Append(MarkdownText.Escape(result.Reason))
                        .Append(" | ").Append(MarkdownReportWriter.Evidence(result.Evidence))
                        .Append(" |\n");
                }

                if (ofStatus.Count > MaxListedTargets)
                {
                    text.Append("\n…and ").Append((ofStatus.Count - MaxListedTargets).ToString(CultureInfo.InvariantCulture)).Append(" more.\n");
                }

                text.Append('\n');
            }

            return text.ToString();
        }
    }
}
