using System.Collections.Generic;
using ZeroTrustAI.Engine.Controls.AI;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>AI services accounts encrypt stored data (fine-tuning files, batch data, agent state) with a customer-managed key.</summary>
    public sealed class AiServiceCustomerManagedKey : Control
    {
        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-DATA-010",
            Title = "AI services accounts use a customer-managed key",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Cognitive Services account (OpenAI, AI Services, ...) has properties.encryption.keySource 'Microsoft.KeyVault' (compared without case). Absent means Microsoft-managed keys.",
            Rationale = "Accounts store training and fine-tuning files, batch inputs, stored completions and agent threads. With a customer-managed key the organisation can revoke access to all of it at once (crypto-shredding) and audits every key use in Key Vault.",
            Remediation = "Give the account a managed identity with 'Key Vault Crypto Service Encryption User' on a vault with purge protection, then set encryption to the key: Set-AzCognitiveServicesAccount -KeyVaultEncryption -KeyName <key> -KeyVersion <version> -KeyVaultUri <vault-uri> (Bicep: properties.encryption.keySource 'Microsoft.KeyVault').",
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-services/encryption/cognitive-services-encryption-keys-portal",
                "https://learn.microsoft.com/azure/ai-services/openai/encrypt-data-at-rest",
            },
            Mappings = new ControlMappings
            {
                Mcsb = new[] { "DP-5" },
                OwaspLlm = new[] { "LLM02:2025 Sensitive Information Disclosure" },
            },
            RequiredData = new[] { DataSets.Arm(AiResourceTypes.Account) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot) =>
            CheckEach(
                snapshot.ResourcesOfType(AiResourceTypes.Account),
                "properties.encryption.keySource",
                "Microsoft.KeyVault",
                account => account.GetString("properties.encryption.keySource").EqualsIgnoreCase("Microsoft.KeyVault"),
                account => $"{account.Kind ?? "Cognitive Services"} account encrypts data with a customer-managed key in Key Vault.",
                account => account.GetString("properties.encryption.keySource") switch
                {
                    null => $"{account.Kind ?? "Cognitive Services"} account uses Microsoft-managed keys (encryption.keySource is absent).",
                    var source => $"{account.Kind ?? "Cognitive Services"} account uses Microsoft-managed keys (encryption.keySource is '{source}').",
                });
    }
}
