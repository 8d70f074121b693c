using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Reporting
{
    /// <summary>
    /// One row per result, RFC 4180: comma separated, CRLF line ends, fields with a comma, quote or line break
    /// quoted with quotes doubled. Evidence is flattened into one column. Written to a stream it starts with a UTF-8
    /// byte order mark, the only way Excel recognises UTF-8 in a CSV file.
    /// </summary>
    public sealed class CsvReportWriter : ReportWriter
    {
        /// <summary>The header row, in column order.</summary>
        public static readonly IReadOnlyList<string> Columns = new[]
        {
            "ControlId", "Title", "Pillar", "Principle", "Severity", "Status",
            "ResourceName", "ResourceType", "ResourceId", "Reason", "Evidence", "Remediation",
            "TenantId", "TenantName", "RunId", "Fix",
        };

        private static readonly Encoding Utf8WithBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

        public override ReportFormat Format => ReportFormat.Csv;

        private protected override Encoding StreamEncoding => Utf8WithBom;

        /// <summary>
        /// The text of one cell, quoted when needed. A value that a spreadsheet would run as a formula (it starts with
        /// =, +, -, @, a tab or a carriage return) gets a leading apostrophe: tenant and resource names are chosen by
        /// whoever controls the tenant, and a report must not become a way to run formulas on the reader's machine.
        /// </summary>
        public static string Cell(string? value)
        {
            var text = value ?? string.Empty;
            if (text.Length > 0 && IsFormulaStart(text[0]))
            {
                text = "'" + text;
            }

            if (text.IndexOfAny(new[] { ',', '"', '\r', '\n' }) < 0)
            {
                return text;
            }

            return "\"" + text.Replace("\"", "\"\"") + "\"";
        }

        /// <summary>All evidence of a result in one line: "path: actual (expected ...)", separated by "; ".</summary>
        public static string FlattenEvidence(IReadOnlyList<Evidence>? evidence)
        {
            if (evidence == null || evidence.Count == 0)
            {
                return string.Empty;
            }

            var text = new StringBuilder();
            foreach (var item in evidence)
            {
                if (item == null)
                {
                    continue;
                }

                if (text.Length > 0)
                {
                    text.Append("; ");
                }

                text.Append(item.Path).Append(": ").Append(item.Actual ?? "(absent)").Append(" (expected ").Append(item.Expected).Append(')');
            }

            return text.ToString();
        }

        private protected override void WriteCore(IEnumerable<AssessmentResult> results, ReportContext context, TextWriter output, CancellationToken cancellationToken)
        {
            WriteRow(output, Columns);
            var row = new string?[Columns.Count];
            foreach (var result in results)
            {
                cancellationToken.ThrowIfCancellationRequested();
                row[0] = result.ControlId;
                row[1] = result.Title;
                row[2] = result.Pillar.ToString();
                row[3] = result.Principle.ToString();
                row[4] = result.Severity.ToString();
                row[5] = result.Status.ToString();
                row[6] = result.ResourceName;
                row[7] = result.ResourceType;
                row[8] = result.ResourceId;
                row[9] = result.Reason;
                row[10] = FlattenEvidence(result.Evidence);
                row[11] = result.Remediation;

                // Run metadata per row, so rows of several tenants or runs in one file stay apart.
                row[12] = result.TenantId;
                row[13] = result.TenantName;
                row[14] = result.Run?.RunId;
                row[15] = result.Fix?.Script;
                WriteRow(output, row);
            }
        }

        private static void WriteRow(TextWriter output, IReadOnlyList<string?> cells)
        {
            for (var i = 0; i < cells.Count; i++)
            {
                if (i > 0)
                {
                    output.Write(',');
                }

                output.Write(Cell(cells[i]));
            }

            output.Write("\r\n");
        }

        private static bool IsFormulaStart(char c) => c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }
}
