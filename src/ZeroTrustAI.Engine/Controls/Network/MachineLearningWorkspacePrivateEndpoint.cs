using System.Collections.Generic;
using ZeroTrustAI.Engine.Controls.AI;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>ML workspaces and AI Foundry hubs are reachable through an approved private endpoint.</summary>
    public sealed class MachineLearningWorkspacePrivateEndpoint : Control
    {
        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-NET-007",
            Title = "ML workspaces and AI Foundry hubs use a private endpoint",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Microsoft.MachineLearningServices workspace of kind Hub or Default has at least one private endpoint connection with privateLinkServiceConnectionState.status 'Approved' (inline or as child resources). Projects share their hub's endpoint.",
            Rationale = "Studio, API and prompt-flow traffic to a hub carries prompts, datasets and connection secrets. A private endpoint keeps it off the internet and lets public access be switched off (ZTAI-NET-005).",
            Remediation = "Add a private endpoint (sub-resource 'amlworkspace', DNS zones privatelink.api.azureml.ms and privatelink.notebooks.azure.net) to the hub or workspace, approve it, then disable public network access.",
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-studio/how-to/configure-private-link",
                "https://learn.microsoft.com/azure/machine-learning/how-to-configure-private-link",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_069" },
                Mcsb = new[] { "NS-2" },
            },
            RequiredData = new[] { DataSets.Arm(AiResourceTypes.Workspace) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var workspace in AiResourceTypes.NetworkOwningWorkspaces(snapshot))
            {
                yield return AiPrivateEndpointCheck.Judge(workspace, workspace.Kind.EqualsIgnoreCase("Hub") ? "AI Foundry hub" : "ML workspace");
            }
        }
    }
}
