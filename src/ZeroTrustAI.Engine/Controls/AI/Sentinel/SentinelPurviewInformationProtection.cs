using System.Collections.Generic;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.AI.Sentinel
{
    /// <summary>Sentinel workspaces have the Microsoft Purview Information Protection solution, so label and sensitive-data events on AI content are in the SIEM.</summary>
    public sealed class SentinelPurviewInformationProtection : SentinelContentPackageControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-242",
            Title = "Sentinel receives Microsoft Purview Information Protection events",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Microsoft Sentinel workspace has the Microsoft Purview Information Protection solution installed from the Content hub.",
            Rationale = """
            Agents and Copilot read and write labelled content. Without Purview Information Protection events in Sentinel, a label removed or downgraded by an agent, or sensitive data flowing into a prompt, leaves no trace the SOC can correlate with the agent's other activity.
            """,
            Checks = """
            Reads every `Microsoft.OperationalInsights/workspaces` and, on each, the Sentinel extension resources
            `Microsoft.SecurityInsights/onboardingStates` and `Microsoft.SecurityInsights/contentPackages` (api-version 2024-09-01).

            - Judged: workspaces with Sentinel onboarded (an onboarding state is present); others are not Sentinel workspaces.
            - Pass: a content package whose `properties.displayName` is 'Microsoft Purview Information Protection' (case ignored).
            - Fail: none of them is installed.
            - No Sentinel workspace → NotApplicable (ZTAI-AI-240 judges onboarding).
            """,
            Remediation = """
            In the Sentinel portal: Content hub → search for **Microsoft Purview Information Protection** → Install, then open its data connector and connect it.
            The result's fix installs the solution through the REST API (`contentProductPackages` then `contentPackages`)
            with Az PowerShell; connecting the connector may need the product's own admin consent.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/sentinel/data-connectors/microsoft-purview-information-protection",
                "https://learn.microsoft.com/azure/sentinel/sentinel-solutions-deploy",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_089" },
                zeroTrustAssessment: new[] { "61018" },
                mcsb: new[] { "LT-1", "LT-3" }),
        };

        protected override IReadOnlyList<string> PackageNames { get; } = new[] { "Microsoft Purview Information Protection" };

        protected override string Signal => "Purview Information Protection events";
    }
}
