using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>AI Search services accept only Entra ID tokens, not admin or query keys.</summary>
    public sealed class AiSearchLocalAuthDisabled : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-026",
            Title = "AI Search accepts Entra ID only (API keys disabled)",
            Pillar = Pillar.AI,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.High,
            Description = "Every Azure AI Search service has properties.disableLocalAuth set to true. Absent means keys are accepted (the service default).",
            Rationale = """
            A search index behind a RAG app or agent holds the organisation's grounding data. An admin key reads, rewrites or poisons every index with no identity attached, and query keys are routinely embedded in front-end code. Entra ID with RBAC gives per-caller access and audit.
            """,
            Checks = """
            Reads every `Microsoft.Search/searchServices` (ARM GET, api-version 2025-05-01).

            - Path: `properties.disableLocalAuth`.
            - Pass: `true`.
            - Fail: `false`, or absent (keys are accepted by default).
            - Target: the search service.
            """,
            Remediation = """
            - Portal: search service > Settings > Keys > API access control = Role-based access control.
            - CLI: `az search service update -n <service> -g <rg> --disable-local-auth true`
            - Bicep: `properties: { disableLocalAuth: true }` on `Microsoft.Search/searchServices@2025-05-01` (leave `authOptions` unset).

            Grant `Search Index Data Reader` / `Search Index Data Contributor` to apps and agents first, then regenerate the admin keys.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/search/search-security-enable-roles",
                "https://learn.microsoft.com/azure/search/search-security-rbac",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_084" },
                mcsb: new[] { "IM-1" },
                owaspLlm: new[] { "LLM08:2025 Vector and Embedding Weaknesses", "LLM04:2025 Data and Model Poisoning" }),
        };

        protected override string ResourceType => ResourceTypes.SearchService;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.disableLocalAuth", "true") { Default = "false", AbsentMeans = "keys are on by default" },
        };

        protected override string PassText => "accepts Entra ID tokens only";

        protected override string FailText => "accepts API keys";
    }
}
