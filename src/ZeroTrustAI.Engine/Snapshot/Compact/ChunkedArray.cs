using System;
using System.Collections.Generic;

namespace ZeroTrustAI.Engine.Snapshot.Compact
{
    /// <summary>
    /// An append-only array in fixed blocks: growing never copies what is stored, and no block is big enough to
    /// need one contiguous large-object allocation of the whole, so memory stays close to what is used.
    /// </summary>
    internal sealed class ChunkedArray<T>
    {
        private const int BlockShift = 16;
        private const int BlockSize = 1 << BlockShift;
        private const int BlockMask = BlockSize - 1;

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
                _blocks.Add(new T[BlockSize]);
            }

            _blocks[index >> BlockShift][index & BlockMask] = value;
            Count++;
            return index;
        }
    }
}
