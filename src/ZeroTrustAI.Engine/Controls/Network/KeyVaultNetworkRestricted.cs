using System.Collections.Generic;
using ZeroTrustAI.Engine.Controls.Data;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>Key Vaults are not reachable from every network.</summary>
    public sealed class KeyVaultNetworkRestricted : Control
    {
        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-NET-021",
            Title = "Key Vaults restrict network access",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every Key Vault has properties.publicNetworkAccess set to Disabled, or properties.networkAcls.defaultAction set to Deny.",
            Rationale = "Key Vaults of AI workloads hold model API keys, connection strings and the customer-managed keys of AI data stores. With the public endpoint open, a token stolen from an agent or developer machine is usable from anywhere; a private endpoint or deny-by-default firewall confines it to the workload network.",
            Remediation = "Add a private endpoint for the vault (or virtual network rules), then: az keyvault update -n <vault> --default-action Deny (or --public-network-access Disabled); in Bicep networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' } or publicNetworkAccess: 'Disabled'.",
            References = new[]
            {
                "https://learn.microsoft.com/azure/key-vault/general/network-security",
                "https://learn.microsoft.com/azure/key-vault/general/private-link-service",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_069" },
                Mcsb = new[] { "NS-2", "DP-8" },
                OwaspLlm = new[] { "LLM02:2025 Sensitive Information Disclosure" },
            },
            RequiredData = new[] { DataSets.Arm(StorageKeyVaultResourceTypes.KeyVault) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var vault in snapshot.ResourcesOfType(StorageKeyVaultResourceTypes.KeyVault))
            {
                var reason = PublicEndpointRestriction.Describe(vault, "Key Vault");
                var evidence = PublicEndpointRestriction.Evidence(vault);
                yield return PublicEndpointRestriction.IsRestricted(vault)
                    ? Pass(vault, reason, evidence)
                    : Fail(vault, reason, evidence);
            }
        }
    }
}
