using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>Cosmos DB account keys cannot change databases, containers, indexes or throughput.</summary>
    public sealed class CosmosDbKeyBasedMetadataWriteDisabled : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-028",
            Title = "Cosmos DB account keys cannot change the account's resources",
            Pillar = Pillar.Data,
            Principle = Principle.LeastPrivilege,
            Severity = Severity.Medium,
            Description = "Every Cosmos DB account has properties.disableKeyBasedMetadataWriteAccess set to true, so keys and resource tokens can read and write items but cannot create, change or delete databases, containers, indexing policies or throughput.",
            Rationale = """
            Cosmos DB often holds the vector store and chat history behind an AI app, and its keys live in app settings,
            notebooks and agent tool configurations. By default a key may also change the account's resources: whoever
            holds a leaked key can drop a container, rewrite an indexing or vector policy, or change throughput, which
            poisons or wipes the grounding data every answer relies on. Restricting metadata writes to Azure Resource
            Manager puts those changes behind Entra ID, Azure RBAC and the activity log.
            """,
            Checks = """
            - Reads every `Microsoft.DocumentDB/databaseAccounts` (any API: NoSQL, MongoDB, Cassandra, Gremlin, Table); the
              setting is account-wide.
            - Path: `properties.disableKeyBasedMetadataWriteAccess`.
            - Pass: `true`. Fail: `false`, or absent (the service default is `false`: keys may change resources).
            - Target: the account.
            """,
            Remediation = """
            1. Make sure deployments and scripts change databases and containers through Azure Resource Manager (Bicep, ARM,
               `az cosmosdb sql container create`, Terraform's azurerm provider), not through an SDK signed with a key.
            2. Turn key-based metadata writes off:
               - CLI: `az cosmosdb update -n <account> -g <rg> --disable-key-based-metadata-write-access true`
               - Bicep: `properties: { disableKeyBasedMetadataWriteAccess: true }`
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/cosmos-db/how-to-restrict-user-data",
                "https://learn.microsoft.com/azure/cosmos-db/role-based-access-control",
            },
            Mappings = new ControlMappings(
                mcsb: new[] { "IM-1", "PA-7" },
                owaspLlm: new[] { "LLM08:2025 Vector and Embedding Weaknesses" },
                azurePolicy: new[] { "4750c32b-89c0-46af-bfcb-2e4541a818d5" },
                psRule: new[] { "Azure.Cosmos.DisableMetadataWrite" }),
        };

        protected override string ResourceType => ResourceTypes.CosmosDbAccount;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.disableKeyBasedMetadataWriteAccess", "true") { Default = "false", AbsentMeans = "keys may change resources by default" },
        };

        protected override string PassText => "accepts resource changes only through Azure Resource Manager";

        protected override string FailText => "lets account keys change databases and containers";
    }
}
