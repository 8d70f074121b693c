using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>A DLP policy in enforcement protects AI apps reached in the browser (Edge for Business).</summary>
    public sealed class PurviewBrowserDlpForAiApps : PurviewControl
    {
        /// <summary>The enforcement plane of DLP policies on unmanaged cloud apps (AI sites) in Edge for Business.</summary>
        private const string BrowserPlane = "Browser";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-144",
            Title = "A DLP policy in enforcement protects AI apps in the browser",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "At least one Microsoft Purview DLP policy that is on and in enforcement (Mode Enable) uses the Browser enforcement plane, so Edge for Business blocks or warns when users type, paste or upload sensitive data to unmanaged AI apps such as ChatGPT, Gemini or Claude.",
            Rationale = """
            Shadow AI is reached in the browser: a user pastes a customer list or source code into a consumer chatbot and it
            leaves the tenant for good. A DLP policy on the Browser plane inspects that text inline in Edge for Business and
            stops it; one in simulation only records it.
            """,
            Checks = """
            - Data set: `purview/Get-DlpCompliancePolicy.json` (`Get-DlpCompliancePolicy`, Security & Compliance PowerShell),
              saved by `Save-ZtaiSnapshot -IncludePurview`.
            - A policy is in scope when its `EnforcementPlanes` include `Browser` (policies on unmanaged cloud apps in Edge for
              Business).
            - Its rules: `purview/Get-DlpComplianceRule.json` (`Get-DlpComplianceRule`); a rule belongs to the policy its
              `ParentPolicyName` names (or whose `Guid` its `Policy` holds).
            - One result per such policy: **Pass** when it is on (`Enabled` not `false`), its `Mode` is `Enable` and it has
              a rule that is not `Disabled`; **Fail** when it is off, in simulation (`TestWithNotifications`,
              `TestWithoutNotifications`) or has no enabled rule (a policy acts only through its rules).
            - **Fail** for the tenant when no policy uses the Browser plane. **Skipped** when either file is absent.
            - Endpoint DLP on devices (paste to browsers and upload to sensitive service domain groups of AI sites) is not
              judged: those restrictions are named in `Get-PolicyConfig` and rule settings whose values the cmdlet reference
              does not list.
            """,
            Remediation = """
            - Portal: Microsoft Purview > DSPM for AI > Recommendations > *Extend insights and protection for AI apps in the browser*, or Data loss prevention > Policies > Create policy > *Enterprise applications & devices* > the Edge for Business (unmanaged cloud apps) location; test in simulation, then turn the policy on.
            - PowerShell (Security & Compliance): `Set-DlpCompliancePolicy -Identity <name> -Mode Enable` moves a simulated browser policy to enforcement.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/purview/dlp-browser-dlp-learn",
                "https://learn.microsoft.com/powershell/module/exchangepowershell/new-dlpcompliancepolicy",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_057" },
                zeroTrustAssessment: new[] { "35041" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure" }),
        };

        protected override string Cmdlet => PurviewCmdlets.DlpCompliancePolicy;

        protected override IReadOnlyList<string> AlsoReads { get; } = new[] { PurviewCmdlets.DlpComplianceRule };

        protected override string Covers => "protects AI apps in the browser (Browser plane) in enforcement mode";

        protected override string Missing => "No DLP policy uses the Browser enforcement plane (AI apps in Edge for Business)";

        protected override RemediationFix CreateFix { get; } = RemediationFix.PowerShell(
            "# Browser DLP policies are created in the Microsoft Purview portal: DSPM for AI > Recommendations, or Data loss prevention > Policies > Create policy",
            "# with the Edge for Business location for unmanaged cloud apps (its location values are not in the New-DlpCompliancePolicy reference).",
            "# Test the policy in simulation, then run: Set-DlpCompliancePolicy -Identity '<policy name>' -Mode Enable");

        protected override RemediationFix RepairFix(string policyName) =>
            RemediationFix.PowerShell("Set-DlpCompliancePolicy -Identity " + Quote.PowerShell(policyName) + " -Mode Enable");

        protected override bool IsInScope(JsonElement policy, TenantSnapshot snapshot) =>
            Values(policy, "EnforcementPlanes").Any(plane => plane.EqualsIgnoreCase(BrowserPlane));

        protected override string? Weakness(JsonElement policy) => EnforcementWeakness(policy, "uses the Browser plane");

        /// <summary>A policy acts only through its rules: one without an enabled rule blocks nothing.</summary>
        protected override string? Weakness(JsonElement policy, TenantSnapshot snapshot) =>
            Weakness(policy)
            ?? (snapshot.PurviewItems(PurviewCmdlets.DlpComplianceRule).Any(rule => BelongsTo(rule, policy) && rule.GetBool("Disabled") != true)
                ? null
                : "uses the Browser plane but has no enabled rule: it blocks nothing");

        /// <summary>A rule names its policy in ParentPolicyName, and by GUID in Policy.</summary>
        private static bool BelongsTo(JsonElement rule, JsonElement policy) =>
            rule.GetString("ParentPolicyName").EqualsIgnoreCase(NameOf(policy))
            || (rule.GetString("Policy") is string owner && owner.EqualsIgnoreCase(policy.GetString("Guid")));
    }
}
