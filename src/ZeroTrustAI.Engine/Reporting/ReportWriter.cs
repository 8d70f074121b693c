using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Reporting
{
    /// <summary>
    /// Writes assessment results as a report. One subclass per <see cref="ReportFormat"/>; the static
    /// <see cref="Write(ReportFormat, IEnumerable{AssessmentResult}, ReportContext, TextWriter, CancellationToken)"/>
    /// picks the right one. Writers write straight to the output and never build the report as one string.
    /// </summary>
    public abstract class ReportWriter
    {
        internal static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        private protected ReportWriter()
        {
        }

        public abstract ReportFormat Format { get; }

        /// <summary>The writer for a format.</summary>
        public static ReportWriter For(ReportFormat format) => format switch
        {
            ReportFormat.Html => new HtmlReportWriter(),
            ReportFormat.Json => new JsonReportWriter(),
            ReportFormat.Csv => new CsvReportWriter(),
            ReportFormat.Markdown => new MarkdownReportWriter(),
            ReportFormat.ZtaJson => new ZtaJsonReportWriter(),
            ReportFormat.Workshop => new WorkshopReportWriter(),
            ReportFormat.Sarif => new SarifReportWriter(),
            ReportFormat.JUnit => new JUnitReportWriter(),
            ReportFormat.MarkdownSummary => new MarkdownSummaryReportWriter(),
            ReportFormat.Jsonl => new JsonlReportWriter(),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown report format."),
        };

        /// <summary>Writes a report in a format to a text writer.</summary>
        public static void Write(ReportFormat format, IEnumerable<AssessmentResult> results, ReportContext context, TextWriter output, CancellationToken cancellationToken = default) =>
            For(format).Write(results, context, output, cancellationToken);

        /// <summary>Writes a report in a format to a stream as UTF-8 (CSV with a byte order mark, see <see cref="CsvReportWriter"/>).</summary>
        public static void Write(ReportFormat format, IEnumerable<AssessmentResult> results, ReportContext context, Stream output, CancellationToken cancellationToken = default) =>
            For(format).Write(results, context, output, cancellationToken);

        /// <summary>Writes the report to a text writer. Null results are skipped.</summary>
        public void Write(IEnumerable<AssessmentResult> results, ReportContext context, TextWriter output, CancellationToken cancellationToken = default)
        {
            CheckArguments(results, context, output);
            WriteCore(results.Where(r => r != null), context, output, cancellationToken);
            output.Flush();
        }

        /// <summary>Writes the report to a stream as UTF-8. The stream is left open.</summary>
        public void Write(IEnumerable<AssessmentResult> results, ReportContext context, Stream output, CancellationToken cancellationToken = default)
        {
            CheckArguments(results, context, output);
            WriteCore(results.Where(r => r != null), context, output, cancellationToken);
            output.Flush();
        }

        private protected abstract void WriteCore(IEnumerable<AssessmentResult> results, ReportContext context, TextWriter output, CancellationToken cancellationToken);

        /// <summary>The text encoding a stream gets; the default is UTF-8 without a byte order mark.</summary>
        private protected virtual Encoding StreamEncoding => Utf8NoBom;

        private protected virtual void WriteCore(IEnumerable<AssessmentResult> results, ReportContext context, Stream output, CancellationToken cancellationToken)
        {
            using var text = new StreamWriter(output, StreamEncoding, 64 * 1024, leaveOpen: true);
            WriteCore(results, context, text, cancellationToken);
            text.Flush();
        }

        /// <summary>Results in the order people read them: failures first, worst severity first, then by control and target.</summary>
        internal static List<AssessmentResult> InReadingOrder(IEnumerable<AssessmentResult> results, CancellationToken cancellationToken)
        {
            var list = new List<AssessmentResult>();
            foreach (var result in results)
            {
                cancellationToken.ThrowIfCancellationRequested();
                list.Add(result);
            }

            // A stable sort: equal results keep the order the engine produced them in.
            return list
                .Select((result, index) => (result, index))
                .OrderBy(x => StatusRank(x.result.Status))
                .ThenBy(x => (int)x.result.Severity)
                .ThenBy(x => x.result.ControlId, StringComparer.OrdinalIgnoreCase)
                .ThenBy(x => x.result.ResourceName, StringComparer.OrdinalIgnoreCase)
                .ThenBy(x => x.index)
                .Select(x => x.result)
                .ToList();
        }

        /// <summary>How urgently a status needs attention; lower is more urgent.</summary>
        internal static int StatusRank(ResultStatus status) => status switch
        {
            ResultStatus.Fail => 0,
            ResultStatus.Error => 1,
            ResultStatus.Warning => 2,
            ResultStatus.Skipped => 3,
            ResultStatus.Pass => 4,
            ResultStatus.Suppressed => 5,
            ResultStatus.NotApplicable => 6,
            _ => 7,
        };

        /// <summary>Display text of a status ("Not applicable" rather than the enum name).</summary>
        internal static string StatusLabel(ResultStatus status) => status == ResultStatus.NotApplicable ? "Not applicable" : status.ToString();

        /// <summary>Display text of a principle ("Verify explicitly").</summary>
        internal static string PrincipleLabel(Principle principle) => principle switch
        {
            Principle.VerifyExplicitly => "Verify explicitly",
            Principle.LeastPrivilege => "Least privilege",
            Principle.AssumeBreach => "Assume breach",
            _ => principle.ToString(),
        };

        /// <summary>The text of an absolute http(s) URL, or null for anything else (javascript:, data:, relative, ...).</summary>
        internal static string? HttpUrl(string? candidate)
        {
            if (string.IsNullOrWhiteSpace(candidate) || !Uri.TryCreate(candidate!.Trim(), UriKind.Absolute, out var uri))
            {
                return null;
            }

            return uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps ? uri.AbsoluteUri : null;
        }

        private static void CheckArguments(IEnumerable<AssessmentResult> results, ReportContext context, object output)
        {
            if (results == null)
            {
                throw new ArgumentNullException(nameof(results));
            }

            if (context == null)
            {
                throw new ArgumentNullException(nameof(context));
            }

            if (output == null)
            {
                throw new ArgumentNullException(nameof(output));
            }
        }
    }
}
