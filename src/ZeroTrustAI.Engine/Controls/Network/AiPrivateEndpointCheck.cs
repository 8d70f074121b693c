using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>
    /// Reads a resource's private endpoint connections, whether listed inline in
    /// <c>properties.privateEndpointConnections</c> or collected as separate child resources
    /// (<c>&lt;type&gt;/privateEndpointConnections</c>), and judges whether one is approved.
    /// </summary>
    internal static class AiPrivateEndpointCheck
    {
        public const string StatusPath = "properties.privateLinkServiceConnectionState.status";
        private const string InlinePath = "properties.privateEndpointConnections";

        /// <summary>One connection: its name and its connection state (null when absent).</summary>
        public sealed class Connection
        {
            public Connection(string name, string? status)
            {
                Name = name;
                Status = status;
            }

            public string Name { get; }

            public string? Status { get; }

            public bool IsApproved => Status.EqualsIgnoreCase("Approved");
        }

        /// <summary>What judging the connections of a resource type reads: the connections kept as separate children, when present.</summary>
        public static DataRequirement DataFor(string resourceType) =>
            DataRequirement.ReadsIfPresent(DataSets.Arm(ResourceTypes.PrivateEndpointConnectionsOf(resourceType)));

        public static IReadOnlyList<Connection> ConnectionsOf(ArmResource resource)
        {
            var connections = new List<Connection>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var item in resource.Raw.GetArray(InlinePath))
            {
                var name = NameOf(item);
                seen.Add(name);
                connections.Add(new Connection(name, item.GetString(StatusPath)));
            }

            // The same connection may come inline and as a child: count it once.
            foreach (var child in resource.ChildrenOfType(ResourceTypes.PrivateEndpointConnectionsOf(resource.Type)))
            {
                if (seen.Add(child.Name))
                {
                    connections.Add(new Connection(child.Name, child.GetString(StatusPath)));
                }
            }

            return connections;
        }

        /// <summary>Pass with at least one approved connection; the reason names what was found otherwise.</summary>
        public static Finding Judge(ArmResource resource, string noun)
        {
            var connections = ConnectionsOf(resource);
            var summary = connections.Count == 0
                ? null
                : JsonSerializer.Serialize(connections.Select(c => new Dictionary<string, string?> { ["name"] = c.Name, ["status"] = c.Status }));
            var evidence = new Evidence(InlinePath + "[]." + StatusPath, summary, "at least one connection 'Approved'");
            var target = ResultTarget.From(resource);
            var approved = connections.Where(c => c.IsApproved).Select(c => c.Name).ToList();
            if (approved.Count > 0)
            {
                return new Finding(ResultStatus.Pass, target, $"{noun} is reachable through approved private endpoint connection(s): {string.Join(", ", approved)}.", new[] { evidence });
            }

            var reason = connections.Count == 0
                ? $"{noun} has no private endpoint connection."
                : $"{noun} has no approved private endpoint connection (found: {string.Join(", ", connections.Select(c => $"{c.Name} {c.Status ?? "without a state"}"))}).";
            return new Finding(ResultStatus.Fail, target, reason, new[] { evidence }).WithFix(FixFor(resource, connections));
        }

        /// <summary>The sub-resource (group id) a private endpoint connects to, per resource type.</summary>
        private static string GroupIdOf(string resourceType) =>
            resourceType.EqualsIgnoreCase(ResourceTypes.CognitiveServicesAccount) ? "account"
            : resourceType.EqualsIgnoreCase(ResourceTypes.SearchService) ? "searchService"
            : resourceType.EqualsIgnoreCase(ResourceTypes.MachineLearningWorkspace) ? "amlworkspace"
            : "<group id>";

        /// <summary>Approve the connections awaiting approval; without any, create a private endpoint in a subnet the reader names.</summary>
        private static RemediationFix FixFor(ArmResource resource, IReadOnlyList<Connection> connections)
        {
            var pending = connections.Where(c => c.Status.EqualsIgnoreCase("Pending")).Select(c => c.Name).ToList();
            if (pending.Count > 0)
            {
                return RemediationFix.Later(FixLanguage.AzureCli, (resource.Id, pending), static fix =>
                    new[] { AzureFixes.Comment("Approve the pending connection(s) after confirming each private endpoint is yours.") }
                        .Concat(fix.pending.Select(name => "az network private-endpoint-connection approve --id "
                            + Quote.Shell(fix.Id + "/privateEndpointConnections/" + name) + " --description 'Approved after review'")));
            }

            return RemediationFix.Later(FixLanguage.AzureCli, (resource.Id, resource.Name, resource.Type), static fix =>
            {
                var name = "pe-" + AI.AiResourceTypes.LastSegment(fix.Name);
                return new[]
                {
                    AzureFixes.Comment("Create a private endpoint in the subnet your AI clients use (set the three names first), then link its private DNS zone."),
                    "rg='<resource group for the private endpoint>'",
                    "vnet='<virtual network>'",
                    "subnet='<subnet>'",
                    "az network private-endpoint create --name " + Quote.Shell(name) + " --resource-group \"$rg\" --vnet-name \"$vnet\" --subnet \"$subnet\""
                        + " --private-connection-resource-id " + Quote.Shell(fix.Id) + " --group-id " + Quote.Shell(GroupIdOf(fix.Type)) + " --connection-name " + Quote.Shell(name),
                };
            });
        }

        private static string NameOf(JsonElement item)
        {
            var name = item.GetString("name") ?? item.GetString("id");
            return name == null ? "(unnamed)" : AI.AiResourceTypes.LastSegment(name);
        }
    }
}
