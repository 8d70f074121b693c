using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace ZeroTrustAI.Collector.Http
{
    /// <summary>
    /// The one retry policy of every request ZeroTrustAI sends, Graph and ARM alike: which answers are retried, how
    /// often, and how long to wait. The wait is the service's Retry-After (seconds or HTTP date; ARM's
    /// <c>retry-after-ms</c> / <c>x-ms-retry-after-ms</c> too) capped at <see cref="MaxRetryAfter"/>; otherwise a bounded
    /// exponential back-off with jitter: d = min(MaxDelay, BaseDelay * 2^(retry-1)), waiting a random time in [d/2, d)
    /// so many clients throttled at once do not retry in step.
    /// </summary>
    public sealed class RetryPolicy
    {
        /// <summary>Retries after the first attempt (0 to 10), for any mix of throttling, unavailability, resets and cut bodies. Default 6.</summary>
        public int MaxRetries { get; set; } = 6;

        /// <summary>The first back-off when the service gives no Retry-After. Default 2 s; it doubles per retry.</summary>
        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>The longest back-off without Retry-After. Default 60 s.</summary>
        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>The longest Retry-After honoured; a longer one is cut to this. Default 300 s.</summary>
        public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(300);

        /// <summary>Waits; replaceable so tests need not sleep.</summary>
        public Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = (delay, token) => Task.Delay(delay, token);

        /// <summary>A number in [0, 1) for the jitter; replaceable so tests are deterministic.</summary>
        public Func<double> NextRandom { get; set; } = SharedRandom.Next;

        /// <summary>The clock an HTTP-date Retry-After is measured against; replaceable for tests.</summary>
        public Func<DateTimeOffset> UtcNow { get; set; } = () => DateTimeOffset.UtcNow;

        /// <summary>
        /// 408 (request timeout), 429 (throttled), 500, 502, 503 and 504: the statuses Microsoft Graph and Azure Resource
        /// Manager document as transient. Any other status is the answer.
        /// </summary>
        public static bool IsRetryable(int status) =>
            status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;

        /// <summary>429 and 503: the service asks the client to slow down; waits after them count as throttled waits.</summary>
        public static bool IsThrottled(int status) => status == 429 || status == 503;

        /// <summary>
        /// The wait a response asks for, from its headers (looked up by name, ignoring case): <c>retry-after-ms</c> or
        /// <c>x-ms-retry-after-ms</c> in milliseconds, else <c>Retry-After</c> in seconds or as an HTTP date. Null when
        /// none is given or readable; never negative.
        /// </summary>
        public TimeSpan? RetryAfter(Func<string, string?> header)
        {
            if (header == null)
            {
                throw new ArgumentNullException(nameof(header));
            }

            foreach (var name in new[] { "retry-after-ms", "x-ms-retry-after-ms" })
            {
                if (double.TryParse(header(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds))
                {
                    return TimeSpan.FromMilliseconds(Math.Max(0, milliseconds));
                }
            }

            var value = header("Retry-After")?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                return null;
            }

            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(Math.Max(0, seconds));
            }

            if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            {
                var wait = date - UtcNow();
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }

            return null;
        }

        /// <summary>The wait before retry number <paramref name="retry"/> (1 for the first): Retry-After when given (capped), else the back-off.</summary>
        public (TimeSpan Delay, bool FromRetryAfter) DelayFor(int retry, TimeSpan? retryAfter)
        {
            if (retryAfter is { } wait)
            {
                return (wait > MaxRetryAfter ? MaxRetryAfter : wait, true);
            }

            var exponent = Math.Min(Math.Max(retry, 1) - 1, 30);
            var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, exponent));
            var jittered = (ceiling / 2) + (NextRandom() * ceiling / 2);
            return (TimeSpan.FromMilliseconds(jittered), false);
        }

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
}
