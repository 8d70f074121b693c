using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>Key Vaults authorize data-plane access with Azure RBAC, not vault access policies.</summary>
    public sealed class KeyVaultRbacAuthorization : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-025",
            Title = "Key Vaults use the Azure RBAC permission model",
            Pillar = Pillar.Data,
            Principle = Principle.LeastPrivilege,
            Severity = Severity.Medium,
            Description = "Every Key Vault has properties.enableRbacAuthorization set to true, so access to keys, secrets and certificates is granted by Azure role assignments instead of vault access policies.",
            Rationale = """
            AI applications keep model API keys, connection strings and the customer-managed keys of their data stores in Key
            Vault. Vault access policies grant rights per object *type* for the whole vault, cannot be scoped to one secret, are
            outside PIM, and anyone with *Contributor* on the vault can add a policy for themselves. Azure RBAC lets each agent
            identity read only its own secret, with eligible (just-in-time) assignments for people.
            """,
            Checks = """
            - Data set: Azure resources of type `Microsoft.KeyVault/vaults`.
            - Property: `properties.enableRbacAuthorization`.
            - **Pass** when it is `true`. **Fail** when it is `false` or absent (absent means access policies, the default of the
              vault API). The reason also counts the entries in `properties.accessPolicies`.

            Resources are read from any file under `arm/`: ARM REST / `az` output, Azure Resource Graph rows (lowercase types) and `Get-AzResource -ExpandProperties | ConvertTo-Json` (PascalCase `ResourceId`, `ResourceType`, `Properties`). Property names and enum values are compared without regard to case.
            """,
            Remediation = """
            1. Recreate each access policy as a role assignment (*Key Vault Secrets User*, *Key Vault Crypto User*, ...), scoped to
               the vault or to single secrets and keys.
            2. Switch the permission model.
               - Portal: Key Vault > Settings > Access configuration > *Azure role-based access control*.
               - CLI: `az keyvault update -n <vault> --enable-rbac-authorization true`
               - Bicep: `properties: { enableRbacAuthorization: true }`
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/key-vault/general/rbac-guide",
                "https://learn.microsoft.com/azure/key-vault/general/rbac-migration",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_164" },
                mcsb: new[] { "PA-7", "DP-8" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure" },
                azurePolicy: new[] { "12d4fa5e" }),
        };

        protected override string ResourceType => ResourceTypes.KeyVault;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.enableRbacAuthorization", "true") { Default = "false", AbsentMeans = "the default is vault access policies" },
        };

        protected override string PassText => "authorizes data-plane access with Azure RBAC";

        protected override string FailText => "uses vault access policies";
    }
}
