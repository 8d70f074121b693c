using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ZeroTrustAI.Collector.Connection;

namespace ZeroTrustAI.Collector.Http
{
    /// <summary>
    /// Gives every attempt of a request its own deadline (a CancellationToken linked to the caller's), so one slow
    /// page fails in RequestTimeout instead of hanging the collection; HttpClient.Timeout bounds the whole call
    /// including retries. A timed-out attempt surfaces as a TimeoutException naming the (redacted) URL.
    /// </summary>
    public sealed class RequestTimeoutHandler : DelegatingHandler
    {
        private readonly TimeSpan _timeout;

        public RequestTimeoutHandler(TimeSpan timeout)
        {
            if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The request timeout must be positive.");
            }

            _timeout = timeout;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_timeout);
            try
            {
                var response = await base.SendAsync(request, deadline.Token).ConfigureAwait(false);
                if (response.Content != null)
                {
                    // The body is part of the page: read it within the same deadline. netstandard2.0's
                    // LoadIntoBufferAsync takes no token, so the deadline aborts the read by disposing the response.
                    using (deadline.Token.Register(response.Dispose))
                    {
                        await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
                    }

                    deadline.Token.ThrowIfCancellationRequested();
                }

                return response;
            }
            catch (Exception exception) when (IsDeadline(exception) && !cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"{request.Method} {RedactingLog.Redact(request.RequestUri)} got no complete response within {_timeout.TotalSeconds:0.#} s.", exception);
            }
        }

        // What an aborted send or body read throws, depending on where it was interrupted.
        private static bool IsDeadline(Exception exception)
            => exception is OperationCanceledException || exception is ObjectDisposedException || exception is System.IO.IOException || exception is HttpRequestException;
    }
}
