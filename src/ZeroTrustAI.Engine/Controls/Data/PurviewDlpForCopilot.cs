using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>A DLP policy in enforcement covers the Microsoft 365 Copilot location.</summary>
    public sealed class PurviewDlpForCopilot : PurviewControl
    {
        /// <summary>The Microsoft 365 Copilot and Copilot Chat location (Workload Applications) in DLP policies.</summary>
        private const string CopilotLocation = "470f2276-e011-4e9d-a6ec-20768be3a4b0";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-120",
            Title = "A DLP policy protects Microsoft 365 Copilot interactions",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "At least one Microsoft Purview DLP policy that is on and in enforcement (Mode Enable) covers the Microsoft 365 Copilot and Copilot Chat location, so Copilot and agents do not process or return content with the sensitive information or labels the policy names.",
            Rationale = """
            Copilot and declarative agents answer from everything the user can open. A DLP policy on the Copilot location keeps
            labelled or sensitive files out of responses and blocks sensitive prompts; without one, oversharing in SharePoint
            becomes a one-question exfiltration path.
            """,
            Checks = """
            - Data set: `purview/Get-DlpCompliancePolicy.json`, the output of `Get-DlpCompliancePolicy` in Security &
              Compliance PowerShell (`Connect-IPPSSession`), saved by `Save-ZtaiSnapshot -IncludePurview`.
            - A policy covers Copilot when its `Locations` (a JSON string) has an entry with `Workload` `Applications` and
              `Location` `470f2276-e011-4e9d-a6ec-20768be3a4b0`, or its `EnforcementPlanes` include `CopilotExperiences`.
            - One result per policy that covers Copilot: **Pass** when it is on (`Enabled` not `false`) and its `Mode` is
              `Enable`; **Fail** when it is off or in simulation (`TestWithNotifications`, `TestWithoutNotifications`), which
              blocks nothing.
            - **Fail** for the tenant when no policy covers Copilot. **Skipped** when the snapshot has no
              `purview/Get-DlpCompliancePolicy.json`.
            """,
            Remediation = """
            - Portal: Microsoft Purview > Data loss prevention > Policies > Create policy > *Microsoft 365 Copilot and Copilot Chat* location (or DSPM for AI > Recommendations > one-click policies).
            - PowerShell (Security & Compliance): create the policy with the Copilot location, then its rules (`New-DlpComplianceRule`), test in simulation and switch `-Mode Enable`.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/purview/dlp-microsoft365-copilot-location-learn-about",
                "https://learn.microsoft.com/powershell/module/exchangepowershell/new-dlpcompliancepolicy",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_054", "AI_165", "AI_179" },
                zeroTrustAssessment: new[] { "35030" },
                mcsb: new[] { "DP-2" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure" }),
        };

        protected override string Cmdlet => PurviewCmdlets.DlpCompliancePolicy;

        protected override string Covers => "covers Microsoft 365 Copilot in enforcement mode";

        protected override string Missing => "No DLP policy covers the Microsoft 365 Copilot location";

        protected override RemediationFix CreateFix { get; } = RemediationFix.PowerShell(
            "# In Security & Compliance PowerShell (Connect-IPPSSession). Add rules with New-DlpComplianceRule, test, then set -Mode Enable.",
            "$locations = '[{\"Workload\":\"Applications\",\"Location\":\"" + CopilotLocation + "\",\"Inclusions\":[{\"Type\":\"Tenant\",\"Identity\":\"All\"}]}]'",
            "New-DlpCompliancePolicy -Name 'Copilot - protect sensitive content' -Locations $locations -EnforcementPlanes @('CopilotExperiences') -Mode TestWithNotifications");

        protected override RemediationFix RepairFix(string policyName) =>
            RemediationFix.PowerShell("Set-DlpCompliancePolicy -Identity " + Quote.PowerShell(policyName) + " -Mode Enable");

        protected override bool IsInScope(JsonElement policy, TenantSnapshot snapshot) => CoversCopilot(policy);

        protected override string? Weakness(JsonElement policy) => EnforcementWeakness(policy, "covers Microsoft 365 Copilot");

        private static bool CoversCopilot(JsonElement policy) =>
            Values(policy, "EnforcementPlanes").Any(p => p.EqualsIgnoreCase("CopilotExperiences"))
            || Values(policy, "Locations").Any(text => text.IndexOf(CopilotLocation, System.StringComparison.OrdinalIgnoreCase) >= 0);
    }
}
