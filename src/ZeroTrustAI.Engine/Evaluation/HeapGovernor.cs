using System;
using System.Threading;

namespace ZeroTrustAI.Engine.Evaluation
{
    /// <summary>
    /// Keeps the heap of a large assessment close to what it holds alive. A million-object tenant keeps about 2 GB alive
    /// while its controls run, and the collector, left to its own pacing, let garbage grow another 1.3 GB or more before
    /// collecting the oldest generation (3.5-3.8 GiB peak working set against 2.2 GB alive). Once the heap passes
    /// <see cref="FloorBytes"/>, it is collected in full whenever it has grown <see cref="Headroom"/> times past what the
    /// last such collection left, or <see cref="MaxHeadroomBytes"/> past it if that comes first: about one collection
    /// for each further quarter of live memory, each a second or two on a 2 GB heap, in place of the background
    /// collections the runtime would have run anyway. Smaller heaps (100,000
    /// service principals stay under 1 GiB) are left to the runtime entirely. Process-wide, as the heap is: assessments
    /// run side by side in one process (ForEach-Object -Parallel) share one allowance.
    /// </summary>
    internal static class HeapGovernor
    {
        /// <summary>Below this heap size the runtime's own pacing is left alone.</summary>
        internal const long FloorBytes = 1L << 30;

        /// <summary>How far the heap may grow past the live bytes of the last full collection before the next.</summary>
        internal const double Headroom = 1.25;

        /// <summary>
        /// The most it may grow past them, whatever the live size: at 1.7 GB alive a quarter more was 440 MB of garbage
        /// on top of the peak; capped here the million-principal peak fell by 210 MiB for three more full collections
        /// (4.6 s more pause in a 215 s run).
        /// </summary>
        internal const long MaxHeadroomBytes = 256L << 20;

        // Reading the heap size is cheap but not free; results and analyses come by the million.
        private const int TicksPerCheck = 4096;

        private static readonly object Gate = new object();
        private static long allowedBytes = FloorBytes;
        private static int ticks;

        /// <summary>Called once per result or analysis made; collects when the heap has outgrown its allowance.</summary>
        public static void Tick()
        {
            if (Interlocked.Increment(ref ticks) % TicksPerCheck != 0 || !ShouldCollect(GC.GetTotalMemory(false), Volatile.Read(ref allowedBytes)))
            {
                return;
            }

            lock (Gate)
            {
                // Another thread may have collected while this one waited.
                if (!ShouldCollect(GC.GetTotalMemory(false), allowedBytes))
                {
                    return;
                }

                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                Volatile.Write(ref allowedBytes, AllowanceAfter(GC.GetTotalMemory(false)));
            }
        }

        /// <summary>Whether a heap of <paramref name="heapBytes"/> has outgrown the allowance.</summary>
        internal static bool ShouldCollect(long heapBytes, long allowance) => heapBytes >= Math.Max(FloorBytes, allowance);

        /// <summary>The heap size that triggers the next collection, after one left <paramref name="liveBytes"/>.</summary>
        internal static long AllowanceAfter(long liveBytes) => Math.Max(FloorBytes, liveBytes + Math.Min((long)(liveBytes * (Headroom - 1)), MaxHeadroomBytes));
    }
}
