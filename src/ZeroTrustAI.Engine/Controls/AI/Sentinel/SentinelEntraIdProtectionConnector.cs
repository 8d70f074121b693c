using System.Collections.Generic;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.AI.Sentinel
{
    /// <summary>Sentinel workspaces have the Microsoft Entra ID Protection solution, so risk detections on users, workload identities and agents reach the SIEM.</summary>
    public sealed class SentinelEntraIdProtectionConnector : SentinelContentPackageControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-247",
            Title = "Sentinel receives Microsoft Entra ID Protection alerts",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every Microsoft Sentinel workspace has the Microsoft Entra ID Protection (formerly Azure Active Directory Identity Protection) solution installed from the Content hub.",
            Rationale = """
            ID Protection is what notices that an agent or workload identity behaves like a compromised one: leaked credentials, anomalous sign-ins, suspicious API traffic. Without its alerts in Sentinel, the risk signal stays in the Entra admin center while the incident that follows it is investigated elsewhere.
            """,
            Checks = """
            Reads every `Microsoft.OperationalInsights/workspaces` and, on each, the Sentinel extension resources
            `Microsoft.SecurityInsights/onboardingStates` and `Microsoft.SecurityInsights/contentPackages` (api-version 2024-09-01).

            - Judged: workspaces with Sentinel onboarded (an onboarding state is present); others are not Sentinel workspaces.
            - Pass: a content package whose `properties.displayName` is 'Microsoft Entra ID Protection' or 'Azure Active Directory Identity Protection' (case ignored).
            - Fail: none of them is installed.
            - No Sentinel workspace → NotApplicable (ZTAI-AI-240 judges onboarding).
            """,
            Remediation = """
            In the Sentinel portal: Content hub → search for **Microsoft Entra ID Protection** → Install, then open its data connector and connect it.
            The result's fix installs the solution through the REST API (`contentProductPackages` then `contentPackages`)
            with Az PowerShell; connecting the connector may need the product's own admin consent.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/sentinel/data-connectors/microsoft-entra-id-protection",
                "https://learn.microsoft.com/entra/id-protection/concept-workload-identity-risk",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_006", "AI_089" },
                mcsb: new[] { "LT-1", "LT-3" }),
        };

        protected override IReadOnlyList<string> PackageNames { get; } = new[] { "Microsoft Entra ID Protection", "Azure Active Directory Identity Protection" };

        protected override string Signal => "ID Protection risk alerts";
    }
}
