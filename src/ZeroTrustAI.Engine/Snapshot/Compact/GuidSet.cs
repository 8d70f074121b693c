using System;
using System.Runtime.InteropServices;

namespace ZeroTrustAI.Engine.Snapshot.Compact
{
    /// <summary>
    /// Distinct GUIDs, each with its number in order of arrival: the GUIDs in blocks that never move, and an open
    /// addressing table of numbers (4 bytes a slot, at most three quarters full). A dictionary would keep 28 bytes of
    /// entry per GUID and a list a copy with room to double; a large tenant's string table holds millions of GUIDs.
    /// Not thread-safe for writers; <see cref="this[int]"/> is safe from any thread for a number already given out.
    /// </summary>
    internal sealed class GuidSet
    {
        private readonly ChunkedArray<Guid> _guids = new ChunkedArray<Guid>();

        // Each slot holds a GUID's number plus one; 0 is free.
        private int[] _slots = new int[16];

        public int Count => _guids.Count;

        public Guid this[int number] => _guids[number];

        /// <summary>The number of a GUID, added when new.</summary>
        public int Add(Guid guid)
        {
            var slot = Find(guid);
            if (_slots[slot] != 0)
            {
                return _slots[slot] - 1;
            }

            var number = _guids.Add(guid);
            _slots[slot] = number + 1;
            if (_guids.Count * 4 > _slots.Length * 3)
            {
                Grow();
            }

            return number;
        }

        public bool TryGetNumber(Guid guid, out int number)
        {
            var slots = _slots;
            number = slots[Find(slots, guid)] - 1;
            return number >= 0;
        }

        /// <summary>The slot holding the GUID, or the free slot where it would go.</summary>
        private int Find(Guid guid) => Find(_slots, guid);

        // One table throughout: a reader racing a writer (StringTable retries it under its lock) probes one table to its end.
        private int Find(int[] slots, Guid guid)
        {
            var mask = slots.Length - 1;
            var slot = Hash(guid) & mask;
            while (slots[slot] != 0 && _guids[slots[slot] - 1] != guid)
            {
                slot = (slot + 1) & mask;
            }

            return slot;
        }

        private void Grow() => _slots = NumberSlots.Grown(_slots, _guids.Count, number => Hash(_guids[number]));

        // Ids made by hand or by a generator may differ in a few bits only: mix all 16 bytes into the bits the mask keeps.
        private static int Hash(Guid guid)
        {
            Span<Guid> one = stackalloc Guid[1];
            one[0] = guid;
            var halves = MemoryMarshal.Cast<Guid, ulong>(one);
            var mixed = (halves[0] * 0x9E3779B97F4A7C15UL) ^ (halves[1] * 0xC2B2AE3D27D4EB4FUL);
            return (int)(mixed >> 33);
        }
    }
}
