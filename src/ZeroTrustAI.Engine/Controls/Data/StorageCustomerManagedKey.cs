using System.Collections.Generic;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>Storage accounts encrypt at rest with a key the customer holds in Key Vault.</summary>
    public sealed class StorageCustomerManagedKey : Control
    {
        private const string Path = "properties.encryption.keySource";

        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-DATA-024",
            Title = "Storage accounts encrypt with a customer-managed key",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Low,
            Description = "Every storage account has properties.encryption.keySource set to Microsoft.Keyvault (compared without regard to case; the Storage API spells it with a lowercase v).",
            Rationale = "A customer-managed key lets you revoke access to training and grounding data at once (disable the key) when an account or its copies are compromised, and puts every unwrap on the Key Vault audit trail.",
            Remediation = "Create a key in a Key Vault with purge protection, grant the account's managed identity Key Vault Crypto Service Encryption User, then: az storage account update -n <account> -g <rg> --encryption-key-source Microsoft.Keyvault --encryption-key-vault <uri> --encryption-key-name <key>, or encryption.keySource: 'Microsoft.Keyvault' with keyvaultproperties in Bicep.",
            References = new[]
            {
                "https://learn.microsoft.com/azure/storage/common/customer-managed-keys-overview",
                "https://learn.microsoft.com/azure/storage/common/customer-managed-keys-configure-existing-account",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_164" },
                Mcsb = new[] { "DP-5" },
            },
            RequiredData = new[] { DataSets.Arm(StorageKeyVaultResourceTypes.StorageAccount) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot) =>
            CheckEach(
                snapshot.ResourcesOfType(StorageKeyVaultResourceTypes.StorageAccount),
                Path,
                "\"Microsoft.Keyvault\"",
                account => "Microsoft.Keyvault".EqualsIgnoreCase(account.GetString(Path)),
                _ => "Storage account encrypts with a customer-managed key in Key Vault.",
                account => account.GetString(Path) is string source
                    ? $"Storage account encrypts with {source} keys, not a customer-managed key."
                    : "Storage account encryption key source is absent: the service default is Microsoft-managed keys.");
    }
}
