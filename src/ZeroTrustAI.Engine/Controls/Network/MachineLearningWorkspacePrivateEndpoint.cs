using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.AI;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>ML workspaces and AI Foundry hubs are reachable through an approved private endpoint.</summary>
    public sealed class MachineLearningWorkspacePrivateEndpoint : PrivateEndpointControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-007",
            Title = "ML workspaces and AI Foundry hubs use a private endpoint",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Microsoft.MachineLearningServices workspace of kind Hub or Default has at least one private endpoint connection with privateLinkServiceConnectionState.status 'Approved' (inline or as child resources). Projects share their hub's endpoint.",
            Rationale = """
            Studio, API and prompt-flow traffic to a hub carries prompts, datasets and connection secrets. A private endpoint keeps it off the internet and lets public access be switched off (ZTAI-NET-005).
            """,
            Checks = """
            Reads every `Microsoft.MachineLearningServices/workspaces` (ARM GET, api-version 2024-10-01) of kind `Hub` or `Default` (projects share their hub's endpoint and are not judged).

            - Connections: `properties.privateEndpointConnections[]` inline in the resource, and separate ``Microsoft.MachineLearningServices/workspaces/privateEndpointConnections`` child resources (the same connection seen both ways counts once).
            - Path: `properties.privateLinkServiceConnectionState.status` of each connection.
            - Pass: at least one connection is `Approved` (compared without case). The reason lists the approved connections.
            - Fail: no connection, or only `Pending`/`Rejected`/`Disconnected` ones (the reason lists them).
            - Target: the hub or workspace.
            """,
            Remediation = """
            - Portal (AI Foundry hub / ML workspace): Settings > Networking > Private endpoint connections > + Private endpoint (sub-resource `amlworkspace`, DNS zones `privatelink.api.azureml.ms` and `privatelink.notebooks.azure.net`); approve pending connections.
            - CLI: `az network private-endpoint create -g <rg> -n pe-<hub> --vnet-name <vnet> --subnet <subnet> --private-connection-resource-id <hub-id> --group-id amlworkspace --connection-name pe-<hub>`
            - Bicep: `Microsoft.Network/privateEndpoints` with `groupIds: ['amlworkspace']` and a private DNS zone group.

            Then disable public network access (ZTAI-NET-005).
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-studio/how-to/configure-private-link",
                "https://learn.microsoft.com/azure/machine-learning/how-to-configure-private-link",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_069" },
                mcsb: new[] { "NS-2" }),
        };

        protected override string ResourceType => ResourceTypes.MachineLearningWorkspace;

        protected override string Subject(ArmResource resource) => resource.Kind.EqualsIgnoreCase("Hub") ? "AI Foundry hub" : "ML workspace";

        protected override string? NotApplicableBecause(ArmResource resource) =>
            AiResourceTypes.IsFoundryProject(resource) ? "a Foundry project shares its hub's private endpoint, which is judged instead" : null;
    }
}
