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
    /// worker waits. Items cross threads in chunks, so the hand-off costs little beside the items' own work.
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
        private readonly Thread[] _workers;
        private int _next = -1;
        private bool _disposed;

        /// <param name="count">How many streams.</param>
        /// <param name="produce">Makes stream <c>index</c>; it runs on a worker thread and must honour the token.</param>
        /// <param name="workers">Worker threads (at least 1).</param>
        /// <param name="window">Streams that may be started and not yet read (at least <paramref name="workers"/>).</param>
        /// <param name="capacity">Items each stream may buffer before its worker waits for the reader.</param>
        /// <param name="cancellationToken">Stops the workers and the reader.</param>
        public OrderedParallelStreams(int count, Func<int, CancellationToken, IEnumerable<T>> produce, int workers, int window, int capacity, CancellationToken cancellationToken)
        {
            _produce = produce ?? throw new ArgumentNullException(nameof(produce));
            _slots = new Slot[count];
            for (var i = 0; i < count; i++)
            {
                _slots[i] = new Slot(Math.Max(1, capacity / ChunkSize));
            }

            workers = Math.Max(1, Math.Min(workers, count));
            _window = new SemaphoreSlim(Math.Max(window, workers));
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _workers = new Thread[workers];
            for (var i = 0; i < workers; i++)
            {
                _workers[i] = new Thread(Work) { IsBackground = true, Name = "ZeroTrustAI evaluation " + (i + 1) };
                _workers[i].Start();
            }
        }

        public int Count => _slots.Length;

        /// <summary>The items of stream <paramref name="index"/>, as they come; read the streams in order, each once.</summary>
        public IEnumerable<T> Read(int index)
        {
            var slot = _slots[index];
            foreach (var chunk in slot.Items.GetConsumingEnumerable(_stop.Token))
            {
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

        private sealed class Slot
        {
            /// <param name="capacity">Chunks the slot holds before its worker waits.</param>
            public Slot(int capacity)
            {
                Items = new BlockingCollection<List<T>>(new ConcurrentQueue<List<T>>(), capacity);
            }

            public BlockingCollection<List<T>> Items { get; }

            public ExceptionDispatchInfo? Error { get; set; }
        }
    }
}
