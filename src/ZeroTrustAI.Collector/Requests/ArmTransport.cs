using System;
using System.Linq;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;
using ZeroTrustAI.Collector.Collection;

namespace ZeroTrustAI.Collector.Requests
{
    /// <summary>
    /// Azure Resource Manager attempts through the ArmClient's own pipeline (credential, <see cref="Http.ReadOnlyPolicy"/>),
    /// built by <see cref="Http.ArmClientFactory"/> with Azure.Core's retries off.
    /// </summary>
    internal sealed class ArmTransport : IRequestTransport
    {
        private readonly HttpPipeline _pipeline;

        public ArmTransport(ArmClient client)
        {
            _pipeline = ArmPipeline.Of(client ?? throw new ArgumentNullException(nameof(client)));
        }

        public async Task<TransportResponse> SendAsync(string method, Uri uri, byte[]? body, CancellationToken cancellationToken)
        {
            var context = new RequestContext { CancellationToken = cancellationToken, ErrorOptions = ErrorOptions.NoThrow };
            using var message = _pipeline.CreateMessage(context);
            message.Request.Method = RequestMethod.Parse(method);
            message.Request.Uri.Reset(uri);
            message.Request.Headers.Add("Accept", "application/json");
            if (body != null)
            {
                message.Request.Headers.Add("Content-Type", "application/json");
                message.Request.Content = RequestContent.Create(body);
            }

            await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
            var response = message.Response;
            var headers = response.Headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value));
            return new TransportResponse(response.Status, response.Content?.ToArray() ?? Array.Empty<byte>(), headers);
        }
    }
}
