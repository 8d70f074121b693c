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
        /// <summary>The handler that sends; tests pass one that trusts exactly their self-signed certificate.</summary>
        public HttpMessageHandler? Transport { get; set; }

        /// <summary>An HttpClient that sends, instead of <see cref="Transport"/>.</summary>
        public HttpClient? TransportClient { get; set; }
    }

    /// <summary>
    /// Builds the ArmClient for a connection: the cloud's (or the overridden) ARM endpoint and token audience, and
    /// <see cref="ReadOnlyPolicy"/> per call so nothing but reads is sent. Azure.Core's retries and network timeout are
    /// off: retries and the per-attempt deadline belong to the request layer shared with Graph
    /// (<see cref="Requests.ServiceRequestSender"/>), which sends through this client's pipeline.
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
            options.Retry.MaxRetries = 0;
            options.Retry.NetworkTimeout = System.Threading.Timeout.InfiniteTimeSpan;
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
