using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ZeroTrustAI.Collector.Connection;

namespace ZeroTrustAI.Collector.Http
{
    /// <summary>
    /// <see cref="RetryPolicy"/> as middleware for a general-purpose Graph client (<see cref="GraphClientFactory"/>): the
    /// statuses the policy retries are sent again after the policy's wait. After MaxRetries the last response is
    /// returned to the caller. The collector does not use it: its request layer applies the same policy to cut bodies
    /// and resets too, with one count. A request body is buffered once so each retry sends the same bytes, and
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
        private readonly RetryPolicy _policy;

        public ThrottleRetryHandler(RetryPolicy? policy = null)
        {
            _policy = policy ?? new RetryPolicy();
            _policy.Validate();
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
                if (retry > _policy.MaxRetries || !RetryPolicy.IsRetryable((int)response.StatusCode))
                {
                    return response;
                }

                var (delay, fromRetryAfter) = _policy.DelayFor(retry, _policy.RetryAfter(name => HeaderOf(response, name)));
                _policy.OnRetry?.Invoke(new RetryEvent(request.Method.Method, RedactingLog.Redact(request.RequestUri), (int)response.StatusCode, retry, delay, fromRetryAfter));
                response.Dispose();
                await _policy.Delay(delay, cancellationToken).ConfigureAwait(false);
                request.Headers.Remove("Retry-Attempt");
                request.Headers.TryAddWithoutValidation("Retry-Attempt", retry.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        internal static string? HeaderOf(HttpResponseMessage response, string name) =>
            response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
    }
}
