using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>AI services accounts and AI Search services send their resource logs somewhere they are kept.</summary>
    public sealed class AiServiceDiagnosticLogs : ResourceLogsControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-028",
            Title = "AI services and AI Search send resource logs to a destination",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Cognitive Services account (OpenAI, AI Services, ...) and AI Search service has at least one diagnostic setting with an enabled log category or category group and a destination (Log Analytics workspace, storage account, event hub or partner solution).",
            Rationale = """
            Audit and request logs are the only record of who called a model or queried an index, from where and how often. Without them, key abuse, prompt-injection campaigns and bulk extraction of grounding data cannot be investigated or detected in Sentinel.
            """,
            Checks = """
            Reads every `Microsoft.CognitiveServices/accounts` and `Microsoft.Search/searchServices`, and the `Microsoft.Insights/diagnosticSettings` (api-version 2021-05-01-preview) linked to each as extension resources (`<resource id>/providers/Microsoft.Insights/diagnosticSettings/<name>`), whether nested in `resources: [...]` (template form without an id included) or exported separately: ARM REST, `az monitor diagnostic-settings list` (properties at the top level) or `Get-AzResource` (which declares the setting with the account's `ResourceType` and `ExtensionResourceType` `Microsoft.Insights/diagnosticSettings`). See [snapshot-format.md](../snapshot-format.md#children-and-extension-resources).

            - Pass: at least one setting has an item in `properties.logs[]` with `enabled == true` (a `category` or a `categoryGroup` such as `audit`/`allLogs`) **and** a destination: `properties.workspaceId`, `storageAccountId`, `eventHubAuthorizationRuleId` or `marketplacePartnerId`.
            - Fail: no setting, or no setting that both enables logs and has a destination (metrics-only settings do not count).
            - Target: the account or search service.
            """,
            Remediation = """
            - Portal: resource > Monitoring > Diagnostic settings > Add diagnostic setting > category groups `audit` and `allLogs` > Send to Log Analytics workspace.
            - CLI: `az monitor diagnostic-settings create --resource <id> -n to-law --workspace <law-id> --logs '[{"categoryGroup":"audit","enabled":true},{"categoryGroup":"allLogs","enabled":true}]'`
            - Bicep:

            ```bicep
            resource diag 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
              scope: account
              name: 'to-law'
              properties: {
                workspaceId: logAnalyticsWorkspaceId
                logs: [
                  { categoryGroup: 'audit', enabled: true }
                  { categoryGroup: 'allLogs', enabled: true }
                ]
              }
            }
            ```

            At scale assign the built-in "Enable logging by category group" initiatives for Cognitive Services and Search.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-services/diagnostic-logging",
                "https://learn.microsoft.com/azure/search/monitor-azure-cognitive-search",
                "https://learn.microsoft.com/azure/azure-monitor/essentials/diagnostic-settings",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_085", "AI_089" },
                mcsb: new[] { "LT-3", "LT-4" }),
        };

        protected override string ResourceType => ResourceTypes.CognitiveServicesAccount;

        /// <summary>AI Search services are judged too when collected; a hand-made snapshot may hold none.</summary>
        protected override IReadOnlyList<string> AlsoJudgedTypes { get; } = new[] { ResourceTypes.SearchService };
    }
}
