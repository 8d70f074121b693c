using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>Every write to a blob keeps the previous version.</summary>
    public sealed class StorageBlobVersioning : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-105",
            Title = "Blob versioning is on",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every blob service has properties.isVersioningEnabled set to true, so each overwrite keeps the previous version of the blob.",
            Rationale = """
            Data poisoning is usually an overwrite, not a delete: a grounding document or a training file is replaced by one
            that steers the model. With versioning, every earlier version stays readable, so a poisoned file can be found by
            comparison and rolled back, and version-level immutability policies become possible.
            """,
            Checks = """
            - Data set: Azure resources of type `Microsoft.Storage/storageAccounts/blobServices` (the `default` blob
              service of each account: ARM GET `<account id>/blobServices?api-version=2023-05-01`, or nested in the account's
              `resources`).
            - Property: `properties.isVersioningEnabled`.
            - **Pass** when it is `true`. **Fail** when it is `false` or absent (off unless enabled).
            - One result per blob service; a storage account without a collected blob service is not judged.
            """,
            Remediation = """
            - Portal: storage account > Data management > Data protection > *Enable versioning for blobs*.
            - CLI: `az resource update --ids <account-id>/blobServices/default --set properties.isVersioningEnabled=true`
            - Bicep: `properties: { isVersioningEnabled: true }` on `blobServices/default`.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/storage/blobs/versioning-overview",
                "https://learn.microsoft.com/azure/storage/blobs/data-protection-overview",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_164" },
                mcsb: new[] { "BR-1", "DP-8" },
                owaspLlm: new[] { "LLM04:2025 Data and Model Poisoning" },
                azurePolicy: new[] { "c36a325b" }),
        };

        protected override string ResourceType => ResourceTypes.StorageBlobService;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.isVersioningEnabled", "true") { Default = "false", AbsentMeans = "versioning is off by default" },
        };

        protected override string PassText => "keeps earlier blob versions";

        protected override string FailText => "does not keep earlier blob versions";
    }
}
