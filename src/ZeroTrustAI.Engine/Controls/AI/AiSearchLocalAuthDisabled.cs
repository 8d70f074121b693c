using System.Collections.Generic;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>AI Search services accept only Entra ID tokens, not admin or query keys.</summary>
    public sealed class AiSearchLocalAuthDisabled : Control
    {
        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-AI-026",
            Title = "AI Search accepts Entra ID only (API keys disabled)",
            Pillar = Pillar.AI,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.High,
            Description = "Every Azure AI Search service has properties.disableLocalAuth set to true. Absent means keys are accepted (the service default).",
            Rationale = "A search index behind a RAG app or agent holds the organisation's grounding data. An admin key reads, rewrites or poisons every index with no identity attached, and query keys are routinely embedded in front-end code. Entra ID with RBAC gives per-caller access and audit.",
            Remediation = "Assign callers Search Index Data Reader/Contributor roles, then disable keys: az search service update -n <service> -g <rg> --disable-local-auth true (Bicep: properties.disableLocalAuth: true). Regenerate the old admin keys afterwards.",
            References = new[]
            {
                "https://learn.microsoft.com/azure/search/search-security-enable-roles",
                "https://learn.microsoft.com/azure/search/search-security-rbac",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_084" },
                Mcsb = new[] { "IM-1" },
                OwaspLlm = new[] { "LLM08:2025 Vector and Embedding Weaknesses", "LLM04:2025 Data and Model Poisoning" },
            },
            RequiredData = new[] { DataSets.Arm(AiResourceTypes.SearchService) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot) =>
            CheckEach(
                snapshot.ResourcesOfType(AiResourceTypes.SearchService),
                "properties.disableLocalAuth",
                "true",
                service => service.GetBool("properties.disableLocalAuth") == true,
                service => "Search service accepts Entra ID tokens only.",
                service => service.GetBool("properties.disableLocalAuth") == false
                    ? "Search service accepts API keys: disableLocalAuth is false."
                    : "Search service accepts API keys: disableLocalAuth is absent (keys are on by default).");
    }
}
