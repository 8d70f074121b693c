using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions;
using ZeroTrustAI.Collector.Connection;
using GraphFactory = ZeroTrustAI.Collector.Http.GraphClientFactory;

namespace ZeroTrustAI.Collector.Requests
{
    /// <summary>
    /// Microsoft Graph attempts: the Kiota request adapter authenticates each request (a token for the Graph host
    /// only), and the middleware of <see cref="GraphFactory"/> (no retries, <see cref="Http.ReadOnlyHandler"/>
    /// innermost) sends it.
    /// </summary>
    internal sealed class GraphTransport : IRequestTransport, IDisposable
    {
        private readonly HttpClient _http;
        private readonly BaseGraphRequestAdapter _adapter;

        public GraphTransport(TokenCredential credential, CloudEndpoints endpoints, HttpMessageHandler? transport)
        {
            if (endpoints == null)
            {
                throw new ArgumentNullException(nameof(endpoints));
            }

            _http = GraphFactory.CreateHttpClient(new Http.GraphClientSettings { Transport = transport });
            _adapter = new BaseGraphRequestAdapter(GraphFactory.CreateAuthenticationProvider(credential, endpoints), httpClient: _http)
            {
                BaseUrl = endpoints.GraphBaseUrl(GraphApiVersion.V1).AbsoluteUri.TrimEnd('/'),
            };
        }

        public async Task<TransportResponse> SendAsync(string method, Uri uri, byte[]? body, CancellationToken cancellationToken)
        {
            var information = new RequestInformation { HttpMethod = method == "POST" ? Method.POST : Method.GET, URI = uri };
            information.Headers.Add("Accept", "application/json");
            using var message = await _adapter.ConvertToNativeRequestAsync<HttpRequestMessage>(information, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The Graph request adapter built no HTTP request.");
            if (body != null)
            {
                var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                message.Content = content;
            }

            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            byte[] bytes;

            // netstandard2.0's ReadAsByteArrayAsync takes no token: the deadline aborts the read by disposing the response.
            using (cancellationToken.Register(response.Dispose))
            {
                bytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            var headers = response.Headers.Concat(response.Content.Headers)
                .Select(h => new KeyValuePair<string, string>(h.Key, string.Join(",", h.Value)));
            return new TransportResponse((int)response.StatusCode, bytes, headers);
        }

        public void Dispose() => _http.Dispose();
    }
}
