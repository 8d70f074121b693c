using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Reporting;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Collection
{
    /// <summary>Settings of a snapshot collection run.</summary>
    public sealed class SnapshotWriteOptions
    {
        /// <summary>Start a new collection in a folder that holds files: its snapshot files (manifest, checkpoint, graph/, arm/, purview/) are deleted.</summary>
        public bool Force { get; set; }

        public string ToolName { get; set; } = "ZeroTrustAI";

        public string ToolVersion { get; set; } = ReportContext.EngineVersion;

        public CloudInfo Cloud { get; set; } = CloudInfo.Global;

        /// <summary>The manifest's collectedAt; now when not set. A resumed run keeps the first run's.</summary>
        public DateTimeOffset? CollectedAt { get; set; }

        /// <summary>What was asked for, in words (e.g. "Pillar AI, Data"), kept in the checkpoint and manifest for messages.</summary>
        public string? Scope { get; set; }

        public ISnapshotFileSystem? FileSystem { get; set; }
    }

    /// <summary>
    /// A snapshot being collected, with a checkpoint that makes it resumable. The collector calls
    /// <see cref="BeginCollection"/>, then <see cref="CommitPage(string, IEnumerable{JsonElement}, string?, int)"/> for
    /// each page as it arrives, then (for an empty result) <see cref="CompleteCollection"/>, or
    /// <see cref="MarkSkipped"/> / <see cref="MarkFailed"/>; and <see cref="Finish"/> at the end.
    /// <para>
    /// Guarantees: a page is written to a temporary file and renamed (never torn), and only then recorded in
    /// checkpoint.json (itself replaced atomically). A crash between the two leaves a page file the checkpoint does
    /// not count: the resumed run requests that page again from the recorded continuation and overwrites it, so every
    /// object is saved exactly once. manifest.json is kept current whenever a collection changes state, and says
    /// "partial" for every collection not finished, so a folder read mid-way never passes a control on part of its data.
    /// </para>
    /// Thread safety: pages of different collections may be committed concurrently; pages of one collection in order.
    /// </summary>
    public sealed class CollectionCheckpoint
    {
        public const string CheckpointFileName = CheckpointFile.FileName;

        private readonly object _gate = new object();
        private readonly SnapshotWriter _writer;
        private readonly RunHeader _header;
        private readonly List<CollectionProgress> _collections;
        private readonly Dictionary<string, CollectionProgress> _byName;
        private bool _finished;

        private CollectionCheckpoint(SnapshotWriter writer, RunHeader header, List<CollectionProgress> collections, bool resumed)
        {
            _writer = writer;
            _header = header;
            _collections = collections;
            _byName = collections.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
            IsResumed = resumed;
        }

        /// <summary>The snapshot folder (full path).</summary>
        public string Root => _writer.Root;

        public string TenantId => _header.TenantId;

        /// <summary>When the first run of this snapshot started (kept across resumes).</summary>
        public DateTimeOffset CollectedAt => _header.CollectedAt;

        public string? Scope => _header.Scope;

        /// <summary>True when this run continues an interrupted one.</summary>
        public bool IsResumed { get; }

        /// <summary>Every collection of the run, in the order given to <see cref="Open(string, string, IEnumerable{string}, bool, SnapshotWriteOptions?)"/>.</summary>
        public IReadOnlyList<CollectionState> Collections
        {
            get
            {
                lock (_gate)
                {
                    return _collections.Select(c => new CollectionState(c)).ToList();
                }
            }
        }

        /// <summary>Opens a run for the collections of a plan.</summary>
        public static CollectionCheckpoint Open(string path, string tenantId, CollectionPlan plan, bool resume, SnapshotWriteOptions? options = null)
        {
            if (plan == null)
            {
                throw new ArgumentNullException(nameof(plan));
            }

            return Open(path, tenantId, plan.Names, resume, options);
        }

        /// <summary>
        /// Starts a new collection into <paramref name="path"/> (which must be empty or absent unless
        /// <see cref="SnapshotWriteOptions.Force"/>), or with <paramref name="resume"/> continues the one recorded in its
        /// checkpoint.json, which must be for the same tenant and the same collections. Throws
        /// <see cref="SnapshotException"/> with an id from <see cref="CollectionErrorIds"/>.
        /// </summary>
        public static CollectionCheckpoint Open(string path, string tenantId, IEnumerable<string> collections, bool resume, SnapshotWriteOptions? options = null)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                throw new ArgumentException("A snapshot folder is required.", nameof(path));
            }

            if (string.IsNullOrWhiteSpace(tenantId))
            {
                throw new ArgumentException("The tenant id is required.", nameof(tenantId));
            }

            if (collections == null)
            {
                throw new ArgumentNullException(nameof(collections));
            }

            options ??= new SnapshotWriteOptions();
            var names = collections.ToList();
            ValidateNames(names);
            var writer = new SnapshotWriter(path, options.FileSystem);
            return resume ? Resume(writer, tenantId, names, options) : Start(writer, tenantId, names, options);
        }

        /// <summary>The state of one collection.</summary>
        public CollectionState GetState(string name)
        {
            lock (_gate)
            {
                return new CollectionState(Get(name));
            }
        }

        /// <summary>
        /// Starts (or continues) a collection and says where: a complete collection needs nothing; otherwise request
        /// from <see cref="CollectionState.Continuation"/> (the first request when null). A skipped collection of an earlier
        /// run starts over, as the permission may since have been granted; a failed one continues after its saved pages.
        /// </summary>
        public CollectionState BeginCollection(string name)
        {
            lock (_gate)
            {
                ThrowIfFinished();
                var progress = Get(name);
                progress.Begin();
                return new CollectionState(progress);
            }
        }

        /// <summary>
        /// Saves the next page of a collection, then records it. <paramref name="nextContinuation"/> is what to request
        /// next (null: this was the last page, and the collection is complete). <paramref name="requests"/> counts the
        /// requests this page took, retries included.
        /// </summary>
        public CollectionState CommitPage(string name, IEnumerable<JsonElement> items, string? nextContinuation, int requests)
        {
            if (items == null)
            {
                throw new ArgumentNullException(nameof(items));
            }

            return CommitPage(name, requests, page =>
            {
                foreach (var item in items)
                {
                    page.Add(item);
                }

                return nextContinuation;
            });
        }

        /// <summary>
        /// Saves the next page of a collection by streaming: <paramref name="writePage"/> adds the objects as they are
        /// read and returns the next continuation (null when this was the last page), which a Graph response gives only
        /// after its <c>value</c>. If it throws, nothing is saved or recorded and the page can be requested again.
        /// </summary>
        public CollectionState CommitPage(string name, int requests, Func<PageItemWriter, string?> writePage)
        {
            if (writePage == null)
            {
                throw new ArgumentNullException(nameof(writePage));
            }

            if (requests < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(requests), requests, "Requests cannot be negative.");
            }

            CollectionProgress progress;
            int page;
            lock (_gate)
            {
                ThrowIfFinished();
                progress = Get(name);
            }

            lock (progress.PageLock)
            {
                lock (_gate)
                {
                    progress.RequireInProgress();
                    page = progress.Pages + 1;
                }

                var continuation = _writer.WritePage(name, page, writePage, out var count);

                lock (_gate)
                {
                    var saved = progress.Copy();
                    progress.RecordPage(page, count, requests, continuation);
                    Persist(progress, saved, manifestToo: continuation == null);
                    return new CollectionState(progress);
                }
            }
        }

        /// <summary>
        /// Marks a collection complete. Needed only when no page was committed (an empty result; an empty page is
        /// written so the snapshot shows the set as present and empty) or when the collector knows it is done though
        /// it gave a continuation with the last page.
        /// </summary>
        public CollectionState CompleteCollection(string name, int requests = 0)
        {
            var progress = GetForUpdate(name);
            lock (progress.PageLock)
            {
                lock (_gate)
                {
                    if (progress.Status == CollectionProgressStatus.Complete)
                    {
                        return new CollectionState(progress);
                    }

                    progress.RequireInProgress();
                }

                var emptyPage = progress.Pages == 0;
                if (emptyPage)
                {
                    _writer.WritePage(name, 1, _ => 0, out _);
                }

                lock (_gate)
                {
                    var saved = progress.Copy();
                    progress.RecordComplete(requests);
                    Persist(progress, saved, manifestToo: true);
                    return new CollectionState(progress);
                }
            }
        }

        /// <summary>
        /// Discards a collection's saved pages and starts it again (e.g. the continuation expired); the next page is
        /// page 1 and the next request the first one.
        /// </summary>
        public CollectionState RestartCollection(string name) =>
            ResetCollection(name, CollectionProgressStatus.InProgress, missingPermission: null, error: null);

        /// <summary>
        /// Records that a collection is not collected because the identity lacks <paramref name="missingPermission"/>
        /// (or for <paramref name="reason"/>); controls needing it report Skipped naming the permission.
        /// A skipped set holds no data, even pages saved before the skip.
        /// </summary>
        public CollectionState MarkSkipped(string name, string? missingPermission, string? reason = null) =>
            ResetCollection(name, CollectionProgressStatus.Skipped, missingPermission, reason);

        /// <summary>Empties a collection (no pages, no continuation) with the given status, then removes its pages.</summary>
        private CollectionState ResetCollection(string name, CollectionProgressStatus status, string? missingPermission, string? error)
        {
            var progress = GetForUpdate(name);
            lock (progress.PageLock)
            {
                lock (_gate)
                {
                    var saved = progress.Copy();
                    progress.Reset(status, missingPermission, error);

                    // Record first: if deleting the pages is interrupted, the leftovers are above the recorded count
                    // and are overwritten or removed on resume.
                    Persist(progress, saved, manifestToo: true);
                }

                _writer.DeletePagesAbove(name, 0);
                return GetState(name);
            }
        }

        /// <summary>
        /// Records that a collection stopped on an error. Its saved pages stay: the manifest says "partial" (or "failed"
        /// when nothing was saved), controls needing it report Error, and -Resume continues after the last saved page.
        /// </summary>
        public CollectionState MarkFailed(string name, string error, int requests = 0)
        {
            var progress = GetForUpdate(name);
            lock (progress.PageLock)
            {
                lock (_gate)
                {
                    var saved = progress.Copy();
                    progress.RecordFailure(error, requests);
                    Persist(progress, saved, manifestToo: true);
                    return new CollectionState(progress);
                }
            }
        }

        /// <summary>
        /// Writes the final manifest.json. Removes checkpoint.json when every collection is complete or skipped;
        /// otherwise keeps it so that -Resume retries only the failed and unfinished collections.
        /// </summary>
        public CollectionSummary Finish()
        {
            lock (_gate)
            {
                ThrowIfFinished();
                foreach (var collection in _collections)
                {
                    _writer.DeletePagesAbove(collection.Name, collection.Pages);
                }

                WriteManifest();
                var keep = _collections.Any(c => c.Status != CollectionProgressStatus.Complete && c.Status != CollectionProgressStatus.Skipped);
                if (!keep)
                {
                    CheckpointFile.Delete(_writer);
                }

                _finished = true;
                return new CollectionSummary(_collections.Select(c => new CollectionState(c)).ToList(), keep);
            }
        }

        private static CollectionCheckpoint Start(SnapshotWriter writer, string tenantId, List<string> names, SnapshotWriteOptions options)
        {
            SnapshotFolderPolicy.PrepareNewRun(writer, options.Force);
            var collectedAt = (options.CollectedAt ?? DateTimeOffset.UtcNow).ToUniversalTime();
            var header = new RunHeader(tenantId, collectedAt, options.Scope, options.ToolName, options.ToolVersion, options.Cloud);
            var checkpoint = new CollectionCheckpoint(writer, header, names.Select(n => new CollectionProgress(n)).ToList(), resumed: false);
            lock (checkpoint._gate)
            {
                checkpoint.WriteCheckpoint();
                checkpoint.WriteManifest();
            }

            return checkpoint;
        }

        private static CollectionCheckpoint Resume(SnapshotWriter writer, string tenantId, List<string> names, SnapshotWriteOptions options)
        {
            var saved = SnapshotFolderPolicy.OpenForResume(writer, tenantId, names);

            // Keep the checkpoint's tenant, start, order and state; the run's own list only had to name the same collections.
            var header = new RunHeader(saved.TenantId, saved.CollectedAt, saved.Scope, options.ToolName, options.ToolVersion, options.Cloud);
            var checkpoint = new CollectionCheckpoint(writer, header, saved.Collections, resumed: true);
            lock (checkpoint._gate)
            {
                checkpoint.WriteManifest();
            }

            return checkpoint;
        }

        private static void ValidateNames(List<string> names)
        {
            if (names.Count == 0)
            {
                throw new ArgumentException("A collection run needs at least one collection.", nameof(names));
            }

            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in names)
            {
                SnapshotWriter.PageLocation(name);
                if (!seen.Add(name))
                {
                    throw new ArgumentException($"The collection '{name}' is listed twice.", nameof(names));
                }
            }
        }

        private CollectionProgress Get(string name)
        {
            if (name == null || !_byName.TryGetValue(name, out var progress))
            {
                throw new ArgumentException($"'{name}' is not a collection of this run.", nameof(name));
            }

            return progress;
        }

        private CollectionProgress GetForUpdate(string name)
        {
            lock (_gate)
            {
                ThrowIfFinished();
                return Get(name);
            }
        }

        private void ThrowIfFinished()
        {
            if (_finished)
            {
                throw new InvalidOperationException("The collection run is finished.");
            }
        }

        /// <summary>
        /// Writes the checkpoint (and the manifest when a collection changed state). If the checkpoint cannot be written
        /// the in-memory state goes back to what is on disk, so a retried page gets the same number and overwrites.
        /// </summary>
        private void Persist(CollectionProgress progress, CollectionProgress saved, bool manifestToo)
        {
            try
            {
                WriteCheckpoint();
            }
            catch
            {
                progress.RestoreFrom(saved);
                throw;
            }

            if (manifestToo)
            {
                try
                {
                    WriteManifest();
                }
                catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
                {
                    // The page is recorded, so the commit stands: an error here must not make the collector retry it.
                    // The interim manifest is a courtesy to readers of an unfinished folder; Finish writes it again.
                }
            }
        }

        private void WriteManifest() =>
            _writer.WriteManifest(TenantId, CollectedAt, _header.ToolName, _header.ToolVersion, _header.Cloud, Scope, _collections);

        private void WriteCheckpoint() => CheckpointFile.Write(_writer, _header, _collections);
    }
}
