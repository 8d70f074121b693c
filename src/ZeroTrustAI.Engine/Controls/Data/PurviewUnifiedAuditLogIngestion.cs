using System.Text.Json;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>The unified audit log records user and admin activity, Copilot and AI interactions included.</summary>
    public sealed class PurviewUnifiedAuditLogIngestion : PurviewControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-142",
            Title = "Microsoft Purview Audit records user and AI activity (unified audit log ingestion on)",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "The organization's admin audit log configuration has UnifiedAuditLogIngestionEnabled true, so user and admin activities, Copilot and AI app interactions among them, are recorded in the Microsoft 365 audit log that DSPM for AI, Activity explorer and investigations read.",
            Rationale = """
            DSPM for AI, its Activity explorer and reports, insider risk and every Copilot investigation start from audit
            records. With unified audit log ingestion off nothing is recorded: AI interactions leave no trace and the AI
            data security policies have no signal.
            """,
            Checks = """
            - Data set: `purview/Get-AdminAuditLogConfig.json`, the output of `Get-AdminAuditLogConfig` run in **Exchange
              Online PowerShell** (`Connect-ExchangeOnline`), saved by `Save-ZtaiSnapshot -IncludePurview`. In Security &
              Compliance PowerShell the cmdlet exists too, but its `UnifiedAuditLogIngestionEnabled` always reads `False`;
              the collector therefore takes the cmdlet from the Exchange Online connection (`Get-ConnectionInformation`,
              `IsEopSession` false) and skips it when there is none.
            - **Pass** when `UnifiedAuditLogIngestionEnabled` is `true`; **Fail** when it is `false` or absent.
            - **Fail** for the tenant when the file holds no configuration object. **Skipped** when the file is absent.
            """,
            Remediation = """
            - Portal: Microsoft Purview > Audit > *Start recording user and admin activity* (also offered on DSPM for AI > Overview > Get started).
            - PowerShell (Exchange Online): `Set-AdminAuditLogConfig -UnifiedAuditLogIngestionEnabled $true`; recording can take up to 60 minutes to start.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/purview/audit-log-enable-disable",
                "https://learn.microsoft.com/powershell/module/exchangepowershell/get-adminauditlogconfig",
                "https://learn.microsoft.com/powershell/module/exchangepowershell/set-adminauditlogconfig",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_045", "AI_046" },
                mcsb: new[] { "LT-3" }),
        };

        protected override string Cmdlet => PurviewCmdlets.AdminAuditLogConfig;

        protected override string Subject => "The audit log configuration";

        protected override string Covers => "records user, admin and AI activity in the unified audit log";

        protected override string Missing => "Get-AdminAuditLogConfig returned no configuration";

        private static readonly RemediationFix TurnOn = RemediationFix.PowerShell(
            "# In Exchange Online PowerShell (Connect-ExchangeOnline); recording can take up to 60 minutes to start.",
            "Set-AdminAuditLogConfig -UnifiedAuditLogIngestionEnabled $true");

        protected override RemediationFix CreateFix => TurnOn;

        protected override RemediationFix RepairFix(string policyName) => TurnOn;

        protected override bool IsInScope(JsonElement policy, TenantSnapshot snapshot) => true;

        /// <summary>The configuration is the organization's: its result is the tenant's.</summary>
        protected override ResultTarget TargetOf(JsonElement policy, TenantSnapshot snapshot) => ResultTarget.Tenant(snapshot);

        protected override string? Weakness(JsonElement policy) =>
            policy.GetBool("UnifiedAuditLogIngestionEnabled") == true ? null : "does not record activity in the unified audit log (UnifiedAuditLogIngestionEnabled is not true)";
    }
}
