using System.Collections.Generic;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.AI.Sentinel
{
    /// <summary>Sentinel workspaces have the Microsoft Entra ID solution, so sign-ins and directory changes of agents and workload identities reach the SIEM.</summary>
    public sealed class SentinelEntraIdConnector : SentinelContentPackageControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-246",
            Title = "Sentinel receives Microsoft Entra ID sign-in and audit logs",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every Microsoft Sentinel workspace has the Microsoft Entra ID (formerly Azure Active Directory) solution installed from the Content hub.",
            Rationale = """
            Agents sign in as service principals and agent identities, and are granted power through directory changes. Without Entra ID sign-in and audit logs in Sentinel, an agent signing in from somewhere new, or gaining a role or a credential, leaves no record the SOC can correlate with the alerts of Defender for AI.
            """,
            Checks = """
            Reads every `Microsoft.OperationalInsights/workspaces` and, on each, the Sentinel extension resources
            `Microsoft.SecurityInsights/onboardingStates` and `Microsoft.SecurityInsights/contentPackages` (api-version 2024-09-01).

            - Judged: workspaces with Sentinel onboarded (an onboarding state is present); others are not Sentinel workspaces.
            - Pass: a content package whose `properties.displayName` is 'Microsoft Entra ID' or 'Azure Active Directory' (case ignored).
            - Fail: none of them is installed.
            - No Sentinel workspace → NotApplicable (ZTAI-AI-240 judges onboarding).
            """,
            Remediation = """
            In the Sentinel portal: Content hub → search for **Microsoft Entra ID** → Install, then open its data connector and connect it.
            The result's fix installs the solution through the REST API (`contentProductPackages` then `contentPackages`)
            with Az PowerShell; connecting the connector may need the product's own admin consent.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/sentinel/connect-azure-active-directory",
                "https://learn.microsoft.com/azure/sentinel/sentinel-solutions-deploy",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_089", "AI_162" },
                                mcsb: new[] { "LT-1", "LT-3" }),
        };

        protected override IReadOnlyList<string> PackageNames { get; } = new[] { "Microsoft Entra ID", "Azure Active Directory" };

        protected override string Signal => "Entra ID sign-in and audit logs";
    }
}
