using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Controls.AI;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>ML workspaces and AI Foundry hubs encrypt their data with a customer-managed key.</summary>
    public sealed class MachineLearningWorkspaceCustomerManagedKey : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-012",
            Title = "ML workspaces and AI Foundry hubs use a customer-managed key",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Microsoft.MachineLearningServices workspace of kind Hub or Default has properties.encryption.status 'Enabled' (customer-managed key). Projects use their hub's encryption. Absent means Microsoft-managed keys.",
            Rationale = """
            Hubs and workspaces keep training data, prompt-flow runs, evaluation results and metadata. A customer-managed key lets the organisation revoke access to all of it and audit every key use. The setting can only be chosen when the hub is created.
            """,
            Checks = """
            Reads every `Microsoft.MachineLearningServices/workspaces` (ARM GET, api-version 2024-10-01) of kind `Hub` or `Default`. Projects use the hub's encryption and are not judged.

            - Path: `properties.encryption.status`.
            - Pass: `Enabled` (compared without case).
            - Fail: `Disabled` or absent (Microsoft-managed keys).
            - Target: the hub or workspace.
            """,
            Remediation = """
            Customer-managed keys can only be chosen when the hub or workspace is created.

            - Portal: create the hub with Encryption > Customer-managed keys > select the Key Vault key (the vault needs soft delete and purge protection).
            - CLI: `az ml workspace create -n <hub> -g <rg> --kind hub --customer-managed-key https://<vault>.vault.azure.net/keys/<key>/<version>`
            - Bicep:

            ```bicep
            properties: {
              encryption: {
                status: 'Enabled'
                keyVaultProperties: {
                  keyVaultArmId: keyVault.id
                  keyIdentifier: 'https://kv-contoso-ai-prod.vault.azure.net/keys/cmk-hub-contoso-ai/<version>'
                }
              }
            }
            ```

            Move projects, data and flows to the new hub, then delete the old one.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-studio/concepts/encryption-keys-portal",
                "https://learn.microsoft.com/azure/machine-learning/concept-customer-managed-keys",
            },
            Mappings = new ControlMappings(
                mcsb: new[] { "DP-5" }),
        };

        protected override string ResourceType => ResourceTypes.MachineLearningWorkspace;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.encryption.status", "Enabled") { Default = "Disabled", AbsentMeans = "Microsoft-managed keys by default" },
        };

        protected override string PassText => "is encrypted with a customer-managed key";

        protected override string FailText => "uses Microsoft-managed keys";

        protected override string? NotApplicableBecause(ArmResource resource) =>
            AiResourceTypes.IsFoundryProject(resource) ? "a Foundry project inherits this setting from its hub, which is judged instead" : null;
    }
}
