using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>Deleted keys and secrets are recoverable and cannot be purged before the retention period ends.</summary>
    public sealed class KeyVaultPurgeProtection : Control
    {
        private const string PurgePath = "properties.enablePurgeProtection";
        private const string SoftDeletePath = "properties.enableSoftDelete";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-026",
            Title = "Key Vaults have soft delete and purge protection",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Key Vault has properties.enablePurgeProtection set to true and properties.enableSoftDelete not set to false (soft delete is on by default and can no longer be turned off).",
            Rationale = """
            An attacker, or a compromised automation identity, that deletes and then purges the customer-managed key of a storage
            account, AI Search service or AI Services account makes that data unreadable at once: a ransom without any
            encryption malware. Purge protection keeps deleted keys and secrets recoverable until the retention period ends, even
            for an administrator.
            """,
            Checks = """
            - Data set: Azure resources of type `Microsoft.KeyVault/vaults`.
            - Properties: `properties.enablePurgeProtection` and `properties.enableSoftDelete`.
            - **Pass** when `enablePurgeProtection` is `true` and `enableSoftDelete` is not `false`. Soft delete is on by default
              (and can no longer be turned off), so an absent `enableSoftDelete` passes.
            - **Fail** when `enableSoftDelete` is `false`, or `enablePurgeProtection` is `false` or absent (off by default).

            Resources are read from any file under `arm/`: ARM REST / `az` output, Azure Resource Graph rows (lowercase types) and `Get-AzResource -ExpandProperties | ConvertTo-Json` (PascalCase `ResourceId`, `ResourceType`, `Properties`). Property names and enum values are compared without regard to case.
            """,
            Remediation = """
            Purge protection cannot be turned off once on; that is the point.

            - Portal: Key Vault > Settings > Properties > *Enable purge protection*.
            - CLI: `az keyvault update -n <vault> --enable-purge-protection true`
            - Bicep: `properties: { enablePurgeProtection: true, softDeleteRetentionInDays: 90 }`
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview",
                "https://learn.microsoft.com/azure/key-vault/general/key-vault-recovery",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_164" },
                mcsb: new[] { "DP-8", "BR-2" },
                azurePolicy: new[] { "0b60c0b2" },
                psRule: new[] { "Azure.KeyVault.PurgeProtect" }),
            RequiredData = new[] { DataSets.Arm(ResourceTypes.KeyVault) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var vault in snapshot.ResourcesOfType(ResourceTypes.KeyVault))
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

        // Soft delete comes first: purge protection can only be turned on for a vault that keeps deleted objects.
        protected internal override RemediationFix? FixFor(Finding finding) =>
            RemediationFix.Later(FixLanguage.AzureCli, finding.Target.Id, static id => new[]
            {
                AzureFixes.Comment("Keep deleted keys and secrets recoverable, and stop anyone purging them early (purge protection cannot be turned off again)."),
                "az resource update --ids " + Quote.Shell(id) + " --set properties.enableSoftDelete=true --set properties.enablePurgeProtection=true",
            });
    }
}
