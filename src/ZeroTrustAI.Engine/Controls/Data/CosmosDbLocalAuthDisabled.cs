using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>Cosmos DB accounts (vector and grounding stores, agent memory) accept Entra ID only, not account keys.</summary>
    public sealed class CosmosDbLocalAuthDisabled : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-027",
            Title = "Cosmos DB accounts accept Entra ID only (keys disabled)",
            Pillar = Pillar.Data,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.High,
            Description = "Every Cosmos DB account has properties.disableLocalAuth set to true, so data-plane requests need an Entra ID token instead of a primary key or resource token.",
            Rationale = """
            Cosmos DB often holds the embeddings, grounding chunks, chat history and agent memory of AI applications. Its primary
            key grants read-write on every container with no identity behind it. A key leaked from an app setting lets an attacker
            read conversations or plant poisoned vectors that the model later retrieves as trusted context.
            """,
            Checks = """
            - Data set: Azure resources of type `Microsoft.DocumentDB/databaseAccounts`.
            - Applies to API for NoSQL accounts, as the built-in policy "Cosmos DB database accounts should have local
              authentication methods disabled" (5450f5bd-9c72-4390-a9c4-a7aba4edfdd2, version 1.1.0) does: an account whose
              `properties.capabilities[].name` includes `EnableMongo`, `EnableCassandra`, `EnableTable` or `EnableGremlin` (or
              whose `kind` is `MongoDB`) is **NotApplicable**, the reason naming its API.
            - Property: `properties.disableLocalAuth`.
            - **Pass** when it is `true`. **Fail** when it is `false` or absent (keys are enabled by default).

            Resources are read from any file under `arm/`: ARM REST / `az` output, Azure Resource Graph rows (lowercase types) and `Get-AzResource -ExpandProperties | ConvertTo-Json` (PascalCase `ResourceId`, `ResourceType`, `Properties`). Property names and enum values are compared without regard to case.
            """,
            Remediation = """
            1. Give each application identity a Cosmos DB data-plane role (*Cosmos DB Built-in Data Reader* / *Contributor*) and
               switch the SDK clients to a `TokenCredential`.
            2. Disable keys.
               - CLI: `az resource update --ids <account id> --set properties.disableLocalAuth=true`
               - Bicep: `properties: { disableLocalAuth: true }`
            3. Regenerate the keys.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/cosmos-db/how-to-setup-rbac",
                "https://learn.microsoft.com/azure/cosmos-db/vector-database",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_164" },
                mcsb: new[] { "IM-1", "IM-8" },
                owaspLlm: new[] { "LLM08:2025 Vector and Embedding Weaknesses", "LLM02:2025 Sensitive Information Disclosure" },
                azurePolicy: new[] { "5450f5bd" }),
        };

        protected override string ResourceType => ResourceTypes.CosmosDbAccount;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.disableLocalAuth", "true") { Default = "false", AbsentMeans = "keys are on by default" },
        };

        protected override string PassText => "accepts Entra ID tokens only";

        protected override string FailText => "accepts primary keys and resource tokens";

        // The built-in policy 5450f5bd (1.1.0) judges only API for NoSQL accounts: the other APIs have no Entra ID-only switch.
        protected override string? NotApplicableBecause(ArmResource resource) =>
            ApiWithoutEntraOnlyAuth(resource) is string api
                ? $"{api} account: the built-in policy 'Cosmos DB database accounts should have local authentication methods disabled' (5450f5bd-9c72-4390-a9c4-a7aba4edfdd2, 1.1.0) leaves out accounts with the EnableMongo, EnableCassandra, EnableTable or EnableGremlin capability, whose API has no Entra ID-only switch"
                : null;

        protected override IEnumerable<Evidence> ApplicabilityEvidence(ArmResource resource) => new[]
        {
            Observed(resource, "kind", "\"GlobalDocumentDB\" (API for NoSQL)"),
            Observed(resource, CapabilitiesPath, "no EnableMongo, EnableCassandra, EnableTable or EnableGremlin"),
        };

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
