using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace ZeroTrustAI.Engine.Evaluation
{
    /// <summary>
    /// Runs a fixed list of streams on worker threads, a few ahead of the reader, and hands their items back in the
    /// list's order, so a parallel run yields exactly what a sequential one does. Memory stays bounded: at most
    /// <c>window</c> streams are started and not yet read, and each buffers about <c>capacity</c> items before its
    /// worker waits, or up to <c>roomyCapacity</c> while <c>hasRoom</c> says memory is plentiful. Items cross threads
    /// in chunks, so the hand-off costs little beside the items' own work.
    /// Disposing stops the workers and waits for them, so no work goes on after the reader has left.
    /// </summary>
    /// <remarks>
    /// Workers take streams in index order, so the stream the reader waits for has always been started: with every
    /// worker blocked on a full buffer of a later stream, the earlier one still runs. A stream that throws hands its
    /// exception to the reader when the reader reaches it, after its items, as a sequential run would have.
    /// Workers are started with the caller's execution context (AsyncLocal values flow, as in a sequential run).
    /// </remarks>
    internal sealed class OrderedParallelStreams<T> : IDisposable
    {
        private const int ChunkSize = 256;

        private readonly Func<int, CancellationToken, IEnumerable<T>> _produce;
        private readonly Slot[] _slots;
        private readonly SemaphoreSlim _window;
        private readonly CancellationTokenSource _stop;
        private readonly List<Thread> _workers = new List<Thread>();
        private readonly int _chunks;
        private readonly int _roomyChunks;
        private readonly Func<bool> _hasRoom;
        private int _next = -1;
        private bool _disposed;

        /// <param name="count">How many streams.</param>
        /// <param name="produce">Makes stream <c>index</c>; it runs on a worker thread and must honour the token.</param>
        /// <param name="workers">Worker threads (at least 1).</param>
        /// <param name="window">Streams that may be started and not yet read (at least <paramref name="workers"/>).</param>
        /// <param name="capacity">Items each stream may buffer before its worker waits for the reader.</param>
        /// <param name="cancellationToken">Stops the workers and the reader.</param>
        /// <param name="roomyCapacity">
        /// Items a stream may buffer while <paramref name="hasRoom"/> is true (at least <paramref name="capacity"/>). A
        /// worker that waits on a full buffer of a later stream while the reader is still on an earlier one does nothing:
        /// with a few hundred items ahead only, two workers behind one reader did the work of one.
        /// </param>
        /// <param name="hasRoom">Whether memory allows a buffer past <paramref name="capacity"/>; asked as each chunk is handed over past it.</param>
        public OrderedParallelStreams(int count, Func<int, CancellationToken, IEnumerable<T>> produce, int workers, int window, int capacity, CancellationToken cancellationToken, int roomyCapacity = 0, Func<bool>? hasRoom = null)
        {
            _produce = produce ?? throw new ArgumentNullException(nameof(produce));
            _chunks = Math.Max(1, capacity / ChunkSize);
            _roomyChunks = Math.Max(_chunks, roomyCapacity / ChunkSize);
            _hasRoom = hasRoom ?? (() => false);
            _slots = new Slot[count];
            for (var i = 0; i < count; i++)
            {
                _slots[i] = new Slot();
            }

            workers = Math.Max(1, Math.Min(workers, count));
            _window = new SemaphoreSlim(Math.Max(window, workers));
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            for (var i = 0; i < workers; i++)
            {
                AddWorker();
            }
        }

        public int Count => _slots.Length;

        /// <summary>
        /// Starts one more worker, which takes the next stream not yet started like the others: for a reader that ran
        /// work of its own on its thread while the first workers started, and now only reads. Call it from the reader.
        /// </summary>
        public void AddWorker()
        {
            if (_disposed || _workers.Count >= _slots.Length)
            {
                return;
            }

            var worker = new Thread(Work) { IsBackground = true, Name = "ZeroTrustAI evaluation " + (_workers.Count + 1) };
            _workers.Add(worker);
            worker.Start();
        }

        /// <summary>The items of stream <paramref name="index"/>, as they come; read the streams in order, each once.</summary>
        public IEnumerable<T> Read(int index)
        {
            var slot = _slots[index];
            foreach (var chunk in slot.Items.GetConsumingEnumerable(_stop.Token))
            {
                slot.Taken.Release();
                foreach (var item in chunk)
                {
                    yield return item;
                }
            }

            _window.Release();
            slot.Error?.Throw();
        }

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _stop.Cancel();
            foreach (var worker in _workers)
            {
                worker.Join();
            }

            foreach (var slot in _slots)
            {
                slot.Items.Dispose();
                slot.Taken.Dispose();
            }

            _window.Dispose();
            _stop.Dispose();
        }

        private void Work()
        {
            var token = _stop.Token;
            while (true)
            {
                try
                {
                    _window.Wait(token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                var index = Interlocked.Increment(ref _next);
                if (index >= _slots.Length)
                {
                    return;
                }

                var slot = _slots[index];
                var chunk = new List<T>(ChunkSize);
                try
                {
                    foreach (var item in _produce(index, token))
                    {
                        chunk.Add(item);
                        if (chunk.Count == ChunkSize)
                        {
                            WaitForRoom(slot, token);
                            slot.Items.Add(chunk, token);
                            chunk = new List<T>(ChunkSize);
                        }
                    }
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    // The reader stopped or the run was cancelled: the reader sees the cancellation itself.
                    slot.Items.CompleteAdding();
                    return;
                }
                catch (Exception exception)
                {
                    slot.Error = ExceptionDispatchInfo.Capture(exception);
                }

                // The last, partial chunk (also after an error: those items came before it, as in a sequential run).
                if (chunk.Count > 0)
                {
                    try
                    {
                        WaitForRoom(slot, token);
                        slot.Items.Add(chunk, token);
                    }
                    catch (OperationCanceledException)
                    {
                        slot.Items.CompleteAdding();
                        return;
                    }
                }

                slot.Items.CompleteAdding();
            }
        }

        /// <summary>
        /// Waits until the slot may take one more chunk: below its capacity, or below its roomy capacity while memory
        /// allows. The reader releases <see cref="Slot.Taken"/> for every chunk it takes, so each wake-up looks again.
        /// </summary>
        private void WaitForRoom(Slot slot, CancellationToken token)
        {
            while (true)
            {
                var held = slot.Items.Count;
                if (held < _chunks || (held < _roomyChunks && _hasRoom()))
                {
                    return;
                }

                slot.Taken.Wait(token);
            }
        }

        private sealed class Slot
        {
            /// <summary>The chunks made and not yet read; how many it may hold is <see cref="WaitForRoom"/>'s to judge.</summary>
            public BlockingCollection<List<T>> Items { get; } = new BlockingCollection<List<T>>(new ConcurrentQueue<List<T>>());

            /// <summary>Released by the reader for each chunk it takes: the worker waiting for room looks again.</summary>
            public SemaphoreSlim Taken { get; } = new SemaphoreSlim(0);

            public ExceptionDispatchInfo? Error { get; set; }
        }
    }
}
