using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ZeroTrustAI.Collector.Connection;

namespace ZeroTrustAI.Collector.Http
{
    /// <summary>How throttled or briefly unavailable requests are retried.</summary>
    public sealed class ThrottleRetryOptions
    {
        /// <summary>Retries after the first attempt (0 to 10). Default 6.</summary>
        public int MaxRetries { get; set; } = 6;

        /// <summary>The first back-off when the service gives no Retry-After. Default 2 s; it doubles per retry.</summary>
        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>The longest back-off without Retry-After. Default 60 s.</summary>
        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>The longest Retry-After honoured; a longer one is cut to this. Default 300 s.</summary>
        public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(300);

        /// <summary>Told about each retry before its wait (route, status, wait), e.g. for diagnostics and counts.</summary>
        public Action<RetryEvent>? OnRetry { get; set; }

        /// <summary>Waits; replaceable so tests need not sleep.</summary>
        public Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = (delay, token) => Task.Delay(delay, token);

        /// <summary>A number in [0, 1) for the jitter; replaceable so tests are deterministic.</summary>
        public Func<double> NextRandom { get; set; } = SharedRandom.Next;

        internal void Validate()
        {
            if (MaxRetries < 0 || MaxRetries > 10)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "Between 0 and 10 retries.");
            }

            if (BaseDelay < TimeSpan.Zero || MaxDelay < BaseDelay || MaxRetryAfter < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(BaseDelay), "Delays must be positive and BaseDelay <= MaxDelay.");
            }
        }

        private static class SharedRandom
        {
            private static readonly Random Random = new Random();

            public static double Next()
            {
                lock (Random)
                {
                    return Random.NextDouble();
                }
            }
        }
    }

    /// <summary>One retry: what was retried, why, after how long.</summary>
    public sealed class RetryEvent
    {
        public RetryEvent(string method, string url, int statusCode, int attempt, TimeSpan delay, bool fromRetryAfter)
        {
            Method = method;
            Url = url;
            StatusCode = statusCode;
            Attempt = attempt;
            Delay = delay;
            FromRetryAfter = fromRetryAfter;
        }

        public string Method { get; }

        /// <summary>The URL with credentials masked.</summary>
        public string Url { get; }

        public int StatusCode { get; }

        /// <summary>1 for the first retry.</summary>
        public int Attempt { get; }

        public TimeSpan Delay { get; }

        /// <summary>True when the wait came from the response's Retry-After header.</summary>
        public bool FromRetryAfter { get; }
    }

    /// <summary>
    /// Retries 429 (throttled), 503 (unavailable) and 504 (gateway timeout) responses. The wait is the response's
    /// Retry-After (seconds or HTTP date) when present, capped at <see cref="ThrottleRetryOptions.MaxRetryAfter"/>;
    /// otherwise a bounded exponential back-off with jitter: d = min(MaxDelay, BaseDelay * 2^(retry-1)), waiting a
    /// random time in [d/2, d) so many clients throttled at once do not retry in step. After MaxRetries the last
    /// response is returned to the caller. A request body is buffered once so each retry sends the same bytes, and
    /// each retry carries a Retry-Attempt header.
    /// </summary>
    /// <remarks>
    /// Replaces Kiota's RetryHandler (configured by RetryHandlerOption: MaxRetry, Delay in seconds, ShouldRetry,
    /// RetriesTimeLimit), which retries the same statuses and honours Retry-After in seconds, but backs off by
    /// exactly Delay * 2^n with no jitter (clients throttled together retry together), reads only the seconds
    /// component of an HTTP-date Retry-After, and throws an AggregateException after the last retry instead of
    /// handing back the response.
    /// </remarks>
    public sealed class ThrottleRetryHandler : DelegatingHandler
    {
        private readonly ThrottleRetryOptions _options;

        public ThrottleRetryHandler(ThrottleRetryOptions? options = null)
        {
            _options = options ?? new ThrottleRetryOptions();
            _options.Validate();
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            if (request.Content != null)
            {
                // The same body must go out again on a retry: buffer it once.
                await request.Content.LoadIntoBufferAsync().ConfigureAwait(false);
            }

            for (var retry = 1; ; retry++)
            {
                var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (retry > _options.MaxRetries || !IsRetryable(response.StatusCode))
                {
                    return response;
                }

                var (delay, fromRetryAfter) = DelayFor(response, retry);
                _options.OnRetry?.Invoke(new RetryEvent(request.Method.Method, RedactingLog.Redact(request.RequestUri), (int)response.StatusCode, retry, delay, fromRetryAfter));
                response.Dispose();
                await _options.Delay(delay, cancellationToken).ConfigureAwait(false);
                request.Headers.Remove("Retry-Attempt");
                request.Headers.TryAddWithoutValidation("Retry-Attempt", retry.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        internal static bool IsRetryable(HttpStatusCode status)
            => (int)status == 429 || status == HttpStatusCode.ServiceUnavailable || status == HttpStatusCode.GatewayTimeout;

        internal (TimeSpan Delay, bool FromRetryAfter) DelayFor(HttpResponseMessage response, int retry)
        {
            var retryAfter = response.Headers.RetryAfter;
            TimeSpan? fromHeader = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : (TimeSpan?)null);
            if (fromHeader is { } wait)
            {
                if (wait < TimeSpan.Zero)
                {
                    wait = TimeSpan.Zero;
                }

                return (wait > _options.MaxRetryAfter ? _options.MaxRetryAfter : wait, true);
            }

            var exponent = Math.Min(retry - 1, 30);
            var ceiling = Math.Min(_options.MaxDelay.TotalMilliseconds, _options.BaseDelay.TotalMilliseconds * Math.Pow(2, exponent));
            var jittered = (ceiling / 2) + (_options.NextRandom() * ceiling / 2);
            return (TimeSpan.FromMilliseconds(jittered), false);
        }
    }
}
