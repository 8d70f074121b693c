using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Controls.AI;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>AI Search services are not reachable from the public internet.</summary>
    public sealed class AiSearchPublicNetworkDisabled : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-003",
            Title = "AI Search public network access is disabled",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every Azure AI Search service has properties.publicNetworkAccess 'disabled' (the API returns lower case; compared without case). Absent means enabled, the service default.",
            Rationale = """
            The search index is the RAG store: chunks of the organisation's documents ready to be read in bulk. A public endpoint lets a leaked key or token dump it from anywhere; disabling public access confines queries to private endpoints.
            """,
            Checks = """
            Reads every `Microsoft.Search/searchServices` (ARM GET, api-version 2025-05-01).

            - Path: `properties.publicNetworkAccess`. The API returns lower case (`enabled`/`disabled`); compared without case.
            - Pass: `disabled`.
            - Fail: `enabled` or absent (enabled by default). `securedByPerimeter` is not counted as disabled.
            - Target: the search service.
            """,
            Remediation = """
            - Portal: search service > Settings > Networking > Public network access = Disabled.
            - CLI: `az resource update --ids <search-id> --set properties.publicNetworkAccess=disabled`
            - Bicep: `properties: { publicNetworkAccess: 'disabled' }` on `Microsoft.Search/searchServices@2025-05-01`.

            Create a private endpoint first (ZTAI-NET-004) and use shared private links for indexer data sources.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/search/service-configure-firewall",
                "https://learn.microsoft.com/azure/search/service-create-private-endpoint",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_069" },
                mcsb: new[] { "NS-2" },
                owaspLlm: new[] { "LLM08:2025 Vector and Embedding Weaknesses" }),
        };

        protected override string ResourceType => ResourceTypes.SearchService;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.publicNetworkAccess", "disabled") { Default = "enabled", AbsentMeans = "enabled by default" },
        };

        protected override string PassText => "has public network access disabled";

        protected override string FailText => "is public";
    }
}
