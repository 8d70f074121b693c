using System;
using System.Collections.Generic;
using System.Threading;

namespace ZeroTrustAI.Emulator
{
    /// <summary>
    /// Microsoft Graph's identity and access throttle, as documented in "Microsoft Graph service-specific throttling
    /// limits": a budget of resource units per application and tenant over a window (a large tenant has 8,000 per 10
    /// seconds), each request costing its base cost (2 for GET applications, oauth2PermissionGrants, users and
    /// servicePrincipals/{id}/appRoleAssignments, 1 otherwise), 1 less with <c>$select</c> or with <c>$top</c> under 20,
    /// 1 more with <c>$expand</c>, never less than 1. Every GET inside a $batch is charged on its own; the $batch POST
    /// itself is not. A request over budget is answered 429 with Retry-After up to the end of the window.
    /// </summary>
    public sealed class GraphThrottle
    {
        /// <summary>The documented budget of a large tenant (over 500 users): 8,000 resource units per 10 seconds.</summary>
        public static GraphThrottle LargeTenant() => new GraphThrottle(8000, TimeSpan.FromSeconds(10));

        private static readonly string[] CostTwo = { "applications", "oauth2PermissionGrants", "users", "servicePrincipals/{id}/appRoleAssignments" };

        private readonly object _gate = new object();
        private DateTime _windowStart = DateTime.MinValue;
        private long _used;
        private long _charged;
        private long _throttled;

        public GraphThrottle(int budget, TimeSpan window)
        {
            if (budget < 1 || window <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(budget), "A throttle needs a positive budget and window.");
            }

            Budget = budget;
            Window = window;
        }

        public int Budget { get; }

        public TimeSpan Window { get; }

        /// <summary>Resource units charged to requests that were answered.</summary>
        public long UnitsCharged => Interlocked.Read(ref _charged);

        /// <summary>Requests answered 429 by this throttle.</summary>
        public long Throttled => Interlocked.Read(ref _throttled);

        /// <summary>The resource units of one request: <paramref name="route"/> is the route template after the version (servicePrincipals/{id}/owners).</summary>
        public static int CostOf(string method, string route, IReadOnlyDictionary<string, string> query)
        {
            var path = route.TrimStart('/');
            var slash = path.IndexOf('/', StringComparison.Ordinal);
            path = slash >= 0 && (path.StartsWith("v1.0/", StringComparison.OrdinalIgnoreCase) || path.StartsWith("beta/", StringComparison.OrdinalIgnoreCase)) ? path.Substring(slash + 1) : path;
            var cost = string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase) && Array.Exists(CostTwo, p => string.Equals(p, path, StringComparison.OrdinalIgnoreCase)) ? 2 : 1;
            if (query.ContainsKey("$select"))
            {
                cost--;
            }

            if (query.ContainsKey("$expand"))
            {
                cost++;
            }

            if (query.TryGetValue("$top", out var top) && int.TryParse(top, out var size) && size < 20)
            {
                cost--;
            }

            return Math.Max(1, cost);
        }

        /// <summary>Charges a request; returns null when it may be answered, else how long until the window ends.</summary>
        internal TimeSpan? TryCharge(int cost, DateTime now)
        {
            lock (_gate)
            {
                if (now >= _windowStart + Window)
                {
                    _windowStart = now;
                    _used = 0;
                }

                if (_used + cost > Budget)
                {
                    _throttled++;
                    return _windowStart + Window - now;
                }

                _used += cost;
                _charged += cost;
                return null;
            }
        }
    }
}
