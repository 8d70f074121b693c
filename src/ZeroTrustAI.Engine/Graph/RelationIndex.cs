using System.Collections.Generic;

namespace ZeroTrustAI.Engine.Graph
{
    /// <summary>
    /// Entries of a relation grouped by a key (principal, client, owned object), built once: one int array of entry
    /// numbers ordered by key, and each key's range in it, instead of a list per key. Within a key, entries keep
    /// the order they were read in. When every key's entries were read together (an export writes a principal's
    /// assignments one after the other), the ranges are the entries' own numbers and no array is kept: at ten million
    /// assignments that array was 40 MB.
    /// </summary>
    internal sealed class RelationIndex
    {
        public static readonly RelationIndex Empty = new RelationIndex(new Dictionary<int, Range>(), System.Array.Empty<int>());

        private readonly Dictionary<int, Range> _ranges;
        // Null while each key's entries are the run start..start+count-1 of entry numbers (made when a filter drops one).
        private int[]? _entries;
        private readonly int _count;

        private RelationIndex(Dictionary<int, Range> ranges, int[]? entries, int count = 0)
        {
            _ranges = ranges;
            _entries = entries;
            _count = count;
        }

        /// <summary>Whether the entries are kept in an array of their own (false: each key's entries were read together).</summary>
        internal bool KeepsEntries => _entries != null;

        /// <summary>Groups entries 0..count-1 by their key; a negative key leaves the entry out.</summary>
        public static RelationIndex Build(int count, System.Func<int, int> keyOf)
        {
            var keys = new int[count];
            var sizes = new Dictionary<int, int>();
            var total = 0;
            // Each key's entries one run of consecutive numbers, no key in two runs: the ranges are the entry numbers.
            var together = true;
            var previousKey = -1;
            var previousEntry = -1;
            for (var entry = 0; entry < count; entry++)
            {
                var key = keyOf(entry);
                keys[entry] = key;
                if (key >= 0)
                {
                    var seen = sizes.TryGetValue(key, out var size);
                    together &= key == previousKey ? entry == previousEntry + 1 : !seen;
                    sizes[key] = seen ? size + 1 : 1;
                    previousKey = key;
                    previousEntry = entry;
                    total++;
                }
            }

            var ranges = new Dictionary<int, Range>(sizes.Count);
            if (together)
            {
                for (var entry = 0; entry < count; entry++)
                {
                    var key = keys[entry];
                    if (key >= 0 && (entry == 0 || keys[entry - 1] != key))
                    {
                        ranges[key] = new Range(entry, sizes[key]);
                    }
                }

                return new RelationIndex(ranges, null, count);
            }

            var start = 0;
            foreach (var pair in sizes)
            {
                ranges[pair.Key] = new Range(start, 0);
                start += pair.Value;
            }

            var entries = new int[total];
            for (var entry = 0; entry < count; entry++)
            {
                var key = keys[entry];
                if (key >= 0)
                {
                    var range = ranges[key];
                    entries[range.Start + range.Count] = entry;
                    ranges[key] = new Range(range.Start, range.Count + 1);
                }
            }

            return new RelationIndex(ranges, entries);
        }

        public IEnumerable<int> Keys => _ranges.Keys;

        public int CountOf(int key) => _ranges.TryGetValue(key, out var range) ? range.Count : 0;

        public bool Contains(int key) => _ranges.ContainsKey(key);

        /// <summary>The entries of a key, in read order.</summary>
        public List<int> Of(int key)
        {
            var result = new List<int>();
            if (_ranges.TryGetValue(key, out var range))
            {
                for (var i = 0; i < range.Count; i++)
                {
                    result.Add(EntryAt(range.Start + i));
                }
            }

            return result;
        }

        /// <summary>The entries of a key without a list: <see cref="EntryAt"/> reads positions start..start+count-1.</summary>
        public bool TryGetRange(int key, out int start, out int count)
        {
            var found = _ranges.TryGetValue(key, out var range);
            start = range.Start;
            count = range.Count;
            return found;
        }

        public int EntryAt(int position) => _entries is int[] entries ? entries[position] : position;

        /// <summary>Keeps only the entries of a key that <paramref name="keep"/> accepts (in order), e.g. to drop duplicates.</summary>
        public void Filter(int key, System.Func<List<int>, int, bool> keep)
        {
            if (!_ranges.TryGetValue(key, out var range))
            {
                return;
            }

            var kept = new List<int>(range.Count);
            for (var i = 0; i < range.Count; i++)
            {
                var entry = EntryAt(range.Start + i);
                if (keep(kept, entry))
                {
                    kept.Add(entry);
                }
            }

            if (kept.Count == range.Count)
            {
                return;
            }

            var entries = _entries ??= Numbers(_count);
            for (var i = 0; i < kept.Count; i++)
            {
                entries[range.Start + i] = kept[i];
            }

            _ranges[key] = new Range(range.Start, kept.Count);
        }

        private static int[] Numbers(int count)
        {
            var numbers = new int[count];
            for (var i = 0; i < count; i++)
            {
                numbers[i] = i;
            }

            return numbers;
        }

        private readonly struct Range
        {
            public Range(int start, int count)
            {
                Start = start;
                Count = count;
            }

            public int Start { get; }
            public int Count { get; }
        }
    }
}
