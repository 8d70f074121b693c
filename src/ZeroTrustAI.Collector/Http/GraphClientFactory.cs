using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using Azure.Core;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Authentication.Azure;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using ZeroTrustAI.Collector.Connection;
using GraphCoreClientFactory = Microsoft.Graph.GraphClientFactory;

namespace ZeroTrustAI.Collector.Http
{
    /// <summary>Settings of the Graph HTTP pipeline.</summary>
    public sealed class GraphClientSettings
    {
        /// <summary>The handler that sends (default: a new HttpClientHandler); tests pass their own.</summary>
        public HttpMessageHandler? Transport { get; set; }
    }

    /// <summary>
    /// Builds the Microsoft Graph request adapter and GraphServiceClient: the Microsoft.Graph default middleware
    /// (redirects, headers, telemetry) without Kiota's RetryHandler, and <see cref="ReadOnlyHandler"/> innermost so
    /// every request (redirects too) is checked. Retries and the per-attempt deadline are not here: they belong to the
    /// request layer shared with ARM (<see cref="Requests.ServiceRequestSender"/>), which sends through this chain.
    /// Tokens come from the connection's credential through Kiota's Azure Identity provider, for the cloud's Graph
    /// scope, and are sent only to the Graph host in use.
    /// </summary>
    public static class GraphClientFactory
    {
        /// <summary>A GraphServiceClient for v1.0 (or beta: same adapter, beta base URL).</summary>
        public static GraphServiceClient CreateClient(ZtaiConnection connection, GraphApiVersion version = GraphApiVersion.V1, GraphClientSettings? settings = null)
        {
            var adapter = CreateRequestAdapter(connection, version, settings);
            return new GraphServiceClient(adapter, adapter.BaseUrl);
        }

        public static BaseGraphRequestAdapter CreateRequestAdapter(ZtaiConnection connection, GraphApiVersion version = GraphApiVersion.V1, GraphClientSettings? settings = null)
        {
            if (connection == null)
            {
                throw new ArgumentNullException(nameof(connection));
            }

            return CreateRequestAdapter(connection.Credential, connection.Endpoints, version, settings);
        }

        public static BaseGraphRequestAdapter CreateRequestAdapter(TokenCredential credential, CloudEndpoints endpoints, GraphApiVersion version = GraphApiVersion.V1, GraphClientSettings? settings = null)
        {
            if (credential == null)
            {
                throw new ArgumentNullException(nameof(credential));
            }

            if (endpoints == null)
            {
                throw new ArgumentNullException(nameof(endpoints));
            }

            var baseUrl = endpoints.GraphBaseUrl(version);
            var adapter = new BaseGraphRequestAdapter(CreateAuthenticationProvider(credential, endpoints), httpClient: CreateHttpClient(settings))
            {
                BaseUrl = baseUrl.AbsoluteUri.TrimEnd('/'),
            };
            return adapter;
        }

        /// <summary>
        /// Kiota's Azure Identity provider limited to the Graph host in use (AllowedHosts: a token never goes
        /// elsewhere, e.g. to a nextLink on another host), asking for the cloud's Graph scope. Kiota accepts plain
        /// http only for localhost, 127.0.0.1 and [::1], which <see cref="CloudEndpoints"/> also enforces.
        /// </summary>
        public static IAuthenticationProvider CreateAuthenticationProvider(TokenCredential credential, CloudEndpoints endpoints)
        {
            if (endpoints == null)
            {
                throw new ArgumentNullException(nameof(endpoints));
            }

            return new AzureIdentityAuthenticationProvider(credential, new[] { endpoints.Graph.Host }, null, false, endpoints.GraphScope);
        }

        /// <summary>The HttpClient with the middleware chain described on the class; one attempt per request, no timeout of its own.</summary>
        public static HttpClient CreateHttpClient(GraphClientSettings? settings = null)
        {
            var first = KiotaClientFactory.ChainHandlersCollectionAndGetFirstLink(settings?.Transport ?? new HttpClientHandler(), CreateHandlers().ToArray());
            return new HttpClient(first ?? throw new InvalidOperationException("The Graph middleware chain is empty."))
            {
                Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            };
        }

        /// <summary>The middleware, outermost first: Microsoft.Graph's defaults without Kiota's RetryHandler, then <see cref="ReadOnlyHandler"/>.</summary>
        public static IList<DelegatingHandler> CreateHandlers()
        {
            var handlers = GraphCoreClientFactory.CreateDefaultHandlers().Where(handler => !(handler is RetryHandler)).ToList();
            handlers.Add(new ReadOnlyHandler());
            return handlers;
        }
    }
}
