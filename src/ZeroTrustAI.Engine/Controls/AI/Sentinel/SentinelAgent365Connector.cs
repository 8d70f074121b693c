using System.Collections.Generic;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.AI.Sentinel
{
    /// <summary>Sentinel workspaces have the Agent 365 solution, so agent invocations, tool calls and grounding sources reach the SIEM.</summary>
    public sealed class SentinelAgent365Connector : SentinelContentPackageControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-244",
            Title = "Sentinel receives Agent 365 telemetry",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every Microsoft Sentinel workspace has the Agent 365 (A365 Observability) solution installed from the Content hub.",
            Rationale = """
            A double agent acts through its tools: the calls it makes, the sources it grounds on, the data it returns. Agent 365 telemetry is the record of that behaviour; without it in Sentinel, an agent turned against its owner acts unseen.
            """,
            Checks = """
            Reads every `Microsoft.OperationalInsights/workspaces` and, on each, the Sentinel extension resources
            `Microsoft.SecurityInsights/onboardingStates` and `Microsoft.SecurityInsights/contentPackages` (api-version 2024-09-01).

            - Judged: workspaces with Sentinel onboarded (an onboarding state is present); others are not Sentinel workspaces.
            - Pass: a content package whose `properties.displayName` is 'Agent 365' or 'A365 Observability', or whose `properties.contentId` is `azuresentinel.azure-sentinel-solution-a365observability` (case ignored).
            - Fail: none of them is installed.
            - No Sentinel workspace → NotApplicable (ZTAI-AI-240 judges onboarding).
            """,
            Remediation = """
            In the Sentinel portal: Content hub → search for **Agent 365** → Install, then open its data connector and connect it.
            The result's fix installs the solution through the REST API (`contentProductPackages` then `contentPackages`)
            with Az PowerShell; connecting the connector may need the product's own admin consent.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/sentinel/sentinel-solutions-deploy",
                "https://learn.microsoft.com/microsoft-agent-365/overview",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_089", "AI_162" },
                zeroTrustAssessment: new[] { "61023" },
                mcsb: new[] { "LT-1", "LT-3" }),
        };

        protected override IReadOnlyList<string> PackageNames { get; } = new[] { "Agent 365", "A365 Observability" };

        protected override IReadOnlyList<string> ContentIds { get; } = new[] { "azuresentinel.azure-sentinel-solution-a365observability" };

        protected override string Signal => "Agent 365 telemetry";
    }
}
