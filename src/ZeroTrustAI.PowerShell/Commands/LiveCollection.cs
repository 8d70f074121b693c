using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ZeroTrustAI.Collector.Collection;
using ZeroTrustAI.Collector.Connection;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.PowerShell.Commands
{
    /// <summary>
    /// Runs a live collection for a cmdlet: the collector works on a worker thread, and its progress, verbose lines and
    /// warnings are queued and written on the pipeline thread (the only one allowed to write). Ctrl+C cancels it and
    /// leaves checkpoint.json for -Resume. Collector errors become ErrorRecords with their stable ids.
    /// </summary>
    internal static class LiveCollection
    {
        public static ZtaiConnection RequireConnection(PSCmdlet cmdlet)
        {
            var connection = ConnectionStore.Current;
            if (connection == null)
            {
                var exception = new ConnectionException(ConnectionErrorIds.NotConnected, "No tenant is connected. Run Connect-ZtaiTenant first.");
                cmdlet.ThrowTerminatingError(new ErrorRecord(exception, ConnectionErrorIds.NotConnected, ErrorCategory.ConnectionError, null));
            }

            return connection!;
        }

        public static SnapshotCollectionResult Run(PSCmdlet cmdlet, ZtaiConnection connection, string path, SnapshotCollectorOptions options, int progressId, CancellationToken cancellationToken)
        {
            const string activity = "Collecting a snapshot";
            using var messages = new BlockingCollection<Action>();
            void Post(Action action)
            {
                try
                {
                    messages.Add(action, CancellationToken.None);
                }
                catch (InvalidOperationException)
                {
                    // The run has ended and the queue is closed: nothing is left to show.
                }
            }

            var callbacks = new CollectionCallbacks
            {
                Progress = new CallbackProgress(p => Post(() => cmdlet.WriteProgress(new ProgressRecord(progressId, activity, $"{p.Collection}: {p.Objects} object(s), {p.Pages} page(s)")
                {
                    CurrentOperation = $"Collection {p.Index + 1} of {p.Count}",
                    PercentComplete = (int)(100.0 * p.Index / Math.Max(1, p.Count)),
                }))),
                Verbose = line => Post(() => cmdlet.WriteVerbose(line)),
                Warning = line => Post(() => cmdlet.WriteWarning(line)),
            };

            var running = Task.Run(() => SnapshotCollector.CollectAsync(connection, path, options, callbacks, cancellationToken), CancellationToken.None);
            _ = running.ContinueWith(_ => Complete(messages), TaskScheduler.Default);
            try
            {
                // Not cancelled by Ctrl+C: the collector stops on the token and closes the queue itself.
                foreach (var action in messages.GetConsumingEnumerable(CancellationToken.None))
                {
                    action();
                }

                return running.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException exception) when (cancellationToken.IsCancellationRequested)
            {
                cmdlet.WriteWarning($"Collection stopped. Saved pages are kept in '{path}'; continue with Save-ZtaiSnapshot -Path '{path}' -Resume.");
                throw new PipelineStoppedException("The collection was stopped.", exception);
            }
            catch (SnapshotException exception)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(exception, exception.ErrorId, CategoryOf(exception.ErrorId), exception.Path));
                throw;
            }
            catch (ConnectionException exception)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(exception, exception.ErrorId, ErrorCategory.ConnectionError, null));
                throw;
            }
            finally
            {
                // Once the pipeline is stopped, writing progress throws and ends the loop above early: the collector must
                // still finish its last checkpoint and manifest writes before the cmdlet returns, or a -Resume started
                // right after would write the same files at the same time.
                if (cancellationToken.IsCancellationRequested && !running.IsCompleted)
                {
                    try
                    {
                        running.Wait(CancellationToken.None);
                    }
                    catch (AggregateException)
                    {
                        // Its outcome is reported above, or does not matter for a stopped run.
                    }
                }

                cmdlet.WriteProgress(new ProgressRecord(progressId, activity, "Done") { RecordType = ProgressRecordType.Completed });
            }
        }

        /// <summary>The summary object: counts of the run and the state of each collection.</summary>
        public static PSObject Summarize(SnapshotCollectionResult result)
        {
            var summary = new PSObject();
            summary.TypeNames.Insert(0, "ZeroTrustAI.SnapshotSummary");
            var statistics = result.Statistics;
            summary.Properties.Add(new PSNoteProperty("Path", result.Path));
            summary.Properties.Add(new PSNoteProperty("TenantId", result.TenantId));
            summary.Properties.Add(new PSNoteProperty("Complete", result.IsComplete));
            summary.Properties.Add(new PSNoteProperty("Resumed", result.Resumed));
            summary.Properties.Add(new PSNoteProperty("Collections", result.Collections.Count));
            summary.Properties.Add(new PSNoteProperty("Skipped", result.Collections.Where(c => c.Status == Engine.Collection.CollectionProgressStatus.Skipped).Select(c => c.MissingPermission == null ? c.Name : $"{c.Name} (needs {c.MissingPermission})").ToArray()));
            summary.Properties.Add(new PSNoteProperty("Failed", result.Collections.Where(c => c.Status == Engine.Collection.CollectionProgressStatus.Failed || c.Status == Engine.Collection.CollectionProgressStatus.InProgress).Select(c => $"{c.Name}: {c.Error}").ToArray()));
            summary.Properties.Add(new PSNoteProperty("Objects", statistics.Objects));
            summary.Properties.Add(new PSNoteProperty("Pages", statistics.Pages));
            summary.Properties.Add(new PSNoteProperty("Requests", statistics.Requests));
            summary.Properties.Add(new PSNoteProperty("Retries", statistics.Retries));
            summary.Properties.Add(new PSNoteProperty("ThrottledWaits", statistics.ThrottledWaits));
            summary.Properties.Add(new PSNoteProperty("ThrottledWaitTime", statistics.ThrottledWaitTime));
            summary.Properties.Add(new PSNoteProperty("Bytes", statistics.Bytes));
            summary.Properties.Add(new PSNoteProperty("Duration", result.Duration));
            summary.Properties.Add(new PSNoteProperty("CollectionStates", result.Collections.Select(c => Note(
                ("Name", c.Name),
                ("Status", c.Status.ToString()),
                ("Count", c.Count),
                ("Pages", c.PagesCompleted),
                ("Requests", c.Requests),
                ("MissingPermission", c.MissingPermission),
                ("Error", c.Error))).ToArray()));
            return summary;
        }

        private static PSObject Note(params (string Name, object? Value)[] properties)
        {
            var item = new PSObject();
            foreach (var (name, value) in properties)
            {
                item.Properties.Add(new PSNoteProperty(name, value));
            }

            return item;
        }

        private static ErrorCategory CategoryOf(string errorId) => errorId switch
        {
            Engine.Collection.CollectionErrorIds.ResumeMismatch => ErrorCategory.InvalidArgument,
            Engine.Collection.CollectionErrorIds.ResumeNothingToResume => ErrorCategory.InvalidOperation,
            Engine.Collection.CollectionErrorIds.SnapshotFolderNotEmpty => ErrorCategory.ResourceExists,
            _ => ErrorCategory.InvalidData,
        };

        /// <summary>Reports on the collector's thread; the action only queues (Progress&lt;T&gt; would need a synchronization context).</summary>
        private sealed class CallbackProgress : IProgress<CollectionProgress>
        {
            private readonly Action<CollectionProgress> _report;

            public CallbackProgress(Action<CollectionProgress> report) => _report = report;

            public void Report(CollectionProgress value) => _report(value);
        }

        private static void Complete(BlockingCollection<Action> messages)
        {
            try
            {
                messages.CompleteAdding();
            }
            catch (ObjectDisposedException)
            {
                // The command has already let go of the queue.
            }
        }
    }
}
