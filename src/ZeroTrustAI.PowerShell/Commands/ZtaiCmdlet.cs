using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.PowerShell.Commands
{
    /// <summary>
    /// Base of every ZeroTrustAI cmdlet: owns the CancellationToken that Ctrl+C (StopProcessing) cancels, and the
    /// shared handling of snapshot paths, the bundled sample and snapshot problems.
    /// </summary>
    public abstract class ZtaiCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();
        private bool _disposed;

        /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
        protected CancellationToken CancellationToken => _cancellation.Token;

        /// <summary>The folder of the bundled Contoso sample tenant inside the installed module.</summary>
        public static string SampleTenantPath
        {
            get
            {
                var assemblyFolder = Path.GetDirectoryName(typeof(ZtaiCmdlet).Assembly.Location) ?? ".";
                var besideModule = Path.GetFullPath(Path.Combine(assemblyFolder, "..", "SampleTenant"));
                return Directory.Exists(besideModule) ? besideModule : Path.Combine(assemblyFolder, "SampleTenant");
            }
        }

        protected override void StopProcessing() => _cancellation.Cancel();

        /// <summary>
        /// Resolves a user path (relative to the current location, PSDrive-aware) to a file-system path. A path on
        /// another provider (Env:, HKLM:) ends the command: a snapshot can only be a folder or a .zip.
        /// </summary>
        protected string ResolveSnapshotPath(string path)
        {
            var resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
            if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
            {
                var exception = new ArgumentException($"'{path}' is on the {provider.Name} provider; a snapshot is a file-system folder or .zip.");
                ThrowTerminatingError(new ErrorRecord(exception, "SnapshotPathNotFileSystem", ErrorCategory.InvalidArgument, path));
            }

            return resolved;
        }

        /// <summary>
        /// The catalog's controls that pass the filter. An id given without wildcards that names no control is
        /// reported as a non-terminating ControlNotFound error (as Get-Command does for a name it cannot find);
        /// a wildcard that matches nothing is not an error.
        /// </summary>
        protected IReadOnlyList<Control> SelectControls(ControlFilter filter)
        {
            if (filter == null)
            {
                throw new ArgumentNullException(nameof(filter));
            }

            foreach (var id in filter.ControlIds)
            {
                if (!Wildcard.HasWildcard(id) && ControlCatalog.Find(id) == null)
                {
                    var exception = new ItemNotFoundException($"No control has the id '{id}'. Get-ZtaiControl lists the controls.");
                    WriteError(new ErrorRecord(exception, "ControlNotFound", ErrorCategory.ObjectNotFound, id));
                }
            }

            return filter.Apply(ControlCatalog.All).ToList();
        }

        /// <summary>
        /// Reads a snapshot with progress; a snapshot that cannot be read at all ends the command with a terminating
        /// error; problems with single files are written as non-terminating errors and the run goes on.
        /// </summary>
        protected TenantSnapshot ReadSnapshot(string path, int progressActivityId)
        {
            const string activity = "Reading snapshot";
            // A new record per report: hosts that keep the records (PowerShell.Streams.Progress) must see each state.
            var reporter = new SynchronousProgress<SnapshotReadProgress>(p => WriteProgress(new ProgressRecord(progressActivityId, activity, $"{p.File} ({p.ObjectsRead} objects so far)")
            {
                PercentComplete = p.FileCount == 0 ? 0 : (int)(100.0 * p.FileIndex / p.FileCount),
            }));

            TenantSnapshot snapshot;
            try
            {
                WriteVerbose($"Reading snapshot '{path}'.");
                snapshot = SnapshotReader.Read(path, reporter, CancellationToken);
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (SnapshotException exception)
            {
                var category = exception.ErrorId == SnapshotErrorIds.PathNotFound ? ErrorCategory.ObjectNotFound : ErrorCategory.InvalidData;
                ThrowTerminatingError(new ErrorRecord(exception, exception.ErrorId, category, path));
                throw; // unreachable: ThrowTerminatingError always throws
            }
            finally
            {
                WriteProgress(new ProgressRecord(progressActivityId, activity, path) { RecordType = ProgressRecordType.Completed });
            }

            foreach (var issue in snapshot.Issues)
            {
                if (issue.Kind == SnapshotIssueKind.Information)
                {
                    WriteVerbose($"Snapshot file {issue}.");
                    continue;
                }

                if (issue.Kind == SnapshotIssueKind.Warning)
                {
                    WriteWarning($"Snapshot file {issue}.");
                    continue;
                }

                var record = new ErrorRecord(new InvalidDataException(issue.ToString()), issue.ErrorId, ErrorCategory.InvalidData, issue.File)
                {
                    ErrorDetails = new ErrorDetails($"Snapshot file {issue}. The controls that need this file report Error; the others run."),
                };
                WriteError(record);
            }

            WriteVerbose($"Read {snapshot.GraphSets.Count} Graph sets and {snapshot.Resources.Count} Azure resources from '{path}'.");
            return snapshot;
        }

        /// <summary>
        /// The snapshot a -Snapshot argument names: a snapshot from Import-ZtaiSnapshot is used as it is (read once,
        /// its file problems were reported when it was imported); a path (string or file-system item) is read now.
        /// </summary>
        protected TenantSnapshot ResolveSnapshot(object value, int progressActivityId)
        {
            switch (value is PSObject wrapped ? wrapped.BaseObject : value)
            {
                case TenantSnapshot imported:
                    WriteVerbose($"Using the snapshot imported from '{imported.Source}'.");
                    return imported;
                case FileSystemInfo item:
                    return ReadSnapshot(item.FullName, progressActivityId);
                case string path when !string.IsNullOrWhiteSpace(path):
                    return ReadSnapshot(ResolveSnapshotPath(path), progressActivityId);
                default:
                    var exception = new ArgumentException($"-Snapshot takes a snapshot folder or .zip path, or a snapshot from Import-ZtaiSnapshot; '{value}' is neither.");
                    ThrowTerminatingError(new ErrorRecord(exception, "SnapshotArgumentInvalid", ErrorCategory.InvalidArgument, value));
                    throw exception; // unreachable: ThrowTerminatingError always throws
            }
        }

        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        protected virtual void Dispose(bool disposing)
        {
            if (!_disposed)
            {
                if (disposing)
                {
                    _cancellation.Dispose();
                }

                _disposed = true;
            }
        }

        /// <summary>Calls back on the pipeline thread (System.Progress would post to another thread, where WriteProgress throws).</summary>
        protected sealed class SynchronousProgress<T> : IProgress<T>
        {
            private readonly Action<T> _report;

            public SynchronousProgress(Action<T> report)
            {
                _report = report;
            }

            public void Report(T value) => _report(value);
        }
    }
}
