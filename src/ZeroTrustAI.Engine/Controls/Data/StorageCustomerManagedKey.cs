using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>Storage accounts encrypt at rest with a key the customer holds in Key Vault.</summary>
    public sealed class StorageCustomerManagedKey : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-024",
            Title = "Storage accounts encrypt with a customer-managed key",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Low,
            Description = "Every storage account has properties.encryption.keySource set to Microsoft.Keyvault (compared without regard to case; the Storage API spells it with a lowercase v).",
            Rationale = """
            With a customer-managed key you can cut off access to training and grounding data at once, by disabling the key,
            when the account or a copy of it is compromised, and every key unwrap is recorded in the Key Vault audit log. It is a
            defence-in-depth measure (Microsoft-managed keys already encrypt the data at rest), hence the low severity.
            """,
            Checks = """
            - Data set: Azure resources of type `Microsoft.Storage/storageAccounts`.
            - Property: `properties.encryption.keySource`.
            - **Pass** when it is `Microsoft.Keyvault`. The Storage API spells it with a lowercase *v*, other services with an
              uppercase one; the comparison ignores case, so both pass.
            - **Fail** when it is `Microsoft.Storage` or absent (absent means the default, Microsoft-managed keys).

            Resources are read from any file under `arm/`: ARM REST / `az` output, Azure Resource Graph rows (lowercase types) and `Get-AzResource -ExpandProperties | ConvertTo-Json` (PascalCase `ResourceId`, `ResourceType`, `Properties`). Property names and enum values are compared without regard to case.
            """,
            Remediation = """
            1. Create (or pick) a key in a Key Vault that has purge protection (ZTAI-DATA-026), and give the account's managed
               identity the *Key Vault Crypto Service Encryption User* role on it.
            2. Switch the account to the key.
               - Portal: storage account > Security + networking > Encryption > *Customer-managed keys*.
               - CLI: `az storage account update -n <account> -g <rg> --encryption-key-source Microsoft.Keyvault --encryption-key-vault https://<vault>.vault.azure.net --encryption-key-name <key>`
               - Bicep: `properties: { encryption: { keySource: 'Microsoft.Keyvault', keyvaultproperties: { keyvaulturi: ..., keyname: ... } } }`
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/storage/common/customer-managed-keys-overview",
                "https://learn.microsoft.com/azure/storage/common/customer-managed-keys-configure-existing-account",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_164" },
                mcsb: new[] { "DP-5" },
                azurePolicy: new[] { "6fac406b" }),
        };

        protected override string ResourceType => ResourceTypes.StorageAccount;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.encryption.keySource", "Microsoft.Keyvault") { Default = "Microsoft.Storage", AbsentMeans = "the service default is Microsoft-managed keys" },
        };

        protected override string PassText => "encrypts with a customer-managed key in Key Vault";

        protected override string FailText => "does not encrypt with a customer-managed key";
    }
}
