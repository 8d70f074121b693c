using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.AI;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Reachability
{
    /// <summary>How one AI identity or AI resource reaches one data store.</summary>
    public sealed class AiReach
    {
        public AiReach(string aiId, string aiName, string how, string? roleDefinitionId = null, string? assignmentId = null)
        {
            AiId = aiId;
            AiName = aiName;
            How = how;
            RoleDefinitionId = roleDefinitionId;
            AssignmentId = assignmentId;
        }

        /// <summary>The AI resource id, or the agent's service principal object id.</summary>
        public string AiId { get; }

        public string AiName { get; }

        /// <summary>In words: "holds Storage Blob Data Reader at /subscriptions/..." or "connection 'docs' targets it".</summary>
        public string How { get; }

        /// <summary>The role definition (its GUID) when the reach is a role assignment.</summary>
        public string? RoleDefinitionId { get; }

        /// <summary>The role assignment's id when the reach is a role assignment.</summary>
        public string? AssignmentId { get; }

        public override string ToString() => $"{AiName} ({How})";
    }

    /// <summary>
    /// Which AI reaches which data store: an AI identity (an agent in the directory, or the managed identity of an AI
    /// resource) holding an Azure role on the store, directly, through a group, or inherited from its resource group,
    /// subscription, management group or the root; or an AI resource wired to the store (Foundry and ML workspace
    /// connections, AI Search shared private links, ML workspace default storage and key vault, ML datastores). Built
    /// once per snapshot. Data controls mark results on reachable stores and judge them at raised severity.
    /// </summary>
    public sealed class AiReachability
    {
        /// <summary>
        /// What the index reads. Every set only widens what is found reachable, so none of them stops a Data control:
        /// when one was not collected the store is still judged and one Skipped result names the set.
        /// </summary>
        public static readonly DataRequirement Data = DataRequirement.FindsTargetsIn(
            GraphSetNames.DirectoryDataSets
                .Concat(ResourceTypes.DataStoreTypes.Select(DataSets.Arm))
                .Concat(ResourceTypes.AiIdentityResourceTypes.Select(DataSets.Arm))
                .Concat(new[]
                {
                    ResourceTypes.RoleAssignment,
                    ResourceTypes.Subscription,
                    ResourceTypes.CognitiveServicesConnection,
                    ResourceTypes.CognitiveServicesProjectConnection,
                    ResourceTypes.MachineLearningConnection,
                    ResourceTypes.MachineLearningDatastore,
                    ResourceTypes.SearchSharedPrivateLink,
                }.Select(DataSets.Arm))
                .ToArray());

        /// <summary>Reader grants no data access and no key listing: holding it does not make a store reachable.</summary>
        internal const string ReaderRoleId = "acdd72a7-3385-48ef-bd42-f606fba81ae7";

        private static readonly ConditionalWeakTable<TenantSnapshot, Lazy<AiReachability>> Cache = new ConditionalWeakTable<TenantSnapshot, Lazy<AiReachability>>();

        private static readonly string[] ConnectionTypes =
        {
            ResourceTypes.CognitiveServicesConnection,
            ResourceTypes.CognitiveServicesProjectConnection,
            ResourceTypes.MachineLearningConnection,
        };

        private readonly Dictionary<string, List<AiReach>> _byStore = new Dictionary<string, List<AiReach>>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, ArmResource> _stores = new Dictionary<string, ArmResource>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, ArmResource> _storesByName = new Dictionary<string, ArmResource>(StringComparer.OrdinalIgnoreCase);

        // Stores under each subscription and resource group scope (/subscriptions/x, /subscriptions/x/resourceGroups/y):
        // a role assignment is matched against the stores under its scope, not against every store of the tenant.
        private readonly Dictionary<string, List<ArmResource>> _storesUnder = new Dictionary<string, List<ArmResource>>(StringComparer.OrdinalIgnoreCase);

        /// <param name="snapshot">The snapshot.</param>
        /// <param name="groupsOf">
        /// The groups a principal is a member of (transitively), for roles granted to groups; none when the snapshot
        /// holds no group membership.
        /// </param>
        public AiReachability(TenantSnapshot snapshot, Func<string, IEnumerable<string>>? groupsOf = null)
        {
            if (snapshot == null)
            {
                throw new ArgumentNullException(nameof(snapshot));
            }

            groupsOf ??= _ => Array.Empty<string>();
            foreach (var store in ResourceTypes.DataStoreTypes.SelectMany(snapshot.ResourcesOfType))
            {
                _stores[store.Id] = store;
                _storesByName[store.Name] = store;
                foreach (var scope in new[] { ScopePrefix(store.Id, 3), ScopePrefix(store.Id, 5) })
                {
                    if (scope != null)
                    {
                        if (!_storesUnder.TryGetValue(scope, out var under))
                        {
                            under = new List<ArmResource>();
                            _storesUnder[scope] = under;
                        }

                        under.Add(store);
                    }
                }
            }

            if (_stores.Count == 0)
            {
                return;
            }

            AddRoleReach(snapshot, groupsOf);
            AddWiredReach(snapshot);
        }

        /// <summary>The index of a snapshot, built on first use and kept as long as the snapshot lives.</summary>
        /// <remarks>Built by one thread while the others wait: controls running in parallel share one index.</remarks>
        public static AiReachability For(TenantSnapshot snapshot) =>
            Cache.GetValue(snapshot, s => new Lazy<AiReachability>(() => new AiReachability(s), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

        /// <summary>
        /// What reaches the store the id names: the id itself or the resource it belongs to (a blob service, an auditing
        /// setting and a diagnostic setting are reached with their storage account or server). Empty when nothing does.
        /// </summary>
        public IReadOnlyList<AiReach> Of(string? resourceId)
        {
            for (var id = resourceId; !string.IsNullOrEmpty(id); id = ArmId.GetParentId(id!))
            {
                if (_byStore.TryGetValue(id!, out var reaches))
                {
                    return reaches;
                }

                if (_stores.ContainsKey(id!))
                {
                    break;
                }
            }

            return Array.Empty<AiReach>();
        }

        /// <summary>Every store some AI reaches, by id.</summary>
        public IReadOnlyCollection<string> ReachableStoreIds => _byStore.Keys;

        private void AddRoleReach(TenantSnapshot snapshot, Func<string, IEnumerable<string>> groupsOf)
        {
            var identities = AiIdentities(snapshot);
            if (identities.Count == 0)
            {
                return;
            }

            // Each principal an AI identity acts as: itself, and the groups it is a member of.
            var actingAs = new Dictionary<string, List<(string AiId, string AiName, string Via)>>(StringComparer.OrdinalIgnoreCase);
            foreach (var identity in identities)
            {
                Add(actingAs, identity.Key, (identity.Value.AiId, identity.Value.AiName, string.Empty));
                foreach (var group in groupsOf(identity.Key))
                {
                    Add(actingAs, group, (identity.Value.AiId, identity.Value.AiName, $" through group {group}"));
                }
            }

            var managementGroupsBySubscription = ManagementGroupsBySubscription(snapshot);
            foreach (var assignment in snapshot.ResourcesOfType(ResourceTypes.RoleAssignment))
            {
                var principalId = assignment.GetString("properties.principalId");
                var roleDefinitionId = assignment.GetString("properties.roleDefinitionId");
                if (principalId == null || roleDefinitionId == null || !actingAs.TryGetValue(principalId, out var holders))
                {
                    continue;
                }

                var roleId = AiResourceTypes.LastSegment(roleDefinitionId);
                if (roleId.EqualsIgnoreCase(ReaderRoleId))
                {
                    continue;
                }

                var scope = (assignment.GetString("properties.scope") ?? ScopeOf(assignment.Id)).TrimEnd('/');
                foreach (var store in StoresUnder(scope).Where(s => Covers(scope, s, managementGroupsBySubscription)))
                {
                    foreach (var holder in holders)
                    {
                        var how = $"holds {AzureRoleNames.NameOf(roleId)} at {(scope.Length == 0 ? "/" : scope)}{holder.Via}";
                        AddReach(store.Id, new AiReach(holder.AiId, holder.AiName, how, roleId, assignment.Id));
                    }
                }
            }
        }

        /// <summary>AI identities by principal id: agents in the directory and managed identities of AI resources.</summary>
        private static Dictionary<string, (string AiId, string AiName)> AiIdentities(TenantSnapshot snapshot)
        {
            var identities = new Dictionary<string, (string AiId, string AiName)>(StringComparer.OrdinalIgnoreCase);
            foreach (var resource in ResourceTypes.AiIdentityResourceTypes.SelectMany(snapshot.ResourcesOfType))
            {
                foreach (var principalId in AiIdentityNoPrivilegedAzureRoles.PrincipalIdsOf(resource))
                {
                    identities[principalId] = (resource.Id, $"{ResourceTypes.DisplayName(resource.Type)} '{resource.Name}' (managed identity {principalId})");
                }
            }

            // Agents only the directory shows (agent identities, AI apps' principals). An AI resource's identity keeps the
            // resource's name, so a result reads the same whether or not Graph was collected.
            foreach (var agent in GraphDirectory.For(snapshot).Agents)
            {
                if (!identities.ContainsKey(agent.Id))
                {
                    identities[agent.Id] = (agent.Id, $"agent '{agent.DisplayName}' ({agent.Id})");
                }
            }

            return identities;
        }

        private void AddWiredReach(TenantSnapshot snapshot)
        {
            foreach (var connection in ConnectionTypes.SelectMany(snapshot.ResourcesOfType))
            {
                var owner = connection.Parent;
                var store = FindStore(connection.GetString("properties.metadata.ResourceId"))
                            ?? FindStore(connection.GetString("properties.target"));
                if (owner != null && store != null)
                {
                    AddReach(store.Id, new AiReach(owner.Id, Describe(owner), $"connection '{connection.Name}' targets it"));
                }
            }

            foreach (var link in snapshot.ResourcesOfType(ResourceTypes.SearchSharedPrivateLink))
            {
                var owner = link.Parent;
                var store = FindStore(link.GetString("properties.privateLinkResourceId"));
                if (owner != null && store != null)
                {
                    AddReach(store.Id, new AiReach(owner.Id, Describe(owner), $"shared private link '{link.Name}' reaches it"));
                }
            }

            foreach (var workspace in snapshot.ResourcesOfType(ResourceTypes.MachineLearningWorkspace))
            {
                foreach (var property in new[] { "storageAccount", "keyVault" })
                {
                    var store = FindStore(workspace.GetString("properties." + property));
                    if (store != null)
                    {
                        AddReach(store.Id, new AiReach(workspace.Id, Describe(workspace), $"is its default {property}"));
                    }
                }

                foreach (var datastore in workspace.ChildrenOfType(ResourceTypes.MachineLearningDatastore))
                {
                    var accountName = datastore.GetString("properties.accountName");
                    if (accountName != null && _storesByName.TryGetValue(accountName, out var store) && store.IsType(ResourceTypes.StorageAccount))
                    {
                        AddReach(store.Id, new AiReach(workspace.Id, Describe(workspace), $"datastore '{datastore.Name}' reads it"));
                    }
                }
            }
        }

        /// <summary>The store an ARM id or an endpoint URL names (https://&lt;name&gt;.blob.core.windows.net/...).</summary>
        private ArmResource? FindStore(string? reference)
        {
            if (string.IsNullOrWhiteSpace(reference))
            {
                return null;
            }

            if (reference!.StartsWith("/", StringComparison.Ordinal))
            {
                return _stores.TryGetValue(reference.TrimEnd('/'), out var byId) ? byId : null;
            }

            return Uri.TryCreate(reference, UriKind.Absolute, out var uri) && uri.Host.Contains(".")
                   && _storesByName.TryGetValue(uri.Host.Substring(0, uri.Host.IndexOf('.')), out var byName)
                ? byName
                : null;
        }

        /// <summary>
        /// The stores a scope can cover: those of its subscription or resource group (the narrowest such prefix of the
        /// scope), or every store for the root and management group scopes. <see cref="Covers"/> still decides.
        /// </summary>
        private IEnumerable<ArmResource> StoresUnder(string scope)
        {
            foreach (var length in new[] { 5, 3 })
            {
                var prefix = ScopePrefix(scope, length);
                if (prefix != null)
                {
                    return _storesUnder.TryGetValue(prefix, out var under) ? under : Enumerable.Empty<ArmResource>();
                }
            }

            return _stores.Values;
        }

        /// <summary>
        /// The first <paramref name="segments"/> path segments of an id when they name a subscription (3:
        /// <c>/subscriptions/x</c>) or a resource group (5: <c>/subscriptions/x/resourceGroups/y</c>); otherwise null.
        /// </summary>
        private static string? ScopePrefix(string id, int segments)
        {
            var parts = id.Split('/');
            if (parts.Length < segments || parts[0].Length != 0 || !parts[1].EqualsIgnoreCase("subscriptions")
                || (segments == 5 && !parts[3].EqualsIgnoreCase("resourceGroups")))
            {
                return null;
            }

            return string.Join("/", parts, 0, segments);
        }

        private static bool Covers(string scope, ArmResource store, Dictionary<string, HashSet<string>> managementGroupsBySubscription)
        {
            if (scope.Length == 0)
            {
                return true;
            }

            const string ManagementGroups = "/providers/Microsoft.Management/managementGroups/";
            if (scope.StartsWith(ManagementGroups, StringComparison.OrdinalIgnoreCase))
            {
                var group = scope.Substring(ManagementGroups.Length);
                return store.SubscriptionId != null
                       && managementGroupsBySubscription.TryGetValue(store.SubscriptionId, out var groups)
                       && groups.Contains(group);
            }

            return store.Id.Equals(scope, StringComparison.OrdinalIgnoreCase)
                   || store.Id.StartsWith(scope + "/", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>
        /// The management groups above each subscription, from Resource Graph's <c>properties.managementGroupAncestorsChain</c>
        /// on subscription rows; empty when the snapshot's subscriptions do not carry it.
        /// </summary>
        private static Dictionary<string, HashSet<string>> ManagementGroupsBySubscription(TenantSnapshot snapshot)
        {
            var result = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (var subscription in snapshot.Subscriptions)
            {
                var id = subscription.GetString("subscriptionId");
                if (id == null)
                {
                    continue;
                }

                result[id] = new HashSet<string>(
                    subscription.GetArray("properties.managementGroupAncestorsChain").Select(m => m.GetString("name")).OfType<string>(),
                    StringComparer.OrdinalIgnoreCase);
            }

            return result;
        }

        private static string Describe(ArmResource resource) => $"{ResourceTypes.DisplayName(resource.Type)} '{resource.Name}'";

        private void AddReach(string storeId, AiReach reach)
        {
            if (!_byStore.TryGetValue(storeId, out var list))
            {
                list = new List<AiReach>();
                _byStore[storeId] = list;
            }

            if (!list.Any(r => r.AiId.EqualsIgnoreCase(reach.AiId) && r.How == reach.How))
            {
                list.Add(reach);
            }
        }

        private static void Add<T>(Dictionary<string, List<T>> map, string key, T value)
        {
            if (!map.TryGetValue(key, out var list))
            {
                list = new List<T>();
                map[key] = list;
            }

            list.Add(value);
        }

        private static string ScopeOf(string assignmentId)
        {
            var cut = assignmentId.LastIndexOf("/providers/" + ResourceTypes.RoleAssignment + "/", StringComparison.OrdinalIgnoreCase);
            return cut > 0 ? assignmentId.Substring(0, cut) : string.Empty;
        }

        /// <summary>Evidence of the reach, one line per AI, for a result on a reachable store.</summary>
        public static string Describe(IReadOnlyList<AiReach> reaches) =>
            JsonText.StringArray(reaches.Select(r => r.ToString()));
    }
}
