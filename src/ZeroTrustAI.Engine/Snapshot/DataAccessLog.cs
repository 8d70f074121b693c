using System;
using System.Collections.Generic;
using System.Threading;

namespace ZeroTrustAI.Engine.Snapshot
{
    /// <summary>
    /// Notes which data sets are read while a recording is open on the current flow. Tests use it to prove that every
    /// control declares all it reads (its own sets and its indexes'), which is what keeps a control from judging data
    /// that was never collected. Outside a recording it costs one null check.
    /// </summary>
    internal static class DataAccessLog
    {
        /// <summary>Written for reads that are not of one declared set (every resource of every type).</summary>
        public const string AnyArmData = DataSets.ArmPrefix + "*";

        private static readonly AsyncLocal<HashSet<string>?> Current = new AsyncLocal<HashSet<string>?>();

        /// <summary>Records every data set read on this flow into <paramref name="sink"/> until disposed.</summary>
        public static IDisposable Record(HashSet<string> sink)
        {
            var previous = Current.Value;
            Current.Value = sink;
            return new Scope(() => Current.Value = previous);
        }

        public static void Note(string dataSet)
        {
            var sink = Current.Value;
            if (sink != null)
            {
                Add(sink, dataSet);
            }
        }

        public static void NoteArmType(string type)
        {
            var sink = Current.Value;
            if (sink != null)
            {
                Add(sink, DataSets.Arm(type));
            }
        }

        // The recording flows to the worker threads of a parallel run: they note into the same set.
        private static void Add(HashSet<string> sink, string dataSet)
        {
            lock (sink)
            {
                sink.Add(dataSet);
            }
        }

        private sealed class Scope : IDisposable
        {
            private Action? _onDispose;

            public Scope(Action onDispose) => _onDispose = onDispose;

            public void Dispose()
            {
                _onDispose?.Invoke();
                _onDispose = null;
            }
        }
    }
}
