using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>Key Vault audit events (who read which secret or key) are kept.</summary>
    public sealed class KeyVaultResourceLogs : ResourceLogsControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-109",
            Title = "Key Vaults send audit logs to a destination",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Key Vault has a diagnostic setting with an enabled log category (AuditEvent, or the audit / allLogs group) and a destination.",
            Rationale = """
            AI workloads read model keys, connection strings and customer-managed keys from Key Vault. The AuditEvent log is
            the only record of which identity read which secret, so a stolen agent identity draining secrets, or a key deleted
            to hold AI data to ransom, can be detected and investigated.
            """,
            Checks = """
            Reads every `Microsoft.KeyVault/vaults` and the `Microsoft.Insights/diagnosticSettings` linked to each as extension resources
            (`<resource id>/providers/Microsoft.Insights/diagnosticSettings/<name>`, api-version 2021-05-01-preview), nested
            or exported separately (see [snapshot-format.md](../snapshot-format.md#children-and-extension-resources)).

            - **Pass**: at least one setting has an item in `properties.logs[]` with `enabled == true` (a `category` or a
              `categoryGroup` such as `audit` or `allLogs`) and a destination: `properties.workspaceId`, `storageAccountId`,
              `eventHubAuthorizationRuleId` or `marketplacePartnerId`.
            - **Fail**: no setting, or none that both enables logs and has a destination (metrics-only settings do not count).
            """,
            Remediation = """
            - Portal: Key Vault > Monitoring > Diagnostic settings > Add diagnostic setting > category groups `audit` and
              `allLogs` > Send to Log Analytics workspace.
            - CLI: `az monitor diagnostic-settings create --name to-law --resource <id> --workspace <law-id> --logs '[{"categoryGroup":"audit","enabled":true},{"categoryGroup":"allLogs","enabled":true}]'`
            - At scale: the built-in policy initiatives that enable resource logs by category group.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/key-vault/general/logging",
                "https://learn.microsoft.com/azure/azure-monitor/essentials/diagnostic-settings",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_085", "AI_089" },
                mcsb: new[] { "LT-3", "LT-4" },
                azurePolicy: new[] { "cf820ca0" }),
        };

        protected override string ResourceType => ResourceTypes.KeyVault;
    }
}
