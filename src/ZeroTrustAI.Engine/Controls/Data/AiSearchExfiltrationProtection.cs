using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Controls.AI;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>AI Search services block every data exfiltration scenario the service can block.</summary>
    public sealed class AiSearchExfiltrationProtection : Control
    {
        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-DATA-011",
            Title = "AI Search blocks data exfiltration",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Azure AI Search service lists 'BlockAll' in properties.dataExfiltrationProtections (API 2025-05-01 and later; compared without case). Absent or empty means no scenario is blocked.",
            Rationale = "Indexers, skillsets and knowledge-store projections can write index content to external storage or call external endpoints. An attacker with contributor access, or an agent steered to reconfigure the service, can use them to copy grounding data out. BlockAll disables those export paths.",
            Remediation = "Set the protection on the service (REST/Bicep, api-version 2025-05-01 or later): properties.dataExfiltrationProtections: ['BlockAll']. Check that no indexer or skillset depends on an external destination first.",
            References = new[]
            {
                "https://learn.microsoft.com/rest/api/searchmanagement/services/create-or-update",
                "https://learn.microsoft.com/azure/search/search-security-overview",
            },
            Mappings = new ControlMappings
            {
                Mcsb = new[] { "DP-2" },
                OwaspLlm = new[] { "LLM02:2025 Sensitive Information Disclosure" },
            },
            RequiredData = new[] { DataSets.Arm(AiResourceTypes.SearchService) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot) =>
            CheckEach(
                snapshot.ResourcesOfType(AiResourceTypes.SearchService),
                "properties.dataExfiltrationProtections",
                "[\"BlockAll\"]",
                BlocksAll,
                service => "Search service blocks all data exfiltration scenarios.",
                service => service.Get("properties.dataExfiltrationProtections") == null
                    ? "Search service does not block data exfiltration: dataExfiltrationProtections is absent."
                    : "Search service does not block data exfiltration: dataExfiltrationProtections has no 'BlockAll'.");

        private static bool BlocksAll(ArmResource service) =>
            service.Raw.GetStrings("properties.dataExfiltrationProtections").Any(p => p.EqualsIgnoreCase("BlockAll"));
    }
}
