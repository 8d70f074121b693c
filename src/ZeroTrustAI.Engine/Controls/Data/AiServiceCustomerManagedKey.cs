using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Controls.AI;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>AI services accounts encrypt stored data (fine-tuning files, batch data, agent state) with a customer-managed key.</summary>
    public sealed class AiServiceCustomerManagedKey : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-010",
            Title = "AI services accounts use a customer-managed key",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Cognitive Services account (OpenAI, AI Services, ...) has properties.encryption.keySource 'Microsoft.KeyVault' (compared without case). Absent means Microsoft-managed keys.",
            Rationale = """
            Accounts store training and fine-tuning files, batch inputs, stored completions and agent threads. With a customer-managed key the organisation can revoke access to all of it at once (crypto-shredding) and audits every key use in Key Vault.
            """,
            Checks = """
            Reads every `Microsoft.CognitiveServices/accounts` (ARM GET, api-version 2025-06-01; any kind: OpenAI, AIServices, ContentSafety, ...).

            - Path: `properties.encryption.keySource`.
            - Pass: `Microsoft.KeyVault` (compared without case).
            - Fail: `Microsoft.CognitiveServices` (Microsoft-managed keys) or absent.
            - Target: the account.
            """,
            Remediation = """
            - Portal: account > Resource Management > Encryption > Customer Managed Keys > select the key vault and key (the account needs a managed identity with `Key Vault Crypto Service Encryption User`; the vault needs soft delete and purge protection).
            - PowerShell: `Set-AzCognitiveServicesAccount -ResourceGroupName <rg> -Name <account> -KeyVaultEncryption -KeyName <key> -KeyVersion <version> -KeyVaultUri https://<vault>.vault.azure.net/`
            - Bicep:

            ```bicep
            properties: {
              encryption: {
                keySource: 'Microsoft.KeyVault'
                keyVaultProperties: {
                  keyVaultUri: 'https://kv-contoso-ai-prod.vault.azure.net/'
                  keyName: 'cmk-oai-contoso-prod'
                  keyVersion: ''
                }
              }
            }
            ```
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-services/encryption/cognitive-services-encryption-keys-portal",
                "https://learn.microsoft.com/azure/ai-services/openai/encrypt-data-at-rest",
            },
            Mappings = new ControlMappings(
                mcsb: new[] { "DP-5" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure" }),
        };

        protected override string ResourceType => ResourceTypes.CognitiveServicesAccount;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.encryption.keySource", "Microsoft.KeyVault") { Default = "Microsoft.CognitiveServices", AbsentMeans = "Microsoft-managed keys by default" },
        };

        protected override string PassText => "encrypts data with a customer-managed key in Key Vault";

        protected override string FailText => "uses Microsoft-managed keys";

        protected override string Subject(ArmResource resource) => $"{resource.Kind ?? "Cognitive Services"} account";
    }
}
