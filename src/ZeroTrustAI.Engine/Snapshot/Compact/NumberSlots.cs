using System;

namespace ZeroTrustAI.Engine.Snapshot.Compact
{
    /// <summary>
    /// The table behind <see cref="GuidSet"/> and <see cref="StringTable"/>'s texts: open addressing with linear probing,
    /// each slot holding an item's number plus one (0: free), 4 bytes a slot where a dictionary keeps an entry per item.
    /// </summary>
    internal static class NumberSlots
    {
        /// <summary>A table twice as large holding items 0 to <paramref name="count"/> - 1, placed again in that order.</summary>
        public static int[] Grown(int[] slots, int count, Func<int, int> hashOf)
        {
            var grown = new int[slots.Length * 2];
            var mask = grown.Length - 1;
            for (var number = 0; number < count; number++)
            {
                var slot = hashOf(number) & mask;
                while (grown[slot] != 0)
                {
                    slot = (slot + 1) & mask;
                }

                grown[slot] = number + 1;
            }

            return grown;
        }
    }
}
