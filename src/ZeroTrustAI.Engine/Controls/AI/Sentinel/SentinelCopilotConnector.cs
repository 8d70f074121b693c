using System.Collections.Generic;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.AI.Sentinel
{
    /// <summary>Sentinel workspaces have the Microsoft Copilot solution, so Copilot and agent interactions reach the SIEM.</summary>
    public sealed class SentinelCopilotConnector : SentinelContentPackageControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-243",
            Title = "Sentinel receives Microsoft 365 Copilot activity",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every Microsoft Sentinel workspace has the Microsoft Copilot solution installed from the Content hub (the Microsoft 365 Copilot data connector).",
            Rationale = """
            Prompt injection and data exfiltration through Copilot show up first in its interaction records. Without them in Sentinel, the SOC cannot see which user or agent asked what, or correlate a suspicious prompt with sign-ins and data access.
            """,
            Checks = """
            Reads every `Microsoft.OperationalInsights/workspaces` and, on each, the Sentinel extension resources
            `Microsoft.SecurityInsights/onboardingStates` and `Microsoft.SecurityInsights/contentPackages` (api-version 2024-09-01).

            - Judged: workspaces with Sentinel onboarded (an onboarding state is present); others are not Sentinel workspaces.
            - Pass: a content package whose `properties.displayName` is 'Microsoft Copilot' (case ignored).
            - Fail: none of them is installed.
            - No Sentinel workspace → NotApplicable (ZTAI-AI-240 judges onboarding).
            """,
            Remediation = """
            In the Sentinel portal: Content hub → search for **Microsoft Copilot** → Install, then open its data connector and connect it.
            The result's fix installs the solution through the REST API (`contentProductPackages` then `contentPackages`)
            with Az PowerShell; connecting the connector may need the product's own admin consent.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/sentinel/sentinel-solutions-deploy",
                "https://learn.microsoft.com/purview/audit-copilot",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_089", "AI_162" },
                zeroTrustAssessment: new[] { "61021" },
                mcsb: new[] { "LT-1", "LT-3" }),
        };

        protected override IReadOnlyList<string> PackageNames { get; } = new[] { "Microsoft Copilot" };

        protected override string Signal => "Microsoft 365 Copilot activity";
    }
}
