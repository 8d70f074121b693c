using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Graph
{
    /// <summary>
    /// An index of the Microsoft Graph side of a snapshot: service principals, agents, applications, app role
    /// assignments, owners, sponsors, delegated grants and directory roles. Built once per snapshot and cached.
    /// </summary>
    public sealed class GraphDirectory
    {
        private const string AgentIdentityODataType = "#microsoft.graph.agentIdentity";
        private const string BlueprintPrincipalODataType = "#microsoft.graph.agentIdentityBlueprintPrincipal";

        /// <summary>
        /// What the index reads: every directory set when present, and the AI resources whose managed identities are
        /// agents (they only widen the agents found, so a Graph-only snapshot still judges the agents Graph shows).
        /// </summary>
        public static readonly DataRequirement Data = DataRequirement
            .ReadsIfPresent(GraphSetNames.DirectoryDataSets.ToArray())
            .And(DataRequirement.FindsTargetsIn(ResourceTypes.AiIdentityResourceTypes.Select(DataSets.Arm).ToArray()));

        private static readonly ConditionalWeakTable<TenantSnapshot, GraphDirectory> Cache = new ConditionalWeakTable<TenantSnapshot, GraphDirectory>();

        private readonly List<JsonElement> _servicePrincipals = new List<JsonElement>();
        private readonly Dictionary<string, JsonElement> _servicePrincipalsById = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, JsonElement> _servicePrincipalsByAppId = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        private readonly List<JsonElement> _applications = new List<JsonElement>();
        private readonly Dictionary<string, JsonElement> _applicationsByAppId = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _blueprintAppIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly List<JsonElement> _blueprints = new List<JsonElement>();
        private readonly List<AppRoleAssignment> _appRoleAssignments = new List<AppRoleAssignment>();
        private readonly Dictionary<string, List<AppRoleAssignment>> _appRoleAssignmentsByPrincipal = new Dictionary<string, List<AppRoleAssignment>>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, List<JsonElement>> _ownersByObject = new Dictionary<string, List<JsonElement>>(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _objectsWithOwnerData = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly List<JsonElement> _grants = new List<JsonElement>();
        private readonly Dictionary<string, List<JsonElement>> _grantsByClient = new Dictionary<string, List<JsonElement>>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, JsonElement> _roleDefinitions = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        private readonly List<DirectoryRoleAssignment> _roleAssignments = new List<DirectoryRoleAssignment>();
        private readonly Dictionary<string, List<DirectoryRoleAssignment>> _roleAssignmentsByPrincipal = new Dictionary<string, List<DirectoryRoleAssignment>>(StringComparer.OrdinalIgnoreCase);
        private readonly List<DirectoryAgent> _agents = new List<DirectoryAgent>();
        private readonly Dictionary<string, DirectoryAgent> _agentsById = new Dictionary<string, DirectoryAgent>(StringComparer.OrdinalIgnoreCase);
        private readonly bool _ownerSetsPresent;

        private GraphDirectory(TenantSnapshot snapshot)
        {
            Snapshot = snapshot;

            // Agent sets first so their richer (beta, typed) objects win over the same ids in servicePrincipals.
            foreach (var set in new[] { GraphSetNames.AgentIdentities, GraphSetNames.AgentBlueprintPrincipals, GraphSetNames.ServicePrincipals })
            {
                foreach (var item in snapshot.GraphItems(set))
                {
                    AddServicePrincipal(item);
                }
            }

            foreach (var blueprint in snapshot.GraphItems(GraphSetNames.AgentBlueprints))
            {
                _blueprints.Add(blueprint);
                var appId = blueprint.GetString("appId");
                if (appId != null)
                {
                    _blueprintAppIds.Add(appId);
                }

                AddApplication(blueprint);
            }

            foreach (var application in snapshot.GraphItems(GraphSetNames.Applications))
            {
                AddApplication(application);
            }

            IndexAppRoleAssignments(snapshot);
            _ownerSetsPresent = snapshot.GetGraphSet(GraphSetNames.ServicePrincipalOwners) != null
                                || snapshot.GetGraphSet(GraphSetNames.ApplicationOwners) != null;
            IndexOwners(snapshot);
            foreach (var grant in snapshot.GraphItems(GraphSetNames.OAuth2PermissionGrants))
            {
                _grants.Add(grant);
                var clientId = grant.GetString("clientId");
                if (clientId != null)
                {
                    if (!_grantsByClient.TryGetValue(clientId, out var list))
                    {
                        list = new List<JsonElement>();
                        _grantsByClient[clientId] = list;
                    }

                    list.Add(grant);
                }
            }
            IndexRoles(snapshot);
            DetectAgents(snapshot);

            HasAppRoleAssignmentData = snapshot.GetGraphSet(GraphSetNames.AppRoleAssignments) != null
                                       || _servicePrincipals.Any(sp => sp.Get("appRoleAssignments").HasValue);
        }

        public TenantSnapshot Snapshot { get; }

        /// <summary>The directory index of a snapshot, built on first use and kept as long as the snapshot lives.</summary>
        public static GraphDirectory For(TenantSnapshot snapshot)
        {
            if (snapshot == null)
            {
                throw new ArgumentNullException(nameof(snapshot));
            }

            return Cache.GetValue(snapshot, s => new GraphDirectory(s));
        }

        /// <summary>Every service principal, agent identities and blueprint principals included, once each.</summary>
        public IReadOnlyList<JsonElement> ServicePrincipals => _servicePrincipals;

        /// <summary>Applications, agent identity blueprints included.</summary>
        public IReadOnlyList<JsonElement> Applications => _applications;

        /// <summary>Agent identity blueprints (applications of type agentIdentityBlueprint).</summary>
        public IReadOnlyList<JsonElement> AgentBlueprints => _blueprints;

        /// <summary>Every principal recognised as an agent or AI-app identity.</summary>
        public IReadOnlyList<DirectoryAgent> Agents => _agents;

        public IReadOnlyList<AppRoleAssignment> AppRoleAssignments => _appRoleAssignments;

        public IReadOnlyList<JsonElement> OAuth2PermissionGrants => _grants;

        /// <summary>Active role assignments and PIM eligibilities.</summary>
        public IReadOnlyList<DirectoryRoleAssignment> DirectoryRoleAssignments => _roleAssignments;

        /// <summary>True when app role assignments were collected (separate set, or expanded on the service principals).</summary>
        public bool HasAppRoleAssignmentData { get; }

        public JsonElement? FindServicePrincipal(string? id) =>
            id != null && _servicePrincipalsById.TryGetValue(id, out var sp) ? sp : (JsonElement?)null;

        public JsonElement? FindServicePrincipalByAppId(string? appId) =>
            appId != null && _servicePrincipalsByAppId.TryGetValue(appId, out var sp) ? sp : (JsonElement?)null;

        public JsonElement? FindApplicationByAppId(string? appId) =>
            appId != null && _applicationsByAppId.TryGetValue(appId, out var app) ? app : (JsonElement?)null;

        public DirectoryAgent? FindAgent(string? id) =>
            id != null && _agentsById.TryGetValue(id, out var agent) ? agent : null;

        /// <summary>
        /// Applications behind agents: agent identity blueprints, and app registrations whose appId is the appId of
        /// an agent or AI-app service principal.
        /// </summary>
        public IEnumerable<JsonElement> AiApplications()
        {
            var agentAppIds = new HashSet<string>(_agents.Where(a => a.AppId != null).Select(a => a.AppId!), StringComparer.OrdinalIgnoreCase);
            return _applications.Where(app => IsBlueprint(app) || (app.GetString("appId") is string appId && agentAppIds.Contains(appId)));
        }

        /// <summary>True when the application is an agent identity blueprint.</summary>
        public bool IsBlueprint(JsonElement application)
        {
            var appId = application.GetString("appId");
            return (appId != null && _blueprintAppIds.Contains(appId))
                   || string.Equals(application.GetString("@odata.type"), "#microsoft.graph.agentIdentityBlueprint", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>
        /// The app role assignments granted to a principal, including those an agent identity inherits from its
        /// blueprint principal when <c>inheritedAppRoleAssignments</c> was expanded on it.
        /// </summary>
        public IReadOnlyList<AppRoleAssignment> AppRoleAssignmentsOf(string principalId) =>
            _appRoleAssignmentsByPrincipal.TryGetValue(principalId, out var list) ? list : (IReadOnlyList<AppRoleAssignment>)Array.Empty<AppRoleAssignment>();

        /// <summary>Delegated permission grants whose client is the service principal.</summary>
        public IReadOnlyList<JsonElement> GrantsOf(string clientId) =>
            _grantsByClient.TryGetValue(clientId, out var list) ? list : (IReadOnlyList<JsonElement>)Array.Empty<JsonElement>();

        /// <summary>Directory roles (active and eligible) held by a principal.</summary>
        public IReadOnlyList<DirectoryRoleAssignment> DirectoryRolesOf(string principalId) =>
            _roleAssignmentsByPrincipal.TryGetValue(principalId, out var list) ? list : (IReadOnlyList<DirectoryRoleAssignment>)Array.Empty<DirectoryRoleAssignment>();

        /// <summary>
        /// The owners of an object (service principal or application); null when owners were not collected for it
        /// (no owners set and no inline <c>owners</c>), so callers can tell "none" from "unknown".
        /// </summary>
        public IReadOnlyList<JsonElement>? OwnersOf(string objectId)
        {
            if (_ownersByObject.TryGetValue(objectId, out var owners))
            {
                return owners;
            }

            return _ownerSetsPresent || _objectsWithOwnerData.Contains(objectId) ? Array.Empty<JsonElement>() : null;
        }

        /// <summary>The sponsors expanded on an object; null when the object carries no <c>sponsors</c> property.</summary>
        public static IReadOnlyList<JsonElement>? SponsorsOf(JsonElement directoryObject)
        {
            var sponsors = directoryObject.Get("sponsors");
            return sponsors.HasValue && sponsors.Value.ValueKind == JsonValueKind.Array ? sponsors.Value.EnumerateArray().ToList() : null;
        }

        /// <summary>A role definition by id or template id; null when not in the snapshot.</summary>
        public JsonElement? FindRoleDefinition(string roleDefinitionId) =>
            _roleDefinitions.TryGetValue(roleDefinitionId, out var definition) ? definition : (JsonElement?)null;

        /// <summary>The role's name: the tenant's definition first, then the built-in table, else the id.</summary>
        public string RoleName(string roleDefinitionId) =>
            FindRoleDefinition(roleDefinitionId)?.GetString("displayName")
            ?? GraphPermissionCatalog.DirectoryRoleName(roleDefinitionId)
            ?? roleDefinitionId;

        /// <summary>Whether a directory role is privileged: the definition's <c>isPrivileged</c> wins, else the built-in table.</summary>
        public bool IsPrivilegedRole(string roleDefinitionId)
        {
            var definition = FindRoleDefinition(roleDefinitionId);
            var flagged = definition?.GetBool("isPrivileged");
            if (flagged.HasValue)
            {
                return flagged.Value;
            }

            var templateId = definition?.GetString("templateId") ?? roleDefinitionId;
            return GraphPermissionCatalog.FindPrivilegedDirectoryRole(templateId) != null;
        }

        /// <summary>The tier of a directory role: from the built-in table; a role the tenant flags privileged but the table does not know is tier 1.</summary>
        public int RoleTier(string roleDefinitionId)
        {
            var templateId = FindRoleDefinition(roleDefinitionId)?.GetString("templateId") ?? roleDefinitionId;
            var known = GraphPermissionCatalog.FindPrivilegedDirectoryRole(templateId);
            if (known != null)
            {
                return known.Tier;
            }

            return IsPrivilegedRole(roleDefinitionId) ? GraphPermissionCatalog.SensitiveDataTier : GraphPermissionCatalog.LimitedTier;
        }

        /// <summary>Display name of any service principal or application by object id, for messages.</summary>
        public string NameOf(string? objectId)
        {
            var sp = FindServicePrincipal(objectId);
            return sp?.GetString("displayName") ?? sp?.GetString("appDisplayName") ?? objectId ?? "(unknown)";
        }

        private void AddServicePrincipal(JsonElement item)
        {
            var id = item.GetString("id");
            if (id == null || _servicePrincipalsById.ContainsKey(id))
            {
                return;
            }

            _servicePrincipals.Add(item);
            _servicePrincipalsById[id] = item;
            var appId = item.GetString("appId");
            if (appId != null && !_servicePrincipalsByAppId.ContainsKey(appId))
            {
                _servicePrincipalsByAppId[appId] = item;
            }
        }

        private void AddApplication(JsonElement application)
        {
            var appId = application.GetString("appId");
            if (appId == null)
            {
                _applications.Add(application);
                return;
            }

            if (!_applicationsByAppId.ContainsKey(appId))
            {
                _applicationsByAppId[appId] = application;
                _applications.Add(application);
            }
        }

        private void IndexAppRoleAssignments(TenantSnapshot snapshot)
        {
            // Inline assignments and the separate set may overlap: keep one per assignment id.
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

            void Add(JsonElement item, string? principalIdFallback, bool inheritedBy = false)
            {
                // An inherited assignment names the blueprint principal as principalId; it counts for the agent.
                var principalId = inheritedBy ? principalIdFallback : item.GetString("principalId") ?? principalIdFallback;
                var resourceId = item.GetString("resourceId");
                var appRoleId = item.GetString("appRoleId");
                if (principalId == null || resourceId == null || appRoleId == null)
                {
                    return;
                }

                var key = (inheritedBy ? principalId + "|inherited|" : string.Empty) + (item.GetString("id") ?? $"{principalId}|{resourceId}|{appRoleId}");
                if (!seen.Add(key))
                {
                    return;
                }

                var assignment = new AppRoleAssignment(principalId, resourceId, appRoleId, item);
                _appRoleAssignments.Add(assignment);
                if (!_appRoleAssignmentsByPrincipal.TryGetValue(principalId, out var list))
                {
                    list = new List<AppRoleAssignment>();
                    _appRoleAssignmentsByPrincipal[principalId] = list;
                }

                list.Add(assignment);
            }

            foreach (var sp in _servicePrincipals)
            {
                foreach (var item in sp.GetArray("appRoleAssignments"))
                {
                    Add(item, sp.GetString("id"));
                }

                foreach (var item in sp.GetArray("inheritedAppRoleAssignments"))
                {
                    Add(item, sp.GetString("id"), inheritedBy: true);
                }
            }

            foreach (var item in snapshot.GraphItems(GraphSetNames.AppRoleAssignments))
            {
                Add(item, null);
            }
        }

        private void IndexOwners(TenantSnapshot snapshot)
        {
            void Add(string? ownedObjectId, JsonElement owner)
            {
                if (ownedObjectId == null)
                {
                    return;
                }

                if (!_ownersByObject.TryGetValue(ownedObjectId, out var list))
                {
                    list = new List<JsonElement>();
                    _ownersByObject[ownedObjectId] = list;
                }

                list.Add(owner);
            }

            foreach (var set in new[] { GraphSetNames.ServicePrincipalOwners, GraphSetNames.ApplicationOwners })
            {
                foreach (var owner in snapshot.GraphItems(set))
                {
                    Add(owner.GetString("ownedObjectId"), owner);
                }
            }

            foreach (var item in _servicePrincipals.Concat(_applications))
            {
                var id = item.GetString("id");
                var inline = item.Get("owners");
                if (id == null || !inline.HasValue || inline.Value.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                _objectsWithOwnerData.Add(id);
                foreach (var owner in inline.Value.EnumerateArray())
                {
                    Add(id, owner);
                }
            }
        }

        private void IndexRoles(TenantSnapshot snapshot)
        {
            foreach (var definition in snapshot.GraphItems(GraphSetNames.RoleDefinitions))
            {
                foreach (var key in new[] { definition.GetString("id"), definition.GetString("templateId") })
                {
                    if (key != null && !_roleDefinitions.ContainsKey(key))
                    {
                        _roleDefinitions[key] = definition;
                    }
                }
            }

            void Add(JsonElement item, bool eligible)
            {
                var principalId = item.GetString("principalId") ?? item.GetString("principal.id");
                var roleDefinitionId = item.GetString("roleDefinitionId") ?? item.GetString("roleDefinition.id");
                if (principalId == null || roleDefinitionId == null)
                {
                    return;
                }

                var assignment = new DirectoryRoleAssignment(principalId, roleDefinitionId, item.GetString("directoryScopeId") ?? "/", eligible, item);
                _roleAssignments.Add(assignment);
                if (!_roleAssignmentsByPrincipal.TryGetValue(principalId, out var list))
                {
                    list = new List<DirectoryRoleAssignment>();
                    _roleAssignmentsByPrincipal[principalId] = list;
                }

                list.Add(assignment);
            }

            foreach (var item in snapshot.GraphItems(GraphSetNames.RoleAssignments))
            {
                Add(item, eligible: false);
            }

            foreach (var item in snapshot.GraphItems(GraphSetNames.RoleEligibilities))
            {
                Add(item, eligible: true);
            }
        }

        private void DetectAgents(TenantSnapshot snapshot)
        {
            var agentIdentityIds = IdsOf(snapshot.GraphItems(GraphSetNames.AgentIdentities));
            var blueprintPrincipalIds = IdsOf(snapshot.GraphItems(GraphSetNames.AgentBlueprintPrincipals));
            var aiResourcePrincipals = AiResourcePrincipalIds(snapshot);

            foreach (var sp in _servicePrincipals)
            {
                var id = sp.GetString("id")!;
                var odataType = sp.GetString("@odata.type");
                string? reason = null;
                var kind = AgentKind.AgentIdentity;
                var isBlueprintPrincipal = false;

                if (agentIdentityIds.Contains(id) || string.Equals(odataType, AgentIdentityODataType, StringComparison.OrdinalIgnoreCase))
                {
                    reason = "Entra agent identity";
                }
                else if (blueprintPrincipalIds.Contains(id) || string.Equals(odataType, BlueprintPrincipalODataType, StringComparison.OrdinalIgnoreCase))
                {
                    reason = "Entra agent identity blueprint principal";
                    isBlueprintPrincipal = true;
                }
                else if (IsManagedIdentity(sp) && (aiResourcePrincipals.TryGetValue(id, out var resourceId) || TryGetAiResourceAlternativeName(sp, out resourceId)))
                {
                    kind = AgentKind.ManagedIdentity;
                    reason = $"managed identity of AI resource {resourceId}";
                }
                else
                {
                    var tag = sp.GetStrings("tags").FirstOrDefault(IsAgentTag);
                    if (tag != null)
                    {
                        kind = AgentKind.ServicePrincipal;
                        reason = $"service principal tagged '{tag}'";
                    }
                }

                if (reason != null)
                {
                    var agent = new DirectoryAgent(id, sp.GetString("displayName") ?? sp.GetString("appDisplayName") ?? id, sp.GetString("appId"), kind, reason, sp, isBlueprintPrincipal);
                    _agents.Add(agent);
                    _agentsById[id] = agent;
                }
            }
        }

        /// <summary>Tags that mark Copilot Studio and agentic apps (catalog row 17; the legacy tag is a third-party observation).</summary>
        internal static bool IsAgentTag(string tag) =>
            string.Equals(tag, "AgenticApp", StringComparison.OrdinalIgnoreCase)
            || string.Equals(tag, "AgenticInstance", StringComparison.OrdinalIgnoreCase)
            || tag.StartsWith("power-virtual-agents-", StringComparison.OrdinalIgnoreCase);

        private static bool IsManagedIdentity(JsonElement sp) =>
            string.Equals(sp.GetString("servicePrincipalType"), "ManagedIdentity", StringComparison.OrdinalIgnoreCase);

        private static bool TryGetAiResourceAlternativeName(JsonElement sp, out string resourceId)
        {
            foreach (var name in sp.GetStrings("alternativeNames"))
            {
                if (ResourceTypes.AiIdentityResourceTypes.Any(type => name.IndexOf("/providers/" + type + "/", StringComparison.OrdinalIgnoreCase) >= 0))
                {
                    resourceId = name;
                    return true;
                }
            }

            resourceId = string.Empty;
            return false;
        }

        private static Dictionary<string, string> AiResourcePrincipalIds(TenantSnapshot snapshot)
        {
            var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var type in ResourceTypes.AiIdentityResourceTypes)
            {
                foreach (var resource in snapshot.ResourcesOfType(type))
                {
                    var principalId = resource.GetString("identity.principalId");
                    if (principalId != null && !result.ContainsKey(principalId))
                    {
                        result[principalId] = resource.Id;
                    }
                }
            }

            return result;
        }

        private static HashSet<string> IdsOf(IEnumerable<JsonElement> items)
        {
            var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var item in items)
            {
                var id = item.GetString("id");
                if (id != null)
                {
                    ids.Add(id);
                }
            }

            return ids;
        }
    }
}
