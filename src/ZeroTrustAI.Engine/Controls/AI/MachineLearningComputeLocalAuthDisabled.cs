using System.Collections.Generic;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Compute in ML workspaces and AI Foundry hubs accepts only Entra ID, not local (SSH key / password) accounts.</summary>
    public sealed class MachineLearningComputeLocalAuthDisabled : Control
    {
        internal const string ComputeType = "Microsoft.MachineLearningServices/workspaces/computes";

        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-AI-033",
            Title = "ML and AI Foundry compute has local authentication disabled",
            Pillar = Pillar.AI,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.Medium,
            Description = "Every compute of an ML workspace or AI Foundry hub (compute instances, clusters, attached compute) has properties.disableLocalAuth set to true. Absent means local authentication is allowed.",
            Rationale = "Compute instances and clusters run notebooks, prompt flows and fine-tuning jobs next to the hub's data and connection secrets. Local accounts and SSH keys bypass Entra ID, Conditional Access and MFA, and stay valid after the person who created them leaves.",
            Remediation = "Recreate the compute with local authentication disabled (Bicep: properties.disableLocalAuth: true on Microsoft.MachineLearningServices/workspaces/computes; CLI: az ml compute create ... with disable_local_auth in the YAML), and turn SSH access off on compute instances.",
            References = new[]
            {
                "https://learn.microsoft.com/azure/machine-learning/how-to-integrate-azure-policy",
                "https://learn.microsoft.com/azure/machine-learning/how-to-create-compute-instance",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_084" },
                Mcsb = new[] { "IM-1" },
            },
            RequiredData = new[] { DataSets.Arm(ComputeType) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot) =>
            CheckEach(
                snapshot.ResourcesOfType(ComputeType),
                "properties.disableLocalAuth",
                "true",
                compute => compute.GetBool("properties.disableLocalAuth") == true,
                compute => $"{ComputeKind(compute)} accepts Entra ID only.",
                compute => compute.GetBool("properties.disableLocalAuth") == false
                    ? $"{ComputeKind(compute)} allows local authentication: disableLocalAuth is false."
                    : $"{ComputeKind(compute)} allows local authentication: disableLocalAuth is absent.");

        private static string ComputeKind(ArmResource compute) =>
            compute.GetString("properties.computeType") ?? "Compute";
    }
}
