using System.Collections.Generic;
using ZeroTrustAI.Engine.Controls.AI;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>AI services accounts are reachable through an approved private endpoint.</summary>
    public sealed class AiServicePrivateEndpoint : Control
    {
        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-NET-002",
            Title = "AI services accounts use a private endpoint",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Cognitive Services account (OpenAI, AI Services, ...) has at least one private endpoint connection whose privateLinkServiceConnectionState.status is 'Approved', read inline from properties.privateEndpointConnections or from separate privateEndpointConnections child resources.",
            Rationale = "A private endpoint keeps prompts, completions and grounding data on the Microsoft backbone and lets public access be turned off. Pending or rejected connections carry no traffic.",
            Remediation = "Create a private endpoint (group id 'account') in the app's virtual network with the privatelink.openai.azure.com / privatelink.cognitiveservices.azure.com DNS zones, approve the connection, then disable public network access.",
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-services/cognitive-services-virtual-networks#use-private-endpoints",
                "https://learn.microsoft.com/azure/private-link/private-endpoint-overview",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_069" },
                Mcsb = new[] { "NS-2" },
            },
            RequiredData = new[] { DataSets.Arm(AiResourceTypes.Account) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var account in snapshot.ResourcesOfType(AiResourceTypes.Account))
            {
                yield return AiPrivateEndpointCheck.Judge(account, $"{account.Kind ?? "Cognitive Services"} account");
            }
        }
    }
}
