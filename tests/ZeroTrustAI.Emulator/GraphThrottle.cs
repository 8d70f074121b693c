using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using ZeroTrustAI.Engine.Collection;

namespace ZeroTrustAI.Emulator
{
    /// <summary>What the throttle decided for one request.</summary>
    /// <param name="Cost">The resource units charged (0 when refused).</param>
    /// <param name="RetryAfter">Null when answered; else the wait (Zero: 429 without Retry-After, as Conditional Access answers).</param>
    /// <param name="Headers">The headers Graph adds: x-ms-resource-unit, and x-ms-throttle-limit-percentage above 0.8 of the limit.</param>
    public sealed record ThrottleDecision(int Cost, TimeSpan? RetryAfter, IReadOnlyList<KeyValuePair<string, string>> Headers);

    /// <summary>
    /// Microsoft Graph's identity and access throttle as documented ("Microsoft Graph service-specific throttling
    /// limits"): a token bucket of resource units per application and tenant (here: per bearer token, which stands for
    /// the application), <see cref="Budget"/> units refilled evenly over <see cref="Window"/>, each request charged its
    /// published cost (<see cref="GraphResourceUnits.CostOf"/>; every GET inside a $batch on its own, the envelope
    /// nothing). A request the bucket cannot pay is answered 429 with Retry-After (the time until it could be paid).
    /// Answered requests carry x-ms-resource-unit, and x-ms-throttle-limit-percentage once more than 0.8 of the budget
    /// is used. Conditional Access and Identity Protection allow one request per <see cref="OncePerTenantInterval"/>
    /// per tenant and answer 429 without Retry-After.
    /// </summary>
    public sealed class GraphThrottle
    {
        private readonly object _gate = new object();
        private readonly Dictionary<string, Bucket> _buckets = new Dictionary<string, Bucket>(StringComparer.Ordinal);
        private readonly Queue<DateTime> _keyCredentialReads = new Queue<DateTime>();
        private DateTime _lastOncePerTenant = DateTime.MinValue;
        private long _charged;
        private long _throttled;
        private long _requests;

        public GraphThrottle(int budget, TimeSpan window, TimeSpan? oncePerTenantInterval = null)
        {
            if (budget < 1 || window <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(budget), "A throttle needs a positive budget and window.");
            }

            Budget = budget;
            Window = window;
            OncePerTenantInterval = oncePerTenantInterval ?? GraphResourceUnits.OncePerTenantInterval;
        }

        /// <summary>The documented budget of a large tenant (over 500 users): 8,000 resource units per 10 seconds.</summary>
        public static GraphThrottle LargeTenant() => new GraphThrottle(GraphResourceUnits.LargeTenantBudget, GraphResourceUnits.Window);

        /// <summary>A bucket no test run empties, for fast tests that still see the costs and headers.</summary>
        public static GraphThrottle Large() => new GraphThrottle(10_000_000, GraphResourceUnits.Window, TimeSpan.Zero);

        public int Budget { get; }

        public TimeSpan Window { get; }

        public TimeSpan OncePerTenantInterval { get; }

        /// <summary>Service principal reads selecting keyCredentials allowed per minute per tenant (Graph: 150).</summary>
        public int KeyCredentialReadsPerMinute { get; init; } = GraphResourceUnits.KeyCredentialReadsPerMinute;

        /// <summary>Resource units charged to requests that were answered.</summary>
        public long UnitsCharged => Interlocked.Read(ref _charged);

        /// <summary>Requests answered 429 by this throttle.</summary>
        public long Throttled => Interlocked.Read(ref _throttled);

        /// <summary>Requests this throttle judged (answered or refused).</summary>
        public long Requests => Interlocked.Read(ref _requests);

        /// <summary>When the first request was judged (the benchmark counts 429s after the first seconds).</summary>
        public DateTime? FirstRequestAt { get; private set; }

        /// <summary>Charges a request of <paramref name="cost"/> units to <paramref name="application"/>'s bucket.</summary>
        public ThrottleDecision Charge(string application, int cost, bool oncePerTenant, DateTime now, bool keyCredentialRead = false)
        {
            lock (_gate)
            {
                _requests++;
                FirstRequestAt ??= now;
                if (oncePerTenant && OncePerTenantInterval > TimeSpan.Zero)
                {
                    if (now - _lastOncePerTenant < OncePerTenantInterval)
                    {
                        _throttled++;
                        return new ThrottleDecision(0, TimeSpan.Zero, Array.Empty<KeyValuePair<string, string>>());
                    }

                    _lastOncePerTenant = now;
                }

                if (keyCredentialRead)
                {
                    // A sliding minute per tenant, all applications together.
                    while (_keyCredentialReads.Count > 0 && now - _keyCredentialReads.Peek() >= TimeSpan.FromMinutes(1))
                    {
                        _keyCredentialReads.Dequeue();
                    }

                    if (_keyCredentialReads.Count >= KeyCredentialReadsPerMinute)
                    {
                        _throttled++;
                        var until = _keyCredentialReads.Peek() + TimeSpan.FromMinutes(1) - now;
                        return new ThrottleDecision(0, until < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : until, Array.Empty<KeyValuePair<string, string>>());
                    }

                    _keyCredentialReads.Enqueue(now);
                }

                if (!_buckets.TryGetValue(application ?? string.Empty, out var bucket))
                {
                    bucket = new Bucket { Level = Budget, At = now };
                    _buckets[application ?? string.Empty] = bucket;
                }

                var perSecond = Budget / Window.TotalSeconds;
                bucket.Level = Math.Min(Budget, bucket.Level + ((now - bucket.At).TotalSeconds * perSecond));
                bucket.At = now;
                if (bucket.Level < cost)
                {
                    _throttled++;
                    var wait = TimeSpan.FromSeconds((cost - bucket.Level) / perSecond);
                    return new ThrottleDecision(0, wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait, Array.Empty<KeyValuePair<string, string>>());
                }

                bucket.Level -= cost;
                _charged += cost;
                var headers = new List<KeyValuePair<string, string>> { new("x-ms-resource-unit", cost.ToString(CultureInfo.InvariantCulture)) };
                var used = (Budget - bucket.Level) / Budget;
                if (used > 0.8)
                {
                    headers.Add(new("x-ms-throttle-limit-percentage", used.ToString("0.0##", CultureInfo.InvariantCulture)));
                }

                return new ThrottleDecision(cost, null, headers);
            }
        }

        private sealed class Bucket
        {
            public double Level { get; set; }

            public DateTime At { get; set; }
        }
    }
}
