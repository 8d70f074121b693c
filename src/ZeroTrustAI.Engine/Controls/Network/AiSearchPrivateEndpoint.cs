using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.AI;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>AI Search services are reachable through an approved private endpoint.</summary>
    public sealed class AiSearchPrivateEndpoint : PrivateEndpointControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-004",
            Title = "AI Search services use a private endpoint",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Azure AI Search service has at least one private endpoint connection with privateLinkServiceConnectionState.status 'Approved' (inline in properties.privateEndpointConnections or as separate child resources).",
            Rationale = """
            Without an approved private endpoint, apps and agents can only query the index over its public endpoint, so public access cannot be turned off without breaking them.
            """,
            Checks = """
            Reads every `Microsoft.Search/searchServices` (ARM GET, api-version 2025-05-01).

            - Connections: `properties.privateEndpointConnections[]` inline in the resource, and separate ``Microsoft.Search/searchServices/privateEndpointConnections`` child resources (the same connection seen both ways counts once).
            - Path: `properties.privateLinkServiceConnectionState.status` of each connection.
            - Pass: at least one connection is `Approved` (compared without case). The reason lists the approved connections.
            - Fail: no connection, or only `Pending`/`Rejected`/`Disconnected` ones (the reason lists them).
            - Target: the search service.
            """,
            Remediation = """
            - Portal: search service > Settings > Networking > Private access > + Create a private endpoint (sub-resource `searchService`, DNS zone `privatelink.search.windows.net`).
            - CLI: `az network private-endpoint create -g <rg> -n pe-<service> --vnet-name <vnet> --subnet <subnet> --private-connection-resource-id <search-id> --group-id searchService --connection-name pe-<service>`
            - Bicep: `Microsoft.Network/privateEndpoints` with `groupIds: ['searchService']` and a private DNS zone group.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/search/service-create-private-endpoint",
                "https://learn.microsoft.com/azure/private-link/private-endpoint-overview",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_069" },
                mcsb: new[] { "NS-2" }),
        };

        protected override string ResourceType => ResourceTypes.SearchService;
    }
}
