using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>Deleted containers can be restored for a retention period.</summary>
    public sealed class StorageContainerSoftDelete : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-104",
            Title = "Container soft delete is on",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every blob service has properties.containerDeleteRetentionPolicy.enabled set to true, so a deleted container and its blobs are kept for the retention period.",
            Rationale = """
            Deleting a whole container is the fastest way to destroy a grounding corpus or a training set, and blob soft delete
            does not cover it. Container soft delete keeps the container and its contents recoverable.
            """,
            Checks = """
            - Data set: Azure resources of type `Microsoft.Storage/storageAccounts/blobServices` (the `default` blob
              service of each account: ARM GET `<account id>/blobServices?api-version=2023-05-01`, or nested in the account's
              `resources`).
            - Property: `properties.containerDeleteRetentionPolicy.enabled` (with `days`).
            - **Pass** when it is `true`. **Fail** when it is `false` or absent (off unless enabled).
            - One result per blob service; a storage account without a collected blob service is not judged.
            """,
            Remediation = """
            - Portal: storage account > Data management > Data protection > *Enable soft delete for containers*.
            - CLI: `az resource update --ids <account-id>/blobServices/default --set properties.containerDeleteRetentionPolicy.enabled=true properties.containerDeleteRetentionPolicy.days=14`
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/storage/blobs/soft-delete-container-overview",
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
            new PropertyExpectation("properties.containerDeleteRetentionPolicy.enabled", "true") { Default = "false", AbsentMeans = "container soft delete is off by default" },
        };

        protected override string PassText => "keeps deleted containers";

        protected override string FailText => "does not keep deleted containers";
    }
}
