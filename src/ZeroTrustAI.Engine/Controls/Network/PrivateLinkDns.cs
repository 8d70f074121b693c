using System;
using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>
    /// The private DNS zones that resolve the private endpoints of AI services and the stores AI reaches, by target type
    /// and private link sub-resource (group id), as Microsoft's "Azure Private Endpoint DNS zone values" table lists them.
    /// </summary>
    internal static class PrivateLinkZones
    {
        private static readonly Dictionary<string, string[]> ByTypeAndGroup = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
        {
            [Key(ResourceTypes.CognitiveServicesAccount, "account")] = new[] { "privatelink.cognitiveservices.azure.com", "privatelink.openai.azure.com", "privatelink.services.ai.azure.com" },
            [Key(ResourceTypes.SearchService, "searchService")] = new[] { "privatelink.search.windows.net" },
            [Key(ResourceTypes.MachineLearningWorkspace, "amlworkspace")] = new[] { "privatelink.api.azureml.ms", "privatelink.notebooks.azure.net" },
            [Key(ResourceTypes.StorageAccount, "blob")] = new[] { "privatelink.blob.core.windows.net" },
            [Key(ResourceTypes.StorageAccount, "file")] = new[] { "privatelink.file.core.windows.net" },
            [Key(ResourceTypes.StorageAccount, "queue")] = new[] { "privatelink.queue.core.windows.net" },
            [Key(ResourceTypes.StorageAccount, "table")] = new[] { "privatelink.table.core.windows.net" },
            [Key(ResourceTypes.StorageAccount, "dfs")] = new[] { "privatelink.dfs.core.windows.net" },
            [Key(ResourceTypes.StorageAccount, "web")] = new[] { "privatelink.web.core.windows.net" },
            [Key(ResourceTypes.KeyVault, "vault")] = new[] { "privatelink.vaultcore.azure.net" },
            [Key(ResourceTypes.CosmosDbAccount, "Sql")] = new[] { "privatelink.documents.azure.com" },
            [Key(ResourceTypes.CosmosDbAccount, "MongoDB")] = new[] { "privatelink.mongo.cosmos.azure.com" },
            [Key(ResourceTypes.CosmosDbAccount, "Cassandra")] = new[] { "privatelink.cassandra.cosmos.azure.com" },
            [Key(ResourceTypes.CosmosDbAccount, "Gremlin")] = new[] { "privatelink.gremlin.cosmos.azure.com" },
            [Key(ResourceTypes.CosmosDbAccount, "Table")] = new[] { "privatelink.table.cosmos.azure.com" },
        };

        /// <summary>Every zone of the table, for judging zones on their own.</summary>
        public static IReadOnlyCollection<string> All { get; } = new HashSet<string>(ByTypeAndGroup.Values.SelectMany(z => z), StringComparer.OrdinalIgnoreCase);

        /// <summary>The zones an endpoint to <paramref name="targetType"/>'s <paramref name="groupId"/> registers in; null when not in scope.</summary>
        /// <remarks>
        /// An AI Services account answers on all three Cognitive Services names, an OpenAI account on the OpenAI one, other
        /// kinds on the Cognitive Services one.
        /// </remarks>
        public static IReadOnlyList<string>? For(string targetType, string groupId, string? accountKind)
        {
            if (!ByTypeAndGroup.TryGetValue(Key(targetType, groupId), out var zones))
            {
                return null;
            }

            if (targetType.EqualsIgnoreCase(ResourceTypes.CognitiveServicesAccount))
            {
                return accountKind.EqualsIgnoreCase("AIServices") ? zones
                    : accountKind.EqualsIgnoreCase("OpenAI") ? new[] { zones[1] }
                    : new[] { zones[0] };
            }

            return zones;
        }

        private static string Key(string type, string group) => type + "|" + group;
    }

    /// <summary>Private endpoints of AI services and data stores register in the private DNS zones that resolve them.</summary>
    public sealed class PrivateEndpointDnsZoneGroup : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-103",
            Title = "Private endpoints of AI services and data stores register in the right private DNS zones",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every private endpoint to a Cognitive Services account, AI Search service, ML workspace, storage account, Key Vault or Cosmos DB account has a private DNS zone group (privateEndpoints/privateDnsZoneGroups) whose privateDnsZoneConfigs link every zone its target's sub-resource needs (privatelink.openai.azure.com, privatelink.blob.core.windows.net, ...).",
            Rationale = """
            A private endpoint whose name does not resolve to its private address is bypassed: clients keep resolving the public
            name, reach the public endpoint (or fail once it is closed), and AI traffic leaves the private network without
            anyone noticing. The zone group keeps the A records in the right private DNS zone as the endpoint changes.
            """,
            Checks = """
            - Data sets: `Microsoft.Network/privateEndpoints` and their `privateDnsZoneGroups` children (ARM GET per endpoint,
              api-version 2024-05-01); the target account is read when present to tell OpenAI from AI Services accounts.
            - The target is `properties.privateLinkServiceConnections[]` (or `manualPrivateLinkServiceConnections[]`)
              `.properties.privateLinkServiceId` with `groupIds[0]`. Endpoints to other services are not judged.
            - Zones needed: `account` of an OpenAI account → `privatelink.openai.azure.com`; of an AI Services account → that,
              `privatelink.cognitiveservices.azure.com` and `privatelink.services.ai.azure.com`; of other kinds →
              `privatelink.cognitiveservices.azure.com`; `searchService` → `privatelink.search.windows.net`; `amlworkspace` →
              `privatelink.api.azureml.ms` and `privatelink.notebooks.azure.net`; storage `blob`/`file`/`queue`/`table`/`dfs`/`web`
              → `privatelink.<group>.core.windows.net`; `vault` → `privatelink.vaultcore.azure.net`; Cosmos DB `Sql` →
              `privatelink.documents.azure.com` (and the MongoDB, Cassandra, Gremlin and Table zones).
            - Linked zones: the last segment of each `properties.privateDnsZoneConfigs[].properties.privateDnsZoneId` of the
              endpoint's zone groups. **Pass** when every needed zone is linked; **Fail** naming the missing ones. Target: the endpoint.
            """,
            Remediation = """
            - CLI: `az network private-endpoint dns-zone-group create -g <rg> --endpoint-name <pe> -n default --private-dns-zone <zone-id> --zone-name <zone>`
              (`add` for further zones of an existing group).
            - Bicep: a `privateDnsZoneGroups` child with `privateDnsZoneConfigs: [ { name: 'openai', properties: { privateDnsZoneId: zone.id } } ]`.
            - With custom DNS, forward the `privatelink` zones to Azure DNS (168.63.129.16) or the DNS Private Resolver.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/private-link/private-endpoint-dns",
                "https://learn.microsoft.com/azure/private-link/private-endpoint-dns-integration",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_069" },
                zeroTrustAssessment: new[] { "25399" },
                mcsb: new[] { "NS-2", "NS-10" }),
            RequiredData = new[] { DataSets.Arm(ResourceTypes.PrivateEndpoint), DataSets.Arm(ResourceTypes.PrivateDnsZoneGroup) },
            OptionalData = new[] { DataSets.Arm(ResourceTypes.CognitiveServicesAccount) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var endpoint in snapshot.ResourcesOfType(ResourceTypes.PrivateEndpoint))
            {
                var connection = endpoint.Raw.GetArray("properties.privateLinkServiceConnections")
                    .Concat(endpoint.Raw.GetArray("properties.manualPrivateLinkServiceConnections"))
                    .FirstOrDefault(c => c.GetString("properties.privateLinkServiceId") != null);
                var targetId = connection.ValueKind == System.Text.Json.JsonValueKind.Undefined ? null : connection.GetString("properties.privateLinkServiceId");
                var groupId = targetId == null ? null : connection.GetStrings("properties.groupIds").FirstOrDefault();
                var targetType = targetId == null ? null : ArmId.GetTypeFromId(targetId);
                if (targetId == null || groupId == null || targetType == null)
                {
                    continue;
                }

                var kind = targetType.EqualsIgnoreCase(ResourceTypes.CognitiveServicesAccount) ? snapshot.GetResource(targetId)?.Kind : null;
                var needed = PrivateLinkZones.For(targetType, groupId, kind);
                if (needed == null)
                {
                    continue;
                }

                var groups = endpoint.ChildrenOfType(ResourceTypes.PrivateDnsZoneGroup).ToList();
                var linked = groups
                    .SelectMany(g => g.Raw.GetArray("properties.privateDnsZoneConfigs"))
                    .Select(c => c.GetString("properties.privateDnsZoneId"))
                    .Where(id => id != null)
                    .Select(id => id!.Substring(id.LastIndexOf('/') + 1))
                    .ToList();
                var missing = needed.Where(zone => !linked.Contains(zone, StringComparer.OrdinalIgnoreCase)).ToList();
                var target = $"{AI.AiResourceTypes.LastSegment(targetId)} ({groupId})";
                var evidence = new Evidence(
                    "privateDnsZoneGroups[].properties.privateDnsZoneConfigs[].properties.privateDnsZoneId",
                    JsonText.StringArray(linked),
                    string.Join(", ", needed));
                if (missing.Count == 0)
                {
                    yield return Pass(endpoint, $"Private endpoint to {target} registers in {string.Join(", ", needed)}.", evidence);
                    continue;
                }

                var group = ManagementPortExposure.ResourceGroupOf(endpoint.Id);
                var verb = groups.Count == 0 ? "create" : "add";
                var zoneGroup = groups.Count == 0 ? "default" : groups[0].Name;
                yield return Fail(endpoint, $"Private endpoint to {target} {(groups.Count == 0 ? "has no private DNS zone group" : "does not link every zone it needs")}; missing: {string.Join(", ", missing)}.", evidence)
                    .WithFix(RemediationFix.AzureCli(missing.Select(zone =>
                        $"az network private-endpoint dns-zone-group {verb} --resource-group {Quote.Shell(group)} --endpoint-name {Quote.Shell(endpoint.Name)} --name {Quote.Shell(zoneGroup)}"
                        + $" --private-dns-zone {Quote.Shell(zone)} --zone-name {Quote.Shell(zone.Replace('.', '-'))}").ToArray()));
            }
        }
    }

    /// <summary>The private DNS zones of AI and data private endpoints are linked to a virtual network, so they resolve.</summary>
    public sealed class PrivateDnsZoneLinked : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-104",
            Title = "Private link DNS zones of AI services and data stores are linked to a virtual network",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every private DNS zone for AI services or data stores (privatelink.openai.azure.com, privatelink.cognitiveservices.azure.com, privatelink.search.windows.net, privatelink.blob.core.windows.net, privatelink.vaultcore.azure.net, ...) has at least one virtual network link (privateDnsZones/virtualNetworkLinks) naming a virtual network.",
            Rationale = """
            A private DNS zone answers only inside the virtual networks linked to it. An unlinked `privatelink` zone holds the
            private endpoints' records but no client ever sees them, so AI traffic resolves the public names and leaves the
            private network (or breaks once public access is off).
            """,
            Checks = """
            - Data sets: `Microsoft.Network/privateDnsZones` and `Microsoft.Network/privateDnsZones/virtualNetworkLinks`
              (both in Resource Graph). Zones named like the private link zones of Cognitive Services, Azure OpenAI, Foundry,
              AI Search, Azure Machine Learning, Storage, Key Vault and Cosmos DB are judged; other zones are not.
            - **Pass** when a link has `properties.virtualNetwork.id` and a `virtualNetworkLinkState` of `Completed` or none;
              **Fail** when the zone has no such link. Target: the zone. Hub-and-spoke estates pass with the hub linked.
            """,
            Remediation = """
            - CLI: `az network private-dns link vnet create -g <rg> --zone-name <zone> -n link-<vnet> --virtual-network <vnet-id> --registration-enabled false`
            - Bicep: `Microsoft.Network/privateDnsZones/virtualNetworkLinks` with `properties: { virtualNetwork: { id: vnet.id }, registrationEnabled: false }`
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/dns/private-dns-virtual-network-links",
                "https://learn.microsoft.com/azure/private-link/private-endpoint-dns",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_069" },
                zeroTrustAssessment: new[] { "25399" },
                mcsb: new[] { "NS-2", "NS-10" }),
            RequiredData = new[] { DataSets.Arm(ResourceTypes.PrivateDnsZone), DataSets.Arm(ResourceTypes.PrivateDnsZoneLink) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var zone in snapshot.ResourcesOfType(ResourceTypes.PrivateDnsZone).Where(z => PrivateLinkZones.All.Contains(z.Name)))
            {
                var links = zone.ChildrenOfType(ResourceTypes.PrivateDnsZoneLink).ToList();
                var working = links
                    .Where(l => l.GetString("properties.virtualNetwork.id") != null)
                    .Where(l => l.GetString("properties.virtualNetworkLinkState") is not string state || state.EqualsIgnoreCase("Completed"))
                    .ToList();
                var evidence = new Evidence(
                    "virtualNetworkLinks[].properties.virtualNetwork.id",
                    JsonText.StringArray(links.Select(l => l.GetString("properties.virtualNetwork.id"))),
                    "at least one linked virtual network");
                if (working.Count > 0)
                {
                    yield return Pass(zone, $"Private DNS zone is linked to {string.Join(", ", working.Select(l => AI.AiResourceTypes.LastSegment(l.GetString("properties.virtualNetwork.id")!)))}.", evidence);
                    continue;
                }

                yield return Fail(zone, links.Count == 0 ? "Private DNS zone is linked to no virtual network, so nothing resolves its records." : "Private DNS zone has no completed virtual network link.", evidence)
                    .WithFix(RemediationFix.AzureCli(
                        "# VNET_ID: the virtual network whose clients (or DNS resolver) must resolve the private endpoints.",
                        $"az network private-dns link vnet create --resource-group {Quote.Shell(ManagementPortExposure.ResourceGroupOf(zone.Id))} --zone-name {Quote.Shell(zone.Name)} --name link-ai-private-endpoints --virtual-network \"$VNET_ID\" --registration-enabled false"));
            }
        }
    }
}
