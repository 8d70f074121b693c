using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>Object replication cannot copy blobs to a storage account in another tenant.</summary>
    public sealed class StorageCrossTenantReplicationDisabled : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-023",
            Title = "Storage accounts block cross-tenant object replication",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every storage account has properties.allowCrossTenantReplication set to false.",
            Rationale = """
            An object replication policy to a storage account in another Entra tenant copies every new blob out of your tenant,
            continuously, through the platform itself: there is no data-plane read to alert on. An attacker with write rights on
            the account can set one up as a quiet exfiltration channel for training and grounding data.
            """,
            Checks = """
            - Data set: Azure resources of type `Microsoft.Storage/storageAccounts`.
            - Property: `properties.allowCrossTenantReplication`.
            - **Pass** when it is `false`. **Fail** when it is `true` or absent (accounts created before the default changed allow
              it when the property is not set; the snapshot cannot tell which applies).

            Resources are read from any file under `arm/`: ARM REST / `az` output, Azure Resource Graph rows (lowercase types) and `Get-AzResource -ExpandProperties | ConvertTo-Json` (PascalCase `ResourceId`, `ResourceType`, `Properties`). Property names and enum values are compared without regard to case.
            """,
            Remediation = """
            1. Review object replication policies (`az storage account or-policy list --account-name <account>`) and remove any
               whose destination is in another tenant without approval.
            2. Block cross-tenant replication.
               - Portal: storage account > Data management > Object replication > *Advanced settings* > clear *Allow cross-tenant replication*.
               - CLI: `az storage account update -n <account> -g <rg> --allow-cross-tenant-replication false`
               - Bicep: `properties: { allowCrossTenantReplication: false }`
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/storage/blobs/object-replication-prevent-cross-tenant-policies",
                "https://learn.microsoft.com/azure/storage/blobs/object-replication-overview",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_164" },
                mcsb: new[] { "DP-2" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure" },
                azurePolicy: new[] { "92a89a79" }),
        };

        protected override string ResourceType => ResourceTypes.StorageAccount;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.allowCrossTenantReplication", "false")
            {
                // Accounts created before December 2023 default to true when the property is not set.
                AbsentMeans = "accounts created before December 2023 default to allowing it",
            },
        };

        protected override string PassText => "blocks object replication to other tenants";

        protected override string FailText => "allows object replication to other tenants";
    }
}
