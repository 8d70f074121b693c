using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>Blobs can be copied into or out of a storage account only within the tenant or over private links.</summary>
    public sealed class StorageAllowedCopyScope : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-100",
            Title = "Storage accounts restrict copy operations to the tenant or private links",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every storage account has properties.allowedCopyScope set to AAD (copies only from accounts in the same Entra tenant) or PrivateLink (only from accounts reached over a private link in the same virtual network).",
            Rationale = """
            A server-side copy moves a whole training set or grounding corpus in one call, without the data passing through
            the caller's network. Without a copy scope, a stolen token or SAS lets an attacker copy blobs into a store they own
            in another tenant, or copy poisoned documents in from one, and no egress control sees it.
            """,
            Checks = """
            - Data set: Azure resources of type `Microsoft.Storage/storageAccounts`.
            - Property: `properties.allowedCopyScope` (Storage REST API 2022-09-01 and later; values `PrivateLink`, `AAD`).
            - **Pass** when it is `AAD` or `PrivateLink`. **Fail** when it is absent: the service then allows copies from
              any storage account.
            - One result per storage account.
            """,
            Remediation = """
            - Portal: storage account > Settings > Configuration > *Permitted scope for copy operations* = *From storage
              accounts in the same Microsoft Entra tenant* (or *with private endpoints to the same virtual network*).
            - CLI: `az resource update --ids <account-id> --set properties.allowedCopyScope=AAD`
            - Bicep: `properties: { allowedCopyScope: 'AAD' }`
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/storage/common/security-restrict-copy-operations",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_164" },
                mcsb: new[] { "DP-2" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure", "LLM04:2025 Data and Model Poisoning" }),
        };

        protected override string ResourceType => ResourceTypes.StorageAccount;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.allowedCopyScope", "AAD", "PrivateLink") { AbsentMeans = "copies from any storage account are allowed", Default = "unrestricted" },
        };

        protected override string PassText => "restricts copy operations";

        protected override string FailText => "allows copies to and from any storage account";
    }
}
