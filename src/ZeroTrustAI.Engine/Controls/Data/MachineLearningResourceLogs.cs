using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>Azure Machine Learning and Foundry hub activity is logged.</summary>
    public sealed class MachineLearningResourceLogs : ResourceLogsControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-111",
            Title = "ML workspaces and Foundry hubs send resource logs to a destination",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Azure Machine Learning workspace, Foundry hub and hub-based project has a diagnostic setting with an enabled log category and a destination.",
            Rationale = """
            Workspaces run training jobs, deploy models and hold connections to data stores. Their resource logs (jobs,
            model and data events, compute access) show who trained or registered what on which data: the trail needed when a
            model turns out to be poisoned or data leaves through a job.
            """,
            Checks = """
            Reads every `Microsoft.MachineLearningServices/workspaces` and the `Microsoft.Insights/diagnosticSettings` linked to each as extension resources
            (`<resource id>/providers/Microsoft.Insights/diagnosticSettings/<name>`, api-version 2021-05-01-preview), nested
            or exported separately (see [snapshot-format.md](../snapshot-format.md#children-and-extension-resources)).

            - **Pass**: at least one setting has an item in `properties.logs[]` with `enabled == true` (a `category` or a
              `categoryGroup` such as `audit` or `allLogs`) and a destination: `properties.workspaceId`, `storageAccountId`,
              `eventHubAuthorizationRuleId` or `marketplacePartnerId`.
            - **Fail**: no setting, or none that both enables logs and has a destination (metrics-only settings do not count).
            """,
            Remediation = """
            - Portal: workspace > Monitoring > Diagnostic settings > Add diagnostic setting > category groups `audit` and
              `allLogs` > Send to Log Analytics workspace.
            - CLI: `az monitor diagnostic-settings create --name to-law --resource <id> --workspace <law-id> --logs '[{"categoryGroup":"audit","enabled":true},{"categoryGroup":"allLogs","enabled":true}]'`
            - At scale: the built-in policy initiatives that enable resource logs by category group.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/machine-learning/monitor-azure-machine-learning",
                "https://learn.microsoft.com/azure/azure-monitor/essentials/diagnostic-settings",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_085", "AI_089" },
                mcsb: new[] { "LT-3", "LT-4" },
                azurePolicy: new[] { "afe0c3be" }),
        };

        protected override string ResourceType => ResourceTypes.MachineLearningWorkspace;
    }
}
