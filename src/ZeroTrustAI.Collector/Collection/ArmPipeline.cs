using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;

namespace ZeroTrustAI.Collector.Collection
{
    /// <summary>
    /// Azure.ResourceManager 1.7.0 keeps ArmClient.Pipeline internal; an ArmCollection (the base its own collections
    /// derive from) sees the client's pipeline. Requests sent through it carry the client's credential, retry policy and
    /// <see cref="Http.ReadOnlyPolicy"/>, exactly as the SDK's own calls.
    /// </summary>
    internal sealed class ArmPipeline : ArmCollection
    {
        private ArmPipeline(ArmClient client)
            : base(client, ResourceIdentifier.Root)
        {
        }

        public static HttpPipeline Of(ArmClient client) => new ArmPipeline(client).Pipeline;
    }
}
