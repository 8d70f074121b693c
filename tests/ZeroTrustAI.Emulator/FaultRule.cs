using System;
using System.Text.RegularExpressions;
using System.Threading;

namespace ZeroTrustAI.Emulator
{
    /// <summary>What an injected fault does to a request.</summary>
    public enum FaultKind
    {
        /// <summary>429 Too Many Requests with <c>Retry-After</c> (<see cref="FaultRule.RetryAfter"/>, default 1 s).</summary>
        Throttle,

        /// <summary>503 Service Unavailable, with <c>Retry-After</c> only when <see cref="FaultRule.RetryAfter"/> is set.</summary>
        ServiceUnavailable,

        /// <summary>The real response's headers (with the whole body's Content-Length) and part of its body are sent, then the connection closes.</summary>
        DropMidBody,

        /// <summary>The real response, after <see cref="FaultRule.Delay"/> before the headers.</summary>
        SlowResponse,

        /// <summary>Status 200 and part of the real body, with a matching Content-Length: the HTTP exchange completes, the JSON does not.</summary>
        TruncatedJson,

        /// <summary>401 with an expired-token error (the token lifetime ran out mid-collection).</summary>
        TokenExpired,

        /// <summary>403 with Graph's <c>Authorization_RequestDenied</c> (or ARM's <c>AuthorizationFailed</c>) body.</summary>
        Forbidden,
    }

    /// <summary>
    /// One fault: which requests it applies to (route pattern, method, the nth matching request) and what it does.
    /// Each rule counts the requests it matches, so "the 3rd page request fails twice" is
    /// <c>new FaultRule(FaultKind.ServiceUnavailable, "/v1.0/servicePrincipals") { FirstRequest = 3, Times = 2 }</c>.
    /// </summary>
    public sealed class FaultRule
    {
        private readonly Regex _pattern;
        private int _matched;
        private int _fired;

        /// <param name="kind">What the fault does.</param>
        /// <param name="routePattern">
        /// Matched, ignoring case, against the request path (no query) and against its route template
        /// (e.g. <c>/v1.0/servicePrincipals/{id}/owners</c>); <c>*</c> matches any run of characters, '/' included.
        /// </param>
        public FaultRule(FaultKind kind, string routePattern)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(routePattern);
            Kind = kind;
            RoutePattern = routePattern;
            _pattern = new Regex(
                "^" + Regex.Escape(routePattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }

        public FaultKind Kind { get; }

        public string RoutePattern { get; }

        /// <summary>Only requests with this method (GET, POST); null for any.</summary>
        public string? Method { get; init; }

        /// <summary>The first matching request (1-based) the fault applies to.</summary>
        public int FirstRequest { get; init; } = 1;

        /// <summary>How many consecutive matching requests fail from <see cref="FirstRequest"/>; null for all of them.</summary>
        public int? Times { get; init; } = 1;

        /// <summary>The Retry-After sent with <see cref="FaultKind.Throttle"/> (default 1 s) and <see cref="FaultKind.ServiceUnavailable"/> (none by default).</summary>
        public TimeSpan? RetryAfter { get; init; }

        /// <summary>The delay before the headers for <see cref="FaultKind.SlowResponse"/>.</summary>
        public TimeSpan Delay { get; init; }

        /// <summary>The share of the body sent before a reset or a truncation (0 to 1, default one half).</summary>
        public double BodyFraction { get; init; } = 0.5;

        /// <summary>Requests this rule has matched so far (faulted or not).</summary>
        public int MatchedCount => Volatile.Read(ref _matched);

        /// <summary>Requests this rule has faulted so far.</summary>
        public int FiredCount => Volatile.Read(ref _fired);

        /// <summary>
        /// Status faults (429, 503, 401, 403, slow) also apply to the GETs inside a Graph <c>$batch</c>, answered as that
        /// inner response; transport faults (reset, truncation) only ever apply to the HTTP request itself.
        /// </summary>
        internal bool IsTransportFault => Kind is FaultKind.DropMidBody or FaultKind.TruncatedJson;

        /// <summary>429 with Retry-After for the matching requests.</summary>
        public static FaultRule Throttle(string routePattern, TimeSpan retryAfter, int firstRequest = 1, int? times = 1) =>
            new FaultRule(FaultKind.Throttle, routePattern) { RetryAfter = retryAfter, FirstRequest = firstRequest, Times = times };

        /// <summary>503, with Retry-After when given.</summary>
        public static FaultRule ServiceUnavailable(string routePattern, TimeSpan? retryAfter = null, int firstRequest = 1, int? times = 1) =>
            new FaultRule(FaultKind.ServiceUnavailable, routePattern) { RetryAfter = retryAfter, FirstRequest = firstRequest, Times = times };

        public static FaultRule DropMidBody(string routePattern, int firstRequest = 1, int? times = 1) =>
            new FaultRule(FaultKind.DropMidBody, routePattern) { FirstRequest = firstRequest, Times = times };

        public static FaultRule SlowResponse(string routePattern, TimeSpan delay, int firstRequest = 1, int? times = 1) =>
            new FaultRule(FaultKind.SlowResponse, routePattern) { Delay = delay, FirstRequest = firstRequest, Times = times };

        public static FaultRule TruncatedJson(string routePattern, int firstRequest = 1, int? times = 1) =>
            new FaultRule(FaultKind.TruncatedJson, routePattern) { FirstRequest = firstRequest, Times = times };

        /// <summary>401 (token expired) for <paramref name="times"/> matching requests from <paramref name="firstRequest"/>.</summary>
        public static FaultRule TokenExpired(string routePattern, int firstRequest = 1, int? times = 1) =>
            new FaultRule(FaultKind.TokenExpired, routePattern) { FirstRequest = firstRequest, Times = times };

        /// <summary>403 on every request for a route.</summary>
        public static FaultRule Forbidden(string routePattern) =>
            new FaultRule(FaultKind.Forbidden, routePattern) { Times = null };

        /// <summary>
        /// 403 Authorization_RequestDenied on every request for a Graph set named as its snapshot file
        /// (e.g. <c>servicePrincipals.microsoft.graph.agentIdentity</c>), in both /v1.0 and /beta.
        /// </summary>
        public static FaultRule ForbiddenGraphSet(string setName) =>
            Forbidden("/*" + Graph.GraphSetPath.FromSetName(setName));

        internal bool Matches(string method, string path, string route, bool batched)
        {
            if (batched && IsTransportFault)
            {
                return false;
            }

            if (Method != null && !string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            return _pattern.IsMatch(path) || _pattern.IsMatch(route);
        }

        internal int CountMatch() => Interlocked.Increment(ref _matched);

        internal bool IsInWindow(int count) => count >= FirstRequest && (Times == null || count < FirstRequest + Times.Value);

        internal void CountFired() => Interlocked.Increment(ref _fired);

        public override string ToString() => $"{Kind} on {Method ?? "any"} {RoutePattern} from request {FirstRequest}{(Times == null ? " on" : $" x{Times}")}";
    }
}
