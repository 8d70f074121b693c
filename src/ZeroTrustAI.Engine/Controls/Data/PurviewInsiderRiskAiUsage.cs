using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>An Insider Risk Management policy watches risky AI usage.</summary>
    public sealed class PurviewInsiderRiskAiUsage : PurviewControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-122",
            Title = "Insider Risk Management watches risky AI usage",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "At least one enabled Microsoft Purview Insider Risk Management policy uses the risky AI usage template (InsiderRiskScenario RiskyAIUsage).",
            Rationale = """
            Prompt injection attempts, prompts carrying sensitive data and responses containing it are behaviour signals.
            The risky AI usage policy scores them per user, so a user probing Copilot for other people's data, or feeding
            confidential files to AI apps, is seen and can feed Adaptive Protection.
            """,
            Checks = """
            - Data set: `purview/Get-InsiderRiskPolicy.json`, the output of `Get-InsiderRiskPolicy` (Security & Compliance
              PowerShell), saved by `Save-ZtaiSnapshot -IncludePurview`. The tenant-settings object it also returns
              (`InsiderRiskScenario` `TenantSetting`) is not a policy and is ignored.
            - One result per policy with `InsiderRiskScenario` `RiskyAIUsage`: **Pass** when it is on (`Enabled` not
              `false`), **Fail** when it is off.
            - **Fail** for the tenant when no policy uses the template. **Skipped** when the file is absent.
            - The *Risky agents* template (agents in Copilot Studio and Foundry) is not judged: its `InsiderRiskScenario`
              value is not in a published cmdlet reference, and guessing it would report a working policy as missing.
            """,
            Remediation = """
            - Portal: Microsoft Purview > Insider Risk Management > Policies > Create policy > template *Risky AI usage*
              (or DSPM for AI > Recommendations).
            """,
            References = new[]
            {
                "https://learn.microsoft.com/purview/insider-risk-management-policy-templates#risky-ai-usage",
                "https://learn.microsoft.com/powershell/module/exchangepowershell/get-insiderriskpolicy",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_061", "AI_067", "AI_165" },
                zeroTrustAssessment: new[] { "35038" },
                owaspLlm: new[] { "LLM01:2025 Prompt Injection", "LLM02:2025 Sensitive Information Disclosure" }),
        };

        protected override string Cmdlet => PurviewCmdlets.InsiderRiskPolicy;

        protected override string Covers => "uses the risky AI usage template and is on";

        protected override string Missing => "No Insider Risk Management policy uses the risky AI usage template";

        protected override RemediationFix CreateFix { get; } = RemediationFix.PowerShell(
            "# In Security & Compliance PowerShell (Connect-IPPSSession); review the policy's indicators and scope in the portal afterwards.",
            "New-InsiderRiskPolicy -Name 'Risky AI usage' -InsiderRiskScenario 'RiskyAIUsage'");

        protected override bool IsPolicy(JsonElement item) => !item.GetString("InsiderRiskScenario").EqualsIgnoreCase("TenantSetting");

        protected override RemediationFix RepairFix(string policyName) =>
            RemediationFix.PowerShell("Set-InsiderRiskPolicy -Identity " + Quote.PowerShell(policyName) + " -Enabled $true");

        protected override bool IsInScope(JsonElement policy, TenantSnapshot snapshot) => policy.GetString("InsiderRiskScenario").EqualsIgnoreCase("RiskyAIUsage");

        protected override string? Weakness(JsonElement policy) => IsOn(policy) ? null : "uses the risky AI usage template but is turned off";
    }
}
