using System.Collections.Generic;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>Cosmos DB accounts (vector and grounding stores, agent memory) accept Entra ID only, not account keys.</summary>
    public sealed class CosmosDbLocalAuthDisabled : Control
    {
        private const string Path = "properties.disableLocalAuth";

        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-DATA-027",
            Title = "Cosmos DB accounts accept Entra ID only (keys disabled)",
            Pillar = Pillar.Data,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.High,
            Description = "Every Cosmos DB account has properties.disableLocalAuth set to true, so data-plane requests need an Entra ID token instead of a primary key or resource token.",
            Rationale = "Cosmos DB often holds the embeddings, grounding chunks, chat history and agent memory of AI applications. Its primary key grants read-write on every container with no identity behind it; a key leaked from an app setting lets an attacker read conversations or plant poisoned vectors that the model later retrieves.",
            Remediation = "Give each application identity a Cosmos DB data-plane role (Cosmos DB Built-in Data Reader/Contributor) and switch SDKs to TokenCredential, then set disableLocalAuth to true (az resource update --ids <account id> --set properties.disableLocalAuth=true, or disableLocalAuth: true in Bicep) and regenerate the keys.",
            References = new[]
            {
                "https://learn.microsoft.com/azure/cosmos-db/how-to-setup-rbac",
                "https://learn.microsoft.com/azure/cosmos-db/vector-database",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_164" },
                Mcsb = new[] { "IM-1", "IM-8" },
                OwaspLlm = new[] { "LLM08:2025 Vector and Embedding Weaknesses", "LLM02:2025 Sensitive Information Disclosure" },
            },
            RequiredData = new[] { DataSets.Arm(StorageKeyVaultResourceTypes.CosmosDbAccount) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot) =>
            CheckEach(
                snapshot.ResourcesOfType(StorageKeyVaultResourceTypes.CosmosDbAccount),
                Path,
                "true",
                account => account.GetBool(Path) == true,
                _ => "Cosmos DB account accepts Entra ID tokens only.",
                account => account.GetBool(Path) == false
                    ? "Cosmos DB account accepts primary keys and resource tokens: disableLocalAuth is false."
                    : "Cosmos DB account accepts primary keys and resource tokens: disableLocalAuth is absent (keys are on by default).");
    }
}
