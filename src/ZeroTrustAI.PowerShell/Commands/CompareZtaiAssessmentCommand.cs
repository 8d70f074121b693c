using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security;
using ZeroTrustAI.Engine.Comparison;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Reporting;

namespace ZeroTrustAI.PowerShell.Commands
{
    /// <summary>
    /// Compare-ZtaiAssessment: what changed between two runs (result objects or saved JSON reports): new failures,
    /// fixed, regressed, added and removed targets and controls. -FailOn turns it into a pipeline gate.
    /// </summary>
    [Cmdlet(VerbsData.Compare, "ZtaiAssessment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(ComparisonEntry))]
    public sealed class CompareZtaiAssessmentCommand : ZtaiCmdlet
    {
        public const string GateFailedErrorId = "ComparisonGateFailed";
        public const string InputUnreadableErrorId = "ComparisonInputUnreadable";
        public const string InputTypeErrorId = "ComparisonInputType";
        public const string ReportWriteFailedErrorId = "ComparisonReportWriteFailed";

        private readonly List<object> _difference = new List<object>();

        /// <summary>The earlier run: results, or the path of a saved JSON report (Export-ZtaiReport -Format Json).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNull]
        public object[] Reference { get; set; } = Array.Empty<object>();

        /// <summary>The later run: results (often piped from Get-ZtaiAssessment), or the path of a saved JSON report.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
        [AllowEmptyCollection]
        public object[] Difference { get; set; } = Array.Empty<object>();

        /// <summary>Also writes the targets whose status did not change.</summary>
        [Parameter]
        public SwitchParameter IncludeUnchanged { get; set; }

        /// <summary>Fails the command (a terminating error, so pwsh exits non-zero) on new failures, or on any failure of the later run.</summary>
        [Parameter]
        public FailOnKind? FailOn { get; set; }

        /// <summary>The least severity that -FailOn counts (default: every severity).</summary>
        [Parameter]
        public Severity MinimumSeverity { get; set; } = Severity.Informational;

        /// <summary>Also writes the comparison as a report file: Markdown (.md) or JSON (.json), by extension.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ReportPath { get; set; }

        protected override void ProcessRecord()
        {
            _difference.AddRange(Difference.Where(d => d != null));
        }

        protected override void EndProcessing()
        {
            var reference = Load(Reference, nameof(Reference));
            var difference = Load(_difference, nameof(Difference));
            var comparison = AssessmentComparison.Compare(reference, difference);
            foreach (var entry in comparison.Entries)
            {
                if (IncludeUnchanged || entry.Change != ComparisonChange.Unchanged)
                {
                    WriteObject(entry);
                }
            }

            if (ReportPath != null)
            {
                WriteReport(comparison);
            }

            if (FailOn is FailOnKind failOn)
            {
                var failures = comparison.GateFailures(failOn, MinimumSeverity);
                if (failures.Count > 0)
                {
                    var what = failOn == FailOnKind.New ? "new failure(s)" : "failure(s)";
                    var shown = string.Join(", ", failures.Take(5).Select(f => f.ControlId + " on " + f.ResourceName)) + (failures.Count > 5 ? ", ..." : string.Empty);
                    PipelineGate.Fail(this, GateFailedErrorId, $"{failures.Count} {what} of severity {MinimumSeverity} or worse: {shown}.", failures);
                }
            }
        }

        private List<AssessmentResult> Load(IEnumerable<object> items, string parameter)
        {
            var results = new List<AssessmentResult>();
            foreach (var raw in items)
            {
                var item = raw is PSObject wrapped ? wrapped.BaseObject : raw;
                switch (item)
                {
                    case AssessmentResult result:
                        results.Add(result);
                        break;
                    case string or FileInfo:
                        var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(item is FileInfo file ? file.FullName : (string)item);
                        try
                        {
                            results.AddRange(JsonReportReader.ReadFile(path));
                        }
                        catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException || exception is InvalidDataException)
                        {
                            ThrowTerminatingError(new ErrorRecord(exception, InputUnreadableErrorId, exception is FileNotFoundException ? ErrorCategory.ObjectNotFound : ErrorCategory.InvalidData, path));
                        }

                        break;
                    default:
                        ThrowTerminatingError(new ErrorRecord(
                            new ArgumentException($"-{parameter} takes assessment results or the path of a JSON report; it got a {item?.GetType().Name ?? "null"}."),
                            InputTypeErrorId,
                            ErrorCategory.InvalidArgument,
                            item));
                        break;
                }
            }

            return results;
        }

        private void WriteReport(AssessmentComparison comparison)
        {
            var target = SessionState.Path.GetUnresolvedProviderPathFromPSPath(ReportPath);
            if (!ShouldProcess(target, "Write the comparison report"))
            {
                return;
            }

            var json = string.Equals(System.IO.Path.GetExtension(target), ".json", StringComparison.OrdinalIgnoreCase);
            try
            {
                AtomicFile.Write(target, stream =>
                {
                    if (json)
                    {
                        ComparisonReportWriter.WriteJson(comparison, new ReportContext { GeneratedAt = DateTimeOffset.UtcNow }, stream);
                    }
                    else
                    {
                        using var text = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 4096, leaveOpen: true);
                        ComparisonReportWriter.WriteMarkdown(comparison, text);
                    }
                });
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException || exception is SecurityException)
            {
                WriteError(new ErrorRecord(exception, ReportWriteFailedErrorId, ErrorCategory.WriteError, target));
            }
        }
    }
}
