using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Reporting.Estate
{
    /// <summary>
    /// Builds the <see cref="EstateModel"/> of a snapshot: every agent with the permissions it holds, the data stores
    /// and AI resources those reach (Azure role assignments whose scope holds them, the managed identity of an AI
    /// resource, a workspace's storage and key vault, a connection's target, and Microsoft 365 data behind Graph
    /// permissions), and how each Azure store is exposed on the network.
    /// </summary>
    public static class EstateBuilder
    {
        /// <summary>An Azure role at a wide scope reaches many stores; the drawing shows this many and says so.</summary>
        public const int MaxStoresPerPermission = 60;

        private static readonly string[] StoreTypes =
        {
            ResourceTypes.StorageAccount, ResourceTypes.KeyVault, ResourceTypes.CosmosDbAccount, ResourceTypes.SearchService,
            ResourceTypes.CognitiveServicesAccount, ResourceTypes.MachineLearningWorkspace,
        };

        private static readonly string[] AiTypes = { ResourceTypes.CognitiveServicesAccount, ResourceTypes.MachineLearningWorkspace, ResourceTypes.SearchService };

        // Microsoft 365 data a Graph permission opens, by the permission's name prefix.
        private static readonly (string Prefix, string Key, string Label)[] M365Stores =
        {
            ("Mail.", "m365:mail", "Exchange Online mailboxes"),
            ("MailboxSettings.", "m365:mail", "Exchange Online mailboxes"),
            ("Files.", "m365:files", "SharePoint and OneDrive files"),
            ("Sites.", "m365:files", "SharePoint and OneDrive files"),
            ("Chat.", "m365:chat", "Teams chats and channel messages"),
            ("ChannelMessage.", "m365:chat", "Teams chats and channel messages"),
            ("Calendars.", "m365:calendars", "Calendars"),
            ("Notes.", "m365:notes", "OneNote notebooks"),
            ("Directory.", "m365:directory", "Microsoft Entra directory"),
            ("User.", "m365:directory", "Microsoft Entra directory"),
            ("Group.", "m365:directory", "Microsoft Entra directory"),
            ("RoleManagement.", "m365:directory", "Microsoft Entra directory"),
            ("AppRoleAssignment.", "m365:directory", "Microsoft Entra directory"),
            ("Application.", "m365:directory", "Microsoft Entra directory"),
        };

        public static EstateModel Build(TenantSnapshot snapshot, CancellationToken cancellationToken = default)
        {
            if (snapshot == null)
            {
                throw new ArgumentNullException(nameof(snapshot));
            }

            var graph = new Graph();
            var directory = GraphDirectory.For(snapshot);
            var privileges = AgentPrivilegeAnalyzer.AnalyzeEach(snapshot, cancellationToken);
            var stores = StoreTypes.SelectMany(snapshot.ResourcesOfType).ToList();
            var byPrincipal = stores
                .Where(r => r.GetString("identity.principalId") != null)
                .GroupBy(r => r.GetString("identity.principalId")!, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);

            // AI resources are the estate itself: drawn even when no agent reaches them.
            foreach (var resource in stores.Where(r => AiTypes.Any(r.IsType)))
            {
                graph.Store(resource);
            }

            var paths = new List<EstatePath>();
            foreach (var privilege in privileges)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var agent = graph.Add(privilege.Id, EstateNodeKind.Agent, privilege.DisplayName, KindLabel(privilege.Kind), privilege.PrivilegeTier);
                var node = graph.Nodes[agent];
                node.Targets.Add(privilege.Id);
                if (privilege.AppId != null)
                {
                    node.Targets.Add(privilege.AppId);
                    var application = directory.FindApplicationByAppId(privilege.AppId)?.GetString("id");
                    if (application != null)
                    {
                        node.Targets.Add(application);
                    }
                }

                foreach (var permission in privilege.Permissions.Where(p => !string.Equals(p.Id, GraphPermissionCatalog.DefaultAccessAppRoleId, StringComparison.OrdinalIgnoreCase)))
                {
                    var key = "perm:" + permission.Kind + "|" + permission.Resource + "|" + permission.Name + "|" + permission.Scope + "|" + permission.IsEligible + "|" + permission.AllPrincipals;
                    var held = graph.Add(key, EstateNodeKind.Permission, permission.ToString(), PermissionDetail(permission), permission.Tier ?? GraphPermissionCatalog.LimitedTier);
                    graph.Nodes[held].Targets.Add(privilege.Id);
                    graph.Nodes[held].Mentions = permission.Name;
                    graph.Edge(agent, held, "holds");
                    foreach (var reached in Reached(permission, stores).Take(MaxStoresPerPermission))
                    {
                        graph.Edge(held, graph.Store(reached), "reaches");
                    }

                    var m365 = M365Stores.FirstOrDefault(s => permission.Kind != PermissionKind.AzureRole && permission.Name.StartsWith(s.Prefix, StringComparison.OrdinalIgnoreCase));
                    if (m365.Key != null)
                    {
                        graph.Edge(held, graph.Add(m365.Key, EstateNodeKind.DataStore, m365.Label, "Microsoft 365", GraphPermissionCatalog.LimitedTier), "reaches");
                    }
                }

                if (byPrincipal.TryGetValue(privilege.Id, out var hosting))
                {
                    var host = graph.Store(hosting);
                    graph.Edge(agent, host, "identity of");
                    foreach (var wired in WiredTo(snapshot, hosting))
                    {
                        graph.Edge(agent, graph.Store(wired), "uses");
                    }
                }

                if (privilege.PrivilegeTier <= GraphPermissionCatalog.SensitiveDataTier)
                {
                    paths.AddRange(EstatePaths.Of(privilege));
                }
            }

            foreach (var (resource, index) in graph.ArmStores.ToList())
            {
                var (key, label) = Exposure(resource);
                var network = graph.Add(key, EstateNodeKind.Network, label, "Network exposure", GraphPermissionCatalog.LimitedTier);
                graph.Nodes[network].Targets.Add(resource.Id);
                graph.Nodes[network].Pillar = Pillar.Network;
                graph.Edge(index, network, "exposed as");
            }

            return new EstateModel(graph.Nodes, graph.Edges, paths);
        }

        /// <summary>The Azure stores an Azure role's scope contains (the scope itself or anything under it).</summary>
        private static IEnumerable<ArmResource> Reached(PermissionEntry permission, List<ArmResource> stores)
        {
            if (permission.Kind != PermissionKind.AzureRole || string.IsNullOrEmpty(permission.Scope))
            {
                return Enumerable.Empty<ArmResource>();
            }

            var scope = permission.Scope!.TrimEnd('/');
            return stores.Where(s => s.Id.Equals(scope, StringComparison.OrdinalIgnoreCase)
                || (scope.Length > 0 && s.Id.StartsWith(scope + "/", StringComparison.OrdinalIgnoreCase))
                || scope.Length == 0);
        }

        /// <summary>What an AI resource is wired to: a workspace's storage account and key vault, its connections' targets.</summary>
        private static IEnumerable<ArmResource> WiredTo(TenantSnapshot snapshot, ArmResource resource)
        {
            var ids = new List<string?> { resource.GetString("properties.storageAccount"), resource.GetString("properties.keyVault") };
            foreach (var connection in resource.ChildrenOfType(ResourceTypes.MachineLearningConnection).Concat(resource.ChildrenOfType(ResourceTypes.CognitiveServicesConnection)))
            {
                ids.Add(connection.GetString("properties.metadata.ResourceId") ?? connection.GetString("properties.target"));
            }

            foreach (var id in ids.Where(i => i != null && i.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase)))
            {
                var target = snapshot.GetResource(id!);
                if (target != null && StoreTypes.Any(target.IsType))
                {
                    yield return target;
                }
            }
        }

        /// <summary>The exposure class of a store: public access off, public but restricted, or open to the internet.</summary>
        internal static (string Key, string Label) Exposure(ArmResource resource)
        {
            var publicAccess = resource.GetString("properties.publicNetworkAccess");
            var privateEndpoint = resource.Get("properties.privateEndpointConnections") is { ValueKind: System.Text.Json.JsonValueKind.Array } list && list.GetArrayLength() > 0
                || resource.ChildrenOfType(ResourceTypes.PrivateEndpointConnectionsOf(resource.Type)).Any();
            if (string.Equals(publicAccess, "Disabled", StringComparison.OrdinalIgnoreCase))
            {
                return privateEndpoint ? ("net:private", "Private endpoint only") : ("net:closed", "Public access disabled, no private endpoint");
            }

            var restricted = string.Equals(resource.GetString("properties.networkAcls.defaultAction"), "Deny", StringComparison.OrdinalIgnoreCase)
                || string.Equals(resource.GetString("properties.networkRuleSet.defaultAction"), "Deny", StringComparison.OrdinalIgnoreCase)
                || resource.GetBool("properties.isVirtualNetworkFilterEnabled") == true
                || (resource.Get("properties.ipRules") is { ValueKind: System.Text.Json.JsonValueKind.Array } rules && rules.GetArrayLength() > 0);
            return restricted ? ("net:restricted", "Public endpoint, restricted networks") : ("net:public", "Public endpoint, open to all networks");
        }

        private static string KindLabel(AgentKind kind) => kind switch
        {
            AgentKind.AgentIdentity => "Agent identity",
            AgentKind.ManagedIdentity => "AI managed identity",
            _ => "AI app",
        };

        private static string PermissionDetail(PermissionEntry permission) => permission.Kind switch
        {
            PermissionKind.AzureRole => "Azure role on " + ArmName(permission.Scope),
            PermissionKind.DirectoryRole => "Entra directory role" + (permission.Scope == null ? string.Empty : " on " + permission.Scope),
            PermissionKind.DelegatedScope => "Delegated on " + permission.Resource,
            _ => "Application permission on " + permission.Resource,
        };

        /// <summary>The last name of an ARM scope ("rg-ai-prod", a subscription id), for short labels.</summary>
        private static string ArmName(string? scope)
        {
            var trimmed = (scope ?? "/").TrimEnd('/');
            return trimmed.Length == 0 ? "the root" : trimmed.Substring(trimmed.LastIndexOf('/') + 1);
        }

        /// <summary>Nodes by key, edges without duplicates.</summary>
        private sealed class Graph
        {
            private readonly Dictionary<string, int> _byKey = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            private readonly HashSet<(int, int)> _edgeSet = new HashSet<(int, int)>();

            public List<EstateNode> Nodes { get; } = new List<EstateNode>();

            public List<EstateEdge> Edges { get; } = new List<EstateEdge>();

            public List<(ArmResource Resource, int Index)> ArmStores { get; } = new List<(ArmResource, int)>();

            public int Add(string key, EstateNodeKind kind, string label, string detail, int tier)
            {
                if (!_byKey.TryGetValue(key, out var index))
                {
                    index = Nodes.Count;
                    Nodes.Add(new EstateNode(key, kind, label, detail, tier));
                    _byKey.Add(key, index);
                }

                return index;
            }

            public int Store(ArmResource resource)
            {
                var known = _byKey.ContainsKey(resource.Id);
                var index = Add(resource.Id, EstateNodeKind.DataStore, resource.Name, ResourceTypes.DisplayName(resource.Type), GraphPermissionCatalog.LimitedTier);
                if (!known)
                {
                    Nodes[index].Targets.Add(resource.Id);
                    ArmStores.Add((resource, index));
                }

                return index;
            }

            public void Edge(int from, int to, string relation)
            {
                if (from != to && _edgeSet.Add((from, to)))
                {
                    Edges.Add(new EstateEdge(from, to, relation));
                }
            }
        }
    }
}
