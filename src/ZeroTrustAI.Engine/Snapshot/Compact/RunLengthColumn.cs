using System;

namespace ZeroTrustAI.Engine.Snapshot.Compact
{
    /// <summary>
    /// One property of every record of a <see cref="RecordStore"/>, appended in record order. Graph lists a
    /// principal's relations together, so most columns repeat: an assignment's principal, its name and type, its
    /// resource and the dates are the same for runs of records, and deletedDateTime is null for nearly all. Such a
    /// column is kept as runs (the first record of each run and its value); a column whose runs are short (the app
    /// role of each assignment) turns into one value per record, which is then smaller and faster to read.
    /// </summary>
    internal sealed class RunLengthColumn<T>
        where T : struct, IEquatable<T>
    {
        // Runs are judged once this many records are in: before that a few short runs say nothing.
        private const int RecordsBeforeJudging = 4096;

        // A run costs an int and a value: below an average of three records per run, one value per record costs less.
        private const int ShortestAverageRun = 3;

        private ChunkedArray<int> _runStarts = new ChunkedArray<int>();
        private ChunkedArray<T> _runValues = new ChunkedArray<T>();
        private ChunkedArray<T>? _perRecord;

        // The run of the last lookup: records are mostly read in order (an index built over all of them, a principal's
        // relations one after another). Threads share it; a stale hint is only a worse first guess.
        private int _lastRun;

        public int Count { get; private set; }

        public void Add(T value)
        {
            if (_perRecord != null)
            {
                _perRecord.Add(value);
            }
            else
            {
                var runs = _runValues.Count;
                if (runs == 0 || !_runValues[runs - 1].Equals(value))
                {
                    _runStarts.Add(Count);
                    _runValues.Add(value);
                }

                if (Count + 1 >= RecordsBeforeJudging && (long)_runValues.Count * ShortestAverageRun > Count + 1)
                {
                    _perRecord = Expand(Count + 1);
                    _runStarts = new ChunkedArray<int>();
                    _runValues = new ChunkedArray<T>();
                }
            }

            Count++;
        }

        public T this[int record]
        {
            get
            {
                var perRecord = _perRecord;
                if (perRecord != null)
                {
                    return perRecord[record];
                }

                var run = RunOf(record);
                return _runValues[run];
            }
        }

        private int RunOf(int record)
        {
            var runs = _runStarts.Count;
            var hint = _lastRun;
            if (hint < runs && _runStarts[hint] <= record)
            {
                if (hint + 1 == runs || _runStarts[hint + 1] > record)
                {
                    return hint;
                }

                if (hint + 2 == runs || _runStarts[hint + 2] > record)
                {
                    _lastRun = hint + 1;
                    return hint + 1;
                }
            }

            // The last run starting at or before the record.
            var low = 0;
            var high = runs - 1;
            while (low < high)
            {
                var middle = low + ((high - low + 1) / 2);
                if (_runStarts[middle] <= record)
                {
                    low = middle;
                }
                else
                {
                    high = middle - 1;
                }
            }

            _lastRun = low;
            return low;
        }

        private ChunkedArray<T> Expand(int records)
        {
            var perRecord = new ChunkedArray<T>();
            var runs = _runStarts.Count;
            for (var run = 0; run < runs; run++)
            {
                var end = run + 1 < runs ? _runStarts[run + 1] : records;
                var value = _runValues[run];
                for (var record = _runStarts[run]; record < end; record++)
                {
                    perRecord.Add(value);
                }
            }

            return perRecord;
        }
    }
}
