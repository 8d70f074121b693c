using System.Collections.Generic;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.AI.Sentinel
{
    /// <summary>Sentinel workspaces have the Microsoft Defender XDR solution, the unified path for Defender alerts, including Defender for AI.</summary>
    public sealed class SentinelDefenderXdrConnector : SentinelContentPackageControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-245",
            Title = "Sentinel receives Microsoft Defender XDR incidents and alerts",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every Microsoft Sentinel workspace has the Microsoft Defender XDR (formerly Microsoft 365 Defender) solution installed from the Content hub.",
            Rationale = """
            Defender XDR correlates alerts from Defender for Cloud (including Defender for AI services), Defender for Cloud Apps and Entra ID Protection into incidents. Without it in Sentinel, a prompt-injection alert and the sign-in and data access that follow it stay separate signals.
            """,
            Checks = """
            Reads every `Microsoft.OperationalInsights/workspaces` and, on each, the Sentinel extension resources
            `Microsoft.SecurityInsights/onboardingStates` and `Microsoft.SecurityInsights/contentPackages` (api-version 2024-09-01).

            - Judged: workspaces with Sentinel onboarded (an onboarding state is present); others are not Sentinel workspaces.
            - Pass: a content package whose `properties.displayName` is 'Microsoft Defender XDR' or 'Microsoft 365 Defender' (case ignored).
            - Fail: none of them is installed.
            - No Sentinel workspace → NotApplicable (ZTAI-AI-240 judges onboarding).
            """,
            Remediation = """
            In the Sentinel portal: Content hub → search for **Microsoft Defender XDR** → Install, then open its data connector and connect it.
            The result's fix installs the solution through the REST API (`contentProductPackages` then `contentPackages`)
            with Az PowerShell; connecting the connector may need the product's own admin consent.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/sentinel/microsoft-365-defender-sentinel-integration",
                "https://learn.microsoft.com/azure/sentinel/sentinel-solutions-deploy",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_089", "AI_095" },
                zeroTrustAssessment: new[] { "61024" },
                mcsb: new[] { "LT-1", "LT-3" }),
        };

        protected override IReadOnlyList<string> PackageNames { get; } = new[] { "Microsoft Defender XDR", "Microsoft 365 Defender" };

        protected override string Signal => "Defender XDR incidents and alerts";
    }
}
