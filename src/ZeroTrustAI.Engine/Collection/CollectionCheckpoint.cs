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
        public const string CheckpointFileName = "checkpoint.json";
        private const int CheckpointVersion = 1;

        private readonly object _gate = new object();
        private readonly SnapshotWriter _writer;
        private readonly List<CollectionProgress> _collections;
        private readonly Dictionary<string, CollectionProgress> _byName;
        private readonly string _toolName;
        private readonly string _toolVersion;
        private readonly CloudInfo _cloud;
        private bool _finished;

        private CollectionCheckpoint(
            SnapshotWriter writer,
            string tenantId,
            DateTimeOffset collectedAt,
            string? scope,
            string toolName,
            string toolVersion,
            CloudInfo cloud,
            List<CollectionProgress> collections,
            bool resumed)
        {
            _writer = writer;
            TenantId = tenantId;
            CollectedAt = collectedAt;
            Scope = scope;
            _toolName = toolName;
            _toolVersion = toolVersion;
            _cloud = cloud;
            _collections = collections;
            _byName = collections.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
            IsResumed = resumed;
        }

        /// <summary>The snapshot folder (full path).</summary>
        public string Root => _writer.Root;

        public string TenantId { get; }

        /// <summary>When the first run of this snapshot started (kept across resumes).</summary>
        public DateTimeOffset CollectedAt { get; }

        public string? Scope { get; }

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
                switch (progress.Status)
                {
                    case CollectionProgressStatus.Pending:
                    case CollectionProgressStatus.Skipped:
                        progress.Status = CollectionProgressStatus.InProgress;
                        progress.Pages = 0;
                        progress.Count = 0;
                        progress.Continuation = null;
                        progress.Error = null;
                        progress.MissingPermission = null;
                        break;
                    case CollectionProgressStatus.Failed:
                        progress.Status = CollectionProgressStatus.InProgress;
                        progress.Error = null;
                        break;
                }

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
                    RequireInProgress(progress);
                    page = progress.Pages + 1;
                }

                var continuation = _writer.WritePage(name, page, writePage, out var count);

                lock (_gate)
                {
                    var saved = progress.Copy();
                    progress.Pages = page;
                    progress.Count += count;
                    progress.Requests += requests;
                    progress.Continuation = continuation;
                    if (continuation == null)
                    {
                        progress.Status = CollectionProgressStatus.Complete;
                    }

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

                    RequireInProgress(progress);
                }

                var emptyPage = progress.Pages == 0;
                if (emptyPage)
                {
                    _writer.WritePage(name, 1, _ => 0, out _);
                }

                lock (_gate)
                {
                    var saved = progress.Copy();
                    progress.Pages = Math.Max(progress.Pages, 1);
                    progress.Requests += requests;
                    progress.Continuation = null;
                    progress.Status = CollectionProgressStatus.Complete;
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
                    progress.Status = status;
                    progress.Pages = 0;
                    progress.Count = 0;
                    progress.Continuation = null;
                    progress.MissingPermission = missingPermission;
                    progress.Error = error;

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
                    progress.Status = CollectionProgressStatus.Failed;
                    progress.Error = string.IsNullOrWhiteSpace(error) ? "The collection failed." : error;
                    progress.Requests += requests;
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
                    _writer.FileSystem.DeleteFile(_writer.FullPath(CheckpointFileName));
                }

                _finished = true;
                return new CollectionSummary(_collections.Select(c => new CollectionState(c)).ToList(), keep);
            }
        }

        private static CollectionCheckpoint Start(SnapshotWriter writer, string tenantId, List<string> names, SnapshotWriteOptions options)
        {
            var fs = writer.FileSystem;
            if (fs.DirectoryExists(writer.Root) && fs.EnumerateEntries(writer.Root).Any())
            {
                if (!options.Force)
                {
                    var interrupted = fs.FileExists(writer.FullPath(CheckpointFileName));
                    throw new SnapshotException(
                        CollectionErrorIds.SnapshotFolderNotEmpty,
                        interrupted
                            ? $"'{writer.Root}' holds an interrupted collection (checkpoint.json). Continue it with -Resume, or start over with -Force."
                            : $"'{writer.Root}' is not empty. Choose a new folder, or use -Force to replace the snapshot in it.",
                        writer.Root);
                }

                // Only the snapshot's own files: anything left would be read with the new snapshot.
                fs.DeleteFile(writer.FullPath(SnapshotWriter.ManifestFileName));
                fs.DeleteFile(writer.FullPath(CheckpointFileName));
                foreach (var folder in new[] { "graph", "arm", "purview" })
                {
                    fs.DeleteDirectory(writer.FullPath(folder));
                }

                writer.DeleteTemporaryFiles();
            }

            fs.CreateDirectory(writer.Root);
            var collectedAt = (options.CollectedAt ?? DateTimeOffset.UtcNow).ToUniversalTime();
            var checkpoint = new CollectionCheckpoint(
                writer,
                tenantId,
                collectedAt,
                options.Scope,
                options.ToolName,
                options.ToolVersion,
                options.Cloud,
                names.Select(n => new CollectionProgress(n)).ToList(),
                resumed: false);
            lock (checkpoint._gate)
            {
                checkpoint.WriteCheckpoint();
                checkpoint.WriteManifest();
            }

            return checkpoint;
        }

        private static CollectionCheckpoint Resume(SnapshotWriter writer, string tenantId, List<string> names, SnapshotWriteOptions options)
        {
            var fs = writer.FileSystem;
            var checkpointPath = writer.FullPath(CheckpointFileName);
            if (!fs.FileExists(checkpointPath))
            {
                var finished = fs.FileExists(writer.FullPath(SnapshotWriter.ManifestFileName));
                throw new SnapshotException(
                    CollectionErrorIds.ResumeNothingToResume,
                    finished
                        ? $"The snapshot in '{writer.Root}' is already complete (it has manifest.json and no checkpoint.json); there is nothing to resume."
                        : $"'{writer.Root}' has no checkpoint.json: there is no interrupted collection to resume. Run without -Resume to start one.",
                    writer.Root);
            }

            var saved = ReadCheckpoint(writer, checkpointPath);
            var problems = new List<string>();
            if (!string.Equals(saved.TenantId, tenantId, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"it is for tenant {saved.TenantId}, not {tenantId}");
            }

            var savedNames = new HashSet<string>(saved.Collections.Select(c => c.Name), StringComparer.OrdinalIgnoreCase);
            var missing = names.Where(n => !savedNames.Contains(n)).ToList();
            var extra = saved.Collections.Select(c => c.Name).Where(n => !names.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
            if (missing.Count > 0 || extra.Count > 0)
            {
                var scope = saved.Scope != null ? $" ({saved.Scope})" : string.Empty;
                var detail = new List<string>();
                if (missing.Count > 0)
                {
                    detail.Add("this run also needs " + string.Join(", ", missing));
                }

                if (extra.Count > 0)
                {
                    detail.Add("the checkpoint also has " + string.Join(", ", extra));
                }

                problems.Add($"it collects another set of data{scope}: {string.Join("; ", detail)}");
            }

            if (problems.Count > 0)
            {
                throw new SnapshotException(
                    CollectionErrorIds.ResumeMismatch,
                    $"Cannot resume the collection in '{writer.Root}': {string.Join(", and ", problems)}. Resume with the same tenant and -Pillar, or start a new snapshot folder.",
                    writer.Root);
            }

            // Keep the checkpoint's order and state; the run's own list only had to name the same collections.
            var checkpoint = new CollectionCheckpoint(
                writer,
                saved.TenantId,
                saved.CollectedAt,
                saved.Scope,
                options.ToolName,
                options.ToolVersion,
                options.Cloud,
                saved.Collections,
                resumed: true);

            writer.DeleteTemporaryFiles();
            foreach (var collection in saved.Collections)
            {
                // A page saved but not recorded (crash before the checkpoint was updated) is requested again.
                writer.DeletePagesAbove(collection.Name, collection.Pages);
            }

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

        private static void RequireInProgress(CollectionProgress progress)
        {
            if (progress.Status != CollectionProgressStatus.InProgress)
            {
                throw new InvalidOperationException(progress.Status == CollectionProgressStatus.Complete
                    ? $"{progress.Name} is already complete."
                    : $"{progress.Name} is {progress.Status}; call BeginCollection before committing pages.");
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
            _writer.WriteManifest(TenantId, CollectedAt, _toolName, _toolVersion, _cloud, Scope, _collections);

        private void WriteCheckpoint()
        {
            _writer.WriteDocument(CheckpointFileName, json =>
            {
                json.WriteStartObject();
                json.WriteNumber("checkpointVersion", CheckpointVersion);
                json.WriteString("tenantId", TenantId);
                json.WriteString("collectedAt", SnapshotWriter.FormatTime(CollectedAt));
                if (Scope != null)
                {
                    json.WriteString("scope", Scope);
                }

                json.WriteStartObject("tool");
                json.WriteString("name", _toolName);
                json.WriteString("version", _toolVersion);
                json.WriteEndObject();
                SnapshotWriter.WriteCloud(json, _cloud);
                json.WriteStartArray("collections");
                foreach (var collection in _collections)
                {
                    json.WriteStartObject();
                    json.WriteString("name", collection.Name);
                    json.WriteString("status", collection.Status.ToString());
                    json.WriteNumber("pages", collection.Pages);
                    json.WriteNumber("count", collection.Count);
                    json.WriteNumber("requests", collection.Requests);
                    WriteIfSet(json, "continuation", collection.Continuation);
                    WriteIfSet(json, "error", collection.Error);
                    WriteIfSet(json, "missingPermission", collection.MissingPermission);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            });
        }

        private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
        {
            if (value != null)
            {
                json.WriteString(name, value);
            }
        }

        private static SavedCheckpoint ReadCheckpoint(SnapshotWriter writer, string path)
        {
            try
            {
                using (var stream = writer.FileSystem.OpenRead(path))
                using (var document = JsonDocument.Parse(stream))
                {
                    var root = document.RootElement;
                    var version = root.GetProperty("checkpointVersion").GetInt32();
                    if (version != CheckpointVersion)
                    {
                        throw new FormatException($"checkpointVersion {version} is not {CheckpointVersion}");
                    }

                    var collections = new List<CollectionProgress>();
                    foreach (var item in root.GetProperty("collections").EnumerateArray())
                    {
                        var status = (CollectionProgressStatus)Enum.Parse(typeof(CollectionProgressStatus), item.GetProperty("status").GetString()!, ignoreCase: true);
                        collections.Add(new CollectionProgress(item.GetProperty("name").GetString()!)
                        {
                            Status = status,
                            Pages = item.GetProperty("pages").GetInt32(),
                            Count = item.GetProperty("count").GetInt64(),
                            Requests = item.GetProperty("requests").GetInt64(),
                            Continuation = OptionalString(item, "continuation"),
                            Error = OptionalString(item, "error"),
                            MissingPermission = OptionalString(item, "missingPermission"),
                        });
                    }

                    return new SavedCheckpoint(
                        root.GetProperty("tenantId").GetString()!,
                        DateTimeOffset.Parse(root.GetProperty("collectedAt").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                        OptionalString(root, "scope"),
                        collections);
                }
            }
            catch (Exception exception) when (exception is JsonException || exception is KeyNotFoundException || exception is InvalidOperationException
                                              || exception is FormatException || exception is ArgumentException || exception is OverflowException)
            {
                throw new SnapshotException(
                    CollectionErrorIds.CheckpointUnreadable,
                    $"'{path}' cannot be read ({exception.Message}). Start a new snapshot folder, or rerun with -Force to start over in this one.",
                    path,
                    exception);
            }
        }

        private static string? OptionalString(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private sealed class SavedCheckpoint
        {
            public SavedCheckpoint(string tenantId, DateTimeOffset collectedAt, string? scope, List<CollectionProgress> collections)
            {
                TenantId = tenantId;
                CollectedAt = collectedAt;
                Scope = scope;
                Collections = collections;
            }

            public string TenantId { get; }
            public DateTimeOffset CollectedAt { get; }
            public string? Scope { get; }
            public List<CollectionProgress> Collections { get; }
        }
    }
}
