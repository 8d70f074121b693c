using System;
using System.IO;
using System.IO.Compression;
using System.Text.Json;
using System.Threading;

namespace ZeroTrustAI.Engine.Snapshot.Compact
{
    /// <summary>
    /// Objects kept as JSON because controls read arbitrary properties of them (service principals, applications,
    /// policies): each object's bytes (shrunk by a <see cref="JsonCodec"/> that gives them back exactly), packed into
    /// small blocks that are deflated once full (a million service principals' JSON is the largest thing a snapshot
    /// holds, and neighbouring directory objects repeat each other). No document or metadata is kept per object;
    /// <see cref="Get"/> parses one object on demand, inflating its block into a small per-thread cache first (a pass
    /// over the objects in order inflates each block once), and evidence quoted from it is byte for byte what the file
    /// held. Objects are added from one thread; reading is safe from any thread, also while objects are added.
    /// </summary>
    internal sealed class JsonArena
    {
        /// <summary>
        /// Deflate does well from a few kilobytes on, and an object looked up by id costs the block up to it. Measured on
        /// 100k service principals: 8 KiB blocks keep 6% more than 16 KiB (18.4 MB, 17.3 MB) but inflate a third less
        /// (1.10 GB, 1.64 GB; most inflations are lookups by id, which a larger cache does not avoid).
        /// </summary>
        internal const int BlockSize = 8 << 10;

        /// <summary>An object at least this large (Microsoft Graph's service principal with hundreds of app roles) is kept as read.</summary>
        private const int LargeObjectSize = 256 << 10;

        private static readonly JsonDocumentOptions Options = new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };
        private static long lastArenaId;

        [ThreadStatic]
        private static MemoryStream? deflated;

        // Keys blocks in the per-thread cache without the cache keeping an arena alive.
        private readonly long _id = Interlocked.Increment(ref lastArenaId);
        private readonly ChunkedArray<Slot> _slots = new ChunkedArray<Slot>();
        private readonly ChunkedArray<Block> _blocks = new ChunkedArray<Block>();
        private readonly JsonCodec _codec = new JsonCodec();
        private byte[] _open = Array.Empty<byte>();
        private int _openBlock = -1;
        private int _used;

        public int Count => _slots.Count;

        /// <summary>The bytes held for the objects (blocks as stored, the open one whole), to see what compression saves.</summary>
        internal long StoredBytes { get; private set; }

        public int Add(ReadOnlySpan<byte> json)
        {
            if (json.Length >= LargeObjectSize)
            {
                // Read often and parsed in place: inflating it on every read would cost more than it saves.
                StoredBytes += json.Length;
                var whole = _blocks.Add(new Block(json.ToArray(), json.Length, deflated: false));
                return _slots.Add(new Slot(whole, 0, json.Length, json.Length, encoded: false));
            }

            // The encoded form is never longer than the JSON: it is written in the JSON's place. An object larger
            // than a block is a block of its own, so reading a small neighbour never inflates it.
            var large = json.Length > BlockSize;
            if (large || _used + json.Length > _open.Length)
            {
                CloseBlock();
                _open = new byte[Math.Max(BlockSize, json.Length)];
                _openBlock = _blocks.Add(new Block(_open, 0, deflated: false));
                StoredBytes += _open.Length;
            }

            var offset = _used;
            var space = new Span<byte>(_open, offset, json.Length);
            var encoded = _codec.TryEncode(json, space, out var written);
            if (!encoded)
            {
                json.CopyTo(space);
                written = json.Length;
            }

            _used += written;
            var index = _slots.Add(new Slot(_openBlock, offset, written, json.Length, encoded));
            if (large)
            {
                CloseBlock();
            }

            return index;
        }

        /// <summary>
        /// The object at an index, parsed from its bytes (or taken from the thread's last few parses); safe from any
        /// thread. The document is never disposed: it is the caller's as long as it reads it.
        /// </summary>
        public JsonElement Get(int index) => ParsedCache.Get(this, index);

        /// <summary>The object at an index as a document the caller disposes when done (a pass over many objects).</summary>
        public JsonDocument Parse(int index)
        {
            var slot = _slots[index];
            var block = _blocks[slot.Block];

            // A document keeps the memory it parses: a block as stored never changes, a cached inflated one does.
            ReadOnlyMemory<byte> json;
            if (!block.Deflated)
            {
                json = slot.Encoded
                    ? _codec.Decode(new ReadOnlySpan<byte>(block.Bytes, slot.Offset, slot.Length), slot.JsonLength)
                    : new ReadOnlyMemory<byte>(block.Bytes, slot.Offset, slot.Length);
            }
            else
            {
                var stored = new ReadOnlySpan<byte>(BlockCache.Inflated(_id, slot.Block, block, slot.Offset + slot.Length), slot.Offset, slot.Length);
                json = slot.Encoded ? _codec.Decode(stored, slot.JsonLength) : stored.ToArray();
            }

            return JsonDocument.Parse(json, Options);
        }

        /// <summary>The size of an object's JSON in bytes.</summary>
        public int LengthOf(int index) => _slots[index].JsonLength;

        /// <summary>Deflates the full block when that saves; it stays readable as it was until the deflated one replaces it.</summary>
        private void CloseBlock()
        {
            if (_openBlock < 0)
            {
                return;
            }

            var buffer = deflated ??= new MemoryStream(BlockSize);
            buffer.SetLength(0);
            using (var deflate = new DeflateStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            {
                deflate.Write(_open, 0, _used);
            }

            if (buffer.Length < _used)
            {
                StoredBytes += buffer.Length - _open.Length;
                _blocks[_openBlock] = new Block(buffer.ToArray(), _used, deflated: true);
            }

            _open = Array.Empty<byte>();
            _openBlock = -1;
            _used = 0;
        }

        /// <summary>Where an object's bytes are: a block and the span in it (in the block's inflated form).</summary>
        private readonly struct Slot
        {
            private const int EncodedFlag = int.MinValue;
            private readonly int _length;

            public Slot(int block, int offset, int length, int jsonLength, bool encoded)
            {
                Block = block;
                Offset = offset;
                _length = encoded ? length | EncodedFlag : length;
                JsonLength = jsonLength;
            }

            public int Block { get; }

            public int Offset { get; }

            /// <summary>The bytes stored.</summary>
            public int Length => _length & ~EncodedFlag;

            /// <summary>The bytes of the JSON they stand for.</summary>
            public int JsonLength { get; }

            public bool Encoded => (_length & EncodedFlag) != 0;
        }

        /// <summary>A block as stored; replaced whole when deflated, so a reader on another thread sees one form or the other.</summary>
        private sealed class Block
        {
            public Block(byte[] bytes, int length, bool deflated)
            {
                Bytes = bytes;
                Length = length;
                Deflated = deflated;
            }

            public byte[] Bytes { get; }

            /// <summary>The bytes it inflates to.</summary>
            public int Length { get; }

            public bool Deflated { get; }
        }

        /// <summary>
        /// The last few objects a thread parsed through <see cref="Get"/>: a control judging one principal reads it
        /// several times (its target, a property, its fix), and each read would otherwise inflate and parse it anew.
        /// Only documents nobody disposes are kept (<see cref="Parse"/> hands its caller a document of its own).
        /// </summary>
        private static class ParsedCache
        {
            private const int Ways = 4;

            [ThreadStatic]
            private static Parsed[]? entries;

            [ThreadStatic]
            private static int next;

            public static JsonElement Get(JsonArena arena, int index)
            {
                var cache = entries ??= new Parsed[Ways];
                for (var i = 0; i < cache.Length; i++)
                {
                    if (cache[i].Document != null && cache[i].Arena == arena._id && cache[i].Index == index)
                    {
                        return cache[i].Document!.RootElement;
                    }
                }

                var document = arena.Parse(index);
                cache[next] = new Parsed(arena._id, index, document);
                next = (next + 1) % Ways;
                return document.RootElement;
            }

            private readonly struct Parsed
            {
                public Parsed(long arena, int index, JsonDocument document)
                {
                    Arena = arena;
                    Index = index;
                    Document = document;
                }

                public long Arena { get; }

                public int Index { get; }

                public JsonDocument? Document { get; }
            }
        }

        /// <summary>
        /// The last few blocks a thread inflated, so reading neighbouring objects inflates their block once. A block is
        /// first inflated only as far as the object read needs (a lookup by id costs half a block on average), and
        /// whole when a second object of it is read (a pass in order; one call rather than one per object).
        /// </summary>
        private static class BlockCache
        {
            private const int Ways = 4;

            [ThreadStatic]
            private static Entry[]? entries;

            [ThreadStatic]
            private static long clock;

            /// <summary>The block inflated at least up to <paramref name="end"/> (the end of the object read).</summary>
            public static byte[] Inflated(long arena, int block, Block stored, int end)
            {
                var cache = entries ??= NewEntries();
                var now = ++clock;
                var victim = cache[0];
                foreach (var entry in cache)
                {
                    if (entry.Arena == arena && entry.Block == block)
                    {
                        entry.LastUse = now;
                        entry.InflateTo(entry.Length);
                        return entry.Bytes;
                    }

                    if (entry.LastUse < victim.LastUse)
                    {
                        victim = entry;
                    }
                }

                victim.Start(arena, block, stored);
                victim.LastUse = now;
                victim.InflateTo(end);
                return victim.Bytes;
            }

            private static Entry[] NewEntries()
            {
                var cache = new Entry[Ways];
                for (var i = 0; i < Ways; i++)
                {
                    cache[i] = new Entry();
                }

                return cache;
            }

            /// <summary>A cached block; disposing it ends its inflation (a thread's entries live as long as the thread).</summary>
            private sealed class Entry : IDisposable
            {
                private DeflateStream? _inflating;
                private int _inflated;

                public long Arena { get; private set; }

                public int Block { get; private set; }

                public byte[] Bytes { get; private set; } = Array.Empty<byte>();

                public long LastUse { get; set; }

                /// <summary>The bytes the block inflates to.</summary>
                public int Length { get; private set; }

                public void Start(long arena, int block, Block stored)
                {
                    Forget();
                    if (Bytes.Length < stored.Length)
                    {
                        Bytes = new byte[Math.Max(BlockSize, stored.Length)];
                    }

                    _inflating = new DeflateStream(new MemoryStream(stored.Bytes, writable: false), CompressionMode.Decompress);
                    Length = stored.Length;
                    Arena = arena;
                    Block = block;
                }

                public void InflateTo(int end)
                {
                    try
                    {
                        while (_inflated < end)
                        {
                            var count = _inflating!.Read(Bytes, _inflated, end - _inflated);
                            if (count == 0)
                            {
                                throw new InvalidDataException("A block of the snapshot's objects inflated to fewer bytes than were deflated.");
                            }

                            _inflated += count;
                        }
                    }
                    catch
                    {
                        // Nothing half-read stays keyed.
                        Forget();
                        throw;
                    }

                    if (_inflated == Length)
                    {
                        _inflating?.Dispose();
                        _inflating = null;
                    }
                }

                public void Dispose() => Forget();

                private void Forget()
                {
                    _inflating?.Dispose();
                    _inflating = null;
                    _inflated = 0;
                    Arena = 0;
                }
            }
        }
    }
}
