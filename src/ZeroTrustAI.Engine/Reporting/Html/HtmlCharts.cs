using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Reporting.Html
{
    /// <summary>
    /// The summary's charts as inline SVG. Sizes are SVG attributes and colours are classes of the report's stylesheet
    /// (the policy forbids style attributes); every label is one of ours, never a value from the tenant.
    /// </summary>
    internal static class HtmlCharts
    {
        private const int BarWidth = 300;

        public static string StatusDonut(ReportSummary summary)
        {
            var parts = new (string Css, string Label, int Count)[]
            {
                ("pass", "Passed", summary.Count(ResultStatus.Pass)),
                ("fail", "Failed", summary.Count(ResultStatus.Fail) + summary.Count(ResultStatus.Error)),
                ("warn", "Warnings", summary.Count(ResultStatus.Warning)),
                ("other", "Other", summary.Count(ResultStatus.Skipped) + summary.Count(ResultStatus.NotApplicable) + summary.Count(ResultStatus.Suppressed)),
            };
            var total = Math.Max(1, parts.Sum(p => p.Count));
            const double radius = 54;
            var circumference = 2 * Math.PI * radius;
            var svg = new StringBuilder();
            svg.Append("<figure class=\"chart\"><h3>Results by status</h3><svg viewBox=\"0 0 300 140\" role=\"img\" aria-label=\"");
            svg.Append(string.Join(", ", parts.Select(p => N(p.Count) + " " + p.Label.ToLowerInvariant())));
            svg.Append("\"><g transform=\"rotate(-90 70 70)\">");
            var offset = 0.0;
            foreach (var part in parts.Where(p => p.Count > 0))
            {
                var length = circumference * part.Count / total;
                svg.Append("<circle cx=\"70\" cy=\"70\" r=\"").Append(D(radius)).Append("\" fill=\"none\" stroke-width=\"22\" class=\"s-").Append(part.Css)
                   .Append("\" stroke-dasharray=\"").Append(D(length)).Append(' ').Append(D(circumference - length))
                   .Append("\" stroke-dashoffset=\"").Append(D(-offset)).Append("\"></circle>");
                offset += length;
            }

            svg.Append("</g><text x=\"70\" y=\"68\" text-anchor=\"middle\" font-size=\"20\" font-weight=\"650\">").Append(N(summary.Total)).Append("</text>");
            svg.Append("<text x=\"70\" y=\"86\" text-anchor=\"middle\" class=\"muted\">results</text>");
            var y = 30;
            foreach (var part in parts)
            {
                svg.Append("<rect x=\"160\" y=\"").Append(y - 10).Append("\" width=\"12\" height=\"12\" rx=\"2\" class=\"f-").Append(part.Css).Append("\"></rect>");
                svg.Append("<text x=\"180\" y=\"").Append(y).Append("\">").Append(part.Label).Append(' ').Append(N(part.Count)).Append("</text>");
                y += 24;
            }

            return svg.Append("</svg></figure>\n").ToString();
        }

        /// <summary>Per pillar: passed, failed, warnings and other as one bar each, with the pass rate of judged results.</summary>
        public static string PillarBars(ReportSummary summary)
        {
            var svg = new StringBuilder();
            var pillars = ReportSummary.Pillars;
            var height = 24 + (pillars.Count * 40);
            svg.Append("<figure class=\"chart\"><h3>Results by pillar</h3><svg viewBox=\"0 0 460 ").Append(height).Append("\" role=\"img\" aria-label=\"Results by pillar\">");
            var max = Math.Max(1, pillars.Max(summary.TotalOf));
            var y = 10;
            foreach (var pillar in pillars)
            {
                var pass = summary.Count(pillar, ResultStatus.Pass);
                var fail = summary.Count(pillar, ResultStatus.Fail) + summary.Count(pillar, ResultStatus.Error);
                var warn = summary.Count(pillar, ResultStatus.Warning);
                var total = summary.TotalOf(pillar);
                var judged = pass + fail + warn;
                svg.Append("<text x=\"0\" y=\"").Append(y + 15).Append("\" font-weight=\"600\">").Append(pillar.ToString()).Append("</text>");
                Stack(svg, 70, y, max, new[] { ("pass", pass), ("fail", fail), ("warn", warn), ("other", total - judged) });
                svg.Append("<text x=\"").Append(70 + BarWidth + 8).Append("\" y=\"").Append(y + 15).Append("\">")
                   .Append(judged == 0 ? "no results" : N((int)Math.Round(100.0 * pass / judged)) + "% passed").Append("</text>");
                svg.Append("<text x=\"70\" y=\"").Append(y + 34).Append("\" class=\"muted\" font-size=\"11\">").Append(N(pass)).Append(" passed, ").Append(N(fail)).Append(" failed, ")
                   .Append(N(warn)).Append(warn == 1 ? " warning, " : " warnings, ").Append(N(total - judged)).Append(" other</text>");
                y += 40;
            }

            svg.Append("</svg>").Append(Legend(new[] { ("pass", "Passed"), ("fail", "Failed"), ("warn", "Warning"), ("other", "Other") }));
            return svg.Append("<p><button type=\"button\" class=\"link\" data-filter=\"status:Fail\">Show the failures</button></p></figure>\n").ToString();
        }

        /// <summary>Failures per pillar and principle, split by severity.</summary>
        public static string PrincipleSeverity(IReadOnlyList<AssessmentResult> results)
        {
            var failures = new Dictionary<(Pillar, Principle), int[]>();
            foreach (var result in results.Where(r => r.Status == ResultStatus.Fail))
            {
                var key = (result.Pillar, result.Principle);
                if (!failures.TryGetValue(key, out var counts))
                {
                    counts = new int[ReportSummary.Severities.Count];
                    failures.Add(key, counts);
                }

                var severity = (int)result.Severity;
                if (severity >= 0 && severity < counts.Length)
                {
                    counts[severity]++;
                }
            }

            var rows = ReportSummary.Pillars.SelectMany(p => HtmlReportWriter.Principles.Select(q => (Pillar: p, Principle: q))).ToList();
            var max = Math.Max(1, failures.Values.Select(c => c.Sum()).DefaultIfEmpty(0).Max());
            var svg = new StringBuilder();
            svg.Append("<figure class=\"chart\"><h3>Failures by pillar and principle</h3><svg viewBox=\"0 0 500 ").Append(10 + (rows.Count * 26)).Append("\" role=\"img\" aria-label=\"Failures by pillar, principle and severity\">");
            var y = 6;
            foreach (var (pillar, principle) in rows)
            {
                failures.TryGetValue((pillar, principle), out var counts);
                counts ??= new int[ReportSummary.Severities.Count];
                svg.Append("<text x=\"0\" y=\"").Append(y + 13).Append("\">").Append(pillar.ToString()).Append(" \u00b7 ").Append(ReportWriter.PrincipleLabel(principle)).Append("</text>");
                Stack(svg, 170, y, max, ReportSummary.Severities.Select((s, i) => (s.ToString().ToLowerInvariant(), counts[i])).ToArray(), 18);
                svg.Append("<text x=\"").Append(170 + BarWidth + 6).Append("\" y=\"").Append(y + 13).Append("\">").Append(N(counts.Sum())).Append("</text>");
                y += 26;
            }

            svg.Append("</svg>").Append(Legend(ReportSummary.Severities.Select(s => (s.ToString().ToLowerInvariant(), s.ToString())).ToArray()));
            return svg.Append("</figure>\n").ToString();
        }

        /// <summary>Data sets collected, partly collected, skipped (a permission missing), failed and absent.</summary>
        public static string Coverage(IReadOnlyList<DataSetCoverage> coverage)
        {
            var states = new (CoverageState State, string Css, string Label)[]
            {
                (CoverageState.Collected, "pass", "Collected"),
                (CoverageState.Partial, "warn", "Partial"),
                (CoverageState.Skipped, "other", "Skipped"),
                (CoverageState.Failed, "fail", "Failed"),
                (CoverageState.Absent, "informational", "Absent"),
            };
            var counts = states.Select(s => (s.Css, coverage.Count(c => c.State == s.State))).ToArray();
            var missing = coverage.Count(c => c.State == CoverageState.Skipped && c.MissingPermission != null);
            var svg = new StringBuilder();
            svg.Append("<figure class=\"chart\"><h3>Collection coverage</h3><svg viewBox=\"0 0 460 60\" role=\"img\" aria-label=\"");
            svg.Append(string.Join(", ", states.Select((s, i) => N(counts[i].Item2) + " " + s.Label.ToLowerInvariant())));
            svg.Append("\">");
            Stack(svg, 0, 8, coverage.Count, counts, 22, 440);
            svg.Append("<text x=\"0\" y=\"52\" class=\"muted\" font-size=\"11\">").Append(N(coverage.Count)).Append(" data sets; ").Append(N(missing)).Append(" skipped for a missing permission</text></svg>");
            svg.Append(Legend(states.Select((s, i) => (s.Css, s.Label + " " + N(counts[i].Item2))).ToArray()));
            return svg.Append("<p><a href=\"#coverage\">Every data set and why</a></p></figure>\n").ToString();
        }

        /// <summary>The colours of the estate's boxes.</summary>
        public static string WorstLegend() =>
            Legend(new[] { ("critical", "Critical failure"), ("high", "High"), ("medium", "Medium"), ("low", "Low"), ("warn", "Warning"), ("pass", "Passed"), ("other", "No results") });

        private static void Stack(StringBuilder svg, int x, int y, int max, (string Css, int Count)[] parts, int height = 20, int width = BarWidth)
        {
            svg.Append("<rect x=\"").Append(x).Append("\" y=\"").Append(y).Append("\" width=\"").Append(width).Append("\" height=\"").Append(height).Append("\" rx=\"3\" class=\"f-other\" opacity=\".25\"></rect>");
            var at = (double)x;
            foreach (var (css, count) in parts)
            {
                if (count <= 0)
                {
                    continue;
                }

                // At least one unit wide, so that a single failure among thousands stays visible.
                var length = Math.Max(1.5, (double)width * count / Math.Max(1, max));
                svg.Append("<rect x=\"").Append(D(at)).Append("\" y=\"").Append(y).Append("\" width=\"").Append(D(length)).Append("\" height=\"").Append(height).Append("\" class=\"f-").Append(css)
                   .Append("\"><title>").Append(N(count)).Append("</title></rect>");
                at += length;
            }
        }

        private static string Legend((string Css, string Label)[] items) =>
            "<ul class=\"legend\">" + string.Concat(items.Select(i => "<li><i class=\"f-" + i.Css + "\"></i>" + i.Label + "</li>")) + "</ul>";

        private static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

        private static string D(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
    }
}
