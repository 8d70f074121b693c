using System;
using System.Threading;

namespace ZeroTrustAI.Engine.Evaluation
{
    /// <summary>
    /// Keeps the heap of a large assessment close to what it holds alive. A million-object tenant keeps 1.6-2 GB alive
    /// while its controls run, and the collector, left to its own pacing, let garbage grow another 1.3 GB or more before
    /// collecting the oldest generation (3.5-3.8 GiB peak working set against 2.2 GB alive). Once the heap passes
    /// <see cref="FloorBytes"/>, it is collected in full whenever it has grown <see cref="HeadroomBytes"/> past what the
    /// last such collection left: a collection of a second or two for each such growth, in place of the background
    /// collections the runtime would have run anyway. Smaller heaps (100,000 service principals stay under 1 GiB) are
    /// left to the runtime entirely. Process-wide, as the heap is: assessments run side by side in one process
    /// (ForEach-Object -Parallel) share one allowance.
    /// </summary>
    internal static class HeapGovernor
    {
        /// <summary>Below this heap size the runtime's own pacing is left alone.</summary>
        internal const long FloorBytes = 1L << 30;

        /// <summary>
        /// How far the heap may grow past the live bytes of the last full collection before the next. A quarter of them
        /// (the first measure) was 440 MB at 1.7 GB alive, all of it on top of the peak; 256 MiB took the million-principal
        /// peak down by 210 MiB for three more full collections (4.6 s more pause in a 215 s run), and 192 MiB keeps it
        /// under 2 GiB with the rest.
        /// </summary>
        internal const long HeadroomBytes = 192L << 20;

        /// <summary>
        /// How the governor collects: aggressively where the runtime has that mode (.NET 7 on, value 3; .NET Framework
        /// has none), which also hands the memory it freed back to the system and resets the young generations' budgets.
        /// A forced collection left freed regions committed: at 1M the peak working set stood about 170 MiB higher
        /// (2,063 against 1,893 MiB), for the same CPU.
        /// </summary>
        internal static readonly GCCollectionMode FullCollectionMode =
            Enum.IsDefined(typeof(GCCollectionMode), 3) ? (GCCollectionMode)3 : GCCollectionMode.Forced;

        // Reading the heap size is cheap but not free; results and analyses come by the million. A result allocates about
        // 18 KB at 1M, so between two checks the heap may pass its allowance by this many results' worth: 4,096 let it
        // overshoot by about 75 MB, which showed in the peak.
        private const int TicksPerCheck = 1024;

        private static readonly object Gate = new object();
        private static long allowedBytes = FloorBytes;
        private static int ticks;

        /// <summary>How many objects read, results and analyses have been counted in this process.</summary>
        internal static int Ticks => Volatile.Read(ref ticks);

        /// <summary>Called once per object read, result or analysis made; collects when the heap has outgrown its allowance.</summary>
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

                GC.Collect(GC.MaxGeneration, FullCollectionMode, blocking: true, compacting: true);
                Volatile.Write(ref allowedBytes, AllowanceAfter(GC.GetTotalMemory(false)));
            }
        }

        /// <summary>
        /// Whether the heap is small enough for results made ahead of their reader to wait in memory: below the floor,
        /// where the runtime paces collections on its own. A heap past it holds a large tenant, whose memory target
        /// comes first.
        /// </summary>
        public static bool HasRoomToBuffer() => GC.GetTotalMemory(false) < FloorBytes;

        /// <summary>Whether a heap of <paramref name="heapBytes"/> has outgrown the allowance.</summary>
        internal static bool ShouldCollect(long heapBytes, long allowance) => heapBytes >= Math.Max(FloorBytes, allowance);

        /// <summary>The heap size that triggers the next collection, after one left <paramref name="liveBytes"/>.</summary>
        internal static long AllowanceAfter(long liveBytes) => Math.Max(FloorBytes, liveBytes + HeadroomBytes);
    }
}
