using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>AI Search services have a managed identity for indexers, skillsets and vectorizers.</summary>
    public sealed class AiSearchManagedIdentity : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-158",
            Title = "AI Search services have a managed identity",
            Pillar = Pillar.AI,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.Medium,
            Description = "Every Azure AI Search service has identity.type SystemAssigned, UserAssigned or both, so indexers, skillsets and integrated vectorizers reach data sources and models with Entra tokens instead of connection strings and keys.",
            Rationale = """
            A retrieval-augmented agent is only as trustworthy as its index. An AI Search service without a managed identity pulls its grounding data with storage connection strings, database passwords and model API keys kept in its data source and skillset definitions; anyone who reads those definitions holds the keys to the data behind the agent.
            """,
            Checks = """
            Reads every `Microsoft.Search/searchServices` (api-version 2025-05-01).

            - Path: `identity.type`.
            - Pass: `SystemAssigned`, `UserAssigned` or `SystemAssigned, UserAssigned`.
            - Fail: `None` or absent.
            - Target: the search service.
            """,
            Remediation = """
            - Portal: the search service > Settings > Identity > System assigned = On; then grant it `Storage Blob Data Reader`, `Cognitive Services OpenAI User`, ... on its sources and use identity-based data source connections.
            - CLI: `az resource update --ids <search-id> --set identity.type=SystemAssigned`
            - Bicep:

            ```bicep
            resource search 'Microsoft.Search/searchServices@2025-05-01' = {
              name: 'srch-contoso-rag'
              location: location
              sku: { name: 'standard' }
              identity: { type: 'SystemAssigned' }
              properties: {}
            }
            ```
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/search/search-howto-managed-identities-data-sources",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_084" },
                mcsb: new[] { "IM-3" },
                psRule: new[] { "Azure.Search.ManagedIdentity" }),
        };

        protected override string ResourceType => ResourceTypes.SearchService;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[] { AiResourceTypes.ManagedIdentityExpectation() };

        protected override string PassText => "has a managed identity";

        protected override string FailText => "has no managed identity";
    }
}
