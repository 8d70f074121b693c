using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;

namespace ZeroTrustAI.Engine.Reporting.Zta
{
    /// <summary>
    /// Adds our tests to the output of a Zero Trust Assessment run: <c>zt-export/ZeroTrustAssessmentReport.json</c> and
    /// the HTML reports beside <c>zt-export</c> that embed it. Every file is merged in memory first; then each is
    /// written to a temp file and swapped into place, keeping what it replaced as <c>&lt;name&gt;.bak</c>. A file that
    /// cannot be merged stops the merge before anything is written.
    /// </summary>
    public static class ZtaReportMerger
    {
        public const string ReportJsonName = "ZeroTrustAssessmentReport.json";
        public const string ExportFolderName = "zt-export";
        public const string BackupSuffix = ".bak";

        /// <summary>The HTML reports ZTA writes beside zt-export, each embedding the report JSON.</summary>
        public static IReadOnlyList<string> HtmlReportNames { get; } = new[] { "ZeroTrustAssessmentReport.html", "ZeroTrustAssessmentReport-classic.html" };

        /// <summary>
        /// The report JSON and HTML files of a ZTA output: <paramref name="path"/> is the output folder, its zt-export
        /// folder, or the report JSON itself. Throws <see cref="FileNotFoundException"/> when there is no report JSON.
        /// </summary>
        public static ZtaReportFiles Locate(string path)
        {
            if (string.IsNullOrEmpty(path))
            {
                throw new ArgumentException("A path is required.", nameof(path));
            }

            string json;
            if (Directory.Exists(path))
            {
                var inExport = Path.Combine(path, ExportFolderName, ReportJsonName);
                var direct = Path.Combine(path, ReportJsonName);
                json = File.Exists(inExport) ? inExport : File.Exists(direct) ? direct
                    : throw new FileNotFoundException($"'{path}' holds no Zero Trust Assessment report: neither {ExportFolderName}/{ReportJsonName} nor {ReportJsonName} is there.", inExport);
            }
            else if (File.Exists(path))
            {
                json = path;
            }
            else
            {
                throw new FileNotFoundException($"'{path}' does not exist.", path);
            }

            // ZTA writes the HTML reports in the output folder, the parent of zt-export.
            var jsonFolder = Path.GetDirectoryName(Path.GetFullPath(json)) ?? ".";
            var htmlFolder = string.Equals(Path.GetFileName(jsonFolder), ExportFolderName, StringComparison.OrdinalIgnoreCase)
                ? Path.GetDirectoryName(jsonFolder) ?? jsonFolder
                : jsonFolder;
            var html = HtmlReportNames.Select(name => Path.Combine(htmlFolder, name)).Where(File.Exists).ToList();
            return new ZtaReportFiles(Path.GetFullPath(json), html);
        }

        /// <summary>Merges the tests into the located files and writes them. Returns what was done.</summary>
        public static ZtaMergeOutcome Merge(ZtaReportFiles files, IReadOnlyList<ZtaTest> tests, CancellationToken cancellationToken = default)
        {
            if (files == null)
            {
                throw new ArgumentNullException(nameof(files));
            }

            if (tests == null)
            {
                throw new ArgumentNullException(nameof(tests));
            }

            ZtaMergedJson merged;
            try
            {
                merged = ZtaReportJson.Merge(File.ReadAllBytes(files.ReportJson), tests, cancellationToken);
            }
            catch (FormatException exception)
            {
                throw new InvalidDataException($"'{files.ReportJson}' is not a Zero Trust Assessment report: {exception.Message}", exception);
            }

            var outputs = new List<(string Path, byte[] Bytes)> { (files.ReportJson, merged.Bytes) };
            foreach (var html in files.HtmlReports)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    // The page keeps its own copy of the data (ZTA may have written it apart from the JSON file), merged the same way.
                    outputs.Add((html, ZtaReportHtml.Reembed(File.ReadAllBytes(html), embedded => ZtaReportJson.Merge(embedded, tests, cancellationToken).Bytes)));
                }
                catch (FormatException exception)
                {
                    throw new InvalidDataException($"'{html}' is not a Zero Trust Assessment HTML report: {exception.Message}", exception);
                }
            }

            var temps = new List<string>();
            try
            {
                foreach (var (path, bytes) in outputs)
                {
                    temps.Add(AtomicFile.WriteTemp(path, stream => stream.Write(bytes, 0, bytes.Length)));
                }

                cancellationToken.ThrowIfCancellationRequested();
                for (var i = 0; i < outputs.Count; i++)
                {
                    AtomicFile.Swap(temps[i], outputs[i].Path, outputs[i].Path + BackupSuffix);
                }
            }
            finally
            {
                temps.ForEach(AtomicFile.TryDelete);
            }

            return new ZtaMergeOutcome(files.ReportJson, files.HtmlReports, outputs.Select(o => o.Path + BackupSuffix).ToList(), merged.KeptTests, merged.ReplacedTests, merged.AddedTests);
        }
    }

    /// <summary>The files of one ZTA output that a merge rewrites.</summary>
    public sealed class ZtaReportFiles
    {
        public ZtaReportFiles(string reportJson, IReadOnlyList<string> htmlReports)
        {
            ReportJson = reportJson;
            HtmlReports = htmlReports;
        }

        public string ReportJson { get; }

        public IReadOnlyList<string> HtmlReports { get; }
    }

    /// <summary>What a merge into a ZTA output did (shown by Merge-ZtaiZtaReport).</summary>
    public sealed class ZtaMergeOutcome
    {
        internal ZtaMergeOutcome(string reportJson, IReadOnlyList<string> htmlReports, IReadOnlyList<string> backups, int keptTests, int replacedTests, int addedTests)
        {
            ReportJson = reportJson;
            HtmlReports = htmlReports;
            Backups = backups;
            KeptTests = keptTests;
            ReplacedTests = replacedTests;
            AddedTests = addedTests;
        }

        public string ReportJson { get; }

        public IReadOnlyList<string> HtmlReports { get; }

        /// <summary>What each rewritten file held before, one backup per file.</summary>
        public IReadOnlyList<string> Backups { get; }

        /// <summary>ZTA's own tests, kept unchanged.</summary>
        public int KeptTests { get; }

        /// <summary>Our tests from an earlier merge, replaced by this one.</summary>
        public int ReplacedTests { get; }

        public int AddedTests { get; }
    }
}
