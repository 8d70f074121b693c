using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>Key Vaults authorize data-plane access with Azure RBAC, not vault access policies.</summary>
    public sealed class KeyVaultRbacAuthorization : Control
    {
        private const string Path = "properties.enableRbacAuthorization";

        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-DATA-025",
            Title = "Key Vaults use the Azure RBAC permission model",
            Pillar = Pillar.Data,
            Principle = Principle.LeastPrivilege,
            Severity = Severity.Medium,
            Description = "Every Key Vault has properties.enableRbacAuthorization set to true, so access to keys, secrets and certificates is granted by Azure role assignments instead of vault access policies.",
            Rationale = "Vault access policies grant all-or-nothing rights per object type, cannot be scoped to one secret, are not covered by PIM, and anyone with Contributor on the vault can grant themselves access. AI applications keep model API keys, connection strings and CMKs in Key Vault: RBAC lets each agent identity read only its own secret.",
            Remediation = "Recreate the access-policy grants as role assignments (Key Vault Secrets User, Crypto User, ...) scoped to the vault or to single secrets, then: az keyvault update -n <vault> --enable-rbac-authorization true, or enableRbacAuthorization: true in Bicep.",
            References = new[]
            {
                "https://learn.microsoft.com/azure/key-vault/general/rbac-guide",
                "https://learn.microsoft.com/azure/key-vault/general/rbac-migration",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_164" },
                Mcsb = new[] { "PA-7", "DP-8" },
                OwaspLlm = new[] { "LLM02:2025 Sensitive Information Disclosure" },
            },
            RequiredData = new[] { DataSets.Arm(StorageKeyVaultResourceTypes.KeyVault) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot) =>
            CheckEach(
                snapshot.ResourcesOfType(StorageKeyVaultResourceTypes.KeyVault),
                Path,
                "true",
                vault => vault.GetBool(Path) == true,
                _ => "Key Vault authorizes data-plane access with Azure RBAC.",
                vault =>
                {
                    var policies = vault.Raw.GetArray("properties.accessPolicies").Count();
                    var model = vault.GetBool(Path) == false ? "enableRbacAuthorization is false" : "enableRbacAuthorization is absent (the default is access policies)";
                    return $"Key Vault uses vault access policies: {model}; {policies} access polic{(policies == 1 ? "y" : "ies")} defined.";
                });
    }
}
