using System.Collections.Generic;
using ZeroTrustAI.Engine.Controls.AI;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>AI Search services are not reachable from the public internet.</summary>
    public sealed class AiSearchPublicNetworkDisabled : Control
    {
        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-NET-003",
            Title = "AI Search public network access is disabled",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every Azure AI Search service has properties.publicNetworkAccess 'disabled' (the API returns lower case; compared without case). Absent means enabled, the service default.",
            Rationale = "The search index is the RAG store: chunks of the organisation's documents ready to be read in bulk. A public endpoint lets a leaked key or token dump it from anywhere; disabling public access confines queries to private endpoints.",
            Remediation = "Create a private endpoint for the service, then: az resource update --ids <search-id> --set properties.publicNetworkAccess=disabled (Bicep: properties.publicNetworkAccess: 'disabled'). Grant indexer access to data sources through shared private links.",
            References = new[]
            {
                "https://learn.microsoft.com/azure/search/service-configure-firewall",
                "https://learn.microsoft.com/azure/search/service-create-private-endpoint",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_069" },
                Mcsb = new[] { "NS-2" },
                OwaspLlm = new[] { "LLM08:2025 Vector and Embedding Weaknesses" },
            },
            RequiredData = new[] { DataSets.Arm(AiResourceTypes.SearchService) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot) =>
            CheckEach(
                snapshot.ResourcesOfType(AiResourceTypes.SearchService),
                "properties.publicNetworkAccess",
                "disabled",
                service => service.GetString("properties.publicNetworkAccess").EqualsIgnoreCase("disabled"),
                service => "Search service has public network access disabled.",
                service => service.GetString("properties.publicNetworkAccess") == null
                    ? "Search service is public: publicNetworkAccess is absent (enabled by default)."
                    : $"Search service is public: publicNetworkAccess is '{service.GetString("properties.publicNetworkAccess")}'.");
    }
}
