using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>
    /// The private endpoint family for the stores AI reads and writes (grounding data, vectors, secrets): the check of
    /// <see cref="PrivateEndpointControl"/>, with a fix that approves a pending connection or creates an endpoint.
    /// </summary>
    public abstract class DataStorePrivateEndpointControl : PrivateEndpointControl
    {
        /// <summary>The private link sub-resource an endpoint targets (blob, vault, Sql).</summary>
        protected abstract string GroupId { get; }

        protected internal override RemediationFix? FixFor(Finding finding)
        {
            var resource = finding.Target;
            return RemediationFix.Later(FixLanguage.AzureCli, (resource.Id, resource.Name, GroupId), static fix =>
            {
                var group = ManagementPortExposure.ResourceGroupOf(fix.Id);
                var endpoint = Quote.Shell("pe-" + fix.Name + "-" + fix.GroupId.ToLowerInvariant());
                return new[]
                {
                    "# VNET_NAME, SUBNET_NAME: the virtual network and subnet of the AI workload that uses this store (in the same resource group).",
                    $"az network private-endpoint create --name {endpoint} --resource-group {Quote.Shell(group)} --vnet-name \"$VNET_NAME\" --subnet \"$SUBNET_NAME\""
                    + $" --private-connection-resource-id {Quote.Shell(fix.Id)} --group-id {fix.GroupId} --connection-name {endpoint}",
                };
            });
        }
    }

    /// <summary>Storage accounts are reachable through an approved private endpoint.</summary>
    public sealed class StoragePrivateEndpoint : DataStorePrivateEndpointControl
    {
        protected override ControlDefinition Definition { get; } = DataStorePrivateEndpoints.Define(
            "ZTAI-NET-105", ResourceTypes.StorageAccount, "Storage accounts", "blob", "privatelink.blob.core.windows.net",
            "Training sets, grounding documents, prompt flow artefacts and model outputs sit in storage accounts; a private endpoint keeps that traffic off the Internet and lets the public endpoint be closed (ZTAI-NET-020).",
            "https://learn.microsoft.com/azure/storage/common/storage-private-endpoints",
            "6edd7eda-6dd8-40f7-810d-67160c639cd9");

        protected override string ResourceType => ResourceTypes.StorageAccount;

        protected override string GroupId => "blob";
    }

    /// <summary>Key Vaults are reachable through an approved private endpoint.</summary>
    public sealed class KeyVaultPrivateEndpoint : DataStorePrivateEndpointControl
    {
        protected override ControlDefinition Definition { get; } = DataStorePrivateEndpoints.Define(
            "ZTAI-NET-106", ResourceTypes.KeyVault, "Key Vaults", "vault", "privatelink.vaultcore.azure.net",
            "Key Vaults hold the keys and connection secrets of AI services, hubs and agents (and their customer-managed keys); a private endpoint keeps secret retrieval off the Internet and lets the public endpoint be closed (ZTAI-NET-021).",
            "https://learn.microsoft.com/azure/key-vault/general/private-link-service",
            "a6abeaec-4d90-4a02-805f-6b26c4d3fbe9");

        protected override string ResourceType => ResourceTypes.KeyVault;

        protected override string GroupId => "vault";
    }

    /// <summary>Cosmos DB accounts are reachable through an approved private endpoint.</summary>
    public sealed class CosmosDbPrivateEndpoint : DataStorePrivateEndpointControl
    {
        protected override ControlDefinition Definition { get; } = DataStorePrivateEndpoints.Define(
            "ZTAI-NET-107", ResourceTypes.CosmosDbAccount, "Cosmos DB accounts", "Sql", "privatelink.documents.azure.com",
            "Cosmos DB holds chat history, agent memory and vector indexes; a private endpoint keeps that traffic off the Internet and lets the public endpoint be closed (ZTAI-NET-026).",
            "https://learn.microsoft.com/azure/cosmos-db/how-to-configure-private-endpoints",
            "58440f8a-10c5-4151-bdce-dfbaad4a20b7");

        protected override string ResourceType => ResourceTypes.CosmosDbAccount;

        protected override string GroupId => "Sql";
    }

    /// <summary>The shared definition of the data store private endpoint controls: only the store differs.</summary>
    internal static class DataStorePrivateEndpoints
    {
        public static ControlDefinition Define(string id, string type, string plural, string groupId, string zone, string rationale, string reference, string policy) =>
            new ControlDefinition
            {
                Id = id,
                Title = $"{plural} use a private endpoint",
                Pillar = Pillar.Network,
                Principle = Principle.AssumeBreach,
                Severity = Severity.Medium,
                Description = $"Every one of the {plural} has at least one private endpoint connection whose privateLinkServiceConnectionState.status is 'Approved', read inline from properties.privateEndpointConnections or from separate privateEndpointConnections child resources.",
                Rationale = rationale,
                Checks = $"""
                - Data set: Azure resources of type `{type}`.
                - Connections: `properties.privateEndpointConnections[]` inline, and separate `{ResourceTypes.PrivateEndpointConnectionsOf(type)}`
                  child resources (the same connection seen both ways counts once).
                - **Pass** when at least one connection's `properties.privateLinkServiceConnectionState.status` is `Approved`
                  (compared without case); the reason lists them. **Fail** with no connection or only `Pending`, `Rejected` or
                  `Disconnected` ones. Target: the store.
                - Whether the endpoint registers in the right private DNS zone (`{zone}`) is judged by ZTAI-NET-103.
                """,
                Remediation = $"""
                - CLI: `az network private-endpoint create -g <rg> -n pe-<name> --vnet-name <vnet> --subnet <subnet> --private-connection-resource-id <id> --group-id {groupId} --connection-name pe-<name>`,
                  then a DNS zone group linking `{zone}`; approve pending connections with `az network private-endpoint-connection approve --id <connection-id>`.
                - Bicep: `Microsoft.Network/privateEndpoints` with `privateLinkServiceConnections` naming the store and group id `{groupId}`
                  and a `privateDnsZoneGroups` child for `{zone}`.
                """,
                References = new[] { reference, "https://learn.microsoft.com/azure/private-link/private-endpoint-dns" },
                Mappings = new ControlMappings(
                    workshop: new[] { "AI_069" },
                    mcsb: new[] { "NS-2" },
                    owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure" },
                    azurePolicy: new[] { policy }),
            };
    }
}
