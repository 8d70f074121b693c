using System.Collections.Generic;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>Deleted keys and secrets are recoverable and cannot be purged before the retention period ends.</summary>
    public sealed class KeyVaultPurgeProtection : Control
    {
        private const string PurgePath = "properties.enablePurgeProtection";
        private const string SoftDeletePath = "properties.enableSoftDelete";

        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-DATA-026",
            Title = "Key Vaults have soft delete and purge protection",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Key Vault has properties.enablePurgeProtection set to true and properties.enableSoftDelete not set to false (soft delete is on by default and can no longer be turned off).",
            Rationale = "An attacker, or a compromised automation identity, that deletes and purges the customer-managed key of a storage account, AI Search index or AI Services account makes that data unrecoverable at once: a ransom without encryption malware. Purge protection keeps deleted keys recoverable for the retention period.",
            Remediation = "az keyvault update -n <vault> --enable-purge-protection true (irreversible by design), or enablePurgeProtection: true in Bicep; keep softDeleteRetentionInDays at 90 where possible.",
            References = new[]
            {
                "https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview",
                "https://learn.microsoft.com/azure/key-vault/general/key-vault-recovery",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_164" },
                Mcsb = new[] { "DP-8", "BR-2" },
            },
            RequiredData = new[] { DataSets.Arm(StorageKeyVaultResourceTypes.KeyVault) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var vault in snapshot.ResourcesOfType(StorageKeyVaultResourceTypes.KeyVault))
            {
                var purgeProtection = vault.GetBool(PurgePath);
                var softDelete = vault.GetBool(SoftDeletePath);
                var evidence = new[]
                {
                    Observed(vault, PurgePath, "true"),
                    Observed(vault, SoftDeletePath, "true or absent"),
                };

                if (softDelete == false)
                {
                    yield return Fail(vault, "Key Vault has soft delete turned off (enableSoftDelete is false): deleted keys and secrets are gone at once.", evidence);
                }
                else if (purgeProtection != true)
                {
                    yield return Fail(
                        vault,
                        purgeProtection == false
                            ? "Key Vault lacks purge protection: enablePurgeProtection is false, so deleted keys and secrets can be purged at once."
                            : "Key Vault lacks purge protection: enablePurgeProtection is absent (off by default), so deleted keys and secrets can be purged at once.",
                        evidence);
                }
                else
                {
                    yield return Pass(vault, "Key Vault has soft delete and purge protection.", evidence);
                }
            }
        }
    }
}
