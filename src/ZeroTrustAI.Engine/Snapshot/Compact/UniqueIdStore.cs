using System;
using System.Collections.Generic;
using System.Text.Json;

namespace ZeroTrustAI.Engine.Snapshot.Compact
{
    /// <summary>
    /// Ids that are unique per record (an appRoleAssignment's or a grant's id), in 33 bytes each: Graph writes them
    /// as 43-character base64url strings of 32 bytes, kept as those bytes; canonical GUIDs as 16 bytes; anything
    /// else as text. Every form gives back exactly the string that was read.
    /// </summary>
    internal sealed class UniqueIdStore
    {
        private const int SlotSize = 33;
        private const int BlockShift = 15;
        private const int BlockRecords = 1 << BlockShift;
        private const byte KindMissing = 0;
        private const byte KindNull = 1;
        private const byte KindBase64Url = 2;
        private const byte KindGuid = 3;
        private const byte KindText = 4;
        private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        private static readonly sbyte[] AlphabetIndex = BuildIndex();

        private readonly List<byte[]> _blocks = new List<byte[]>();
        private readonly Dictionary<int, string> _texts = new Dictionary<int, string>();

        /// <summary>Stores the id of a record; records must be set in order (0, 1, 2, ...), each once.</summary>
        public void Set(int record, ReadOnlySpan<byte> utf8, bool isNull, bool isMissing)
        {
            var slot = SlotOf(record, grow: true);
            if (isMissing || isNull)
            {
                slot[0] = isMissing ? KindMissing : KindNull;
            }
            else if (TryDecodeBase64Url32(utf8, slot.Slice(1)))
            {
                slot[0] = KindBase64Url;
            }
            else if (StringTable.TryParseCanonicalGuid(utf8, out var guid))
            {
                slot[0] = KindGuid;
                guid.ToByteArray().CopyTo(slot.Slice(1));
            }
            else
            {
                slot[0] = KindText;
                _texts[record] = StringTable.Decode(utf8);
            }
        }

        public void SetText(int record, string? value)
        {
            var slot = SlotOf(record, grow: true);
            slot[0] = value == null ? KindNull : KindText;
            if (value != null)
            {
                _texts[record] = value;
            }
        }

        public bool IsMissing(int record) => SlotOf(record, grow: false)[0] == KindMissing;

        public string? Get(int record)
        {
            var slot = SlotOf(record, grow: false);
            switch (slot[0])
            {
                case KindBase64Url:
                    return EncodeBase64Url32(slot.Slice(1));
                case KindGuid:
                    return new Guid(slot.Slice(1, 16).ToArray()).ToString("D");
                case KindText:
                    return _texts[record];
                default:
                    return null;
            }
        }

        /// <summary>True when two records have the same id (both present).</summary>
        public bool SameId(int left, int right)
        {
            var a = SlotOf(left, grow: false);
            var b = SlotOf(right, grow: false);
            if (a[0] < KindBase64Url || a[0] != b[0])
            {
                return false;
            }

            return a[0] == KindText ? string.Equals(_texts[left], _texts[right], StringComparison.OrdinalIgnoreCase) : a.SequenceEqual(b);
        }

        public void Write(Utf8JsonWriter writer, string name, int record)
        {
            var slot = SlotOf(record, grow: false);
            if (slot[0] == KindMissing)
            {
                return;
            }

            if (slot[0] == KindNull)
            {
                writer.WriteNull(name);
            }
            else
            {
                writer.WriteString(name, Get(record));
            }
        }

        private Span<byte> SlotOf(int record, bool grow)
        {
            var block = record >> BlockShift;
            if (grow && block == _blocks.Count)
            {
                _blocks.Add(new byte[BlockRecords * SlotSize]);
            }

            return new Span<byte>(_blocks[block], (record & (BlockRecords - 1)) * SlotSize, SlotSize);
        }

        /// <summary>43 base64url characters whose unused low bits are zero: exactly the encoding of 32 bytes.</summary>
        private static bool TryDecodeBase64Url32(ReadOnlySpan<byte> text, Span<byte> output)
        {
            if (text.Length != 43)
            {
                return false;
            }

            var bits = 0;
            var buffer = 0;
            var written = 0;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                var value = c < 128 ? AlphabetIndex[c] : -1;
                if (value < 0)
                {
                    return false;
                }

                buffer = (buffer << 6) | value;
                bits += 6;
                if (bits >= 8)
                {
                    bits -= 8;
                    if (written == 32)
                    {
                        return false;
                    }

                    output[written++] = (byte)(buffer >> bits);
                    buffer &= (1 << bits) - 1;
                }
            }

            return written == 32 && buffer == 0;
        }

        private static string EncodeBase64Url32(ReadOnlySpan<byte> bytes)
        {
            var chars = new char[43];
            var buffer = 0;
            var bits = 0;
            var index = 0;
            for (var i = 0; i < 32; i++)
            {
                buffer = (buffer << 8) | bytes[i];
                bits += 8;
                while (bits >= 6)
                {
                    bits -= 6;
                    chars[index++] = Alphabet[(buffer >> bits) & 63];
                }

                buffer &= (1 << bits) - 1;
            }

            chars[index] = Alphabet[(buffer << (6 - bits)) & 63];
            return new string(chars);
        }

        private static sbyte[] BuildIndex()
        {
            var index = new sbyte[128];
            for (var i = 0; i < index.Length; i++)
            {
                index[i] = -1;
            }

            for (var i = 0; i < Alphabet.Length; i++)
            {
                index[Alphabet[i]] = (sbyte)i;
            }

            return index;
        }
    }
}
