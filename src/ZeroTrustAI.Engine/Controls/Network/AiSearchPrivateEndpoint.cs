using System.Collections.Generic;
using ZeroTrustAI.Engine.Controls.AI;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>AI Search services are reachable through an approved private endpoint.</summary>
    public sealed class AiSearchPrivateEndpoint : Control
    {
        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-NET-004",
            Title = "AI Search services use a private endpoint",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Azure AI Search service has at least one private endpoint connection with privateLinkServiceConnectionState.status 'Approved' (inline in properties.privateEndpointConnections or as separate child resources).",
            Rationale = "Without an approved private endpoint, apps and agents can only query the index over its public endpoint, so public access cannot be turned off without breaking them.",
            Remediation = "Create a private endpoint (group id 'searchService') with the privatelink.search.windows.net DNS zone, approve it, then disable public network access.",
            References = new[]
            {
                "https://learn.microsoft.com/azure/search/service-create-private-endpoint",
                "https://learn.microsoft.com/azure/private-link/private-endpoint-overview",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_069" },
                Mcsb = new[] { "NS-2" },
            },
            RequiredData = new[] { DataSets.Arm(AiResourceTypes.SearchService) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var service in snapshot.ResourcesOfType(AiResourceTypes.SearchService))
            {
                yield return AiPrivateEndpointCheck.Judge(service, "Search service");
            }
        }
    }
}
