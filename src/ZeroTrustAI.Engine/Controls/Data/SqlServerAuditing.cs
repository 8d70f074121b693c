using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>Azure SQL logical servers audit database access.</summary>
    public sealed class SqlServerAuditing : Control
    {
        private const string AuditingApi = "2021-11-01";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-113",
            Title = "Azure SQL servers have auditing on",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Azure SQL logical server has a server auditing setting (Microsoft.Sql/servers/auditingSettings, name default) with properties.state Enabled.",
            Rationale = """
            An agent with a SQL tool issues queries nobody typed. Server auditing records each batch with the principal that
            ran it, which is how a prompt-injected agent dumping a table, or a stolen identity reading customer data, is
            found afterwards.
            """,
            Checks = """
            - Data sets: `Microsoft.Sql/servers` and their `Microsoft.Sql/servers/auditingSettings` (ARM GET
              `<server id>/auditingSettings?api-version=2021-11-01`, or nested in the server's `resources`).
            - **Pass** when the server's `auditingSettings/default` has `properties.state == Enabled`.
            - **Fail** when the state is `Disabled`, or the server has no auditing setting (auditing is off by default).
            """,
            Remediation = """
            - Portal: SQL server > Security > Auditing > *Enable Azure SQL Auditing*, destination Log Analytics.
            - CLI: `az rest --method put --url "https://management.azure.com/<server-id>/auditingSettings/default?api-version=2021-11-01" --body '{"properties":{"state":"Enabled","isAzureMonitorTargetEnabled":true}}'`,
              then a diagnostic setting on the `master` database sending `SQLSecurityAuditEvents` to the workspace.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/azure-sql/database/auditing-overview",
                "https://learn.microsoft.com/azure/azure-sql/database/auditing-setup",
            },
            Mappings = new ControlMappings(
                mcsb: new[] { "LT-3" },
                azurePolicy: new[] { "a6fb4358" }),
            RequiredData = new[] { DataSets.Arm(ResourceTypes.SqlServer), DataSets.Arm(ResourceTypes.SqlServerAuditingSettings) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var server in snapshot.ResourcesOfType(ResourceTypes.SqlServer))
            {
                var setting = server.ChildrenOfType(ResourceTypes.SqlServerAuditingSettings).FirstOrDefault();
                if (setting == null)
                {
                    yield return Fail(server, "SQL server has no auditing setting: auditing is off by default.", new Evidence("auditingSettings/default.properties.state", null, "Enabled"));
                    continue;
                }

                var evidence = Observed(setting, "properties.state", "Enabled");
                yield return setting.GetString("properties.state").EqualsIgnoreCase("Enabled")
                    ? Pass(server, "SQL server auditing is enabled.", evidence)
                    : Fail(server, $"SQL server auditing is {setting.GetString("properties.state") ?? "not set"}.", evidence);
            }
        }

        protected internal override RemediationFix? FixFor(Finding finding) =>
            RemediationFix.AzureCli(
                "az rest --method put --url " + Quote.Shell("https://management.azure.com" + finding.Target.Id + "/auditingSettings/default?api-version=" + AuditingApi)
                + " --body " + Quote.Shell("{\"properties\":{\"state\":\"Enabled\",\"isAzureMonitorTargetEnabled\":true}}"));
    }
}
