using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Text;
using System.Threading;

namespace ZeroTrustAI.Engine.Snapshot.Compact
{
    /// <summary>
    /// The strings of one snapshot's compact records, each kept once: directory ids in canonical form (lower-case
    /// 8-4-4-4-12 GUIDs, by far the most common) as 16-byte GUIDs, anything else as one shared string. A handle is
    /// an int: even for a GUID, odd for a string; <see cref="Null"/> and <see cref="Missing"/> mark JSON null and an
    /// absent property. Writes happen while a snapshot is read or its directory is built; reads are safe afterwards
    /// from any thread.
    /// </summary>
    internal sealed class StringTable
    {
        public const int Null = -1;
        public const int Missing = -2;

        private readonly GuidSet _guids = new GuidSet();
        private readonly List<string> _texts = new List<string>();

        // The texts by hash ignoring case, open addressing: each slot holds a text's number plus one (0: empty). One
        // table serves the exact lookup (interning) and the one ignoring case (finding), as equal texts hash alike
        // either way; at a million display names it is 16 MB where two dictionaries took 67 MB.
        private int[] _textSlots = new int[16];

        // Strings are added after the snapshot is read too (the directory index interns the relations expanded inline)
        // while controls on other threads look strings up: additions take this lock. Reading a handle's string needs
        // none: an entry never changes once added, and a handle is only known after its add.
        private readonly object _gate = new object();

        // Lookups by value take no lock (every control and privilege walk makes them, on both cores): each write makes
        // this odd while it changes the table and even again after, and a lookup that saw a write begin or end while it
        // ran is made again under the lock.
        private int _writes;

        /// <summary>Interns an unescaped UTF-8 JSON string value.</summary>
        public int Intern(ReadOnlySpan<byte> utf8)
        {
            if (TryParseCanonicalGuid(utf8, out var guid))
            {
                return InternGuid(guid);
            }

            return InternText(Decode(utf8));
        }

        public int Intern(string? value)
        {
            if (value == null)
            {
                return Null;
            }

            return TryParseCanonicalGuid(value, out var guid) ? InternGuid(guid) : InternText(value);
        }

        /// <summary>The handle of a string already in the table, or <see cref="Missing"/>. Ignores case for GUIDs.</summary>
        public int Find(string? value)
        {
            if (value == null)
            {
                return Missing;
            }

            var isGuid = value.Length == 36 && Guid.TryParseExact(value, "D", out var guid);
            var before = Volatile.Read(ref _writes);
            if ((before & 1) == 0)
            {
                try
                {
                    var found = FindIn(value, isGuid, guid);
                    Interlocked.MemoryBarrier();
                    if (Volatile.Read(ref _writes) == before)
                    {
                        return found;
                    }
                }
                catch (ArgumentOutOfRangeException)
                {
                    // A list read while a write grew it: found again below.
                }
                catch (IndexOutOfRangeException)
                {
                }
            }

            lock (_gate)
            {
                return FindIn(value, isGuid, guid);
            }
        }

        private int FindIn(string value, bool isGuid, Guid guid)
        {
            if (isGuid && _guids.TryGetNumber(guid, out var index))
            {
                return index * 2;
            }

            // The text itself when interned; else the first interned that equals it ignoring case.
            var firstIgnoringCase = int.MaxValue;
            var slots = _textSlots;
            var mask = slots.Length - 1;
            for (var slot = HashIgnoringCase(value) & mask; slots[slot] != 0; slot = (slot + 1) & mask)
            {
                var text = slots[slot] - 1;
                if (string.Equals(_texts[text], value, StringComparison.Ordinal))
                {
                    return text * 2 + 1;
                }

                if (text < firstIgnoringCase && string.Equals(_texts[text], value, StringComparison.OrdinalIgnoreCase))
                {
                    firstIgnoringCase = text;
                }
            }

            return firstIgnoringCase == int.MaxValue ? Missing : firstIgnoringCase * 2 + 1;
        }

        /// <summary>The string of a handle; null for <see cref="Null"/> and <see cref="Missing"/>.</summary>
        public string? Get(int handle)
        {
            if (handle < 0)
            {
                return null;
            }

            return (handle & 1) == 0 ? _guids[handle >> 1].ToString("D") : _texts[handle >> 1];
        }

        /// <summary>The GUID of a handle that holds one (a canonical GUID was interned); false for text, null and missing.</summary>
        public bool TryGetGuid(int handle, out Guid guid)
        {
            guid = handle >= 0 && (handle & 1) == 0 ? _guids[handle >> 1] : default;
            return handle >= 0 && (handle & 1) == 0;
        }

        /// <summary>Writes a handle's string as a JSON property value without allocating for GUIDs.</summary>
        public void WriteValue(System.Text.Json.Utf8JsonWriter writer, string name, int handle)
        {
            if (handle == Missing)
            {
                return;
            }

            if (handle == Null)
            {
                writer.WriteNull(name);
            }
            else if ((handle & 1) == 0)
            {
                Span<byte> buffer = stackalloc byte[36];
                Utf8Formatter.TryFormat(_guids[handle >> 1], buffer, out _, 'D');
                writer.WriteString(name, buffer);
            }
            else
            {
                writer.WriteString(name, _texts[handle >> 1]);
            }
        }

        private int InternGuid(Guid guid)
        {
            lock (_gate)
            {
                // Most ids are interned again and again (every relation names its principal): only an addition counts as a write.
                if (_guids.TryGetNumber(guid, out var known))
                {
                    return known * 2;
                }

                Interlocked.Increment(ref _writes);
                try
                {
                    return _guids.Add(guid) * 2;
                }
                finally
                {
                    Interlocked.Increment(ref _writes);
                }
            }
        }

        private int InternText(string value)
        {
            lock (_gate)
            {
                var mask = _textSlots.Length - 1;
                var slot = HashIgnoringCase(value) & mask;
                for (; _textSlots[slot] != 0; slot = (slot + 1) & mask)
                {
                    var text = _textSlots[slot] - 1;
                    if (string.Equals(_texts[text], value, StringComparison.Ordinal))
                    {
                        return text * 2 + 1;
                    }
                }

                Interlocked.Increment(ref _writes);
                try
                {
                    var index = _texts.Count;
                    _texts.Add(value);
                    _textSlots[slot] = index + 1;
                    if (2 * _texts.Count > _textSlots.Length)
                    {
                        GrowTextSlots();
                    }

                    return index * 2 + 1;
                }
                finally
                {
                    Interlocked.Increment(ref _writes);
                }
            }
        }

        /// <summary>Doubles the table (kept at most half full).</summary>
        private void GrowTextSlots() => _textSlots = NumberSlots.Grown(_textSlots, _texts.Count, text => HashIgnoringCase(_texts[text]));

        private static int HashIgnoringCase(string value) => StringComparer.OrdinalIgnoreCase.GetHashCode(value) & int.MaxValue;

        /// <summary>Only the canonical lower-case form round-trips through a GUID unchanged.</summary>
        internal static bool TryParseCanonicalGuid(ReadOnlySpan<byte> utf8, out Guid guid)
        {
            guid = default;
            if (utf8.Length != 36)
            {
                return false;
            }

            foreach (var b in utf8)
            {
                if (b >= (byte)'A' && b <= (byte)'Z')
                {
                    return false;
                }
            }

            return Utf8Parser.TryParse(utf8, out guid, out var consumed, 'D') && consumed == 36;
        }

        private static bool TryParseCanonicalGuid(string value, out Guid guid)
        {
            guid = default;
            if (value.Length != 36)
            {
                return false;
            }

            foreach (var c in value)
            {
                if (c >= 'A' && c <= 'Z')
                {
                    return false;
                }
            }

            return Guid.TryParseExact(value, "D", out guid);
        }

        internal static string Decode(ReadOnlySpan<byte> utf8) =>
            utf8.IsEmpty ? string.Empty : Encoding.UTF8.GetString(utf8.ToArray());
    }
}
