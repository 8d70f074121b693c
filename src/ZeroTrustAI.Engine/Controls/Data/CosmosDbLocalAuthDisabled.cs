using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
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
    }
}
