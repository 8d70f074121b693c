using System;
using System.IO;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ZeroTrustAI.Collector.Http
{
    /// <summary>
    /// The read-only rule (<see cref="ReadOnlyRules"/>) as an Azure.Core pipeline policy for ArmClient. Add it
    /// per call (<c>HttpPipelinePosition.PerCall</c>) so a refused request never reaches the retry policy.
    /// </summary>
    public sealed class ReadOnlyPolicy : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Check(message);
            ProcessNext(message, pipeline);
        }

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Check(message);
            return ProcessNextAsync(message, pipeline);
        }

        private static void Check(HttpMessage message)
        {
            if (message == null)
            {
                throw new ArgumentNullException(nameof(message));
            }

            var request = message.Request;
            ReadOnlyRules.Check(request.Method.Method, request.Uri.ToUri(), () => ReadBody(request.Content, message));
        }

        private static byte[]? ReadBody(RequestContent? content, HttpMessage message)
        {
            if (content == null)
            {
                return null;
            }

            using var buffer = new MemoryStream();
            content.WriteTo(buffer, message.CancellationToken);
            return buffer.ToArray();
        }
    }
}
