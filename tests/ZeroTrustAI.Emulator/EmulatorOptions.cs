using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace ZeroTrustAI.Emulator
{
    /// <summary>
    /// How the emulator behaves. Every property may be changed while it runs (tests flip faults between phases);
    /// reads and writes are thread-safe.
    /// </summary>
    public sealed class EmulatorOptions
    {
        /// <summary>Microsoft Graph's hard limit for <c>$top</c> on directory objects.</summary>
        public const int MaxGraphPageSize = 999;

        /// <summary>Azure Resource Graph's hard limit for <c>options.$top</c>.</summary>
        public const int MaxResourceGraphPageSize = 1000;

        private readonly object _gate = new object();
        private readonly List<FaultRule> _faults = new List<FaultRule>();
        private int _graphPageSize = 100;
        private int _armPageSize = 100;
        private int _resourceGraphPageSize = MaxResourceGraphPageSize;
        private long _latencyTicks;
        private string? _expectedToken;
        private GraphThrottle? _graphThrottle;

        /// <summary>Objects per Graph page when the request has no <c>$top</c> (Graph's own default is 100).</summary>
        public int GraphPageSize
        {
            get => Volatile.Read(ref _graphPageSize);
            set => Volatile.Write(ref _graphPageSize, CheckPageSize(value, MaxGraphPageSize));
        }

        /// <summary>Items per page of an ARM list (GET /subscriptions and child collections).</summary>
        public int ArmPageSize
        {
            get => Volatile.Read(ref _armPageSize);
            set => Volatile.Write(ref _armPageSize, CheckPageSize(value, int.MaxValue));
        }

        /// <summary>Rows per Resource Graph page when the query has no <c>options.$top</c>.</summary>
        public int ResourceGraphPageSize
        {
            get => Volatile.Read(ref _resourceGraphPageSize);
            set => Volatile.Write(ref _resourceGraphPageSize, CheckPageSize(value, MaxResourceGraphPageSize));
        }

        /// <summary>A fixed delay before every request is handled (network latency).</summary>
        public TimeSpan Latency
        {
            get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
            set => Interlocked.Exchange(ref _latencyTicks, value < TimeSpan.Zero ? throw new ArgumentOutOfRangeException(nameof(value)) : value.Ticks);
        }

        /// <summary>
        /// When set, only <c>Authorization: Bearer &lt;this token&gt;</c> is accepted; when null any bearer token is.
        /// A request without a bearer token is always answered 401.
        /// </summary>
        public string? ExpectedToken
        {
            get => Volatile.Read(ref _expectedToken);
            set => Volatile.Write(ref _expectedToken, value);
        }

        /// <summary>A Graph-like resource-unit throttle on every Graph request (null: none). Fault rules are tried first.</summary>
        public GraphThrottle? GraphThrottle
        {
            get => Volatile.Read(ref _graphThrottle);
            set => Volatile.Write(ref _graphThrottle, value);
        }

        /// <summary>The fault rules in the order they are tried (a copy).</summary>
        public IReadOnlyList<FaultRule> Faults
        {
            get
            {
                lock (_gate)
                {
                    return _faults.ToList();
                }
            }
        }

        /// <summary>Adds a fault rule; it takes effect for the next request.</summary>
        public EmulatorOptions AddFault(FaultRule rule)
        {
            ArgumentNullException.ThrowIfNull(rule);
            lock (_gate)
            {
                _faults.Add(rule);
            }

            return this;
        }

        public bool RemoveFault(FaultRule rule)
        {
            lock (_gate)
            {
                return _faults.Remove(rule);
            }
        }

        public void ClearFaults()
        {
            lock (_gate)
            {
                _faults.Clear();
            }
        }

        /// <summary>
        /// Counts the request against every rule it matches and returns the first rule (in list order) whose window
        /// includes that rule's count, or null.
        /// </summary>
        internal FaultRule? SelectFault(string method, string path, string route, bool batched)
        {
            FaultRule? selected = null;
            foreach (var rule in Faults)
            {
                if (!rule.Matches(method, path, route, batched))
                {
                    continue;
                }

                var count = rule.CountMatch();
                if (selected == null && rule.IsInWindow(count))
                {
                    selected = rule;
                }
            }

            selected?.CountFired();
            return selected;
        }

        private static int CheckPageSize(int value, int max) =>
            value >= 1 && value <= max ? value : throw new ArgumentOutOfRangeException(nameof(value), value, $"A page size must be between 1 and {max}.");
    }
}
