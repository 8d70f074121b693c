using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Snapshot;
using ZeroTrustAI.Engine.Snapshot.Compact;

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

        private static readonly ConditionalWeakTable<TenantSnapshot, Lazy<GraphDirectory>> Cache = new ConditionalWeakTable<TenantSnapshot, Lazy<GraphDirectory>>();

        /// <summary>Objects at least this large (Microsoft Graph's own service principal) are parsed once and kept.</summary>
        private const int KeepParsedBytes = 4096;

        private readonly StringTable _strings;

        // The sets whose objects the directory indexes, numbered for ObjectRef.Packed.
        private readonly List<JsonArena> _arenas = new List<JsonArena>();

        // Service principals, agent sets first, each once; JSON stays in the snapshot and is parsed when read. Each is a
        // packed ObjectRef (4 bytes, where the arena and index were 16: 1.4 million principals and applications at 1M).
        private readonly ChunkedArray<int> _servicePrincipals = new ChunkedArray<int>();
        private readonly Dictionary<int, int> _servicePrincipalsById = new Dictionary<int, int>();
        // Made in the one pass over the principals: every full assessment looks principals up by appId, and a pass of
        // its own would parse a million principals again.
        private readonly AppIdIndex _servicePrincipalsByAppId = new AppIdIndex();
        // Each service principal's object id, by its index: an application's principal is named without parsing it.
        private readonly ChunkedArray<int> _servicePrincipalIds = new ChunkedArray<int>();
        // Microsoft's own service principals, by number: a few percent of a tenant's, read by the controls on them alone.
        private readonly List<int> _microsoftOwned = new List<int>();
        private readonly ConcurrentDictionary<int, JsonElement> _parsedLarge = new ConcurrentDictionary<int, JsonElement>();
        private readonly ConcurrentDictionary<int, ResourcePrincipal> _resources = new ConcurrentDictionary<int, ResourcePrincipal>();
        // Agents' detection reasons, types and owning tenants repeat (one tag marks thousands of agents): each text is kept once.
        private readonly Dictionary<string, string> _agentTexts = new Dictionary<string, string>(StringComparer.Ordinal);

        private readonly ChunkedArray<int> _applications = new ChunkedArray<int>();
        private readonly ChunkedArray<int> _applicationAppIds = new ChunkedArray<int>();
        private readonly HashSet<int> _blueprintApplications = new HashSet<int>();
        private readonly Dictionary<int, int> _applicationsById = new Dictionary<int, int>();
        private readonly Dictionary<int, int> _applicationsByAppId = new Dictionary<int, int>();
        private readonly HashSet<string> _blueprintAppIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly List<JsonElement> _blueprints = new List<JsonElement>();

        // App role assignments: entries 0..n-1 are those expanded inline (in the inline store), then the separate set's records.
        private readonly RecordStore? _assignmentSet;
        private readonly RecordStore _inlineAssignments;
        private readonly Dictionary<int, int> _inlinePrincipal = new Dictionary<int, int>();
        private readonly HashSet<int> _inheritedInline = new HashSet<int>();
        private readonly RelationIndex _assignmentsByPrincipal;
        private readonly List<int>? _keptAssignments;

        private readonly GraphSet? _grantSet;
        private readonly RelationIndex _grantsByClient;

        private readonly List<CompactRecord> _owners = new List<CompactRecord>();
        private readonly List<int> _ownedObjectOf = new List<int>();
        private readonly RecordStore _inlineOwners;
        private readonly RelationIndex _ownersByObject;
        private readonly HashSet<int> _objectsWithOwnerData = new HashSet<int>();
        private readonly List<int> _inlineOwnedObjects = new List<int>();

        private readonly Dictionary<string, JsonElement> _roleDefinitions = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        private readonly List<DirectoryRoleAssignment> _roleAssignments = new List<DirectoryRoleAssignment>();
        private readonly Dictionary<string, List<DirectoryRoleAssignment>> _roleAssignmentsByPrincipal = new Dictionary<string, List<DirectoryRoleAssignment>>(StringComparer.OrdinalIgnoreCase);
        private readonly List<DirectoryAgent> _agents = new List<DirectoryAgent>();
        private readonly Dictionary<string, DirectoryAgent> _agentsById = new Dictionary<string, DirectoryAgent>(StringComparer.OrdinalIgnoreCase);
        private readonly bool _ownerSetsPresent;
        // Read on first use: only the privilege walk and the controls built on it follow group memberships.
        private readonly Lazy<GroupIndex> _groups;
        private readonly Lazy<(List<DirectoryAgent> List, Dictionary<string, DirectoryAgent> ById)> _agentUsers;

        private static readonly Guid MicrosoftTenant = Guid.Parse(GraphPermissionCatalog.MicrosoftTenantId);

        private GraphDirectory(TenantSnapshot snapshot)
        {
            Snapshot = snapshot;
            _strings = snapshot.Strings;
            _inlineAssignments = new RecordStore(CompactSchemas.AppRoleAssignment, _strings);
            _inlineOwners = new RecordStore(CompactSchemas.Owner, _strings);
            _assignmentSet = snapshot.GetGraphSet(GraphSetNames.AppRoleAssignments)?.Records;
            _grantSet = snapshot.GetGraphSet(GraphSetNames.OAuth2PermissionGrants);

            // One pass over every service principal: index, relations expanded inline, agent detection.
            var aiResourcePrincipals = AiResourcePrincipalIds(snapshot);
            var hasInlineAssignments = false;
            foreach (var set in new[] { GraphSetNames.AgentIdentities, GraphSetNames.AgentBlueprintPrincipals, GraphSetNames.ServicePrincipals })
            {
                var arena = snapshot.GetGraphSet(set)?.Objects;
                var number = Numbered(arena);
                for (var index = 0; arena != null && index < arena.Count; index++)
                {
                    using (var document = arena.Parse(index))
                    {
                        hasInlineAssignments |= AddServicePrincipal(document.RootElement, new ObjectRef(arena, number, index), set, aiResourcePrincipals);
                    }

                    // Every principal is parsed again here, as the reader parsed it: at 1M the heap climbed about 400 MB
                    // past its allowance while this and the privilege graph were built, with nothing counted.
                    Evaluation.HeapGovernor.Tick();
                }
            }

            foreach (var set in new[] { GraphSetNames.AgentBlueprints, GraphSetNames.Applications })
            {
                var arena = snapshot.GetGraphSet(set)?.Objects;
                var number = Numbered(arena);
                for (var index = 0; arena != null && index < arena.Count; index++)
                {
                    using (var document = arena.Parse(index))
                    {
                        AddApplication(document.RootElement, new ObjectRef(arena, number, index), set == GraphSetNames.AgentBlueprints);
                    }

                    Evaluation.HeapGovernor.Tick();
                }
            }

            _assignmentsByPrincipal = RelationIndex.Build(AssignmentCount, AssignmentPrincipalOf);
            _keptAssignments = RemoveDuplicateAssignments();

            _grantsByClient = _grantSet?.Records is RecordStore grants
                ? RelationIndex.Build(grants.Count, record => grants.Handle(record, ClientField))
                : RelationIndex.Empty;

            _ownerSetsPresent = snapshot.GetGraphSet(GraphSetNames.ServicePrincipalOwners) != null
                                || snapshot.GetGraphSet(GraphSetNames.ApplicationOwners) != null;
            _ownersByObject = IndexOwners(snapshot);
            IndexRoles(snapshot);
            _groups = new Lazy<GroupIndex>(() => new GroupIndex(snapshot), LazyThreadSafetyMode.ExecutionAndPublication);
            _agentUsers = new Lazy<(List<DirectoryAgent>, Dictionary<string, DirectoryAgent>)>(() => IndexAgentUsers(snapshot), LazyThreadSafetyMode.ExecutionAndPublication);

            HasAppRoleAssignmentData = _assignmentSet != null || hasInlineAssignments;
        }

        public TenantSnapshot Snapshot { get; }

        /// <summary>The directory index of a snapshot, built on first use (once, even when asked from several threads) and kept as long as the snapshot lives.</summary>
        public static GraphDirectory For(TenantSnapshot snapshot)
        {
            if (snapshot == null)
            {
                throw new ArgumentNullException(nameof(snapshot));
            }

            return Cache.GetValue(snapshot, s => new Lazy<GraphDirectory>(() => new GraphDirectory(s), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
        }

        /// <summary>Every service principal, agent identities and blueprint principals included, once each (each parsed when read).</summary>
        public IReadOnlyList<JsonElement> ServicePrincipals => new LazyList<JsonElement>(_servicePrincipals.Count, ServicePrincipalAt);

        /// <summary>Applications, agent identity blueprints included.</summary>
        public IReadOnlyList<JsonElement> Applications => new LazyList<JsonElement>(_applications.Count, i => ObjectAt(_applications[i]).Get());

        /// <summary>Agent identity blueprints (applications of type agentIdentityBlueprint).</summary>
        public IReadOnlyList<JsonElement> AgentBlueprints => _blueprints;

        /// <summary>Every principal recognised as an agent or AI-app identity.</summary>
        public IReadOnlyList<DirectoryAgent> Agents => _agents;

        public IReadOnlyList<AppRoleAssignment> AppRoleAssignments => _keptAssignments != null
            ? new LazyList<AppRoleAssignment>(_keptAssignments.Count, i => AssignmentAt(_keptAssignments[i]))
            : new LazyList<AppRoleAssignment>(AssignmentCount, AssignmentAt);

        public IReadOnlyList<JsonElement> OAuth2PermissionGrants => _grantSet?.Items ?? Array.Empty<JsonElement>();

        /// <summary>The grants of <see cref="OAuth2PermissionGrants"/> as compact records: filter on them before building JSON.</summary>
        internal IEnumerable<CompactRecord> OAuth2PermissionGrantRecords()
        {
            var grants = _grantSet?.Records;
            for (var record = 0; grants != null && record < grants.Count; record++)
            {
                yield return new CompactRecord(grants, record);
            }
        }

        /// <summary>Active role assignments and PIM eligibilities.</summary>
        public IReadOnlyList<DirectoryRoleAssignment> DirectoryRoleAssignments => _roleAssignments;

        /// <summary>True when app role assignments were collected (separate set, or expanded on the service principals).</summary>
        public bool HasAppRoleAssignmentData { get; }

        /// <summary>Whether the snapshot holds a service principal with this object id (its JSON is not read).</summary>
        internal bool HasServicePrincipal(string? id) => id != null && _servicePrincipalsById.ContainsKey(_strings.Find(id));

        /// <summary>Whether the snapshot holds an application with this object id (its JSON is not read).</summary>
        internal bool HasApplication(string? objectId) => objectId != null && _applicationsById.ContainsKey(_strings.Find(objectId));

        /// <summary>
        /// The service principals whose <c>appOwnerOrganizationId</c> is Microsoft's tenant, in the order of
        /// <see cref="ServicePrincipals"/>, each parsed when read: the others are not parsed at all.
        /// </summary>
        internal IEnumerable<JsonElement> MicrosoftOwnedServicePrincipals() => _microsoftOwned.Select(ServicePrincipalAt);

        public JsonElement? FindServicePrincipal(string? id) =>
            id != null && _servicePrincipalsById.TryGetValue(_strings.Find(id), out var index) ? ServicePrincipalAt(index) : (JsonElement?)null;

        /// <summary>
        /// Whether a resource service principal is Microsoft Graph, and its names, read from its JSON once (every grant
        /// to the resource names it); null when the snapshot does not hold it.
        /// </summary>
        internal ResourcePrincipal? ResourceOf(string? id)
        {
            if (id == null || !_servicePrincipalsById.TryGetValue(_strings.Find(id), out var index))
            {
                return null;
            }

            return _resources.GetOrAdd(index, i => ResourcePrincipalOf(ServicePrincipalAt(i)));
        }

        /// <summary>
        /// <see cref="ResourceOf"/> and <see cref="AppRoleValue"/> of one role, read from the resource's JSON in one
        /// parse and not kept: the privilege graph resolves each resource and role once, and a million-principal
        /// tenant has hundreds of thousands of resources with roles of their own. Null when the snapshot does not hold it.
        /// </summary>
        internal (ResourcePrincipal Resource, string? RoleValue)? ReadResourceRole(string? resourceId, string appRoleId)
        {
            if (resourceId == null || !_servicePrincipalsById.TryGetValue(_strings.Find(resourceId), out var index))
            {
                return null;
            }

            var sp = ServicePrincipalAt(index);
            return (ResourcePrincipalOf(sp), RoleValue(sp, appRoleId));
        }

        private static ResourcePrincipal ResourcePrincipalOf(JsonElement sp)
        {
            var displayName = sp.GetString("displayName");
            return new ResourcePrincipal(
                string.Equals(sp.GetString("appId"), GraphPermissionCatalog.MicrosoftGraphAppId, StringComparison.OrdinalIgnoreCase),
                displayName,
                displayName == null ? sp.GetString("appDisplayName") : null);
        }

        public JsonElement? FindServicePrincipalByAppId(string? appId) =>
            appId != null && _servicePrincipalsByAppId.TryFind(appId, out var index) ? ServicePrincipalAt(index) : (JsonElement?)null;

        /// <summary>
        /// The object id of the service principal of an application (by the application's object id and its appId),
        /// or null: what <c>FindServicePrincipalByAppId(FindApplication(id)?.GetString("appId"))?.GetString("id")</c>
        /// gives, read from the indexes (the privilege graph asks it of every owned application).
        /// </summary>
        internal string? ServicePrincipalIdOfApplication(string? objectId) =>
            objectId != null && _applicationsById.TryGetValue(_strings.Find(objectId), out var application)
                && _strings.Get(_applicationAppIds[application]) is string appId
                && _servicePrincipalsByAppId.TryFind(appId, out var index)
                ? _strings.Get(_servicePrincipalIds[index])
                : null;

        public JsonElement? FindApplicationByAppId(string? appId) =>
            appId != null && _applicationsByAppId.TryGetValue(_strings.Find(appId), out var index) ? ObjectAt(_applications[index]).Get() : (JsonElement?)null;

        public DirectoryAgent? FindAgent(string? id) =>
            id != null && _agentsById.TryGetValue(id, out var agent) ? agent : null;

        /// <summary>
        /// Agent users (beta <c>users/microsoft.graph.agentUser</c>): user accounts an agent identity signs in as, each
        /// with its parent agent identity in <c>identityParentId</c>. Kept apart from <see cref="Agents"/>, which are
        /// service principals.
        /// </summary>
        public IReadOnlyList<DirectoryAgent> AgentUsers => _agentUsers.Value.List;

        /// <summary>The agent user with this object id, or null.</summary>
        public DirectoryAgent? FindAgentUser(string? id) =>
            id != null && _agentUsers.Value.ById.TryGetValue(id, out var user) ? user : null;

        /// <summary>
        /// Applications behind agents: agent identity blueprints, and app registrations whose appId is the appId of
        /// an agent or AI-app service principal.
        /// </summary>
        public IEnumerable<JsonElement> AiApplications()
        {
            var agentAppIds = new HashSet<int>(_agents.Where(a => a.AppId != null).Select(a => _strings.Find(a.AppId)));
            for (var index = 0; index < _applications.Count; index++)
            {
                if (_blueprintApplications.Contains(index) || agentAppIds.Contains(_applicationAppIds[index]))
                {
                    yield return ObjectAt(_applications[index]).Get();
                }
            }
        }

        /// <summary>True when the application is an agent identity blueprint.</summary>
        public bool IsBlueprint(JsonElement application) => IsBlueprint(application.GetString("appId"), application);

        /// <summary>
        /// The app role assignments granted to a principal, including those an agent identity inherits from its
        /// blueprint principal when <c>inheritedAppRoleAssignments</c> was expanded on it.
        /// </summary>
        public IReadOnlyList<AppRoleAssignment> AppRoleAssignmentsOf(string principalId)
        {
            var key = _strings.Find(principalId);
            return key < 0 ? Array.Empty<AppRoleAssignment>() : _assignmentsByPrincipal.Of(key).Select(AssignmentAt).ToList();
        }

        /// <summary>
        /// What a privilege walk reads of a principal's app role assignments, without making them (each would be an object
        /// and three id strings, for every agent, on every walk): per assignment its resource and app role handles, the
        /// resource name it carries and whether it is inherited, and its entry for <see cref="AppRoleAssignmentAt"/>.
        /// </summary>
        internal AssignmentKey[] AppRoleAssignmentKeysOf(string principalId)
        {
            if (!_assignmentsByPrincipal.TryGetRange(_strings.Find(principalId), out var start, out var count) || count == 0)
            {
                return Array.Empty<AssignmentKey>();
            }

            var keys = new AssignmentKey[count];
            for (var i = 0; i < count; i++)
            {
                var entry = _assignmentsByPrincipal.EntryAt(start + i);
                var (store, record, inherited) = AssignmentSource(entry);
                keys[i] = new AssignmentKey(
                    entry,
                    store.Handle(record, ResourceField),
                    store.Handle(record, AppRoleField),
                    store.GetString(record, ResourceNameField),
                    inherited);
            }

            return keys;
        }

        /// <summary>
        /// A principal's app role assignments of one app role (its id compared ignoring case, as
        /// <see cref="AppRoleAssignment.AppRoleId"/> reads), making only those: a fix names the few assignments a finding
        /// flags among the many an agent holds, and making every one was an object and three id strings each.
        /// </summary>
        internal IReadOnlyList<AppRoleAssignment> AppRoleAssignmentsOf(string principalId, string appRoleId)
        {
            if (!_assignmentsByPrincipal.TryGetRange(_strings.Find(principalId), out var start, out var count))
            {
                return Array.Empty<AppRoleAssignment>();
            }

            // A GUID interned as one reads back in its canonical form, which equals appRoleId ignoring case exactly when
            // appRoleId is the same GUID in that form.
            var isGuid = Guid.TryParseExact(appRoleId, "D", out var roleGuid);
            var matching = new List<AppRoleAssignment>();
            for (var i = 0; i < count; i++)
            {
                var entry = _assignmentsByPrincipal.EntryAt(start + i);
                var (store, record, _) = AssignmentSource(entry);
                var handle = store.Handle(record, AppRoleField);
                var same = _strings.TryGetGuid(handle, out var guid)
                    ? isGuid && guid == roleGuid
                    : _strings.Get(handle).EqualsIgnoreCase(appRoleId);
                if (same)
                {
                    matching.Add(AssignmentAt(entry));
                }
            }

            return matching;
        }

        /// <summary>Whether any app role assignment indexed under a principal is inherited (from an agent's blueprint).</summary>
        internal bool HasInheritedAppRoleAssignment(string principalId)
        {
            if (!_assignmentsByPrincipal.TryGetRange(_strings.Find(principalId), out var start, out var count))
            {
                return false;
            }

            for (var i = 0; i < count; i++)
            {
                if (AssignmentSource(_assignmentsByPrincipal.EntryAt(start + i)).Inherited)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The assignment of an entry <see cref="AppRoleAssignmentKeysOf"/> gave.</summary>
        internal AppRoleAssignment AppRoleAssignmentAt(int entry) => AssignmentAt(entry);

        /// <summary>Delegated permission grants whose client is the service principal.</summary>
        public IReadOnlyList<JsonElement> GrantsOf(string clientId) => GrantRecordsOf(clientId).Select(g => g.ToElement()).ToList();

        /// <summary>The grants of <see cref="GrantsOf"/> as compact records: their properties read without building JSON.</summary>
        internal IReadOnlyList<CompactRecord> GrantRecordsOf(string clientId)
        {
            var key = _strings.Find(clientId);
            var grants = _grantSet?.Records;
            return key < 0 || grants == null ? Array.Empty<CompactRecord>() : _grantsByClient.Of(key).Select(record => new CompactRecord(grants, record)).ToList();
        }

        /// <summary>Directory roles (active and eligible) held by a principal.</summary>
        public IReadOnlyList<DirectoryRoleAssignment> DirectoryRolesOf(string principalId) =>
            _roleAssignmentsByPrincipal.TryGetValue(principalId, out var list) ? list : (IReadOnlyList<DirectoryRoleAssignment>)Array.Empty<DirectoryRoleAssignment>();

        /// <summary>
        /// The owners of an object (service principal or application); null when owners were not collected for it
        /// (no owners set and no inline <c>owners</c>), so callers can tell "none" from "unknown".
        /// </summary>
        public IReadOnlyList<JsonElement>? OwnersOf(string objectId)
        {
            var key = _strings.Find(objectId);
            if (key >= 0 && _ownersByObject.Contains(key))
            {
                return _ownersByObject.Of(key).Select(entry => _owners[entry].ToElement()).ToList();
            }

            return _ownerSetsPresent || (key >= 0 && _objectsWithOwnerData.Contains(key)) ? Array.Empty<JsonElement>() : null;
        }

        /// <summary>Every ownership as (owner id, owned object id), from the owners sets and inline owners.</summary>
        public IEnumerable<(string OwnerId, string OwnedObjectId)> Ownerships()
        {
            for (var entry = 0; entry < _owners.Count; entry++)
            {
                var owned = _strings.Get(_ownedObjectOf[entry]);
                var owner = _owners[entry].GetString("id");
                if (owned != null && owner != null)
                {
                    yield return (owner, owned);
                }
            }
        }

        /// <summary>An application (agent identity blueprints included) by object id; null when not in the snapshot.</summary>
        public JsonElement? FindApplication(string? objectId) =>
            objectId != null && _applicationsById.TryGetValue(_strings.Find(objectId), out var index) ? ObjectAt(_applications[index]).Get() : (JsonElement?)null;

        /// <summary>The groups a principal belongs to, directly or nested (transitiveMemberOf).</summary>
        public IReadOnlyList<GroupMembership> GroupsOf(string memberId) =>
            _groups.Value.ByMember.TryGetValue(memberId, out var list) ? list : (IReadOnlyList<GroupMembership>)Array.Empty<GroupMembership>();

        /// <summary>The display name of a group some principal belongs to; null when no membership names it.</summary>
        public string? GroupName(string groupId) => _groups.Value.Names.TryGetValue(groupId, out var name) ? name : null;

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
            ?? PrivilegeTierTable.Default.Find(TierTableSection.EntraRoles, roleDefinitionId)?.Name
            ?? roleDefinitionId;

        /// <summary>Whether a directory role is privileged: tier 0 or 1 by <see cref="RoleTier"/>.</summary>
        public bool IsPrivilegedRole(string roleDefinitionId, PrivilegeTierTable? table = null) =>
            RoleTier(roleDefinitionId, table) <= GraphPermissionCatalog.SensitiveDataTier;

        /// <summary>
        /// The tier of a directory role: the tier table's rating of its template; a tenant's <c>isPrivileged=true</c>
        /// raises it to at least tier 1, and <c>isPrivileged=false</c> never lowers it. A role the table does not rate
        /// takes the tenant's word (tier 1 or 2); without either it is unknown (null).
        /// </summary>
        public int? RoleTier(string roleDefinitionId, PrivilegeTierTable? table = null)
        {
            table ??= PrivilegeTierTable.Default;
            var definition = FindRoleDefinition(roleDefinitionId);
            var templateId = definition?.GetString("templateId") ?? roleDefinitionId;
            var rated = table.Find(TierTableSection.EntraRoles, templateId)?.Tier ?? table.Find(TierTableSection.EntraRoles, roleDefinitionId)?.Tier;
            var flagged = definition?.GetBool("isPrivileged");
            if (rated.HasValue)
            {
                return flagged == true ? Math.Min(rated.Value, GraphPermissionCatalog.SensitiveDataTier) : rated;
            }

            return flagged.HasValue ? (flagged.Value ? GraphPermissionCatalog.SensitiveDataTier : GraphPermissionCatalog.LimitedTier) : (int?)null;
        }

        /// <summary><see cref="NameOf"/> of a resource service principal, through <see cref="ResourceOf"/>.</summary>
        internal string ResourceNameOf(string? resourceId)
        {
            var resource = ResourceOf(resourceId);
            return resource?.DisplayName ?? resource?.AppDisplayName ?? resourceId ?? "(unknown)";
        }

        /// <summary>Display name of any service principal or application by object id, for messages.</summary>
        public string NameOf(string? objectId)
        {
            var sp = FindServicePrincipal(objectId);
            return sp?.GetString("displayName") ?? sp?.GetString("appDisplayName") ?? objectId ?? "(unknown)";
        }

        /// <summary>
        /// The value (else display name) of an app role a resource service principal defines, from its appRoles;
        /// null when the resource is not in the snapshot or does not define the role. Read from the resource's JSON on
        /// each call: no table of every resource's roles is kept (most resources are asked for one or two roles, and a
        /// million-principal tenant has hundreds of thousands of resources); the privilege graph asks once per role.
        /// </summary>
        public string? AppRoleValue(string resourceId, string appRoleId)
        {
            return _servicePrincipalsById.TryGetValue(_strings.Find(resourceId), out var index) ? RoleValue(ServicePrincipalAt(index), appRoleId) : null;
        }

        private static string? RoleValue(JsonElement resource, string appRoleId)
        {
            // The first role with the id wins, as the roles are listed.
            foreach (var role in resource.GetArray("appRoles"))
            {
                if (role.GetString("id") is string id && string.Equals(id, appRoleId, StringComparison.OrdinalIgnoreCase))
                {
                    return role.GetString("value") ?? role.GetString("displayName");
                }
            }

            return null;
        }

        private const int PrincipalField = 2;
        private const int ResourceField = 3;
        private const int ResourceNameField = 4;
        private const int AppRoleField = 1;
        private const int ClientField = 1;
        private const int OwnedObjectField = 5;

        /// <summary>
        /// Indexes by appId, ignoring case: an appId is a GUID, kept as one (16 bytes) rather than as a string (about
        /// 100 bytes with its entry, a million times over in a large tenant); any other text as text.
        /// </summary>
        private sealed class AppIdIndex
        {
            private readonly Dictionary<Guid, int> _guids = new Dictionary<Guid, int>();
            private readonly Dictionary<string, int> _texts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);

            /// <summary>Adds the first index seen for an appId.</summary>
            public void TryAdd(string appId, int index)
            {
                if (AsGuid(appId) is Guid guid)
                {
                    if (!_guids.ContainsKey(guid))
                    {
                        _guids[guid] = index;
                    }
                }
                else if (!_texts.ContainsKey(appId))
                {
                    _texts[appId] = index;
                }
            }

            public bool TryFind(string appId, out int index) =>
                AsGuid(appId) is Guid guid ? _guids.TryGetValue(guid, out index) : _texts.TryGetValue(appId, out index);

            // Only the 36-character form: two such strings are one GUID exactly when they are equal ignoring case.
            private static Guid? AsGuid(string text) => text.Length == 36 && Guid.TryParseExact(text, "D", out var guid) ? guid : (Guid?)null;
        }

        private JsonElement ServicePrincipalAt(int index)
        {
            var reference = ObjectAt(_servicePrincipals[index]);
            if (reference.Arena.LengthOf(reference.Index) < KeepParsedBytes)
            {
                return reference.Get();
            }

            return _parsedLarge.GetOrAdd(index, _ => reference.Get());
        }

        private bool IsBlueprint(string? appId, JsonElement application) =>
            (appId != null && _blueprintAppIds.Contains(appId))
            || string.Equals(application.GetString("@odata.type"), "#microsoft.graph.agentIdentityBlueprint", StringComparison.OrdinalIgnoreCase);

        /// <returns>True when the service principal carries expanded appRoleAssignments.</returns>
        private bool AddServicePrincipal(JsonElement item, ObjectRef reference, string set, Dictionary<string, string> aiResourcePrincipals)
        {
            var id = item.GetString("id");
            if (id == null)
            {
                return false;
            }

            var idHandle = _strings.Intern(id);
            if (_servicePrincipalsById.ContainsKey(idHandle))
            {
                return false;
            }

            var index = _servicePrincipals.Add(reference.Packed);
            _servicePrincipalsById[idHandle] = index;
            _servicePrincipalIds.Add(idHandle);
            if (item.GetString("appId") is string appId)
            {
                _servicePrincipalsByAppId.TryAdd(appId, index);
            }

            // Compared as a GUID (no string made): every spelling of Microsoft's tenant id parses to it.
            if (item.TryGetPropertyIgnoreCase("appOwnerOrganizationId", out var owner) && owner.ValueKind == JsonValueKind.String
                && owner.TryGetGuid(out var ownerTenant) && ownerTenant == MicrosoftTenant)
            {
                _microsoftOwned.Add(index);
            }

            var inline = item.Get("appRoleAssignments");
            foreach (var assignment in item.GetArray("appRoleAssignments"))
            {
                AddInlineAssignment(assignment, idHandle, inherited: false);
            }

            foreach (var assignment in item.GetArray("inheritedAppRoleAssignments"))
            {
                AddInlineAssignment(assignment, idHandle, inherited: true);
            }

            AddInlineOwners(item, idHandle);
            DetectAgent(item, reference, id, set, aiResourcePrincipals);
            return inline.HasValue;
        }

        private void AddApplication(JsonElement application, ObjectRef reference, bool isBlueprintSet)
        {
            var appId = application.GetString("appId");
            if (isBlueprintSet)
            {
                _blueprints.Add(reference.Get());
                if (appId != null)
                {
                    _blueprintAppIds.Add(appId);
                }
            }

            var appIdHandle = appId == null ? StringTable.Missing : _strings.Intern(appId);
            if (appId != null && _applicationsByAppId.ContainsKey(appIdHandle))
            {
                return;
            }

            var index = _applications.Add(reference.Packed);
            _applicationAppIds.Add(appIdHandle);
            if (application.GetString("id") is string objectId)
            {
                _applicationsById[_strings.Intern(objectId)] = index;
            }

            if (appId != null)
            {
                _applicationsByAppId[appIdHandle] = index;
            }

            if (IsBlueprint(appId, application))
            {
                _blueprintApplications.Add(index);
            }

            var id = application.GetString("id");
            if (id != null)
            {
                AddInlineOwners(application, _strings.Intern(id));
            }
        }

        private void AddInlineAssignment(JsonElement item, int servicePrincipal, bool inherited)
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            var record = _inlineAssignments.Add(JsonMarshal.GetRawUtf8Value(item));
            // An inherited assignment names the blueprint principal as principalId; it counts for the agent.
            var principal = _inlineAssignments.Handle(record, PrincipalField);
            if (inherited || principal < 0)
            {
                _inlinePrincipal[record] = servicePrincipal;
            }

            if (inherited)
            {
                _inheritedInline.Add(record);
            }
        }

        private void AddInlineOwners(JsonElement item, int objectHandle)
        {
            var inline = item.Get("owners");
            if (!inline.HasValue || inline.Value.ValueKind != JsonValueKind.Array)
            {
                return;
            }

            _objectsWithOwnerData.Add(objectHandle);
            foreach (var owner in inline.Value.EnumerateArray())
            {
                _inlineOwners.Add(JsonMarshal.GetRawUtf8Value(owner));
                _inlineOwnedObjects.Add(objectHandle);
            }
        }

        /// <summary>The principal an assignment counts for; negative when it lacks a principal, resource or role.</summary>
        private int AssignmentCount => _inlineAssignments.Count + (_assignmentSet?.Count ?? 0);

        private int AssignmentPrincipalOf(int entry)
        {
            var (store, record, _) = AssignmentSource(entry);
            if (store.Handle(record, ResourceField) < 0 || store.Handle(record, AppRoleField) < 0)
            {
                return -1;
            }

            return store == _inlineAssignments && _inlinePrincipal.TryGetValue(record, out var principal) ? principal : store.Handle(record, PrincipalField);
        }

        /// <summary>
        /// Inline assignments and the separate set may overlap: keeps one per assignment id (per principal, and apart
        /// for inherited ones), or per resource and role when there is no id. Returns the kept entries in read order
        /// when any was dropped, else null (all are kept).
        /// </summary>
        private List<int>? RemoveDuplicateAssignments()
        {
            var dropped = new HashSet<int>();
            foreach (var principal in _assignmentsByPrincipal.Keys.ToList())
            {
                // A principal's assignments are compared with those kept before them; past a few, only with those of
                // the same resource and role (each with each is quadratic for a principal holding hundreds).
                Dictionary<int, List<int>>? byRole = null;
                _assignmentsByPrincipal.Filter(principal, (kept, entry) =>
                {
                    if (byRole == null && kept.Count >= CompareEachUpTo)
                    {
                        byRole = new Dictionary<int, List<int>>();
                        foreach (var earlier in kept)
                        {
                            SameRole(byRole, earlier).Add(earlier);
                        }
                    }

                    var candidates = byRole == null ? kept : SameRole(byRole, entry);
                    foreach (var other in candidates)
                    {
                        if (SameAssignment(other, entry))
                        {
                            dropped.Add(entry);
                            return false;
                        }
                    }

                    if (byRole != null)
                    {
                        candidates.Add(entry);
                    }

                    return true;
                });
            }

            if (dropped.Count == 0)
            {
                return null;
            }

            var result = new List<int>(AssignmentCount - dropped.Count);
            for (var entry = 0; entry < AssignmentCount; entry++)
            {
                if (!dropped.Contains(entry) && AssignmentPrincipalOf(entry) >= 0)
                {
                    result.Add(entry);
                }
            }

            return result;
        }

        /// <summary>How many of a principal's assignments are compared each with each before they are grouped by resource and role.</summary>
        private const int CompareEachUpTo = 16;

        /// <summary>The kept assignments whose resource and role hash as the entry's (case ignored, as <see cref="SameAssignment"/> compares them).</summary>
        private List<int> SameRole(Dictionary<int, List<int>> byRole, int entry)
        {
            var (store, record, _) = AssignmentSource(entry);
            var key = unchecked((HashIgnoringCase(store.Handle(record, ResourceField)) * 31) + HashIgnoringCase(store.Handle(record, AppRoleField)));
            if (!byRole.TryGetValue(key, out var list))
            {
                list = new List<int>();
                byRole[key] = list;
            }

            return list;
        }

        /// <summary>Equal for strings equal ignoring case: a GUID kept as text hashes as the same GUID kept as a number.</summary>
        private int HashIgnoringCase(int handle)
        {
            if (_strings.TryGetGuid(handle, out var guid))
            {
                return guid.GetHashCode();
            }

            var text = _strings.Get(handle);
            return text == null ? 0 : Guid.TryParse(text, out guid) ? guid.GetHashCode() : StringComparer.OrdinalIgnoreCase.GetHashCode(text);
        }

        /// <summary>
        /// Whether two assignments are one object read twice (inline and in the relation set, or on two pages): the same
        /// id, or without ids the same resource and role, each ignoring case. Two with one id always name one resource
        /// and role; those that do not are contradictory data, kept both (neither hides a permission).
        /// </summary>
        private bool SameAssignment(int left, int right)
        {
            var (leftStore, leftRecord, leftInherited) = AssignmentSource(left);
            var (rightStore, rightRecord, rightInherited) = AssignmentSource(right);
            var leftHasId = leftStore.HasId(leftRecord);
            if (leftInherited != rightInherited || leftHasId != rightStore.HasId(rightRecord))
            {
                return false;
            }

            // The ids first: they differ for nearly every pair, and their stored parts compare without text.
            if (leftHasId && !(leftStore == rightStore
                    ? leftStore.SameId(leftRecord, rightRecord)
                    : string.Equals(leftStore.Id(leftRecord), rightStore.Id(rightRecord), StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }

            return SameField(leftStore, leftRecord, rightStore, rightRecord, ResourceField)
                && SameField(leftStore, leftRecord, rightStore, rightRecord, AppRoleField);
        }

        /// <summary>A field of two records equal ignoring case: one handle is one string, and two GUIDs differ without their text.</summary>
        private bool SameField(RecordStore leftStore, int leftRecord, RecordStore rightStore, int rightRecord, int field)
        {
            var leftHandle = leftStore.Handle(leftRecord, field);
            var rightHandle = rightStore.Handle(rightRecord, field);
            return leftHandle == rightHandle
                || (!(_strings.TryGetGuid(leftHandle, out _) && _strings.TryGetGuid(rightHandle, out _))
                    && string.Equals(_strings.Get(leftHandle), _strings.Get(rightHandle), StringComparison.OrdinalIgnoreCase));
        }

        private (RecordStore Store, int Record, bool Inherited) AssignmentSource(int entry)
        {
            var inline = _inlineAssignments.Count;
            return entry >= inline ? (_assignmentSet!, entry - inline, false) : (_inlineAssignments, entry, _inheritedInline.Contains(entry));
        }

        private AppRoleAssignment AssignmentAt(int entry)
        {
            var (store, record, inherited) = AssignmentSource(entry);
            var principal = _strings.Get(AssignmentPrincipalOf(entry))!;
            return new AppRoleAssignment(
                principal, store.Get(record, ResourceField)!, store.Get(record, AppRoleField)!, new CompactRecord(store, record), inherited,
                store.Handle(record, ResourceField), store.Handle(record, AppRoleField));
        }

        private RelationIndex IndexOwners(TenantSnapshot snapshot)
        {
            var keys = new List<int>();
            foreach (var set in new[] { GraphSetNames.ServicePrincipalOwners, GraphSetNames.ApplicationOwners })
            {
                var records = snapshot.GetGraphSet(set)?.Records;
                for (var record = 0; records != null && record < records.Count; record++)
                {
                    _owners.Add(new CompactRecord(records, record));
                    keys.Add(records.Handle(record, OwnedObjectField));
                }
            }

            for (var record = 0; record < _inlineOwners.Count; record++)
            {
                _owners.Add(new CompactRecord(_inlineOwners, record));
                keys.Add(_inlineOwnedObjects[record]);
            }

            _ownedObjectOf.AddRange(keys);
            return RelationIndex.Build(_owners.Count, entry => keys[entry]);
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

        private void DetectAgent(JsonElement sp, ObjectRef reference, string id, string set, Dictionary<string, string> aiResourcePrincipals)
        {
            var odataType = sp.GetString("@odata.type");
            string? reason = null;
            var kind = AgentKind.AgentIdentity;
            var isBlueprintPrincipal = false;

            // The agent sets are read first, so a principal kept from one of them is a member of it.
            if (set == GraphSetNames.AgentIdentities || string.Equals(odataType, AgentIdentityODataType, StringComparison.OrdinalIgnoreCase))
            {
                reason = "Entra agent identity";
            }
            else if (set == GraphSetNames.AgentBlueprintPrincipals || string.Equals(odataType, BlueprintPrincipalODataType, StringComparison.OrdinalIgnoreCase))
            {
                reason = "Entra agent identity blueprint principal";
                isBlueprintPrincipal = true;
            }
            else if (IsManagedIdentity(sp) && (aiResourcePrincipals.TryGetValue(id, out var resourceId) || TryGetAiResourceAlternativeName(sp, aiResourcePrincipals, out resourceId)))
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
                reason = Shared(reason)!;
                // The agent's JSON is read from the snapshot's copy each time it is asked for: a copy of its own would
                // be a million agents' JSON kept twice. A large principal is kept parsed, as the directory keeps it.
                var name = TableCopy(sp.GetString("displayName") ?? sp.GetString("appDisplayName") ?? id);
                var agent = reference.Arena.LengthOf(reference.Index) < KeepParsedBytes
                    ? new DirectoryAgent(id, name, sp.GetString("appId"), kind, reason, reference.Arena, reference.Index, isBlueprintPrincipal, FactsOf(sp))
                    : new DirectoryAgent(id, name, sp.GetString("appId"), kind, reason, sp.Clone(), isBlueprintPrincipal);
                _agents.Add(agent);
                _agentsById[id] = agent;
            }
        }

        /// <summary>
        /// The string table's own copy of a text when it holds it exactly, else the text: an agent's display name is
        /// there already whenever an app role assignment carries it (principalDisplayName), and a copy per agent was
        /// 19 MB at a million principals.
        /// </summary>
        private string TableCopy(string text)
        {
            var handle = _strings.Find(text);
            return (handle & 1) == 1 && _strings.Get(handle) is string kept && string.Equals(kept, text, StringComparison.Ordinal) ? kept : text;
        }

        /// <summary><see cref="AgentFacts.Of"/> with its texts shared: a million agents would otherwise keep a copy each.</summary>
        private AgentFacts FactsOf(JsonElement sp)
        {
            var facts = AgentFacts.Of(sp);
            return new AgentFacts(Shared(facts.ODataType), facts.AccountEnabled, Shared(facts.AppOwnerOrganizationId), Shared(facts.BlueprintAppId));
        }

        private string? Shared(string? text)
        {
            if (text == null)
            {
                return null;
            }

            if (!_agentTexts.TryGetValue(text, out var shared))
            {
                _agentTexts[text] = shared = text;
            }

            return shared;
        }

        /// <summary>Tags that mark Copilot Studio and agentic apps (catalog row 17; the legacy tag is a third-party observation).</summary>
        internal static bool IsAgentTag(string tag) =>
            string.Equals(tag, "AgenticApp", StringComparison.OrdinalIgnoreCase)
            || string.Equals(tag, "AgenticInstance", StringComparison.OrdinalIgnoreCase)
            || tag.StartsWith("power-virtual-agents-", StringComparison.OrdinalIgnoreCase);

        private static bool IsManagedIdentity(JsonElement sp) =>
            string.Equals(sp.GetString("servicePrincipalType"), "ManagedIdentity", StringComparison.OrdinalIgnoreCase);

        // "/providers/<type>/" of each AI resource type, made once rather than for every name of every principal.
        private static readonly string[] AiProviderSegments = ResourceTypes.AiIdentityResourceTypes.Select(type => "/providers/" + type + "/").ToArray();

        private static bool TryGetAiResourceAlternativeName(JsonElement sp, Dictionary<string, string> aiResourcePrincipals, out string resourceId)
        {
            foreach (var name in sp.GetStrings("alternativeNames"))
            {
                if (AiProviderSegments.Any(segment => name.IndexOf(segment, StringComparison.OrdinalIgnoreCase) >= 0))
                {
                    resourceId = name;
                    return true;
                }

                // A user-assigned identity names its own resource id; the AI resources that use it are keyed by it.
                if (aiResourcePrincipals.TryGetValue(name, out var user))
                {
                    resourceId = user;
                    return true;
                }
            }

            resourceId = string.Empty;
            return false;
        }

        /// <summary>
        /// The AI resource behind each managed identity: by the system-assigned <c>identity.principalId</c>, and for
        /// user-assigned identities by each <c>identity.userAssignedIdentities</c> entry's <c>principalId</c> and by its
        /// key (the identity's resource id, which its service principal lists in <c>alternativeNames</c>).
        /// </summary>
        private static Dictionary<string, string> AiResourcePrincipalIds(TenantSnapshot snapshot)
        {
            var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            void Add(string? key, string resourceId)
            {
                if (key != null && !result.ContainsKey(key))
                {
                    result[key] = resourceId;
                }
            }

            foreach (var type in ResourceTypes.AiIdentityResourceTypes)
            {
                foreach (var resource in snapshot.ResourcesOfType(type))
                {
                    Add(resource.GetString("identity.principalId"), resource.Id);
                    foreach (var (identityId, principalId) in UserAssignedIdentities(resource))
                    {
                        Add(principalId, resource.Id);
                        Add(identityId, resource.Id);
                    }
                }
            }

            return result;
        }

        /// <summary>The user-assigned identities of a resource: (identity resource id, principalId when the response carries it).</summary>
        public static IEnumerable<(string IdentityId, string? PrincipalId)> UserAssignedIdentities(ArmResource resource)
        {
            var map = resource.Get("identity.userAssignedIdentities");
            if (!map.HasValue || map.Value.ValueKind != JsonValueKind.Object)
            {
                yield break;
            }

            foreach (var property in map.Value.EnumerateObject())
            {
                yield return (property.Name, property.Value.ValueKind == JsonValueKind.Object ? property.Value.GetString("principalId") : null);
            }
        }

        private static (List<DirectoryAgent>, Dictionary<string, DirectoryAgent>) IndexAgentUsers(TenantSnapshot snapshot)
        {
            var list = new List<DirectoryAgent>();
            var byId = new Dictionary<string, DirectoryAgent>(StringComparer.OrdinalIgnoreCase);
            foreach (var user in snapshot.GraphItems(GraphSetNames.AgentUsers))
            {
                var id = user.GetString("id");
                if (id == null || byId.ContainsKey(id))
                {
                    continue;
                }

                var agentUser = new DirectoryAgent(id, user.GetString("displayName") ?? user.GetString("userPrincipalName") ?? id, null, AgentKind.AgentUser, "agent user (users/microsoft.graph.agentUser)", user.Clone());
                list.Add(agentUser);
                byId[id] = agentUser;
            }

            return (list, byId);
        }

        /// <summary>Group memberships of service principals (<c>servicePrincipals.transitiveMemberOf</c>), by member, and group names.</summary>
        private sealed class GroupIndex
        {
            public GroupIndex(TenantSnapshot snapshot)
            {
                // Each membership names its member, group and group name afresh: one string per distinct text instead.
                var texts = new Dictionary<string, string>(StringComparer.Ordinal);
                string Shared(string text)
                {
                    if (!texts.TryGetValue(text, out var shared))
                    {
                        texts[text] = shared = text;
                    }

                    return shared;
                }

                foreach (var item in snapshot.GraphItems(GraphSetNames.ServicePrincipalTransitiveMemberOf))
                {
                    // transitiveMemberOf also lists directory roles and administrative units: only groups carry permissions on.
                    var type = item.GetString("@odata.type");
                    var member = item.GetString(GroupMembership.MemberProperty);
                    var group = item.GetString("id");
                    if (member == null || group == null || (type != null && !type.EqualsIgnoreCase("#microsoft.graph.group")))
                    {
                        continue;
                    }

                    if (!ByMember.TryGetValue(member, out var list))
                    {
                        list = new List<GroupMembership>();
                        ByMember[member] = list;
                    }

                    member = Shared(member);
                    group = Shared(group);
                    var name = Shared(item.GetString("displayName") ?? group);
                    list.Add(new GroupMembership(member, group, name));
                    Names[group] = name;
                }
            }

            public Dictionary<string, List<GroupMembership>> ByMember { get; } = new Dictionary<string, List<GroupMembership>>(StringComparer.OrdinalIgnoreCase);

            public Dictionary<string, string> Names { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>Numbers an arena the directory indexes (its number in <see cref="ObjectRef.Packed"/>); -1 for none.</summary>
        private int Numbered(JsonArena? arena)
        {
            if (arena == null)
            {
                return -1;
            }

            _arenas.Add(arena);
            return _arenas.Count - 1;
        }

        private ObjectRef ObjectAt(int packed) => new ObjectRef(_arenas[packed >> ObjectRef.IndexBits], -1, packed & ObjectRef.IndexMask);

        /// <summary>One object kept as JSON in the snapshot.</summary>
        private readonly struct ObjectRef
        {
            /// <summary>The bits of <see cref="Packed"/> that hold the index; the arena's number is above them.</summary>
            public const int IndexBits = 27;
            public const int IndexMask = (1 << IndexBits) - 1;

            private readonly int _arenaNumber;

            /// <param name="arena">The set's objects.</param>
            /// <param name="arenaNumber">The arena's number in the directory, for <see cref="Packed"/>; -1 when not packed again.</param>
            /// <param name="index">The object's index in the arena.</param>
            public ObjectRef(JsonArena arena, int arenaNumber, int index)
            {
                if (index > IndexMask || arenaNumber >= 1 << (31 - IndexBits))
                {
                    throw new InvalidOperationException($"A set of more than {IndexMask + 1} objects, or more than {1 << (31 - IndexBits)} sets, cannot be indexed.");
                }

                Arena = arena;
                _arenaNumber = arenaNumber;
                Index = index;
            }

            public JsonArena Arena { get; }
            public int Index { get; }

            /// <summary>The arena's number and the index in one int, as the directory keeps them.</summary>
            public int Packed => _arenaNumber >= 0 ? (_arenaNumber << IndexBits) | Index : throw new InvalidOperationException("An object read back is not packed again.");

            public JsonElement Get() => Arena.Get(Index);
        }

        /// <summary>A read-only list whose items are made when read (parsed JSON, assignments from records).</summary>
        private sealed class LazyList<T> : IReadOnlyList<T>
        {
            private readonly Func<int, T> _itemAt;

            public LazyList(int count, Func<int, T> itemAt)
            {
                Count = count;
                _itemAt = itemAt;
            }

            public int Count { get; }

            public T this[int index] => index >= 0 && index < Count ? _itemAt(index) : throw new ArgumentOutOfRangeException(nameof(index));

            public IEnumerator<T> GetEnumerator()
            {
                for (var i = 0; i < Count; i++)
                {
                    yield return _itemAt(i);
                }
            }

            System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        }
    }
}
