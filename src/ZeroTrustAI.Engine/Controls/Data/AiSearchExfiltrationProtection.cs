using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Controls.AI;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>AI Search services block every data exfiltration scenario the service can block.</summary>
    public sealed class AiSearchExfiltrationProtection : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-011",
            Title = "AI Search blocks data exfiltration",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Azure AI Search service lists 'BlockAll' in properties.dataExfiltrationProtections (API 2025-05-01 and later; compared without case). Absent or empty means no scenario is blocked.",
            Rationale = """
            Indexers, skillsets and knowledge-store projections can write index content to external storage or call external endpoints. An attacker with contributor access, or an agent steered to reconfigure the service, can use them to copy grounding data out. BlockAll disables those export paths.
            """,
            Checks = """
            Reads every `Microsoft.Search/searchServices` (ARM GET, api-version 2025-05-01).

            - Path: `properties.dataExfiltrationProtections` (array; new in api-version 2025-05-01).
            - Pass: the array contains `BlockAll` (compared without case).
            - Fail: empty, or absent (no scenario blocked; older api-versions never return the property, so collect with 2025-05-01 or later).
            - Target: the search service.
            """,
            Remediation = """
            - Portal: not exposed at the time of writing; use REST or Bicep.
            - CLI: `az rest --method patch --url "https://management.azure.com<search-id>?api-version=2025-05-01" --body '{"properties":{"dataExfiltrationProtections":["BlockAll"]}}'`
            - Bicep:

            ```bicep
            resource search 'Microsoft.Search/searchServices@2025-05-01' = {
              name: 'srch-contoso-rag'
              location: location
              sku: { name: 'standard' }
              properties: {
                dataExfiltrationProtections: [ 'BlockAll' ]
              }
            }
            ```

            Check first that no indexer, skillset or knowledge store writes to an external destination.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/rest/api/searchmanagement/services/create-or-update",
                "https://learn.microsoft.com/azure/search/search-security-overview",
            },
            Mappings = new ControlMappings(
                mcsb: new[] { "DP-2" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure" }),
        };

        protected override string ResourceType => ResourceTypes.SearchService;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.dataExfiltrationProtections", "BlockAll") { MatchAnyItem = true, ExpectedText = "[\"BlockAll\"]", AbsentMeans = "no protection is set" },
        };

        protected override string PassText => "blocks all data exfiltration scenarios";

        protected override string FailText => "does not block data exfiltration";
    }
}
