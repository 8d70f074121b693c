using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace ZeroTrustAI.Collector.Http
{
    /// <summary>
    /// The read-only rule (<see cref="ReadOnlyRules"/>) as a DelegatingHandler for the Graph (Kiota) HttpClient.
    /// A $batch body is buffered, inspected and put back, so the request still sends (and retries) the same bytes.
    /// </summary>
    public sealed class ReadOnlyHandler : DelegatingHandler
    {
        public ReadOnlyHandler()
        {
        }

        public ReadOnlyHandler(HttpMessageHandler innerHandler)
            : base(innerHandler)
        {
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            if (request.RequestUri == null)
            {
                throw new WriteRequestRefusedException(request.Method.Method, string.Empty, "the request has no URL");
            }

            byte[]? body = null;
            if (request.Method == HttpMethod.Post && request.Content != null)
            {
                body = await request.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                var buffered = new ByteArrayContent(body);
                foreach (var header in request.Content.Headers)
                {
                    buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }

                request.Content.Dispose();
                request.Content = buffered;
            }

            ReadOnlyRules.Check(request.Method.Method, request.RequestUri, () => body);
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }
}
