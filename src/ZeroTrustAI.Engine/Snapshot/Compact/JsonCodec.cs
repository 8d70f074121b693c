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
    /// property name seen before becomes a marker and its number in this codec's table, and so does a string value seen
    /// a few times (a principal type, a sign-in audience, a tag, a credential's type and usage: the same few values on a
    /// million objects); a quoted canonical GUID takes 17 bytes, a quoted Graph timestamp 9. Markers are bytes below 0x09, which JSON text never holds raw (not even inside a
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

        // String values join the table on their third sighting: a value seen twice is often one object's own (a
        // display name repeated as the app's name), and tabling those would fill the table with one-off names.
        private const int SightingsBeforeTabling = 3;
        private const int MinValueBytes = 4;
        private const int MaxValueBytes = 64;

        // Sightings are counted by hash (a collision only tables a value early) for a bounded number of values: past
        // that, values not yet counted stay inline, and the common ones are in the table by then.
        private const int MaxCountedValues = 1 << 18;

        private static readonly byte[] Markers = { ShortName, LongName, GuidValue, DateValue };

        // The table: property names and repeated string values, each a quoted string's bytes (without the quotes).
        private readonly List<byte[]> _names = new List<byte[]>();
        private readonly Dictionary<int, List<int>> _byHash = new Dictionary<int, List<int>>();
        private readonly Dictionary<int, int> _valueSightings = new Dictionary<int, int>();

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
                    written += WriteTableIndex(output.Slice(written), index);
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
                else if (!escaped && !isName && TryRepeatedValue(text, out index))
                {
                    written += WriteTableIndex(output.Slice(written), index);
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
                        written += CompactDate.Write(BinaryPrimitives.ReadInt64LittleEndian(encoded.Slice(i + 1, 8)), new Span<byte>(output, written, output.Length - written));
                        i += 9;
                        break;
                }

                output[written++] = (byte)'"';
            }

            return output;
        }

        /// <summary>A quoted string from the table: its marker and number (the decoder gives back its bytes between quotes).</summary>
        private static int WriteTableIndex(Span<byte> output, int index)
        {
            if (index < 256)
            {
                output[0] = ShortName;
                output[1] = (byte)index;
                return 2;
            }

            output[0] = LongName;
            output[1] = (byte)(index >> 8);
            output[2] = (byte)index;
            return 3;
        }

        private bool TryName(ReadOnlySpan<byte> name, out int index)
        {
            index = -1;
            if (name.Length < 2 || name.Length > MaxNameBytes)
            {
                return false;
            }

            var hash = Hash(name);
            return Find(name, hash, out index) || TryAdd(name, hash, out index);
        }

        /// <summary>A string value's number in the table: when it is there, or on the sighting that makes it common.</summary>
        private bool TryRepeatedValue(ReadOnlySpan<byte> value, out int index)
        {
            index = -1;
            if (value.Length < MinValueBytes || value.Length > MaxValueBytes)
            {
                return false;
            }

            var hash = Hash(value);
            if (Find(value, hash, out index))
            {
                return true;
            }

            var counted = _valueSightings.TryGetValue(hash, out var sightings);
            if (sightings + 1 < SightingsBeforeTabling)
            {
                if (counted || _valueSightings.Count < MaxCountedValues)
                {
                    _valueSightings[hash] = sightings + 1;
                }

                return false;
            }

            _valueSightings.Remove(hash);
            return TryAdd(value, hash, out index);
        }

        private bool Find(ReadOnlySpan<byte> text, int hash, out int index)
        {
            if (_byHash.TryGetValue(hash, out var candidates))
            {
                foreach (var candidate in candidates)
                {
                    if (text.SequenceEqual(_names[candidate]))
                    {
                        index = candidate;
                        return true;
                    }
                }
            }

            index = -1;
            return false;
        }

        private bool TryAdd(ReadOnlySpan<byte> text, int hash, out int index)
        {
            index = -1;
            if (_names.Count >= MaxNames)
            {
                return false;
            }

            index = _names.Count;
            _names.Add(text.ToArray());
            if (!_byHash.TryGetValue(hash, out var candidates))
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
