using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;
using ZeroTrustAI.Engine.Json;

namespace ZeroTrustAI.Engine.Controls.AI.Sentinel
{
    /// <summary>Microsoft Sentinel is onboarded on at least one Log Analytics workspace: AI signals have a SIEM to go to.</summary>
    public sealed class SentinelOnboarded : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-240",
            Title = "Microsoft Sentinel is onboarded on a Log Analytics workspace",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "At least one Log Analytics workspace of the estate has Microsoft Sentinel onboarded, so AI alerts, agent telemetry and Copilot activity have a SIEM to reach.",
            Rationale = """
            Assume breach means expecting an agent to be manipulated and being able to see it: detections for prompt
            injection, data exfiltration through tools and anomalous agent sign-ins run in the SIEM. Without Sentinel (or
            another SIEM fed from the same sources) the AI data connectors this catalog checks have nowhere to deliver.
            """,
            Checks = """
            Reads every `Microsoft.OperationalInsights/workspaces` (Resource Graph) and, on each, the extension resources
            `Microsoft.SecurityInsights/onboardingStates` (api-version 2024-09-01; Sentinel onboarded = the `default`
            onboarding state exists).

            - Target: the tenant.
            - Pass: at least one workspace has an onboarding state.
            - Fail: none has (including an estate without any Log Analytics workspace).
            """,
            Remediation = """
            In the Azure portal: Microsoft Sentinel → Create → choose the workspace. Or with the REST API (the result's fix):

            ```bash
            workspace='<Log Analytics workspace resource id>'
            az rest --method put --uri "$workspace/providers/Microsoft.SecurityInsights/onboardingStates/default?api-version=2024-09-01" --body '{"properties":{}}'
            ```

            Then install the AI solutions from the Content hub (ZTAI-AI-242 to ZTAI-AI-245).
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/sentinel/quickstart-onboard",
                "https://learn.microsoft.com/rest/api/securityinsights/sentinel-onboarding-states/create",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_089" },
                zeroTrustAssessment: new[] { "61002" },
                mcsb: new[] { "LT-1", "LT-5" }),
        };

        protected override DataRequirement ImpliedData => SentinelWorkspaceControl.WorkspaceData;

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var workspaces = snapshot.ResourcesOfType(ResourceTypes.LogAnalyticsWorkspace).ToList();
            // Sorted: collection order differs from a snapshot written by hand, and the result must not.
            var onboarded = SentinelWorkspaceControl.OnboardedWorkspaces(snapshot).Select(w => w.Name).OrderBy(n => n, System.StringComparer.OrdinalIgnoreCase).ToList();
            var evidence = new Evidence(
                "Microsoft.OperationalInsights/workspaces[].providers/Microsoft.SecurityInsights/onboardingStates",
                JsonText.StringArray(onboarded),
                "at least one workspace with Sentinel onboarded");
            var tenant = ResultTarget.Tenant(snapshot);
            if (onboarded.Count > 0)
            {
                yield return Pass(tenant, $"Microsoft Sentinel is onboarded on {onboarded.Count} of {workspaces.Count} workspace(s): {string.Join(", ", onboarded)}.", evidence);
                yield break;
            }

            yield return Fail(
                tenant,
                workspaces.Count == 0
                    ? "No Log Analytics workspace was found, so Microsoft Sentinel is not onboarded anywhere."
                    : $"Microsoft Sentinel is onboarded on none of the {workspaces.Count} Log Analytics workspace(s).",
                evidence)
                .WithFix(RemediationFix.AzureCli(
                    AzureFixes.Comment("Onboard Microsoft Sentinel on the workspace your security team uses (set its resource id first)."),
                    "workspace='<Log Analytics workspace resource id>'",
                    "az rest --method put --uri \"$workspace/providers/Microsoft.SecurityInsights/onboardingStates/default?api-version=2024-09-01\" --body '{\"properties\":{}}'"));
        }
    }
}
