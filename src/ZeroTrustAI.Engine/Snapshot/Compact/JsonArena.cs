using System;
using System.Text.Json;

namespace ZeroTrustAI.Engine.Snapshot.Compact
{
    /// <summary>
    /// Objects kept as JSON because controls read arbitrary properties of them (service principals, applications,
    /// policies): each object's bytes (shrunk by a <see cref="JsonCodec"/> that gives them back exactly), packed into
    /// shared 1 MiB blocks. No document or metadata is kept per object; <see cref="Get"/> parses one object on demand
    /// (a few microseconds for a directory object), and evidence quoted from it is byte for byte what the file held.
    /// </summary>
    internal sealed class JsonArena
    {
        private const int BlockSize = 1 << 20;
        private static readonly JsonDocumentOptions Options = new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

        private readonly ChunkedArray<Slot> _slots = new ChunkedArray<Slot>();
        private readonly JsonCodec _codec = new JsonCodec();
        private byte[] _current = Array.Empty<byte>();
        private int _used;

        public int Count => _slots.Count;

        public int Add(ReadOnlySpan<byte> json)
        {
            if (json.Length > BlockSize / 4)
            {
                // A large object (Microsoft Graph's service principal with hundreds of app roles) gets its own block, as read.
                return _slots.Add(new Slot(json.ToArray(), 0, json.Length, json.Length, encoded: false));
            }

            if (_used + json.Length > _current.Length)
            {
                _current = new byte[BlockSize];
                _used = 0;
            }

            // The encoded form is never longer than the JSON: it is written in the JSON's place.
            var offset = _used;
            var space = new Span<byte>(_current, offset, json.Length);
            var encoded = _codec.TryEncode(json, space, out var written);
            if (!encoded)
            {
                json.CopyTo(space);
                written = json.Length;
            }

            _used += written;
            return _slots.Add(new Slot(_current, offset, written, json.Length, encoded));
        }

        /// <summary>The object at an index, parsed from its bytes; safe from any thread.</summary>
        public JsonElement Get(int index) => Parse(index).RootElement;

        /// <summary>The object at an index as a document the caller disposes when done (a pass over many objects).</summary>
        public JsonDocument Parse(int index)
        {
            var slot = _slots[index];
            var json = slot.Encoded
                ? new ReadOnlyMemory<byte>(_codec.Decode(new ReadOnlySpan<byte>(slot.Block, slot.Offset, slot.Length), slot.JsonLength))
                : new ReadOnlyMemory<byte>(slot.Block, slot.Offset, slot.Length);
            return JsonDocument.Parse(json, Options);
        }

        /// <summary>The size of an object's JSON in bytes.</summary>
        public int LengthOf(int index) => _slots[index].JsonLength;

        private readonly struct Slot
        {
            public Slot(byte[] block, int offset, int length, int jsonLength, bool encoded)
            {
                Block = block;
                Offset = offset;
                Length = length;
                JsonLength = jsonLength;
                Encoded = encoded;
            }

            public byte[] Block { get; }

            public int Offset { get; }

            /// <summary>The bytes stored.</summary>
            public int Length { get; }

            /// <summary>The bytes of the JSON they stand for.</summary>
            public int JsonLength { get; }

            public bool Encoded { get; }
        }
    }
}
