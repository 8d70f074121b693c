using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
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

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var account in snapshot.ResourcesOfType(ResourceTypes.CosmosDbAccount))
            {
                var api = ApiWithoutEntraOnlyAuth(account);
                if (api != null)
                {
                    yield return NotApplicable(
                        account,
                        $"{api} account: the built-in policy 'Cosmos DB database accounts should have local authentication methods disabled' (5450f5bd-9c72-4390-a9c4-a7aba4edfdd2, 1.1.0) leaves out accounts with the EnableMongo, EnableCassandra, EnableTable or EnableGremlin capability, whose API has no Entra ID-only switch.",
                        Observed(account, "kind", "\"GlobalDocumentDB\" (API for NoSQL)"),
                        Observed(account, CapabilitiesPath, "no EnableMongo, EnableCassandra, EnableTable or EnableGremlin"));
                    continue;
                }

                var evidence = Observed(account, Path, "true");
                var disabled = account.GetBool(Path);
                if (disabled == true)
                {
                    yield return Pass(account, "Cosmos DB account accepts Entra ID tokens only.", evidence);
                }
                else
                {
                    yield return Fail(
                        account,
                        disabled == false
                            ? "Cosmos DB account accepts primary keys and resource tokens: disableLocalAuth is false."
                            : "Cosmos DB account accepts primary keys and resource tokens: disableLocalAuth is absent (keys are on by default).",
                        evidence);
                }
            }
        }

        /// <summary>The API of an account the built-in policy leaves out, or null for API for NoSQL accounts.</summary>
        private static string? ApiWithoutEntraOnlyAuth(ArmResource account)
        {
            foreach (var capability in account.Raw.GetArray(CapabilitiesPath))
            {
                var name = capability.GetString("name");
                foreach (var api in ApisWithoutSwitch)
                {
                    if (api.Key.EqualsIgnoreCase(name))
                    {
                        return api.Value;
                    }
                }
            }

            // kind MongoDB is an API for MongoDB account even when an export omits its capabilities.
            return "MongoDB".EqualsIgnoreCase(account.Kind) ? ApisWithoutSwitch[0].Value : null;
        }

        private const string CapabilitiesPath = "properties.capabilities";

        private static readonly KeyValuePair<string, string>[] ApisWithoutSwitch =
        {
            new KeyValuePair<string, string>("EnableMongo", "API for MongoDB"),
            new KeyValuePair<string, string>("EnableCassandra", "API for Apache Cassandra"),
            new KeyValuePair<string, string>("EnableTable", "API for Table"),
            new KeyValuePair<string, string>("EnableGremlin", "API for Apache Gremlin"),
        };
    }
}
