using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>Deleted or overwritten blobs can be restored for a retention period.</summary>
    public sealed class StorageBlobSoftDelete : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-103",
            Title = "Blob soft delete is on",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every blob service has properties.deleteRetentionPolicy.enabled set to true, so deleted blobs and overwritten blob versions are kept for the retention period.",
            Rationale = """
            An attacker (or a prompt-injected agent with write access) who deletes or overwrites grounding documents, training
            data or evaluation sets can silently change what a model retrieves and learns. Blob soft delete keeps what was
            deleted, so the original data can be restored and compared after the fact.
            """,
            Checks = """
            - Data set: Azure resources of type `Microsoft.Storage/storageAccounts/blobServices` (the `default` blob
              service of each account: ARM GET `<account id>/blobServices?api-version=2023-05-01`, or nested in the account's
              `resources`).
            - Property: `properties.deleteRetentionPolicy.enabled` (with `days`, 1 to 365).
            - **Pass** when it is `true`. **Fail** when it is `false` or absent (off unless enabled).
            - One result per blob service; a storage account without a collected blob service is not judged.
            """,
            Remediation = """
            - Portal: storage account > Data management > Data protection > *Enable soft delete for blobs*.
            - CLI: `az resource update --ids <account-id>/blobServices/default --set properties.deleteRetentionPolicy.enabled=true properties.deleteRetentionPolicy.days=14`
            - Bicep: `resource blob 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = { parent: account, name: 'default', properties: { deleteRetentionPolicy: { enabled: true, days: 14 } } }`
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/storage/blobs/soft-delete-blob-overview",
                "https://learn.microsoft.com/azure/storage/blobs/data-protection-overview",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_164" },
                mcsb: new[] { "BR-1", "DP-8" },
                owaspLlm: new[] { "LLM04:2025 Data and Model Poisoning" },
                azurePolicy: new[] { "9fbd64e3" }),
        };

        protected override string ResourceType => ResourceTypes.StorageBlobService;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.deleteRetentionPolicy.enabled", "true") { Default = "false", AbsentMeans = "blob soft delete is off by default" },
        };

        protected override string PassText => "keeps deleted blobs";

        protected override string FailText => "does not keep deleted blobs";
    }
}
