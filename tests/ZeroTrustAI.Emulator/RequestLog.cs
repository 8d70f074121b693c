using System;
using System.Collections.Generic;
using System.Linq;

namespace ZeroTrustAI.Emulator
{
    /// <summary>One request the emulator answered.</summary>
    /// <param name="Method">GET, POST, ...</param>
    /// <param name="PathAndQuery">The path and query as received (inner $batch requests: the version path plus the relative URL).</param>
    /// <param name="Route">The route template (e.g. <c>/v1.0/servicePrincipals/{id}/owners</c>); for ARM resource ids, the id as stored.</param>
    /// <param name="Status">The status sent (for a reset, the status whose body was cut).</param>
    /// <param name="Api">Graph or Arm.</param>
    /// <param name="Batched">True for a GET inside a Graph $batch.</param>
    /// <param name="Fault">The injected fault, if any.</param>
    /// <param name="ResourceUnits">The Graph resource units charged (0 without a throttle, or when refused).</param>
    /// <param name="At">When it was answered (UTC).</param>
    /// <param name="Received">When it was received (UTC), before the emulator's latency: <c>At - Received - latency</c> is the emulator's own time.</param>
    public sealed record RequestLogEntry(string Method, string PathAndQuery, string Route, int Status, EmulatorApi Api, bool Batched, FaultKind? Fault, int ResourceUnits = 0, DateTime At = default, DateTime Received = default);

    /// <summary>Which face of the emulator answered.</summary>
    public enum EmulatorApi
    {
        Graph,
        Arm,
    }

    /// <summary>Every request the emulator saw, faulted ones included, in arrival order. Thread-safe.</summary>
    public sealed class RequestLog
    {
        private readonly object _gate = new object();
        private readonly List<RequestLogEntry> _entries = new List<RequestLogEntry>();

        /// <summary>A copy of all entries so far.</summary>
        public IReadOnlyList<RequestLogEntry> Entries
        {
            get
            {
                lock (_gate)
                {
                    return _entries.ToList();
                }
            }
        }

        /// <summary>HTTP requests (inner $batch requests excluded) per (method, route).</summary>
        public IReadOnlyDictionary<(string Method, string Route), int> CountsByRoute =>
            Entries.Where(e => !e.Batched)
                .GroupBy(e => (e.Method, e.Route))
                .ToDictionary(g => g.Key, g => g.Count());

        /// <summary>Requests with that method whose route template or path (no query) equals <paramref name="route"/>, ignoring case.</summary>
        /// <param name="method">GET or POST.</param>
        /// <param name="route">A route template (<c>/v1.0/servicePrincipals/{id}/owners</c>) or a path.</param>
        /// <param name="includeBatched">Whether GETs inside a $batch count too.</param>
        public int Count(string method, string route, bool includeBatched = false) =>
            Entries.Count(e => (includeBatched || !e.Batched) &&
                string.Equals(e.Method, method, StringComparison.OrdinalIgnoreCase) &&
                (string.Equals(e.Route, route, StringComparison.OrdinalIgnoreCase) || string.Equals(PathOf(e.PathAndQuery), route, StringComparison.OrdinalIgnoreCase)));

        /// <summary>The distinct methods seen on HTTP requests and inside $batch.</summary>
        public IReadOnlyCollection<string> Methods => Entries.Select(e => e.Method).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

        public void Clear()
        {
            lock (_gate)
            {
                _entries.Clear();
            }
        }

        internal void Add(RequestLogEntry entry)
        {
            lock (_gate)
            {
                _entries.Add(entry);
            }
        }

        private static string PathOf(string pathAndQuery)
        {
            var question = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
            return question < 0 ? pathAndQuery : pathAndQuery.Substring(0, question);
        }
    }
}
