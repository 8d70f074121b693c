using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>Blob read, write and delete requests are logged.</summary>
    public sealed class StorageBlobResourceLogs : ResourceLogsControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-110",
            Title = "Blob services send resource logs to a destination",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every blob service (storageAccounts/blobServices/default) has a diagnostic setting with an enabled log category (StorageRead, StorageWrite, StorageDelete, or the audit / allLogs group) and a destination.",
            Rationale = """
            Blob logs (`StorageBlobLogs`) record each read, write and delete with the caller's identity and authentication
            type. They are how bulk extraction of grounding data, a poisoned upload or the last use of a shared key is found.
            Logs are configured on the blob service, not on the storage account.
            """,
            Checks = """
            Reads every `Microsoft.Storage/storageAccounts/blobServices` and the `Microsoft.Insights/diagnosticSettings` linked to each as extension resources
            (`<resource id>/providers/Microsoft.Insights/diagnosticSettings/<name>`, api-version 2021-05-01-preview), nested
            or exported separately (see [snapshot-format.md](../snapshot-format.md#children-and-extension-resources)).

            - **Pass**: at least one setting has an item in `properties.logs[]` with `enabled == true` (a `category` or a
              `categoryGroup` such as `audit` or `allLogs`) and a destination: `properties.workspaceId`, `storageAccountId`,
              `eventHubAuthorizationRuleId` or `marketplacePartnerId`.
            - **Fail**: no setting, or none that both enables logs and has a destination (metrics-only settings do not count).
            - Settings are read on the blob service id (`<account id>/blobServices/default/providers/Microsoft.Insights/diagnosticSettings/<name>`); a storage account without a collected blob service is not judged.
            """,
            Remediation = """
            - Portal: storage account > blob service > Monitoring > Diagnostic settings > Add diagnostic setting > category groups `audit` and
              `allLogs` > Send to Log Analytics workspace.
            - CLI: `az monitor diagnostic-settings create --name to-law --resource <id> --workspace <law-id> --logs '[{"categoryGroup":"audit","enabled":true},{"categoryGroup":"allLogs","enabled":true}]'`
            - At scale: the built-in policy initiatives that enable resource logs by category group.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/storage/blobs/monitor-blob-storage",
                "https://learn.microsoft.com/azure/azure-monitor/essentials/diagnostic-settings",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_085", "AI_089" },
                mcsb: new[] { "LT-3", "LT-4" }),
        };

        protected override string ResourceType => ResourceTypes.StorageBlobService;
    }
}
