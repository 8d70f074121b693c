using System;
using System.Net.Http;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;
using ZeroTrustAI.Collector.Connection;

namespace ZeroTrustAI.Collector.Http
{
    /// <summary>Settings of the ARM (Azure.Core) pipeline.</summary>
    public sealed class ArmClientSettings
    {
        /// <summary>Retries of 408, 429, 500, 502, 503 and 504 responses and of network errors. Default 6.</summary>
        public int MaxRetries { get; set; } = 6;

        /// <summary>The first back-off without Retry-After; Azure.Core doubles it per retry and adds jitter. Default 2 s.</summary>
        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>The longest back-off. Default 60 s.</summary>
        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>The deadline of one attempt (Azure.Core's NetworkTimeout). Default 100 s.</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

        /// <summary>The handler that sends; tests pass one that trusts exactly their self-signed certificate.</summary>
        public HttpMessageHandler? Transport { get; set; }

        /// <summary>An HttpClient that sends, instead of <see cref="Transport"/>.</summary>
        public HttpClient? TransportClient { get; set; }
    }

    /// <summary>
    /// Builds the ArmClient for a connection: the cloud's (or the overridden) ARM endpoint and token audience,
    /// Azure.Core's exponential retry (it honours Retry-After, retry-after-ms and x-ms-retry-after-ms, and adds
    /// jitter), a per-attempt network timeout, and <see cref="ReadOnlyPolicy"/> per call so nothing but reads is sent.
    /// </summary>
    public static class ArmClientFactory
    {
        public static ArmClient Create(ZtaiConnection connection, ArmClientSettings? settings = null)
        {
            if (connection == null)
            {
                throw new ArgumentNullException(nameof(connection));
            }

            return Create(connection.Credential, connection.Endpoints, settings);
        }

        public static ArmClient Create(TokenCredential credential, CloudEndpoints endpoints, ArmClientSettings? settings = null)
            => new ArmClient(credential, null, CreateOptions(endpoints, settings));

        /// <summary>
        /// The ArmClient of the collector's request layer (<see cref="Requests.ServiceRequestSender"/>), which owns
        /// retries and the per-attempt deadline for Graph and ARM alike: Azure.Core's retries and network timeout are
        /// off, the credential and <see cref="ReadOnlyPolicy"/> stay as in <see cref="Create(TokenCredential, CloudEndpoints, ArmClientSettings?)"/>.
        /// </summary>
        internal static ArmClient CreateSingleAttempt(TokenCredential credential, CloudEndpoints endpoints, HttpMessageHandler? transport)
        {
            var options = CreateOptions(endpoints, new ArmClientSettings { Transport = transport, MaxRetries = 0 });
            options.Retry.NetworkTimeout = System.Threading.Timeout.InfiniteTimeSpan;
            return new ArmClient(credential, null, options);
        }

        public static ArmClientOptions CreateOptions(CloudEndpoints endpoints, ArmClientSettings? settings = null)
        {
            if (endpoints == null)
            {
                throw new ArgumentNullException(nameof(endpoints));
            }

            settings ??= new ArmClientSettings();
            var options = new ArmClientOptions
            {
                // The audience is the cloud's ARM resource even when requests go to an override, so the token is the
                // one the real service (or a test standing in for it) expects.
                Environment = new ArmEnvironment(endpoints.Arm, endpoints.ArmResource.AbsoluteUri.TrimEnd('/')),
            };
            options.Retry.Mode = RetryMode.Exponential;
            options.Retry.MaxRetries = settings.MaxRetries;
            options.Retry.Delay = settings.BaseDelay;
            options.Retry.MaxDelay = settings.MaxDelay;
            options.Retry.NetworkTimeout = settings.RequestTimeout;
            options.AddPolicy(new ReadOnlyPolicy(), HttpPipelinePosition.PerCall);
            if (settings.TransportClient != null)
            {
                options.Transport = new HttpClientTransport(settings.TransportClient);
            }
            else if (settings.Transport != null)
            {
                options.Transport = new HttpClientTransport(settings.Transport);
            }

            return options;
        }
    }
}
