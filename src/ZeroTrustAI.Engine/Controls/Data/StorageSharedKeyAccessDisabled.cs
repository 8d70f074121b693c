using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>Storage accounts accept only Entra ID authorization, not account keys or key-signed SAS.</summary>
    public sealed class StorageSharedKeyAccessDisabled : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-020",
            Title = "Storage accounts do not accept shared key authorization",
            Pillar = Pillar.Data,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.High,
            Description = "Every storage account has properties.allowSharedKeyAccess set to false, so requests must carry an Entra ID token (no account keys, no account- or service-SAS signed with a key).",
            Rationale = """
            Training sets, fine-tuning data, grounding documents and model artefacts live in storage accounts. An account key,
            or a SAS signed with one, is a bearer secret: full data-plane rights, no identity, no Conditional Access and no
            per-caller audit trail. One key leaked from a notebook, a pipeline variable or an agent's configuration lets anyone
            read the data or quietly poison what the model learns from and retrieves.
            """,
            Checks = """
            - Data set: Azure resources of type `Microsoft.Storage/storageAccounts`.
            - Property: `properties.allowSharedKeyAccess`.
            - **Pass** when it is `false`. **Fail** when it is `true` or absent: the service default is to allow shared key
              authorization, so an account that does not state the setting cannot be shown to refuse keys.
            - One result per storage account; the evidence is the property as found (`null` when absent).

            Resources are read from any file under `arm/`: ARM REST / `az` output, Azure Resource Graph rows (lowercase types) and `Get-AzResource -ExpandProperties | ConvertTo-Json` (PascalCase `ResourceId`, `ResourceType`, `Properties`). Property names and enum values are compared without regard to case.
            """,
            Remediation = """
            1. Find the callers that still use keys or SAS (storage logs, `AuthenticationType` in `StorageBlobLogs`), and move them
               to Entra ID: a managed identity with *Storage Blob Data Reader* or *Contributor*, or user-delegation SAS.
            2. Turn shared key off.
               - Portal: storage account > Settings > Configuration > *Allow storage account key access* = Disabled.
               - CLI: `az storage account update -n <account> -g <rg> --allow-shared-key-access false`
               - Bicep: `properties: { allowSharedKeyAccess: false }`
            3. Rotate both account keys.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/storage/common/shared-key-authorization-prevent",
                "https://learn.microsoft.com/azure/storage/blobs/authorize-access-azure-active-directory",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_164" },
                mcsb: new[] { "IM-1", "IM-8" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure", "LLM04:2025 Data and Model Poisoning" },
                azurePolicy: new[] { "8c6a50c6" }),
        };

        protected override string ResourceType => ResourceTypes.StorageAccount;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.allowSharedKeyAccess", "false") { Default = "true", AbsentMeans = "the service default is to allow it" },
        };

        protected override string PassText => "accepts Entra ID authorization only";

        protected override string FailText => "accepts shared key (account key and SAS) authorization";
    }
}
