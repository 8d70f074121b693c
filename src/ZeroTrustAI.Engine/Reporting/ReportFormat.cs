using System;
using System.IO;

namespace ZeroTrustAI.Engine.Reporting
{
    /// <summary>The file formats a report can be written in.</summary>
    public enum ReportFormat
    {
        /// <summary>One self-contained HTML page for people.</summary>
        Html,

        /// <summary>Machine-readable JSON with a versioned schema (docs/report-formats.md).</summary>
        Json,

        /// <summary>One row per result (RFC 4180) for spreadsheets.</summary>
        Csv,

        /// <summary>A summary and the failures, for pull requests, wikis and tickets.</summary>
        Markdown,

        /// <summary>A Zero Trust Assessment report whose Tests[] are our controls (docs/zta-interop.md).</summary>
        ZtaJson,

        /// <summary>A Zero Trust Workshop import file: task overrides for the AI items our controls map to.</summary>
        Workshop,

        /// <summary>SARIF 2.1.0 for code-scanning dashboards.</summary>
        Sarif,

        /// <summary>JUnit XML for the test tabs of CI systems.</summary>
        JUnit,

        /// <summary>A short Markdown summary sized for a pipeline job summary.</summary>
        MarkdownSummary,

        /// <summary>JSON Lines: one flat, schema-stable row per result (<see cref="ResultRow"/>), streamed.</summary>
        Jsonl,
    }

    public static class ReportFormats
    {
        /// <summary>The format a file name's extension stands for (.html/.htm/.json/.csv/.md/.markdown/.jsonl/.sarif/.xml), or null.</summary>
        public static ReportFormat? FromExtension(string path)
        {
            var extension = Path.GetExtension(path ?? string.Empty);
            if (string.Equals(extension, ".html", StringComparison.OrdinalIgnoreCase) || string.Equals(extension, ".htm", StringComparison.OrdinalIgnoreCase))
            {
                return ReportFormat.Html;
            }

            if (string.Equals(extension, ".json", StringComparison.OrdinalIgnoreCase))
            {
                return ReportFormat.Json;
            }

            if (string.Equals(extension, ".jsonl", StringComparison.OrdinalIgnoreCase))
            {
                return ReportFormat.Jsonl;
            }

            if (string.Equals(extension, ".csv", StringComparison.OrdinalIgnoreCase))
            {
                return ReportFormat.Csv;
            }

            if (string.Equals(extension, ".sarif", StringComparison.OrdinalIgnoreCase))
            {
                return ReportFormat.Sarif;
            }

            if (string.Equals(extension, ".xml", StringComparison.OrdinalIgnoreCase))
            {
                return ReportFormat.JUnit;
            }

            if (string.Equals(extension, ".md", StringComparison.OrdinalIgnoreCase) || string.Equals(extension, ".markdown", StringComparison.OrdinalIgnoreCase))
            {
                return ReportFormat.Markdown;
            }

            return null;
        }

        /// <summary>The usual extension (with the dot) for a format.</summary>
        public static string ExtensionOf(ReportFormat format) => format switch
        {
            ReportFormat.Json or ReportFormat.ZtaJson or ReportFormat.Workshop => ".json",
            ReportFormat.Sarif => ".sarif",
            ReportFormat.JUnit => ".xml",
            ReportFormat.MarkdownSummary => ".md",
            ReportFormat.Csv => ".csv",
            ReportFormat.Markdown => ".md",
            ReportFormat.Jsonl => ".jsonl",
            _ => ".html",
        };
    }
}
