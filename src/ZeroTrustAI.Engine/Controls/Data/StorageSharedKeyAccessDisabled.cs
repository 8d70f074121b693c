using System.Collections.Generic;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>Storage accounts accept only Entra ID authorization, not account keys or key-signed SAS.</summary>
    public sealed class StorageSharedKeyAccessDisabled : Control
    {
        private const string Path = "properties.allowSharedKeyAccess";

        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-DATA-020",
            Title = "Storage accounts do not accept shared key authorization",
            Pillar = Pillar.Data,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.High,
            Description = "Every storage account has properties.allowSharedKeyAccess set to false, so requests must carry an Entra ID token (no account keys, no account- or service-SAS signed with a key).",
            Rationale = "Training sets, grounding documents and model artefacts sit in storage. An account key or a key-signed SAS is a bearer secret with full data-plane rights, no identity, no Conditional Access and no per-caller audit; one leaked from a notebook, pipeline or agent configuration exposes or lets an attacker poison the data the model learns from.",
            Remediation = "Move every client to Entra ID (managed identities with Storage Blob Data Reader/Contributor), then set allowSharedKeyAccess to false: az storage account update -n <account> -g <rg> --allow-shared-key-access false, or allowSharedKeyAccess: false in Bicep. Rotate both keys afterwards.",
            References = new[]
            {
                "https://learn.microsoft.com/azure/storage/common/shared-key-authorization-prevent",
                "https://learn.microsoft.com/azure/storage/blobs/authorize-access-azure-active-directory",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_164" },
                Mcsb = new[] { "IM-1", "IM-8" },
                OwaspLlm = new[] { "LLM02:2025 Sensitive Information Disclosure", "LLM04:2025 Data and Model Poisoning" },
            },
            RequiredData = new[] { DataSets.Arm(StorageKeyVaultResourceTypes.StorageAccount) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot) =>
            CheckEach(
                snapshot.ResourcesOfType(StorageKeyVaultResourceTypes.StorageAccount),
                Path,
                "false",
                account => account.GetBool(Path) == false,
                _ => "Storage account accepts Entra ID authorization only: allowSharedKeyAccess is false.",
                account => account.GetBool(Path) == true
                    ? "Storage account accepts shared key (account key and SAS) authorization: allowSharedKeyAccess is true."
                    : "Storage account accepts shared key authorization: allowSharedKeyAccess is absent, and the service default is to allow it.");
    }
}
