using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Security;
using Microsoft.PowerShell.Commands;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Reporting;

namespace ZeroTrustAI.PowerShell.Commands
{
    /// <summary>
    /// Export-ZtaiReport: writes the piped assessment results as one HTML, JSON, CSV or Markdown report file.
    /// The file appears complete or not at all: the report is written to a temp file beside the target and moved
    /// into place, so a failure or Ctrl+C never leaves half a report.
    /// </summary>
    [Cmdlet(VerbsData.Export, "ZtaiReport", SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportZtaiReportCommand : ZtaiCmdlet
    {
        public const string FileExistsErrorId = "ReportFileExists";
        public const string WriteFailedErrorId = "ReportWriteFailed";
        public const string NotFileSystemErrorId = "ReportPathNotFileSystem";
        public const string PathIsFolderErrorId = "ReportPathIsFolder";
        private const int ReadProgressId = 1;

        private readonly List<AssessmentResult> _results = new List<AssessmentResult>();

        /// <summary>The results to report, usually piped from Get-ZtaiAssessment.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [AllowEmptyCollection]
        public AssessmentResult[] InputObject { get; set; } = Array.Empty<AssessmentResult>();

        /// <summary>The report file to write; its folder is created when missing.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>The format; inferred from the extension of <see cref="Path"/> when not given, else Html.</summary>
        [Parameter]
        public ReportFormat Format { get; set; }

        /// <summary>Overwrites an existing file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Writes the report's FileInfo to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>The tenant name shown in the report, when the results do not name it (or to override it).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TenantName { get; set; }

        /// <summary>The report's heading.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Title { get; set; }

        /// <summary>
        /// The snapshot the results came from (a snapshot from Import-ZtaiSnapshot, or a path): the report then names
        /// its tenant and source even when no result is tenant-wide.
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        public object? Snapshot { get; set; }

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
                WriteWarning("Export-ZtaiReport received no assessment results, so no report was written.");
                return;
            }

            var target = ResolveTargetPath();
            var format = MyInvocation.BoundParameters.ContainsKey(nameof(Format))
                ? Format
                : ReportFormats.FromExtension(target) ?? ReportFormat.Html;

            if (Directory.Exists(target))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new IOException($"'{target}' is a folder; give the path of the report file, for example '{System.IO.Path.Combine(target, "report" + ReportFormats.ExtensionOf(format))}'."),
                    PathIsFolderErrorId,
                    ErrorCategory.InvalidArgument,
                    target));
            }

            if (File.Exists(target) && !Force)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new IOException($"The file '{target}' already exists. Use -Force to overwrite it."),
                    FileExistsErrorId,
                    ErrorCategory.ResourceExists,
                    target));
            }

            if (!ShouldProcess(target, $"Write a report ({format}, {_results.Count} assessment results)"))
            {
                return;
            }

            var context = ReportContext.FromResults(_results);
            var fromSnapshot = Snapshot != null ? ReportContext.FromSnapshot(ResolveSnapshot(Snapshot, ReadProgressId)) : null;
            context = new ReportContext
            {
                TenantId = context.TenantId ?? fromSnapshot?.TenantId,
                TenantName = TenantName ?? context.TenantName ?? fromSnapshot?.TenantName,
                SnapshotSource = fromSnapshot?.SnapshotSource,
                Title = Title,
                GeneratedAt = DateTimeOffset.UtcNow,
            };

            WriteVerbose($"Writing a {format} report of {_results.Count} results to '{target}'.");
            if (WriteAtomically(target, format, context))
            {
                if (PassThru)
                {
                    WriteObject(new FileInfo(target));
                }
            }
        }

        /// <summary>Resolves -Path against the current location; only file-system paths can hold a report.</summary>
        private string ResolveTargetPath()
        {
            string resolved;
            ProviderInfo provider;
            try
            {
                resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path, out provider, out _);
            }
            catch (Exception exception) when (exception is ProviderNotFoundException || exception is System.Management.Automation.DriveNotFoundException || exception is NotSupportedException || exception is ArgumentException)
            {
                ThrowTerminatingError(new ErrorRecord(exception, NotFileSystemErrorId, ErrorCategory.InvalidArgument, Path));
                throw; // unreachable: ThrowTerminatingError always throws
            }

            if (provider.ImplementingType != typeof(FileSystemProvider))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"'{Path}' is on the {provider.Name} provider; a report can only be written to the file system."),
                    NotFileSystemErrorId,
                    ErrorCategory.InvalidArgument,
                    Path));
            }

            return resolved;
        }

        /// <summary>Writes to a temp file in the target's folder, then moves it over the target. Returns true on success.</summary>
        private bool WriteAtomically(string target, ReportFormat format, ReportContext context)
        {
            var folder = System.IO.Path.GetDirectoryName(target) ?? ".";
            var temp = System.IO.Path.Combine(folder, "." + System.IO.Path.GetFileName(target) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            try
            {
                Directory.CreateDirectory(folder);
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024))
                {
                    ReportWriter.Write(format, _results, context, stream, CancellationToken);
                    stream.Flush(flushToDisk: true);
                }

                CancellationToken.ThrowIfCancellationRequested();
                if (File.Exists(target))
                {
                    // Replace swaps in one step; the existence check and -Force were done before writing.
                    File.Replace(temp, target, destinationBackupFileName: null);
                }
                else
                {
                    File.Move(temp, target);
                }

                return true;
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException || exception is SecurityException || exception is NotSupportedException)
            {
                WriteError(new ErrorRecord(exception, WriteFailedErrorId, ErrorCategory.WriteError, target)
                {
                    ErrorDetails = new ErrorDetails($"The report could not be written to '{target}': {exception.Message}"),
                });
                return false;
            }
            finally
            {
                TryDelete(temp);
            }
        }

        private static void TryDelete(string path)
        {
            try
            {
                if (File.Exists(path))
                {
                    File.Delete(path);
                }
            }
            catch (IOException)
            {
                // Best effort: the temp file is hidden and clearly named; failing the command over it would hide the real error.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
