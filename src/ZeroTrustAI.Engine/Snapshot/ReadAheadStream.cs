using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace ZeroTrustAI.Engine.Snapshot
{
    /// <summary>
    /// Reads a slow source (a decompressing stream) on a worker thread a few blocks ahead of the consumer, so
    /// decompression and JSON parsing use two cores instead of taking turns on one.
    /// </summary>
    internal sealed class ReadAheadStream : Stream
    {
        private const int BlockSize = 256 * 1024;
        private const int BlocksAhead = 4;

        private readonly Stream _inner;
        private readonly BlockingCollection<Block> _blocks = new BlockingCollection<Block>(BlocksAhead);
        private readonly CancellationTokenSource _stop;
        private readonly Task _worker;
        private Block _current = new Block(Array.Empty<byte>(), 0, null);
        private int _position;
        private bool _ended;

        public ReadAheadStream(Stream inner, CancellationToken cancellationToken)
        {
            _inner = inner;
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _worker = Task.Factory.StartNew(Fill, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            while (_position == _current.Length)
            {
                if (_ended)
                {
                    return 0;
                }

                var previous = _current.Data;
                _current = _blocks.Take(_stop.Token);
                _position = 0;
                if (previous.Length > 0)
                {
                    // Blocks are pooled: fresh 256 KiB arrays would land on the large-object heap and force full GCs.
                    ArrayPool<byte>.Shared.Return(previous);
                }

                if (_current.Error != null)
                {
                    _ended = true;
                    // The worker's failure (corrupt gzip, I/O) surfaces to the reader as if it had read directly.
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(_current.Error).Throw();
                }

                if (_current.Length == 0)
                {
                    _ended = true;
                    return 0;
                }
            }

            var take = Math.Min(count, _current.Length - _position);
            Buffer.BlockCopy(_current.Data, _position, buffer, offset, take);
            _position += take;
            return take;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _stop.Cancel();
                try
                {
                    _worker.Wait();
                }
                catch (AggregateException)
                {
                    // The worker ends by cancellation here; its own failures were handed to the reader.
                }

                _inner.Dispose();
                _stop.Dispose();
                _blocks.Dispose();
            }

            base.Dispose(disposing);
        }

        private void Fill()
        {
            try
            {
                while (true)
                {
                    var data = ArrayPool<byte>.Shared.Rent(BlockSize);
                    var length = 0;
                    while (length < BlockSize)
                    {
                        var read = _inner.Read(data, length, BlockSize - length);
                        if (read == 0)
                        {
                            break;
                        }

                        length += read;
                    }

                    _blocks.Add(new Block(data, length, null), _stop.Token);
                    if (length == 0)
                    {
                        return;
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
#pragma warning disable CA1031 // Handed to the reading thread, which rethrows it.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                try
                {
                    _blocks.Add(new Block(Array.Empty<byte>(), 0, exception), _stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        private sealed class Block
        {
            public Block(byte[] data, int length, Exception? error)
            {
                Data = data;
                Length = length;
                Error = error;
            }

            public byte[] Data { get; }
            public int Length { get; }
            public Exception? Error { get; }
        }
    }
}
