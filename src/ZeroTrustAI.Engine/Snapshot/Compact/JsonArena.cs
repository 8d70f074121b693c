using System;
using System.Text.Json;

namespace ZeroTrustAI.Engine.Snapshot.Compact
{
    /// <summary>
    /// Objects kept as JSON because controls read arbitrary properties of them (service principals, applications,
    /// policies): the exact bytes of each object, packed into shared 1 MiB blocks. No document or metadata is kept
    /// per object; <see cref="Get"/> parses one object on demand (a few microseconds for a directory object), and
    /// evidence quoted from it is byte for byte what the file held.
    /// </summary>
    internal sealed class JsonArena
    {
        private const int BlockSize = 1 << 20;
        private static readonly JsonDocumentOptions Options = new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

        private readonly ChunkedArray<Slot> _slots = new ChunkedArray<Slot>();
        private byte[] _current = Array.Empty<byte>();
        private int _used;

        public int Count => _slots.Count;

        public int Add(ReadOnlySpan<byte> json)
        {
            byte[] block;
            int offset;
            if (json.Length > BlockSize / 4)
            {
                // A large object (Microsoft Graph's service principal with hundreds of app roles) gets its own block.
                block = json.ToArray();
                offset = 0;
            }
            else
            {
                if (_used + json.Length > _current.Length)
                {
                    _current = new byte[BlockSize];
                    _used = 0;
                }

                block = _current;
                offset = _used;
                json.CopyTo(new Span<byte>(block, offset, json.Length));
                _used += json.Length;
            }

            return _slots.Add(new Slot(block, offset, json.Length));
        }

        /// <summary>The object at an index, parsed from its bytes (not copied); safe from any thread.</summary>
        public JsonElement Get(int index) => Parse(index).RootElement;

        /// <summary>The object at an index as a document the caller disposes when done (a pass over many objects).</summary>
        public JsonDocument Parse(int index)
        {
            var slot = _slots[index];
            return JsonDocument.Parse(new ReadOnlyMemory<byte>(slot.Block, slot.Offset, slot.Length), Options);
        }

        /// <summary>The size of an object's JSON in bytes.</summary>
        public int LengthOf(int index) => _slots[index].Length;

        private readonly struct Slot
        {
            public Slot(byte[] block, int offset, int length)
            {
                Block = block;
                Offset = offset;
                Length = length;
            }

            public byte[] Block { get; }
            public int Offset { get; }
            public int Length { get; }
        }
    }
}
