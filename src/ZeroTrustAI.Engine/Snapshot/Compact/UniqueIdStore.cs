using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace ZeroTrustAI.Engine.Snapshot.Compact
{
    /// <summary>
    /// What an id may be made of: the GUIDs a record names in other fields. Microsoft Graph builds an appRoleAssignment's
    /// id from the principal's object id and 16 more bytes, and a delegated grant's from its client's and resource's
    /// object ids (and the user's, for one user's consent); such parts are not stored again.
    /// </summary>
    internal interface IIdParts
    {
        /// <summary>The GUID the record names for the id's part <paramref name="part"/> (16 bytes each, in order), when it has one.</summary>
        bool TryGetPart(int record, int part, out Guid guid);
    }

    /// <summary>
    /// Ids that are unique per record (an appRoleAssignment's or a grant's id). Graph writes them as base64url strings
    /// of 32 or 48 bytes (43 or 64 characters), kept as those bytes, 16 at a time: a part equal to a GUID the record
    /// names elsewhere (<see cref="IIdParts"/>) is marked, not stored. Canonical GUIDs take 16 bytes, anything else is
    /// kept as text. One byte per record says which form; every form gives back exactly the string that was read.
    /// </summary>
    internal sealed class UniqueIdStore
    {
        private const int PartSize = 16;
        private const int MaxParts = 3;
        private const int BlockShift = 15;
        private const int BlockRecords = 1 << BlockShift;
        private const byte KindMissing = 0;
        private const byte KindNull = 1;
        private const byte KindGuid = 2;
        private const byte KindText = 3;

        // Base64url forms: this bit, the number of parts (2 or 3) times 8, and a bit per part given by the record.
        private const byte KindBase64Url = 0x40;
        private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        private static readonly sbyte[] AlphabetIndex = BuildIndex();

        private readonly List<byte[]> _kinds = new List<byte[]>();

        // Per part, blocks of 16 bytes per record, made only for blocks where some record stores that part.
        private readonly List<byte[]?>[] _parts = { new List<byte[]?>(), new List<byte[]?>(), new List<byte[]?>() };
        private readonly Dictionary<int, string> _texts = new Dictionary<int, string>();
        private readonly IIdParts? _recordParts;

        /// <param name="recordParts">The GUIDs records name that ids may be made of; null when none.</param>
        public UniqueIdStore(IIdParts? recordParts = null)
        {
            _recordParts = recordParts;
        }

        /// <summary>
        /// Stores the id of a record; records must be set in order (0, 1, 2, ...), each once, and the record's other
        /// fields must be readable through <see cref="IIdParts"/> by then.
        /// </summary>
        public void Set(int record, ReadOnlySpan<byte> utf8, bool isNull, bool isMissing)
        {
            Grow(record);
            Span<byte> bytes = stackalloc byte[MaxParts * PartSize];
            byte kind;
            if (isMissing || isNull)
            {
                kind = isMissing ? KindMissing : KindNull;
            }
            else if (TryDecodeBase64Url(utf8, bytes, out var parts))
            {
                kind = (byte)(KindBase64Url | (parts << 3));
                for (var part = 0; part < parts; part++)
                {
                    var chunk = bytes.Slice(part * PartSize, PartSize);
                    if (MatchesRecord(record, part, chunk))
                    {
                        kind |= (byte)(1 << part);
                    }
                    else
                    {
                        chunk.CopyTo(PartOf(record, part, grow: true));
                    }
                }
            }
            else if (StringTable.TryParseCanonicalGuid(utf8, out var guid))
            {
                kind = KindGuid;
                WriteGuid(guid, PartOf(record, 0, grow: true));
            }
            else
            {
                kind = KindText;
                _texts[record] = StringTable.Decode(utf8);
            }

            KindOf(record) = kind;
        }

        public void SetText(int record, string? value)
        {
            Grow(record);
            KindOf(record) = value == null ? KindNull : KindText;
            if (value != null)
            {
                _texts[record] = value;
            }
        }

        public bool IsMissing(int record) => KindOf(record) == KindMissing;

        /// <summary>How many 16-byte part blocks are held (each 512 KiB): what the ids cost beyond a byte per record.</summary>
        internal int PartBlocks
        {
            get
            {
                var count = 0;
                foreach (var part in _parts)
                {
                    foreach (var block in part)
                    {
                        count += block == null ? 0 : 1;
                    }
                }

                return count;
            }
        }

        public string? Get(int record)
        {
            var kind = KindOf(record);
            switch (kind)
            {
                case KindMissing:
                case KindNull:
                    return null;
                case KindGuid:
                    return ReadGuid(PartOf(record, 0, grow: false)).ToString("D");
                case KindText:
                    return _texts[record];
                default:
                    Span<byte> bytes = stackalloc byte[MaxParts * PartSize];
                    return EncodeBase64Url(bytes.Slice(0, Rebuild(record, kind, bytes)));
            }
        }

        /// <summary>True when two records have the same id (both present).</summary>
        public bool SameId(int left, int right)
        {
            var a = KindOf(left);
            var b = KindOf(right);
            if (a == KindMissing || a == KindNull || b == KindMissing || b == KindNull)
            {
                return false;
            }

            if (a == KindText || b == KindText)
            {
                return a == b && string.Equals(_texts[left], _texts[right], StringComparison.OrdinalIgnoreCase);
            }

            if ((a == KindGuid) != (b == KindGuid))
            {
                return false;
            }

            if (a == KindGuid)
            {
                return PartOf(left, 0, grow: false).SequenceEqual(PartOf(right, 0, grow: false));
            }

            if (a == b)
            {
                // The same form: compare the stored parts first, where two different ids of one principal differ at
                // once (the directory compares each of a principal's assignments with the ones kept before it).
                var parts = (a >> 3) & 0x7;
                for (var part = 0; part < parts; part++)
                {
                    if ((a & (1 << part)) == 0 && !PartOf(left, part, grow: false).SequenceEqual(PartOf(right, part, grow: false)))
                    {
                        return false;
                    }
                }

                for (var part = 0; part < parts; part++)
                {
                    if ((a & (1 << part)) != 0)
                    {
                        _recordParts!.TryGetPart(left, part, out var leftGuid);
                        _recordParts.TryGetPart(right, part, out var rightGuid);
                        if (leftGuid != rightGuid)
                        {
                            return false;
                        }
                    }
                }

                return true;
            }

            Span<byte> x = stackalloc byte[MaxParts * PartSize];
            Span<byte> y = stackalloc byte[MaxParts * PartSize];
            var lengthX = Rebuild(left, a, x);
            var lengthY = Rebuild(right, b, y);
            return x.Slice(0, lengthX).SequenceEqual(y.Slice(0, lengthY));
        }

        public void Write(Utf8JsonWriter writer, string name, int record)
        {
            var kind = KindOf(record);
            if (kind == KindMissing)
            {
                return;
            }

            if (kind == KindNull)
            {
                writer.WriteNull(name);
            }
            else
            {
                writer.WriteString(name, Get(record));
            }
        }

        /// <summary>The bytes a base64url id stands for, its parts taken from the store or from the record; their count.</summary>
        private int Rebuild(int record, byte kind, Span<byte> bytes)
        {
            var parts = (kind >> 3) & 0x7;
            for (var part = 0; part < parts; part++)
            {
                var chunk = bytes.Slice(part * PartSize, PartSize);
                if ((kind & (1 << part)) != 0)
                {
                    _recordParts!.TryGetPart(record, part, out var guid);
                    WriteGuid(guid, chunk);
                }
                else
                {
                    PartOf(record, part, grow: false).CopyTo(chunk);
                }
            }

            return parts * PartSize;
        }

        private bool MatchesRecord(int record, int part, ReadOnlySpan<byte> chunk)
        {
            if (_recordParts == null || !_recordParts.TryGetPart(record, part, out var guid))
            {
                return false;
            }

            Span<byte> expected = stackalloc byte[PartSize];
            WriteGuid(guid, expected);
            return chunk.SequenceEqual(expected);
        }

        private void Grow(int record)
        {
            if ((record >> BlockShift) == _kinds.Count)
            {
                _kinds.Add(new byte[BlockRecords]);
                foreach (var part in _parts)
                {
                    part.Add(null);
                }
            }
        }

        private ref byte KindOf(int record) => ref _kinds[record >> BlockShift][record & (BlockRecords - 1)];

        private Span<byte> PartOf(int record, int part, bool grow)
        {
            var blocks = _parts[part];
            var block = record >> BlockShift;
            var bytes = blocks[block];
            if (bytes == null)
            {
                if (!grow)
                {
                    throw new InvalidOperationException("The id's part was never stored.");
                }

                bytes = new byte[BlockRecords * PartSize];
                blocks[block] = bytes;
            }

            return new Span<byte>(bytes, (record & (BlockRecords - 1)) * PartSize, PartSize);
        }

        /// <summary>A GUID's 16 bytes in the order <see cref="Guid.ToByteArray"/> gives them (and Graph's ids hold them).</summary>
        private static void WriteGuid(Guid guid, Span<byte> output)
        {
            if (BitConverter.IsLittleEndian)
            {
                MemoryMarshal.Write(output, ref guid);
            }
            else
            {
                guid.ToByteArray().CopyTo(output);
            }
        }

        private static Guid ReadGuid(ReadOnlySpan<byte> bytes) =>
            BitConverter.IsLittleEndian ? MemoryMarshal.Read<Guid>(bytes) : new Guid(bytes.ToArray());

        /// <summary>
        /// 43 base64url characters whose unused low bits are zero (exactly the encoding of 32 bytes), or 64 (48 bytes):
        /// the number of 16-byte parts, 2 or 3.
        /// </summary>
        private static bool TryDecodeBase64Url(ReadOnlySpan<byte> text, Span<byte> output, out int parts)
        {
            parts = text.Length == 43 ? 2 : text.Length == 64 ? 3 : 0;
            if (parts == 0)
            {
                return false;
            }

            var expected = parts * PartSize;
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
                    if (written == expected)
                    {
                        return false;
                    }

                    output[written++] = (byte)(buffer >> bits);
                    buffer &= (1 << bits) - 1;
                }
            }

            return written == expected && buffer == 0;
        }

        private static string EncodeBase64Url(ReadOnlySpan<byte> bytes)
        {
            var chars = new char[(bytes.Length * 8 + 5) / 6];
            var buffer = 0;
            var bits = 0;
            var index = 0;
            for (var i = 0; i < bytes.Length; i++)
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

            if (bits > 0)
            {
                chars[index] = Alphabet[(buffer << (6 - bits)) & 63];
            }

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
