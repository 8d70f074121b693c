using System.Collections.Generic;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>Object replication cannot copy blobs to a storage account in another tenant.</summary>
    public sealed class StorageCrossTenantReplicationDisabled : Control
    {
        private const string Path = "properties.allowCrossTenantReplication";

        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-DATA-023",
            Title = "Storage accounts block cross-tenant object replication",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every storage account has properties.allowCrossTenantReplication set to false.",
            Rationale = "An object replication policy to an account in an attacker's tenant is a quiet, continuous exfiltration channel: every new training or grounding blob is copied out by the platform itself, with no data-plane read to alert on.",
            Remediation = "Remove cross-tenant replication policies that are not approved, then: az storage account update -n <account> -g <rg> --allow-cross-tenant-replication false, or allowCrossTenantReplication: false in Bicep.",
            References = new[]
            {
                "https://learn.microsoft.com/azure/storage/blobs/object-replication-prevent-cross-tenant-policies",
                "https://learn.microsoft.com/azure/storage/blobs/object-replication-overview",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_164" },
                Mcsb = new[] { "DP-2" },
                OwaspLlm = new[] { "LLM02:2025 Sensitive Information Disclosure" },
            },
            RequiredData = new[] { DataSets.Arm(StorageKeyVaultResourceTypes.StorageAccount) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot) =>
            CheckEach(
                snapshot.ResourcesOfType(StorageKeyVaultResourceTypes.StorageAccount),
                Path,
                "false",
                account => account.GetBool(Path) == false,
                _ => "Storage account blocks object replication to other tenants: allowCrossTenantReplication is false.",
                account => account.GetBool(Path) == true
                    ? "Storage account allows object replication to other tenants: allowCrossTenantReplication is true."
                    // Accounts created before December 2023 default to true when the property is not set.
                    : "Cross-tenant replication cannot be ruled out: allowCrossTenantReplication is absent, and older accounts default to allowing it.");
    }
}
