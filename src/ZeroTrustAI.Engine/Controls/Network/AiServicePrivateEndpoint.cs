using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.AI;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>AI services accounts are reachable through an approved private endpoint.</summary>
    public sealed class AiServicePrivateEndpoint : PrivateEndpointControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-002",
            Title = "AI services accounts use a private endpoint",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Cognitive Services account (OpenAI, AI Services, ...) has at least one private endpoint connection whose privateLinkServiceConnectionState.status is 'Approved', read inline from properties.privateEndpointConnections or from separate privateEndpointConnections child resources.",
            Rationale = """
            A private endpoint keeps prompts, completions and grounding data on the Microsoft backbone and lets public access be turned off. Pending or rejected connections carry no traffic.
            """,
            Checks = """
            Reads every `Microsoft.CognitiveServices/accounts` (ARM GET, api-version 2025-06-01; any kind: OpenAI, AIServices, ContentSafety, ...).

            - Connections: `properties.privateEndpointConnections[]` inline in the resource, and separate ``Microsoft.CognitiveServices/accounts/privateEndpointConnections`` child resources (the same connection seen both ways counts once).
            - Path: `properties.privateLinkServiceConnectionState.status` of each connection.
            - Pass: at least one connection is `Approved` (compared without case). The reason lists the approved connections.
            - Fail: no connection, or only `Pending`/`Rejected`/`Disconnected` ones (the reason lists them).
            - Target: the account.
            """,
            Remediation = """
            - Portal: account > Networking > Private endpoint connections > + Private endpoint (target sub-resource `account`), integrate with the `privatelink.openai.azure.com` / `privatelink.cognitiveservices.azure.com` DNS zones; approve pending connections.
            - CLI: `az network private-endpoint create -g <rg> -n pe-<account> --vnet-name <vnet> --subnet <subnet> --private-connection-resource-id <account-id> --group-id account --connection-name pe-<account>`
            - Bicep: `Microsoft.Network/privateEndpoints` with `privateLinkServiceConnections: [{ name: 'account', properties: { privateLinkServiceId: account.id, groupIds: ['account'] } }]` and a private DNS zone group.

            Then disable public network access (ZTAI-NET-001).
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-services/cognitive-services-virtual-networks#use-private-endpoints",
                "https://learn.microsoft.com/azure/private-link/private-endpoint-overview",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_069" },
                mcsb: new[] { "NS-2" }),
        };

        protected override string ResourceType => ResourceTypes.CognitiveServicesAccount;

        protected override string Subject(ArmResource resource) => $"{resource.Kind ?? "Cognitive Services"} account";
    }
}
