using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using ZeroTrustAI.Collector.Collection;
using ZeroTrustAI.Collector.Connection;
using ZeroTrustAI.Collector.Http;
using ZeroTrustAI.Engine.Collection;

namespace ZeroTrustAI.Collector.Requests
{
    /// <summary>
    /// The request layer shared by the Graph and ARM collectors. Each attempt goes through the service's transport
    /// within <see cref="RequestSettings.RequestTimeout"/>; the answer is then judged the same way for both services:
    /// <list type="bullet">
    /// <item>2xx with a complete JSON body: the answer.</item>
    /// <item>a status <see cref="RetryPolicy.IsRetryable"/> says is transient, a reset or timed-out attempt, or a 2xx
    /// whose body is not complete JSON (cut short with a matching length, which no HTTP layer can see): retried under
    /// one <see cref="RetryPolicy"/> with one count, after Retry-After or the back-off.</item>
    /// <item>any other status: the answer, with the service's error (code, message, request id) read.</item>
    /// </list>
    /// Every attempt is counted in <see cref="CollectionStatistics"/> and the caller's <see cref="RequestTally"/> (even
    /// when it throws), and writes one verbose line: <c>GET /path -> 200 (12 ms)</c>, with <c>; retry 1 of 6 after 7 s
    /// (Retry-After)</c> when it is retried. Paths only: no query string, header or token reaches the log.
    /// </summary>
    internal sealed class ServiceRequestSender
    {
        private readonly IRequestTransport _transport;
        private readonly RetryPolicy _policy;
        private readonly TimeSpan _timeout;
        private readonly CollectionStatistics _statistics;
        private readonly CollectionCallbacks _callbacks;

        public ServiceRequestSender(IRequestTransport transport, RequestSettings settings, CollectionStatistics statistics, CollectionCallbacks callbacks)
        {
            _transport = transport ?? throw new ArgumentNullException(nameof(transport));
            (settings ?? throw new ArgumentNullException(nameof(settings))).Validate();
            _policy = settings.Retry;
            _timeout = settings.RequestTimeout;
            _statistics = statistics ?? throw new ArgumentNullException(nameof(statistics));
            _callbacks = callbacks ?? throw new ArgumentNullException(nameof(callbacks));
        }

        /// <summary>Graph only: the resource-unit budget every attempt waits for and corrects (null: unpaced, as ARM).</summary>
        public GraphPacer? Pacer { get; set; }

        public Task<ServiceResponse> GetAsync(Uri uri, RequestTally tally, CancellationToken cancellationToken) =>
            SendAsync("GET", uri, null, tally, cancellationToken);

        public Task<ServiceResponse> PostJsonAsync(Uri uri, byte[] body, RequestTally tally, CancellationToken cancellationToken) =>
            SendAsync("POST", uri, body ?? throw new ArgumentNullException(nameof(body)), tally, cancellationToken);

        /// <summary>
        /// The answer after the policy's retries: a success, or the service's error (a retryable status too, once the
        /// retries are spent). Throws <see cref="ServiceRequestException"/> when no attempt got a usable answer.
        /// </summary>
        public async Task<ServiceResponse> SendAsync(string method, Uri uri, byte[]? body, RequestTally tally, CancellationToken cancellationToken)
        {
            if (uri == null)
            {
                throw new ArgumentNullException(nameof(uri));
            }

            if (tally == null)
            {
                throw new ArgumentNullException(nameof(tally));
            }

            var path = RedactingLog.Redact(uri.AbsolutePath) ?? string.Empty;
            for (var attempt = 1; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var started = Stopwatch.GetTimestamp();
                TransportResponse? response = null;
                Exception? failure = null;
                var pacer = Pacer;
                using var lease = pacer == null ? null : await pacer.AcquireAsync(GraphPacer.Estimate(method, uri, body), cancellationToken).ConfigureAwait(false);
                started = Stopwatch.GetTimestamp();
                tally.Add(1);
                try
                {
                    response = await AttemptAsync(method, uri, body, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (IsTransportFailure(exception, cancellationToken))
                {
                    failure = Unwrap(exception);
                }
                finally
                {
                    _statistics.AddRequest(response?.Body.Length ?? 0);
                }

                var elapsed = Since(started);
                string outcome;
                TimeSpan? retryAfter = null;
                if (response == null)
                {
                    outcome = "no response: " + Describe(failure!);
                }
                else if (response.IsSuccess)
                {
                    try
                    {
                        var document = JsonDocument.Parse(response.Body);
                        Charge(lease, response, document);
                        Verbose(method, path, Status(response), elapsed, string.Empty);
                        return ServiceResponse.Success(response.Status, document);
                    }
                    catch (JsonException exception)
                    {
                        outcome = Status(response) + ", body not complete JSON";
                        failure = exception;
                    }
                }
                else if (RetryPolicy.IsRetryable(response.Status))
                {
                    Charge(lease, response, null);
                    outcome = Status(response);
                    retryAfter = _policy.RetryAfter(response.Header);
                }
                else
                {
                    Verbose(method, path, Status(response), elapsed, string.Empty);
                    return ServiceResponse.Failure(ServiceError.Read(response.Status, response.Body, response.RequestId));
                }

                if (attempt > _policy.MaxRetries)
                {
                    Verbose(method, path, outcome, elapsed, "; no retry left");
                    if (response != null && !response.IsSuccess)
                    {
                        return ServiceResponse.Failure(ServiceError.Read(response.Status, response.Body, response.RequestId));
                    }

                    var problem = failure is JsonException json ? $"the body is not complete JSON ({json.Message})" : Describe(failure!);
                    throw new ServiceRequestException($"{method} {path} failed {attempt} times: {problem}", failure);
                }

                var (delay, fromRetryAfter) = _policy.DelayFor(attempt, retryAfter);
                _statistics.AddRetry();
                if (response != null && RetryPolicy.IsThrottled(response.Status))
                {
                    _statistics.AddThrottledWait(delay);
                }

                Verbose(method, path, outcome, elapsed, RetryNote(attempt, _policy.MaxRetries, delay, fromRetryAfter));
                await _policy.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Corrects the pacer from an answer's resource-unit headers and counts the units (the estimate where Graph names none).</summary>
        private void Charge(GraphPacer.Lease? lease, TransportResponse response, JsonDocument? document)
        {
            if (lease == null)
            {
                return;
            }

            var (units, percentage, throttledInside) = GraphPacer.ReadCharge(response.Header, document);
            var throttled = response.Status == 429 || throttledInside;
            lease.Settle(units, percentage, throttled);
            _statistics.AddResourceUnits(throttled && units == null ? 0 : units ?? lease.Estimate);
        }

        /// <summary>One attempt within its own deadline; a deadline that fires becomes a TimeoutException.</summary>
        private async Task<TransportResponse> AttemptAsync(string method, Uri uri, byte[]? body, CancellationToken cancellationToken)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_timeout);
            try
            {
                return await _transport.SendAsync(method, uri, body, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested && !(exception is Http.WriteRequestRefusedException))
            {
                throw new TimeoutException(FormattableString.Invariant($"no complete response within {_timeout.TotalSeconds:0.#} s"), exception);
            }
        }

        /// <summary>What an attempt that got no usable answer throws: a reset, a refused connection, a timeout (not the caller's cancellation).</summary>
        private static bool IsTransportFailure(Exception exception, CancellationToken cancellationToken) =>
            exception is TimeoutException || exception is HttpRequestException || exception is IOException || exception is ObjectDisposedException
            || (exception is RequestFailedException failed && failed.Status == 0)
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);

        /// <summary>Azure.Core wraps a transport failure in RequestFailedException (status 0); the cause is the same as over Graph.</summary>
        private static Exception Unwrap(Exception exception) =>
            exception is RequestFailedException { Status: 0, InnerException: { } inner } ? inner : exception;

        private static string Describe(Exception exception) =>
            exception is TimeoutException
                ? exception.Message
                : exception.GetType().Name + ": " + RedactingLog.Redact(exception.Message);

        private static string Status(TransportResponse response) => response.Status.ToString(CultureInfo.InvariantCulture);

        /// <summary>The one verbose line format of the request layer: <c>GET /path -> 429 (3 ms); retry 1 of 6 after 7 s (Retry-After)</c>.</summary>
        internal static string FormatLine(string method, string path, string outcome, TimeSpan? elapsed, string note) =>
            FormattableString.Invariant($"{method} {path} -> {outcome}{(elapsed is { } time ? FormattableString.Invariant($" ({time.TotalMilliseconds:0} ms)") : string.Empty)}{note}");

        internal static string RetryNote(int retry, int maxRetries, TimeSpan delay, bool fromRetryAfter) =>
            FormattableString.Invariant($"; retry {retry} of {maxRetries} after {delay.TotalSeconds:0.###} s ({(fromRetryAfter ? "Retry-After" : "back-off")})");

        private void Verbose(string method, string path, string outcome, TimeSpan elapsed, string note) =>
            _callbacks.Verbose?.Invoke(FormatLine(method, path, outcome, elapsed, note));

        private static TimeSpan Since(long timestamp) =>
            TimeSpan.FromSeconds((Stopwatch.GetTimestamp() - timestamp) / (double)Stopwatch.Frequency);
    }
}
