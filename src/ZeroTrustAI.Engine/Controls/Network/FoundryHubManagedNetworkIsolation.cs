using System.Collections.Generic;
using ZeroTrustAI.Engine.Controls.AI;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>AI Foundry hubs and ML workspaces run compute in a managed network that allows only approved outbound traffic.</summary>
    public sealed class FoundryHubManagedNetworkIsolation : Control
    {
        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-NET-006",
            Title = "AI Foundry hubs allow only approved outbound traffic",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Microsoft.MachineLearningServices workspace of kind Hub or Default has properties.managedNetwork.isolationMode 'AllowOnlyApprovedOutbound'. Absent means Disabled (no managed network). Projects inherit the hub's managed network.",
            Rationale = "Prompt flows, agents and notebooks run on the hub's compute. With internet outbound allowed, injected instructions or a malicious package can send data anywhere; approved-outbound-only limits egress to private endpoints and listed FQDNs.",
            Remediation = "Set the managed network to 'Allow only approved outbound' (az ml workspace update -n <hub> -g <rg> --managed-network allow_only_approved_outbound; Bicep: properties.managedNetwork.isolationMode: 'AllowOnlyApprovedOutbound'), add outbound rules for required endpoints, then provision the network.",
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-studio/how-to/configure-managed-network",
                "https://learn.microsoft.com/azure/machine-learning/how-to-managed-network",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_069" },
                Mcsb = new[] { "NS-1", "NS-2" },
                OwaspLlm = new[] { "LLM06:2025 Excessive Agency" },
            },
            RequiredData = new[] { DataSets.Arm(AiResourceTypes.Workspace) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot) =>
            CheckEach(
                AiResourceTypes.NetworkOwningWorkspaces(snapshot),
                "properties.managedNetwork.isolationMode",
                "AllowOnlyApprovedOutbound",
                workspace => workspace.GetString("properties.managedNetwork.isolationMode").EqualsIgnoreCase("AllowOnlyApprovedOutbound"),
                workspace => "Managed network allows only approved outbound traffic.",
                workspace => workspace.GetString("properties.managedNetwork.isolationMode") switch
                {
                    null => "No managed network isolation: isolationMode is absent (Disabled).",
                    var mode => $"Managed network does not restrict outbound traffic: isolationMode is '{mode}'.",
                });
    }
}
