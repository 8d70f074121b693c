using System;
using System.Collections.Generic;

namespace ZeroTrustAI.Engine.Collection
{
    /// <summary>Stable ids of collection errors; the cmdlets use them as ErrorRecord ids.</summary>
    public static class CollectionErrorIds
    {
        /// <summary>-Resume with another tenant or another set of collections (pillars) than the checkpoint's.</summary>
        public const string ResumeMismatch = "ResumeMismatch";

        /// <summary>-Resume on a folder with no checkpoint (never started, or already finished).</summary>
        public const string ResumeNothingToResume = "ResumeNothingToResume";

        /// <summary>A new collection into a folder that already holds files, without -Force.</summary>
        public const string SnapshotFolderNotEmpty = "SnapshotFolderNotEmpty";

        /// <summary>checkpoint.json exists but cannot be read (edited by hand, or written by a newer version).</summary>
        public const string CheckpointUnreadable = "CheckpointUnreadable";
    }

    /// <summary>Where a collection stands in a run.</summary>
    public enum CollectionProgressStatus
    {
        /// <summary>Not begun.</summary>
        Pending,

        /// <summary>Begun: <see cref="CollectionState.PagesCompleted"/> pages are saved, resume from <see cref="CollectionState.Continuation"/>.</summary>
        InProgress,

        /// <summary>Every page is saved.</summary>
        Complete,

        /// <summary>Not collected on purpose (missing permission); nothing is saved.</summary>
        Skipped,

        /// <summary>Stopped by an error; the saved pages stay and a resume continues after them.</summary>
        Failed,
    }

    /// <summary>What the collector needs to know to (re)start a collection.</summary>
    public sealed class CollectionState
    {
        internal CollectionState(CollectionProgress progress)
        {
            Name = progress.Name;
            Status = progress.Status;
            PagesCompleted = progress.Pages;
            Continuation = progress.Continuation;
            Count = progress.Count;
            Requests = progress.Requests;
            Error = progress.Error;
            MissingPermission = progress.MissingPermission;
        }

        public string Name { get; }

        public CollectionProgressStatus Status { get; }

        /// <summary>Pages saved and recorded; the next page written is number PagesCompleted + 1.</summary>
        public int PagesCompleted { get; }

        /// <summary>
        /// Where to continue: the next link, skip token or any string the collector gave with the last saved page
        /// (opaque to the writer). Null when no page is saved yet (start from the first request).
        /// </summary>
        public string? Continuation { get; }

        /// <summary>Objects saved so far.</summary>
        public long Count { get; }

        /// <summary>Requests spent so far, on this run and the runs it resumes.</summary>
        public long Requests { get; }

        public string? Error { get; }

        public string? MissingPermission { get; }

        public bool IsComplete => Status == CollectionProgressStatus.Complete;

        /// <summary>True when nothing is left to request: the collection is complete or skipped.</summary>
        public bool IsDone => Status == CollectionProgressStatus.Complete || Status == CollectionProgressStatus.Skipped;

        public override string ToString() => $"{Name}: {Status}, {PagesCompleted} page(s), {Count} object(s)";
    }

    /// <summary>The mutable record behind a <see cref="CollectionState"/>; persisted in checkpoint.json.</summary>
    internal sealed class CollectionProgress
    {
        public CollectionProgress(string name)
        {
            Name = name;
        }

        public string Name { get; }

        public CollectionProgressStatus Status { get; set; }

        public int Pages { get; set; }

        public long Count { get; set; }

        public long Requests { get; set; }

        public string? Continuation { get; set; }

        public string? Error { get; set; }

        public string? MissingPermission { get; set; }

        /// <summary>Serialises page writes of one collection; pages of different collections may be written at once.</summary>
        public object PageLock { get; } = new object();

        /// <summary>
        /// Starts or continues: a pending collection, or one skipped by an earlier run (the permission may since have
        /// been granted), starts over; a failed one continues after its saved pages.
        /// </summary>
        public void Begin()
        {
            switch (Status)
            {
                case CollectionProgressStatus.Pending:
                case CollectionProgressStatus.Skipped:
                    Reset(CollectionProgressStatus.InProgress, missingPermission: null, error: null);
                    break;
                case CollectionProgressStatus.Failed:
                    Status = CollectionProgressStatus.InProgress;
                    Error = null;
                    break;
            }
        }

        public void RequireInProgress()
        {
            if (Status != CollectionProgressStatus.InProgress)
            {
                throw new InvalidOperationException(Status == CollectionProgressStatus.Complete
                    ? $"{Name} is already complete."
                    : $"{Name} is {Status}; call BeginCollection before committing pages.");
            }
        }

        /// <summary>Page <paramref name="page"/> is saved; no continuation means it was the last.</summary>
        public void RecordPage(int page, long count, int requests, string? continuation)
        {
            Pages = page;
            Count += count;
            Requests += requests;
            Continuation = continuation;
            if (continuation == null)
            {
                Status = CollectionProgressStatus.Complete;
            }
        }

        /// <summary>Complete without a new page (an empty result has its empty page 1).</summary>
        public void RecordComplete(int requests)
        {
            Pages = Math.Max(Pages, 1);
            Requests += requests;
            Continuation = null;
            Status = CollectionProgressStatus.Complete;
        }

        /// <summary>No pages, no continuation, the given status.</summary>
        public void Reset(CollectionProgressStatus status, string? missingPermission, string? error)
        {
            Status = status;
            Pages = 0;
            Count = 0;
            Continuation = null;
            MissingPermission = missingPermission;
            Error = error;
        }

        /// <summary>Stopped on an error; the saved pages stay for a resume.</summary>
        public void RecordFailure(string error, int requests)
        {
            Status = CollectionProgressStatus.Failed;
            Error = string.IsNullOrWhiteSpace(error) ? "The collection failed." : error;
            Requests += requests;
        }

        public CollectionProgress Copy() => new CollectionProgress(Name)
        {
            Status = Status,
            Pages = Pages,
            Count = Count,
            Requests = Requests,
            Continuation = Continuation,
            Error = Error,
            MissingPermission = MissingPermission,
        };

        public void RestoreFrom(CollectionProgress saved)
        {
            Status = saved.Status;
            Pages = saved.Pages;
            Count = saved.Count;
            Requests = saved.Requests;
            Continuation = saved.Continuation;
            Error = saved.Error;
            MissingPermission = saved.MissingPermission;
        }
    }

    /// <summary>What <see cref="CollectionCheckpoint.Finish"/> did.</summary>
    public sealed class CollectionSummary
    {
        internal CollectionSummary(IReadOnlyList<CollectionState> collections, bool checkpointKept)
        {
            Collections = collections;
            CheckpointKept = checkpointKept;
            foreach (var collection in collections)
            {
                Pages += collection.PagesCompleted;
                Objects += collection.Count;
                Requests += collection.Requests;
            }
        }

        public IReadOnlyList<CollectionState> Collections { get; }

        /// <summary>
        /// True when some collection failed or is unfinished: checkpoint.json stays so that -Resume retries only those.
        /// </summary>
        public bool CheckpointKept { get; }

        public long Pages { get; }

        public long Objects { get; }

        public long Requests { get; }

        public override string ToString() => FormattableString.Invariant($"{Collections.Count} collection(s), {Pages} page(s), {Objects} object(s), {Requests} request(s)");
    }
}
