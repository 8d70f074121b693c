using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>ML workspaces and AI Foundry hubs and projects send their resource logs to a destination.</summary>
    public sealed class MachineLearningWorkspaceDiagnosticLogs : ResourceLogsControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-157",
            Title = "ML workspaces and AI Foundry hubs send resource logs to a destination",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Microsoft.MachineLearningServices workspace (kind Default, Hub or Project) has at least one diagnostic setting with an enabled log category or category group and a destination (Log Analytics workspace, storage account, event hub or partner solution).",
            Rationale = """
            A hub's logs record who created compute, ran jobs, deployed models and changed connections. Without them the creation of an attacker's compute instance, a model swapped in an endpoint or a connection re-pointed at an external store leaves no trace for the SOC.
            """,
            Checks = """
            Reads every `Microsoft.MachineLearningServices/workspaces` and the `Microsoft.Insights/diagnosticSettings` (api-version 2021-05-01-preview) linked to each as extension resources, nested or exported separately (as for ZTAI-AI-028).

            - Pass: at least one setting has an item in `properties.logs[]` with `enabled == true` (a `category` or a `categoryGroup`) **and** a destination: `properties.workspaceId`, `storageAccountId`, `eventHubAuthorizationRuleId` or `marketplacePartnerId`.
            - Fail: no setting, or none that both enables logs and has a destination.
            - Target: the workspace.
            """,
            Remediation = """
            - Portal: the workspace > Monitoring > Diagnostic settings > Add diagnostic setting > category groups `audit` and `allLogs` > Send to Log Analytics workspace.
            - CLI: `az monitor diagnostic-settings create --name to-law --resource <workspace-id> --workspace <law-id> --logs '[{"categoryGroup":"allLogs","enabled":true}]'`
            - Bicep: a `Microsoft.Insights/diagnosticSettings@2021-05-01-preview` resource with `scope: workspace` (as in ZTAI-AI-028).

            At scale assign the built-in policy "Resource logs in Azure Machine Learning Workspaces should be enabled" (afe0c3be) and its DeployIfNotExists companion.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/machine-learning/monitor-azure-machine-learning",
                "https://learn.microsoft.com/azure/azure-monitor/essentials/diagnostic-settings",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_085", "AI_089" },
                mcsb: new[] { "LT-3", "LT-4" },
                azurePolicy: new[] { "afe0c3be-ba3b-4544-ba52-0c99672a8ad6" }),
        };

        protected override string ResourceType => ResourceTypes.MachineLearningWorkspace;
    }
}
