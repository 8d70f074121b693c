using System;
using System.Threading;

namespace ZeroTrustAI.Collector.Collection
{
    /// <summary>Counters for one collection run, shared by the Graph and ARM collectors; safe to update from several threads.</summary>
    public sealed class CollectionStatistics
    {
        private long _requests;
        private long _retries;
        private long _throttledWaits;
        private long _throttledWaitTicks;
        private long _bytes;
        private long _pages;
        private long _objects;
        private long _resourceUnits;

        public long Requests => Interlocked.Read(ref _requests);
        public long Retries => Interlocked.Read(ref _retries);
        public long ThrottledWaits => Interlocked.Read(ref _throttledWaits);
        public TimeSpan ThrottledWaitTime => TimeSpan.FromTicks(Interlocked.Read(ref _throttledWaitTicks));
        public long Bytes => Interlocked.Read(ref _bytes);
        public long Pages => Interlocked.Read(ref _pages);
        public long Objects => Interlocked.Read(ref _objects);

        /// <summary>Graph resource units spent: what Graph's x-ms-resource-unit headers say, the published cost where they say nothing.</summary>
        public long ResourceUnits => Interlocked.Read(ref _resourceUnits);

        public void AddResourceUnits(long units) => Interlocked.Add(ref _resourceUnits, units);

        public void AddRequest(long bytes)
        {
            Interlocked.Increment(ref _requests);
            Interlocked.Add(ref _bytes, bytes);
        }

        public void AddRetry() => Interlocked.Increment(ref _retries);

        public void AddThrottledWait(TimeSpan wait)
        {
            Interlocked.Increment(ref _throttledWaits);
            Interlocked.Add(ref _throttledWaitTicks, wait.Ticks);
        }

        public void AddPage(long objects)
        {
            Interlocked.Increment(ref _pages);
            Interlocked.Add(ref _objects, objects);
        }

        public override string ToString() =>
            $"{Requests} requests, {Retries} retries, {ThrottledWaits} throttled waits ({ThrottledWaitTime.TotalSeconds:0.#} s), {Pages} pages, {Objects} objects, {ResourceUnits} Graph resource units, {Bytes / 1024.0 / 1024.0:0.##} MiB";
    }

    /// <summary>Progress of one collection (a Graph set or an Azure resource type), reported after each page.</summary>
    public sealed class CollectionProgress
    {
        public CollectionProgress(string collection, int index, int count, long objects, long pages)
        {
            Collection = collection;
            Index = index;
            Count = count;
            Objects = objects;
            Pages = pages;
        }

        /// <summary>The collection's manifest name, e.g. graph/servicePrincipals.</summary>
        public string Collection { get; }

        /// <summary>Its position in the plan (0-based) and the number of collections in the plan.</summary>
        public int Index { get; }

        public int Count { get; }

        /// <summary>Objects and pages saved for this collection so far (resumed pages included).</summary>
        public long Objects { get; }

        public long Pages { get; }
    }

    /// <summary>
    /// Narrow callbacks from the collectors to their host (a cmdlet or a test): no PowerShell types. Requests run in
    /// parallel, so each callback may be called from several threads at once: a host collects into a thread-safe
    /// collection or posts to its own thread.
    /// </summary>
    public sealed class CollectionCallbacks
    {
        /// <summary>After each page of a collection.</summary>
        public IProgress<CollectionProgress>? Progress { get; set; }

        /// <summary>One line per request: method, route (no query secrets), status, elapsed time. Already redacted.</summary>
        public Action<string>? Verbose { get; set; }

        /// <summary>Something the user should know but that does not stop the run (a skipped collection, a retry).</summary>
        public Action<string>? Warning { get; set; }
    }
}
