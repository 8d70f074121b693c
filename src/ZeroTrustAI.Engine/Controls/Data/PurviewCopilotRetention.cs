using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>A retention policy keeps Microsoft 365 Copilot prompts and responses.</summary>
    public sealed class PurviewCopilotRetention : PurviewControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-121",
            Title = "A retention policy covers Microsoft 365 Copilot interactions",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "At least one enabled Microsoft Purview retention policy for apps includes the Microsoft Copilot experiences location (Applications User:M365Copilot), so prompts and responses are kept for investigation and eDiscovery.",
            Rationale = """
            When Copilot or an agent leaks data or is steered by a prompt injection, the prompts and responses are the
            evidence. Without a retention policy they follow the default lifecycle and may be gone before an investigation
            starts.
            """,
            Checks = """
            - Data set: `purview/Get-AppRetentionCompliancePolicy.json`, the output of `Get-AppRetentionCompliancePolicy`
              (Security & Compliance PowerShell), saved by `Save-ZtaiSnapshot -IncludePurview`.
            - One result per policy whose `Applications` include `User:M365Copilot`: **Pass** when it is on (`Enabled` not
              `false`), **Fail** when it is off.
            - **Fail** for the tenant when no policy includes it. **Skipped** when the file is absent. Older combined *Teams chats and Copilot
              interactions* policies (Get-RetentionCompliancePolicy) are not read.
            """,
            Remediation = """
            - Portal: Microsoft Purview > Data lifecycle management > Retention policies > New > *Microsoft Copilot experiences*.
            - PowerShell (Security & Compliance): `New-AppRetentionCompliancePolicy -Name 'Copilot interactions' -Applications 'User:M365Copilot' -ExchangeLocation All`, then a retention rule for it.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/purview/retention-policies-copilot",
                "https://learn.microsoft.com/powershell/module/exchangepowershell/new-appretentioncompliancepolicy",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_097" },
                mcsb: new[] { "LT-6" }),
        };

        protected override string Cmdlet => PurviewCmdlets.AppRetentionCompliancePolicy;

        protected override string Covers => "retains Microsoft 365 Copilot interactions";

        protected override string Missing => "No retention policy includes Microsoft Copilot experiences (User:M365Copilot)";

        protected override RemediationFix CreateFix { get; } = RemediationFix.PowerShell(
            "# In Security & Compliance PowerShell (Connect-IPPSSession); then add a retention rule for the policy.",
            "New-AppRetentionCompliancePolicy -Name 'Copilot interactions' -Applications 'User:M365Copilot' -ExchangeLocation All");

        protected override RemediationFix RepairFix(string policyName) =>
            RemediationFix.PowerShell("Set-AppRetentionCompliancePolicy -Identity " + Quote.PowerShell(policyName) + " -Enabled $true");

        protected override bool IsInScope(JsonElement policy, TenantSnapshot snapshot) =>
            Values(policy, "Applications").Any(a => a.IndexOf("M365Copilot", System.StringComparison.OrdinalIgnoreCase) >= 0);

        protected override string? Weakness(JsonElement policy) => IsOn(policy) ? null : "includes Microsoft Copilot experiences but is turned off";
    }
}
