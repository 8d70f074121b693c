using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Bots send their resource logs to a destination.</summary>
    public sealed class BotServiceDiagnosticLogs : ResourceLogsControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-170",
            Title = "Bots send resource logs to a destination",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Low,
            Description = "Every Azure AI Bot Service bot has at least one diagnostic setting with an enabled log category or category group and a destination (Log Analytics workspace, storage account, event hub or partner solution).",
            Rationale = """
            The bot's logs record the channel traffic reaching the agent behind it: which channels, how often and with what errors. Without them, abuse of a leaked Direct Line secret or a flood of crafted messages at an agent leaves no trace for the SOC.
            """,
            Checks = """
            Reads every `Microsoft.BotService/botServices` and the `Microsoft.Insights/diagnosticSettings` (api-version 2021-05-01-preview) linked to each as extension resources, nested or exported separately (as for ZTAI-AI-028).

            - Pass: at least one setting has an item in `properties.logs[]` with `enabled == true` **and** a destination (`workspaceId`, `storageAccountId`, `eventHubAuthorizationRuleId` or `marketplacePartnerId`).
            - Fail: no setting, or none that both enables logs and has a destination.
            - Target: the bot.
            """,
            Remediation = """
            - Portal: the bot > Monitoring > Diagnostic settings > Add diagnostic setting > `allLogs` > Send to Log Analytics workspace.
            - CLI: `az monitor diagnostic-settings create --name to-law --resource <bot-id> --workspace <law-id> --logs '[{"categoryGroup":"allLogs","enabled":true}]'`

            At scale assign the built-in "Enable logging by category group for Bot Service" policies (Log Analytics, storage or event hub).
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/bot-service/bot-service-manage-analytics",
                "https://learn.microsoft.com/azure/azure-monitor/essentials/diagnostic-settings",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_085", "AI_089" },
                mcsb: new[] { "LT-3" }),
        };

        protected override string ResourceType => ResourceTypes.BotService;
    }
}
