using System;
using System.Collections.Generic;

namespace ZeroTrustAI.Engine.Snapshot.Compact
{
    /// <summary>
    /// An append-only array in fixed blocks: growing never copies what is stored, and no block is big enough to
    /// need one contiguous large-object allocation of the whole, so memory stays close to what is used. The first
    /// block starts small and doubles up to the block size, so an array that stays small (a column of a small set)
    /// costs what it holds.
    /// </summary>
    internal sealed class ChunkedArray<T>
    {
        private const int BlockShift = 16;
        private const int BlockSize = 1 << BlockShift;
        private const int BlockMask = BlockSize - 1;
        private const int FirstBlockSize = 16;

        private readonly List<T[]> _blocks = new List<T[]>();

        public int Count { get; private set; }

        public T this[int index]
        {
            get => _blocks[index >> BlockShift][index & BlockMask];
            set => _blocks[index >> BlockShift][index & BlockMask] = value;
        }

        public int Add(T value)
        {
            var index = Count;
            if ((index & BlockMask) == 0)
            {
                _blocks.Add(new T[index == 0 ? FirstBlockSize : BlockSize]);
            }
            else if (index < BlockSize && index == _blocks[0].Length)
            {
                // A reader on another thread may still hold the old first block: it has every value below Count.
                var grown = new T[Math.Min(BlockSize, index * 2)];
                Array.Copy(_blocks[0], grown, index);
                _blocks[0] = grown;
            }

            _blocks[index >> BlockShift][index & BlockMask] = value;
            Count++;
            return index;
        }
    }
}
