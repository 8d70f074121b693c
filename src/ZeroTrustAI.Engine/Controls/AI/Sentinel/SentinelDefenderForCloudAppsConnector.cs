using System.Collections.Generic;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.AI.Sentinel
{
    /// <summary>Sentinel workspaces have the Microsoft Defender for Cloud Apps solution, so shadow AI discovery and generative AI app alerts reach the SIEM.</summary>
    public sealed class SentinelDefenderForCloudAppsConnector : SentinelContentPackageControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-248",
            Title = "Sentinel receives Microsoft Defender for Cloud Apps alerts",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Microsoft Sentinel workspace has the Microsoft Defender for Cloud Apps solution installed from the Content hub.",
            Rationale = """
            Defender for Cloud Apps discovers the generative AI apps people actually use and alerts on data moving to unsanctioned ones. Without those alerts in Sentinel, shadow AI and data leaving through an unsanctioned assistant are invisible to the SOC.
            """,
            Checks = """
            Reads every `Microsoft.OperationalInsights/workspaces` and, on each, the Sentinel extension resources
            `Microsoft.SecurityInsights/onboardingStates` and `Microsoft.SecurityInsights/contentPackages` (api-version 2024-09-01).

            - Judged: workspaces with Sentinel onboarded (an onboarding state is present); others are not Sentinel workspaces.
            - Pass: a content package whose `properties.displayName` is 'Microsoft Defender for Cloud Apps' (case ignored).
            - Fail: none of them is installed.
            - No Sentinel workspace → NotApplicable (ZTAI-AI-240 judges onboarding).
            """,
            Remediation = """
            In the Sentinel portal: Content hub → search for **Microsoft Defender for Cloud Apps** → Install, then open its data connector and connect it.
            The result's fix installs the solution through the REST API (`contentProductPackages` then `contentPackages`)
            with Az PowerShell; connecting the connector may need the product's own admin consent.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/sentinel/data-connectors/microsoft-defender-for-cloud-apps",
                "https://learn.microsoft.com/defender-cloud-apps/discovered-apps",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_089", "AI_098" },
                                mcsb: new[] { "LT-1", "LT-3" }),
        };

        protected override IReadOnlyList<string> PackageNames { get; } = new[] { "Microsoft Defender for Cloud Apps" };

        protected override string Signal => "Defender for Cloud Apps alerts";
    }
}
