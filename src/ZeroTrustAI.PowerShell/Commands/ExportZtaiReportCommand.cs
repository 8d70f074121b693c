using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security;
using Microsoft.PowerShell.Commands;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Reporting;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.PowerShell.Commands
{
    /// <summary>
    /// Export-ZtaiReport: writes the piped assessment results as one HTML, JSON, CSV, Markdown or JSON Lines report
    /// file. The file appears complete or not at all: the report is written to a temp file beside the target and moved
    /// into place, so a failure or Ctrl+C never leaves half a report. JSON Lines rows are written as results arrive.
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

        // The temp file being written (moved over the target at the end), and for a streamed (Jsonl) report its
        // target and row writer, open from the first result to the end.
        private string? _temp;
        private string? _streamTarget;
        private FileStream? _stream;
        private JsonlReportWriter.RowWriter? _rows;
        private bool _streamRefused;

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

        /// <summary>The tenant name shown in a report of one tenant, instead of the one the results recorded (not in Jsonl rows).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TenantName { get; set; }

        /// <summary>The report's heading.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Title { get; set; }

        /// <summary>
        /// The snapshot the results were assessed from (folder, .zip, or an object from Import-ZtaiSnapshot), for the
        /// HTML report's estate view and privilege paths. When not given, the snapshot the results' run names is read
        /// if it is still there.
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        public object? Snapshot { get; set; }

        /// <summary>Opens the written report with the program the system associates with it (Invoke-Item).</summary>
        [Parameter]
        public SwitchParameter Open { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var result in InputObject)
            {
                if (result == null)
                {
                    continue;
                }

                if (!Streams)
                {
                    _results.Add(result);
                }
                else if (_stream != null || (!_streamRefused && OpenStream()))
                {
                    WriteRow(result);
                }
            }
        }

        protected override void EndProcessing()
        {
            if (Streams)
            {
                EndStream();
                return;
            }

            if (_results.Count == 0)
            {
                WarnNoResults();
                return;
            }

            var format = EffectiveFormat;
            var target = PrepareTarget(format, $"Write a report ({format}, {_results.Count} assessment results)");
            if (target == null)
            {
                return;
            }

            var context = new ReportContext
            {
                TenantName = TenantName,
                Title = Title,
                GeneratedAt = DateTimeOffset.UtcNow,
                Snapshot = format == ReportFormat.Html ? SnapshotForReport() : null,
            };

            WriteVerbose($"Writing a {format} report of {_results.Count} results to '{target}'.");
            Complete(target, () =>
            {
                FileStream stream;
                (_temp, stream) = CreateTemp(target);
                using (stream)
                {
                    ReportWriter.Write(format, _results, context, stream, CancellationToken);
                    stream.Flush(flushToDisk: true);
                }
            });
        }

        protected override void Dispose(bool disposing)
        {
            // A stopped or failed pipeline never reaches EndProcessing: the half-written stream must not stay behind.
            if (disposing)
            {
                Discard();
            }

            base.Dispose(disposing);
        }

        /// <summary>Jsonl is written as results arrive, so memory stays flat; the other formats need them all first.</summary>
        private bool Streams => EffectiveFormat == ReportFormat.Jsonl;

        private ReportFormat EffectiveFormat => MyInvocation.BoundParameters.ContainsKey(nameof(Format))
            ? Format
            : ReportFormats.FromExtension(Path) ?? ReportFormat.Html;

        /// <summary>At the first result of a streamed report: checks the target and opens the temp file. False when refused.</summary>
        private bool OpenStream()
        {
            _streamRefused = true;
            var format = EffectiveFormat;
            var target = PrepareTarget(format, $"Write a report ({format}, streamed as the results arrive)");
            if (target == null)
            {
                return false;
            }

            try
            {
                (_temp, _stream) = CreateTemp(target);
            }
            catch (Exception exception) when (IsWriteFailure(exception))
            {
                WriteFailed(exception, target);
                return false;
            }

            _streamTarget = target;
            _rows = new JsonlReportWriter.RowWriter(_stream);
            _streamRefused = false;
            WriteVerbose($"Writing a {format} report to '{target}' as the results arrive.");
            return true;
        }

        private void WriteRow(AssessmentResult result)
        {
            try
            {
                _rows!.Write(result);
            }
            catch (Exception exception) when (IsWriteFailure(exception))
            {
                // The rest of the input is dropped: a report missing rows must not be moved into place.
                Discard();
                _streamRefused = true;
                WriteFailed(exception, _streamTarget!);
            }
        }

        private void EndStream()
        {
            if (_stream == null)
            {
                if (!_streamRefused)
                {
                    WarnNoResults();
                }

                return;
            }

            var target = _streamTarget!;
            Complete(target, () =>
            {
                var rows = _rows!.Count;
                _rows.Dispose();
                _stream!.Flush(flushToDisk: true);
                CloseStream();
                WriteVerbose($"Wrote {rows} rows to '{target}'.");
            });
        }

        /// <summary>
        /// Finishes the temp file, then moves it over the target; a failure is ReportWriteFailed, Ctrl+C stops the
        /// pipeline, and the temp file never stays behind.
        /// </summary>
        private void Complete(string target, Action finishTemp)
        {
            try
            {
                finishTemp();
                CancellationToken.ThrowIfCancellationRequested();
                Commit(_temp!, target);
                Written(target);
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception exception) when (IsWriteFailure(exception))
            {
                WriteFailed(exception, target);
            }
            finally
            {
                Discard();
            }
        }

        /// <summary>Closes the streamed report, if open, and deletes the temp file, if any.</summary>
        private void Discard()
        {
            CloseStream();
            TryDelete(_temp);
            _temp = null;
        }

        private void CloseStream()
        {
            _rows?.Dispose();
            _rows = null;
            _stream?.Dispose();
            _stream = null;
        }

        private void Written(string target)
        {
            if (PassThru)
            {
                WriteObject(new FileInfo(target));
            }

            if (Open)
            {
                // Invoke-Item is the PowerShell way to open a file with its associated program (a browser for .html;
                // xdg-open on Linux, open on macOS); tests mock it, so no browser starts in CI.
                WriteVerbose($"Opening '{target}'.");
                InvokeCommand.InvokeScript("param($Path) Invoke-Item -LiteralPath $Path", false, System.Management.Automation.Runspaces.PipelineResultTypes.None, null, target);
            }
        }

        /// <summary>The -Snapshot given, else the one snapshot the results' run read if it is still on disk, else null.</summary>
        private TenantSnapshot? SnapshotForReport()
        {
            if (Snapshot != null)
            {
                return ResolveSnapshot(Snapshot, ReadProgressId);
            }

            var sources = _results.Select(r => r.Run?.SnapshotSource).Distinct(StringComparer.Ordinal).ToList();
            var source = sources.Count == 1 ? sources[0] : null;
            if (source == null || !(Directory.Exists(source) || File.Exists(source)))
            {
                WriteVerbose("The report has no snapshot (give -Snapshot), so it shows no estate view.");
                return null;
            }

            try
            {
                WriteVerbose($"Reading the snapshot '{source}' the results were assessed from, for the estate view.");
                return SnapshotReader.Read(source, null, CancellationToken);
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception exception) when (exception is SnapshotException || exception is IOException || exception is UnauthorizedAccessException)
            {
                WriteWarning($"The snapshot '{source}' could not be read ({exception.Message}); the report shows no estate view.");
                return null;
            }
        }

        private void WarnNoResults() =>
            WriteWarning("Export-ZtaiReport received no assessment results, so no report was written.");

        /// <summary>Resolves and checks the target and asks ShouldProcess; null when the report must not be written.</summary>
        private string? PrepareTarget(ReportFormat format, string action)
        {
            var target = ResolveTargetPath();
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

            return ShouldProcess(target, action) ? target : null;
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

        /// <summary>A new hidden temp file beside the target: the report is written there, then moved into place.</summary>
        private static (string Path, FileStream Stream) CreateTemp(string target)
        {
            var folder = System.IO.Path.GetDirectoryName(target) ?? ".";
            var temp = System.IO.Path.Combine(folder, "." + System.IO.Path.GetFileName(target) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            Directory.CreateDirectory(folder);
            return (temp, new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024));
        }

        /// <summary>Moves the finished temp file over the target in one step, so the report appears complete or not at all.</summary>
        private static void Commit(string temp, string target)
        {
            if (File.Exists(target))
            {
                // Replace swaps in one step; the existence check and -Force were done before writing.
                File.Replace(temp, target, destinationBackupFileName: null);
            }
            else
            {
                File.Move(temp, target);
            }
        }

        private static bool IsWriteFailure(Exception exception) =>
            exception is IOException || exception is UnauthorizedAccessException || exception is SecurityException || exception is NotSupportedException;

        private void WriteFailed(Exception exception, string target) =>
            WriteError(new ErrorRecord(exception, WriteFailedErrorId, ErrorCategory.WriteError, target)
            {
                ErrorDetails = new ErrorDetails($"The report could not be written to '{target}': {exception.Message}"),
            });

        private static void TryDelete(string? path)
        {
            try
            {
                if (path != null && File.Exists(path))
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
