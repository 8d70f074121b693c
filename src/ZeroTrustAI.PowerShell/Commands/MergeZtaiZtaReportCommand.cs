using System;
using System.Collections.Generic;
using System.Linq;
using System.IO;
using System.Management.Automation;
using System.Security;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Reporting;
using ZeroTrustAI.Engine.Reporting.Zta;

namespace ZeroTrustAI.PowerShell.Commands
{
    /// <summary>
    /// Merge-ZtaiZtaReport: adds the piped results, as ZTA tests, to the output of a Microsoft Zero Trust Assessment run
    /// (its report JSON and the HTML reports that embed it), so one ZTA report shows our findings on its own pages.
    /// </summary>
    [Cmdlet(VerbsData.Merge, "ZtaiZtaReport", SupportsShouldProcess = true)]
    [OutputType(typeof(ZtaMergeOutcome))]
    public sealed class MergeZtaiZtaReportCommand : ZtaiCmdlet
    {
        public const string ReportNotFoundErrorId = "ZtaReportNotFound";
        public const string NotZtaReportErrorId = "NotZtaReport";
        public const string WriteFailedErrorId = "ZtaReportWriteFailed";

        private readonly List<AssessmentResult> _results = new List<AssessmentResult>();

        /// <summary>The results to add, usually piped from Get-ZtaiAssessment.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [AllowEmptyCollection]
        public AssessmentResult[] InputObject { get; set; } = Array.Empty<AssessmentResult>();

        /// <summary>The ZTA output folder (holding zt-export), its zt-export folder, or ZeroTrustAssessmentReport.json.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [Alias("PSPath", "LiteralPath")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        protected override void ProcessRecord()
        {
            foreach (var result in InputObject)
            {
                if (result != null)
                {
                    _results.Add(result);
                }
            }
        }

        protected override void EndProcessing()
        {
            if (_results.Count == 0)
            {
                WriteWarning("Merge-ZtaiZtaReport received no assessment results, so the report was left as it was.");
                return;
            }

            var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            ZtaReportFiles files;
            try
            {
                files = ZtaReportMerger.Locate(path);
            }
            catch (FileNotFoundException exception)
            {
                ThrowTerminatingError(new ErrorRecord(exception, ReportNotFoundErrorId, ErrorCategory.ObjectNotFound, path));
                return;
            }

            if (files.HtmlReports.Count == 0)
            {
                WriteWarning($"No ZTA HTML report was found beside '{files.ReportJson}'; only the report JSON is merged.");
            }

            var context = new ReportContext { GeneratedAt = DateTimeOffset.UtcNow };
            var tests = ZtaTest.From(_results, context, CancellationToken);
            var targets = string.Join(", ", new[] { files.ReportJson }.Concat(files.HtmlReports));
            if (!ShouldProcess(targets, $"Merge {tests.Count} ZeroTrustAI test(s) into the Zero Trust Assessment report"))
            {
                return;
            }

            WriteProgress(new ProgressRecord(1, "Merging into the Zero Trust Assessment report", files.ReportJson));
            try
            {
                var outcome = ZtaReportMerger.Merge(files, tests, CancellationToken);
                WriteVerbose($"Kept {outcome.KeptTests} ZTA test(s), replaced {outcome.ReplacedTests} earlier ZeroTrustAI test(s), added {outcome.AddedTests}; backups: {string.Join(", ", outcome.Backups)}.");
                WriteObject(outcome);
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
            catch (InvalidDataException exception)
            {
                ThrowTerminatingError(new ErrorRecord(exception, NotZtaReportErrorId, ErrorCategory.InvalidData, path));
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException || exception is SecurityException || exception is NotSupportedException)
            {
                ThrowTerminatingError(new ErrorRecord(exception, WriteFailedErrorId, ErrorCategory.WriteError, path));
            }
            finally
            {
                WriteProgress(new ProgressRecord(1, "Merging into the Zero Trust Assessment report", "Done") { RecordType = ProgressRecordType.Completed });
            }
        }
    }
}
