using System.Collections.Generic;
using ZeroTrustAI.Engine.Controls.AI;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>ML workspaces and AI Foundry hubs encrypt their data with a customer-managed key.</summary>
    public sealed class MachineLearningWorkspaceCustomerManagedKey : Control
    {
        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-DATA-012",
            Title = "ML workspaces and AI Foundry hubs use a customer-managed key",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Microsoft.MachineLearningServices workspace of kind Hub or Default has properties.encryption.status 'Enabled' (customer-managed key). Projects use their hub's encryption. Absent means Microsoft-managed keys.",
            Rationale = "Hubs and workspaces keep training data, prompt-flow runs, evaluation results and metadata. A customer-managed key lets the organisation revoke access to all of it and audit every key use. The setting can only be chosen when the hub is created.",
            Remediation = "Create the hub or workspace with encryption { status: 'Enabled', keyVaultProperties: { keyVaultArmId, keyIdentifier } } (az ml workspace create --customer-managed-key <key-uri> ...), then move projects and data to it; existing workspaces cannot be switched.",
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-studio/concepts/encryption-keys-portal",
                "https://learn.microsoft.com/azure/machine-learning/concept-customer-managed-keys",
            },
            Mappings = new ControlMappings
            {
                Mcsb = new[] { "DP-5" },
            },
            RequiredData = new[] { DataSets.Arm(AiResourceTypes.Workspace) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot) =>
            CheckEach(
                AiResourceTypes.NetworkOwningWorkspaces(snapshot),
                "properties.encryption.status",
                "Enabled",
                workspace => workspace.GetString("properties.encryption.status").EqualsIgnoreCase("Enabled"),
                workspace => $"Encrypted with a customer-managed key ({workspace.GetString("properties.encryption.keyVaultProperties.keyIdentifier") ?? "key not named"}).",
                workspace => workspace.GetString("properties.encryption.status") == null
                    ? "Uses Microsoft-managed keys: encryption.status is absent."
                    : $"Uses Microsoft-managed keys: encryption.status is '{workspace.GetString("properties.encryption.status")}'.");
    }
}
