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
        /// <summary>The deadline of one attempt of one request, body included. Default 100 s.</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

        /// <summary>HttpClient.Timeout: the deadline of one call including its retries and waits. Default 30 min.</summary>
        public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMinutes(30);

        public RetryPolicy Retry { get; set; } = new RetryPolicy();

        /// <summary>The handler that sends (default: a new HttpClientHandler); tests pass their own.</summary>
        public HttpMessageHandler? Transport { get; set; }
    }

    /// <summary>
    /// Builds the Microsoft Graph request adapter and GraphServiceClient: the Microsoft.Graph default middleware
    /// (redirects, headers, telemetry) with Kiota's RetryHandler replaced by <see cref="ThrottleRetryHandler"/>, then
    /// <see cref="RequestTimeoutHandler"/> and <see cref="ReadOnlyHandler"/> innermost so every attempt (retries and
    /// redirects too) is bounded and checked. Tokens come from the connection's credential through Kiota's Azure
    /// Identity provider, for the cloud's Graph scope, and are sent only to the Graph host in use.
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

            settings ??= new GraphClientSettings();
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

        /// <summary>The HttpClient with the middleware chain described on the class.</summary>
        public static HttpClient CreateHttpClient(GraphClientSettings settings)
        {
            if (settings == null)
            {
                throw new ArgumentNullException(nameof(settings));
            }

            return Chain(settings.Transport, CreateHandlers(settings), settings.OperationTimeout);
        }

        /// <summary>The middleware, outermost first.</summary>
        public static IList<DelegatingHandler> CreateHandlers(GraphClientSettings settings)
        {
            if (settings == null)
            {
                throw new ArgumentNullException(nameof(settings));
            }

            var handlers = DefaultHandlersWithoutRetry(out var retryIndex);
            handlers.Insert(retryIndex, new ThrottleRetryHandler(settings.Retry));
            handlers.Insert(handlers.Count - 1, new RequestTimeoutHandler(settings.RequestTimeout));
            return handlers;
        }

        /// <summary>
        /// The HttpClient of the collector's request layer (<see cref="Requests.ServiceRequestSender"/>), which owns
        /// retries and the per-attempt deadline for Graph and ARM alike: the same middleware without a retry handler or
        /// a deadline of its own, <see cref="ReadOnlyHandler"/> innermost as in <see cref="CreateHandlers"/>.
        /// </summary>
        internal static HttpClient CreateSingleAttemptHttpClient(HttpMessageHandler? transport) =>
            Chain(transport, DefaultHandlersWithoutRetry(out _), System.Threading.Timeout.InfiniteTimeSpan);

        /// <summary>Microsoft.Graph's default middleware without Kiota's RetryHandler (and where it was), then <see cref="ReadOnlyHandler"/>.</summary>
        private static List<DelegatingHandler> DefaultHandlersWithoutRetry(out int retryIndex)
        {
            var handlers = GraphCoreClientFactory.CreateDefaultHandlers().ToList();
            retryIndex = Math.Max(0, handlers.FindIndex(handler => handler is RetryHandler));
            handlers.RemoveAll(handler => handler is RetryHandler);
            handlers.Add(new ReadOnlyHandler());
            return handlers;
        }

        private static HttpClient Chain(HttpMessageHandler? transport, IList<DelegatingHandler> handlers, TimeSpan timeout)
        {
            var first = KiotaClientFactory.ChainHandlersCollectionAndGetFirstLink(transport ?? new HttpClientHandler(), handlers.ToArray());
            return new HttpClient(first ?? throw new InvalidOperationException("The Graph middleware chain is empty."))
            {
                Timeout = timeout,
            };
        }
    }
}
