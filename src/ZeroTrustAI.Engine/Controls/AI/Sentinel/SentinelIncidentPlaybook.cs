using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;
using ZeroTrustAI.Engine.Json;

namespace ZeroTrustAI.Engine.Controls.AI.Sentinel
{
    /// <summary>Each Sentinel workspace runs a response playbook from an active automation rule, so an AI incident starts its response without waiting for an analyst.</summary>
    public sealed class SentinelIncidentPlaybook : SentinelAutomationRuleControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-252",
            Title = "Sentinel runs incident response playbooks automatically",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Microsoft Sentinel workspace has an enabled, unexpired automation rule with a RunPlaybook action, so a playbook (a Logic App) starts the response when an incident or alert is created.",
            Rationale = """
            A compromised agent acts at machine speed: it keeps calling tools and reading data while the incident waits in the
            queue. A playbook run by an automation rule can disable the agent's service principal, revoke its sessions or
            notify its owner within seconds of the incident, the response an AI incident plan needs.
            """,
            Checks = """
            On every Sentinel workspace (a Log Analytics workspace with a `Microsoft.SecurityInsights/onboardingStates`
            resource), reads `Microsoft.SecurityInsights/automationRules` (api-version 2024-09-01).

            - Active rule: `properties.triggeringLogic.isEnabled` true and `properties.triggeringLogic.expirationTimeUtc` absent
              or after the snapshot was collected.
            - Pass: an active rule with an action whose `actionType` is `RunPlaybook` (its `actionConfiguration.logicAppResourceId`
              is the playbook), triggered on `Incidents` or `Alerts`.
            - Fail: no active rule runs a playbook. Playbooks run only by hand from an incident are not seen.
            - No Sentinel workspace → NotApplicable (ZTAI-AI-240 judges onboarding).
            """,
            Remediation = """
            Build the playbook (a Logic App with the Microsoft Sentinel incident trigger) that contains an agent: disable its
            service principal, revoke its sessions, notify its sponsor. Grant Microsoft Sentinel the Microsoft Sentinel
            Automation Contributor role on the playbook's resource group, then create an automation rule that runs it on new
            incidents. The result's fix creates that automation rule with Az PowerShell once you name the playbook.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/sentinel/automate-incident-handling-with-automation-rules",
                "https://learn.microsoft.com/azure/sentinel/automation/run-playbooks",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_093" },
                zeroTrustAssessment: new[] { "41213" },
                mcsb: new[] { "IR-4", "IR-5" }),
        };

        protected override Finding Judge(ArmResource workspace, IReadOnlyList<ArmResource> activeRules)
        {
            var running = activeRules.Where(r => Playbooks(r).Count > 0).ToList();
            var evidence = new Evidence(
                "providers/Microsoft.SecurityInsights/automationRules[triggeringLogic.isEnabled=true].properties.actions[].actionType",
                JsonText.StringArray(activeRules.Select(r => NameOf(r) + ": " + string.Join(", ", ActionTypes(r)))),
                "RunPlaybook on an active rule");
            if (running.Count > 0)
            {
                return Pass(workspace, $"Active automation rule(s) run playbooks: {string.Join("; ", running.Select(r => $"'{NameOf(r)}' runs {string.Join(", ", Playbooks(r).Select(p => p.Substring(p.LastIndexOf('/') + 1)))}"))}.", evidence);
            }

            return Fail(workspace, activeRules.Count == 0
                    ? "This Sentinel workspace has no active automation rule, so no playbook runs when an incident is created."
                    : $"None of this Sentinel workspace's {activeRules.Count} active automation rule(s) runs a playbook.", evidence)
                .WithFix(RunPlaybookFix(workspace.Id, "Run the incident response playbook", null));
        }
    }
}
