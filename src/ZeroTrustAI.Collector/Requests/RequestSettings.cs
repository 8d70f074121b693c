using System;
using System.Net.Http;
using System.Threading;
using ZeroTrustAI.Collector.Http;

namespace ZeroTrustAI.Collector.Requests
{
    /// <summary>Settings of every request a collection sends, to Microsoft Graph and to Azure Resource Manager alike.</summary>
    public sealed class RequestSettings
    {
        /// <summary>The deadline of one attempt of one request, body included. Default 100 s.</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

        /// <summary>What is retried, how often, and how long to wait.</summary>
        public RetryPolicy Retry { get; set; } = new RetryPolicy();

        /// <summary>Microsoft Graph's resource-unit budget and concurrency (Graph only; ARM requests are not paced).</summary>
        public GraphPacingSettings GraphPacing { get; set; } = new GraphPacingSettings();

        /// <summary>The handler that sends Graph requests (default: a new HttpClientHandler); tests pass their own.</summary>
        public HttpMessageHandler? GraphTransport { get; set; }

        /// <summary>The handler that sends ARM requests (default: Azure.Core's); tests pass one that trusts their certificate.</summary>
        public HttpMessageHandler? ArmTransport { get; set; }

        internal void Validate()
        {
            if (RequestTimeout <= TimeSpan.Zero && RequestTimeout != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(RequestTimeout), RequestTimeout, "The request timeout must be positive.");
            }

            (Retry ?? throw new ArgumentNullException(nameof(Retry))).Validate();
            (GraphPacing ?? throw new ArgumentNullException(nameof(GraphPacing))).Validate();
        }
    }
}
