using System.Collections.Generic;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>No container of a storage account can be opened to anonymous readers.</summary>
    public sealed class StorageBlobAnonymousAccessDisabled : Control
    {
        private const string Path = "properties.allowBlobPublicAccess";

        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-DATA-021",
            Title = "Storage accounts disallow anonymous blob access",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every storage account has properties.allowBlobPublicAccess set to false, so no container can be made readable without authorization.",
            Rationale = "With the account setting on, one container ACL change publishes its blobs to the Internet. Training corpora, fine-tuning sets and RAG source documents exposed this way are read or scraped with no trace of who took them.",
            Remediation = "Check for containers with a public access level, move their readers to Entra ID or user-delegation SAS, then set allowBlobPublicAccess to false: az storage account update -n <account> -g <rg> --allow-blob-public-access false, or allowBlobPublicAccess: false in Bicep.",
            References = new[]
            {
                "https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-prevent",
                "https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-configure",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_164" },
                Mcsb = new[] { "NS-2", "PA-7" },
                OwaspLlm = new[] { "LLM02:2025 Sensitive Information Disclosure" },
            },
            RequiredData = new[] { DataSets.Arm(StorageKeyVaultResourceTypes.StorageAccount) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot) =>
            CheckEach(
                snapshot.ResourcesOfType(StorageKeyVaultResourceTypes.StorageAccount),
                Path,
                "false",
                account => account.GetBool(Path) == false,
                _ => "Storage account disallows anonymous blob access: allowBlobPublicAccess is false.",
                account => account.GetBool(Path) == true
                    ? "Storage account allows containers to be made public: allowBlobPublicAccess is true."
                    // Accounts created since 2023 default to false, but older accounts and older API versions default to true.
                    : "Anonymous blob access cannot be ruled out: allowBlobPublicAccess is absent, and accounts created before late 2023 (or through older API versions) default to allowing it.");
    }
}
