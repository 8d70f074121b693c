using System;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;

namespace ZeroTrustAI.Engine.Snapshot.Compact
{
    /// <summary>
    /// Shrinks the JSON of directory objects kept whole (service principals, applications) without losing a byte: a
    /// property name seen before becomes a marker and its number in this codec's table, a quoted canonical GUID 17 bytes,
    /// a quoted Graph timestamp 9 bytes. Markers are bytes below 0x09, which JSON text never holds raw (not even inside a
    /// string), so everything else is copied as it is and decoding gives back exactly the bytes that were read. Names
    /// are added while a snapshot is read; decoding is safe from any thread afterwards.
    /// </summary>
    internal sealed class JsonCodec
    {
        private const byte ShortName = 0x01;
        private const byte LongName = 0x02;
        private const byte GuidValue = 0x03;
        private const byte DateValue = 0x04;
        private const byte LastMarker = 0x08;
        private const int MaxNames = 1 << 16;
        private const int MaxNameBytes = 255;

        private static readonly byte[] Markers = { ShortName, LongName, GuidValue, DateValue };

        private readonly List<byte[]> _names = new List<byte[]>();
        private readonly Dictionary<int, List<int>> _byHash = new Dictionary<int, List<int>>();

        /// <summary>Writes the encoded form of <paramref name="json"/> into <paramref name="output"/> (at least as long); false when it holds a marker byte, so it is kept as it is.</summary>
        public bool TryEncode(ReadOnlySpan<byte> json, Span<byte> output, out int written)
        {
            written = 0;
            var i = 0;
            while (i < json.Length)
            {
                var b = json[i];
                if (b <= LastMarker)
                {
                    return false;
                }

                if (b != (byte)'"')
                {
                    output[written++] = b;
                    i++;
                    continue;
                }

                // A string: find its closing quote, skipping escaped characters.
                var end = i + 1;
                var escaped = false;
                while (end < json.Length && json[end] != (byte)'"')
                {
                    if (json[end] == (byte)'\\')
                    {
                        escaped = true;
                        end++;
                    }
                    else if (json[end] <= LastMarker)
                    {
                        return false;
                    }

                    end++;
                }

                if (end >= json.Length)
                {
                    return false;
                }

                var text = json.Slice(i + 1, end - i - 1);
                var isName = end + 1 < json.Length && json[end + 1] == (byte)':';
                if (!escaped && isName && TryName(text, out var index))
                {
                    if (index < 256)
                    {
                        output[written++] = ShortName;
                        output[written++] = (byte)index;
                    }
                    else
                    {
                        output[written++] = LongName;
                        output[written++] = (byte)(index >> 8);
                        output[written++] = (byte)index;
                    }
                }
                else if (!escaped && !isName && StringTable.TryParseCanonicalGuid(text, out var guid))
                {
                    output[written++] = GuidValue;
                    MemoryMarshal.Write(output.Slice(written), ref guid);
                    written += 16;
                }
                else if (!escaped && !isName && CompactDate.TryEncode(text, out var date))
                {
                    output[written++] = DateValue;
                    BinaryPrimitives.WriteInt64LittleEndian(output.Slice(written), date);
                    written += 8;
                }
                else
                {
                    json.Slice(i, end - i + 1).CopyTo(output.Slice(written));
                    written += end - i + 1;
                }

                i = end + 1;
            }

            return true;
        }

        /// <summary>The exact bytes an encoded object was read from.</summary>
        public byte[] Decode(ReadOnlySpan<byte> encoded, int length)
        {
            var output = new byte[length];
            var written = 0;
            var i = 0;
            while (i < encoded.Length)
            {
                // Copy up to the next marker in one go (a vectorised search; most bytes are plain JSON).
                var plain = encoded.Slice(i).IndexOfAny(Markers);
                if (plain < 0)
                {
                    plain = encoded.Length - i;
                }

                encoded.Slice(i, plain).CopyTo(new Span<byte>(output, written, plain));
                written += plain;
                i += plain;
                if (i >= encoded.Length)
                {
                    break;
                }

                var b = encoded[i];
                output[written++] = (byte)'"';
                switch (b)
                {
                    case ShortName:
                    case LongName:
                        var index = b == ShortName ? encoded[i + 1] : (encoded[i + 1] << 8) | encoded[i + 2];
                        i += b == ShortName ? 2 : 3;
                        var name = _names[index];
                        name.CopyTo(output, written);
                        written += name.Length;
                        break;
                    case GuidValue:
                        var guid = MemoryMarshal.Read<Guid>(encoded.Slice(i + 1, 16));
                        i += 17;
                        Utf8Formatter.TryFormat(guid, new Span<byte>(output, written, 36), out _, 'D');
                        written += 36;
                        break;
                    default:
                        var text = CompactDate.Decode(BinaryPrimitives.ReadInt64LittleEndian(encoded.Slice(i + 1, 8)))!;
                        i += 9;
                        written += Encoding.ASCII.GetBytes(text, 0, text.Length, output, written);
                        break;
                }

                output[written++] = (byte)'"';
            }

            return output;
        }

        private bool TryName(ReadOnlySpan<byte> name, out int index)
        {
            index = -1;
            if (name.Length < 2 || name.Length > MaxNameBytes)
            {
                return false;
            }

            var hash = Hash(name);
            if (_byHash.TryGetValue(hash, out var candidates))
            {
                foreach (var candidate in candidates)
                {
                    if (name.SequenceEqual(_names[candidate]))
                    {
                        index = candidate;
                        return true;
                    }
                }
            }

            if (_names.Count >= MaxNames)
            {
                return false;
            }

            index = _names.Count;
            _names.Add(name.ToArray());
            if (candidates == null)
            {
                _byHash[hash] = candidates = new List<int>(1);
            }

            candidates.Add(index);
            return true;
        }

        private static int Hash(ReadOnlySpan<byte> bytes)
        {
            unchecked
            {
                var hash = (int)2166136261;
                foreach (var b in bytes)
                {
                    hash = (hash ^ b) * 16777619;
                }

                return hash;
            }
        }
    }
}
