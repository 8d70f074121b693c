using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;
using ZeroTrustAI.Engine.Json;

namespace ZeroTrustAI.Engine.Controls.AI.Sentinel
{
    /// <summary>Each Sentinel workspace has an enabled analytics rule of its own over agent and AI activity, so an agent behaving unlike itself raises an incident.</summary>
    public sealed class SentinelAgentActivityAnalyticsRule : SentinelWorkspaceControl
    {
        private const string RuleName = "Agent identity signs in from a new IP address";
        private const string RuleQuery = "AADServicePrincipalSignInLogs | where TimeGenerated > ago(1h) and ResultType == 0 | join kind=leftanti (AADServicePrincipalSignInLogs | where TimeGenerated between (ago(14d) .. ago(1h)) | distinct ServicePrincipalId, IPAddress) on ServicePrincipalId, IPAddress";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-250",
            Title = "Sentinel analytics rules watch agent and AI activity for anomalies",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Microsoft Sentinel workspace has an enabled scheduled or NRT analytics rule whose query reads the sign-ins, Graph calls or interactions of agents and AI workloads.",
            Rationale = """
            An agent that has been hijacked keeps its own credentials: it signs in as usual, from somewhere new, calls Graph
            APIs it never called, or reads far more than before. Only a detection written over the agents' own activity
            notices; vendor alerts on AI models do not cover what an agent does with its permissions.
            """,
            Checks = $"""
            On every Sentinel workspace (a Log Analytics workspace with a `Microsoft.SecurityInsights/onboardingStates`
            resource), reads `Microsoft.SecurityInsights/alertRules` (api-version 2024-09-01).

            - Pass: a rule of kind `Scheduled` or `NRT` with `properties.enabled` true whose `properties.query` reads one of
              these tables (whole word, case ignored): {string.Join(", ", SentinelAiSignals.AgentActivityTables.Select(t => "`" + t.Table + "`" + (t.Qualifier == null ? string.Empty : " (when the query also names '" + t.Qualifier + "')")))}.
            - Fail: no such rule. Rules built from a template count as much as rules written from scratch; what matters is
              that the query reads agent activity.
            - No Sentinel workspace → NotApplicable (ZTAI-AI-240 judges onboarding).
            """,
            Remediation = """
            Connect the Entra ID diagnostic logs that carry service principal and managed identity sign-ins and Microsoft Graph
            activity to the workspace, then create a scheduled rule over them: new IP addresses or countries for an agent
            identity, failed sign-ins in bursts, Graph calls outside the agent's usual set. The result's fix creates a
            starting rule (an agent identity signing in from an IP address unseen for 14 days) with Az PowerShell.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/sentinel/create-analytics-rules",
                "https://learn.microsoft.com/entra/identity/monitoring-health/concept-service-principal-sign-ins",
                "https://learn.microsoft.com/graph/microsoft-graph-activity-logs-overview",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_091" },
                zeroTrustAssessment: new[] { "41207" },
                mcsb: new[] { "LT-1", "LT-3" },
                owaspLlm: new[] { "LLM06:2025 Excessive Agency" }),
        };

        protected override IReadOnlyList<string> SentinelTypes { get; } = new[] { ResourceTypes.SentinelAlertRule };

        protected override Finding Judge(ArmResource workspace)
        {
            var watching = workspace.ExtensionsOfType(ResourceTypes.SentinelAlertRule)
                .Where(r => SentinelAiSignals.IsEnabled(r) && SentinelAiSignals.IsQueryRule(r))
                .Select(r => (Rule: r, Tables: SentinelAiSignals.AgentTablesIn(r.GetString("properties.query"))))
                .Where(r => r.Tables.Count > 0)
                .OrderBy(r => SentinelAiSignals.NameOf(r.Rule), System.StringComparer.OrdinalIgnoreCase)
                .ToList();
            var evidence = new Evidence(
                "providers/Microsoft.SecurityInsights/alertRules[kind=Scheduled|NRT, properties.enabled=true].properties.query",
                JsonText.StringArray(watching.Select(r => SentinelAiSignals.NameOf(r.Rule) + ": " + string.Join(", ", r.Tables))),
                "reads agent or AI activity tables");
            return watching.Count > 0
                ? Pass(workspace, $"{watching.Count} enabled analytics rule(s) watch agent and AI activity: {string.Join("; ", watching.Select(r => $"'{SentinelAiSignals.NameOf(r.Rule)}' reads {string.Join(", ", r.Tables)}"))}.", evidence)
                : Fail(workspace, "No enabled scheduled or NRT analytics rule on this Sentinel workspace reads agent or AI activity (service principal or managed identity sign-ins, Graph activity, Copilot or AI service logs).", evidence)
                    .WithFix(SentinelAiSignals.ScheduledRuleFix(workspace.Id, RuleName, RuleQuery, "InitialAccess", "CredentialAccess"));
        }
    }
}
