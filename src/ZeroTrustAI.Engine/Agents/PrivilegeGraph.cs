using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Snapshot;
using ZeroTrustAI.Engine.Snapshot.Compact;

namespace ZeroTrustAI.Engine.Agents
{
    /// <summary>
    /// The privilege graph of a snapshot: identities joined by ownership, group membership, blueprint inheritance,
    /// "can act as" (blueprints for their agents, agents for their agent users) and federated identity credentials
    /// (outside issuers that sign in as an application), each with the permissions it holds itself. Built once per snapshot and tier table (adjacency
    /// precomputed, each identity's own permissions resolved once), then walked breadth-first from each agent up to a
    /// depth, so a walk costs the part of the graph the agent reaches and cycles end at identities already seen.
    /// </summary>
    internal sealed class PrivilegeGraph
    {
        private const string RoleAssignmentsSegment = "/providers/" + ResourceTypes.RoleAssignment + "/";

        // Entra roles whose holders manage an application's credentials: scoped to one object, they act as it.
        private static readonly HashSet<string> CredentialManagingRoles = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", // Application Administrator
            "158c047a-c907-4556-b7ef-446551a6b5f7", // Cloud Application Administrator
        };

        private static readonly string[] DataStoreTypes =
        {
            ResourceTypes.StorageAccount, ResourceTypes.CosmosDbAccount, ResourceTypes.KeyVault, ResourceTypes.SearchService,
        };

        private static readonly ConditionalWeakTable<TenantSnapshot, ConcurrentDictionary<PrivilegeTierTable, Lazy<PrivilegeGraph>>> Cache =
            new ConditionalWeakTable<TenantSnapshot, ConcurrentDictionary<PrivilegeTierTable, Lazy<PrivilegeGraph>>>();

        private readonly TenantSnapshot _snapshot;
        private readonly PrivilegeTierTable _table;
        private const string ExternalKind = "external issuer";
        private const string AgentUserKind = "agent user";

        // Links are keyed, and end, by the snapshot string table's handles of the ids (see LinkKeyOf): a link end kept as
        // a string was one GUID string per linked identity, 440,000 at 1M principals (42 MB).
        private readonly StringTable _strings;
        private readonly Dictionary<int, Link[]> _links;
        // The same links reversed (to -> from): who can sign in as an identity, walked back from it to outside issuers.
        private readonly Dictionary<int, Link[]> _incoming;
        // Ids that are not GUIDs (outside issuers, other tools' ids), by the first spelling met, ignoring case.
        private readonly Dictionary<string, int> _textKeys = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);

        // The links while the graph is built, then kept as arrays: the lists' own objects and spare room, half a million
        // of each at 1M principals, are not kept.
        private Dictionary<int, List<Link>>? _linksWhileBuilding = new Dictionary<int, List<Link>>();
        private Dictionary<int, List<Link>>? _incomingWhileBuilding = new Dictionary<int, List<Link>>();
        // Outside issuer + subject nodes, by node id, with the name paths print.
        private readonly Dictionary<string, string> _externalNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, List<ArmResource>> _azureAssignments = new Dictionary<string, List<ArmResource>>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, DirectoryAgent> _blueprintPrincipalsByAppId = new Dictionary<string, DirectoryAgent>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, IReadOnlyList<Held>> _held = new ConcurrentDictionary<string, IReadOnlyList<Held>>(StringComparer.OrdinalIgnoreCase);
        // An application permission resolves the same for every holder: one entry per resource, app role and fallback
        // name, keyed by the string table's handles of the first two (equal handles, equal strings) so no key holds a string.
        private readonly ConcurrentDictionary<(int, int, string?), PermissionEntry> _appRoles = new ConcurrentDictionary<(int, int, string?), PermissionEntry>();
        // One entry per role definition and scope text: a role at a scope is held by many identities, and each edge to it
        // prints the entry's description.
        private readonly ConcurrentDictionary<(string, string), PermissionEntry> _azureRoles = new ConcurrentDictionary<(string, string), PermissionEntry>();
        private readonly ConcurrentDictionary<string, string> _grantTexts = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, string[]> _scopeNames = new ConcurrentDictionary<string, string[]>(StringComparer.Ordinal);
        private const int MaxScopeStrings = 1 << 16;
        private int _scopeStringsKept;
        private readonly ConcurrentDictionary<string, Dictionary<string, HashSet<string>?>?> _inheritableScopes = new ConcurrentDictionary<string, Dictionary<string, HashSet<string>?>?>(StringComparer.OrdinalIgnoreCase);
        private readonly Lazy<AzureEstate> _estate;
        // Each identity's name, kind and appId, read from its JSON once: every edge of every walk names both ends.
        private readonly ConcurrentDictionary<string, Node> _nodes = new ConcurrentDictionary<string, Node>(StringComparer.Ordinal);
        private readonly Func<string, Node> _readNode;
        private readonly Func<string, Dictionary<string, HashSet<string>?>?> _readInheritableScopes;

        // While the graph is built: one string per id for the Azure role assignments' principals (an agent's is its own
        // id string; each assignment names its principal afresh). Dropped once the graph is built.
        private Dictionary<string, string>? _idsWhileBuilding = new Dictionary<string, string>(StringComparer.Ordinal);

        private PrivilegeGraph(TenantSnapshot snapshot, PrivilegeTierTable table)
        {
            _snapshot = snapshot;
            _table = table;
            _strings = snapshot.Strings;
            Directory = GraphDirectory.For(snapshot);
            _estate = new Lazy<AzureEstate>(() => new AzureEstate(snapshot));
            _readNode = ReadNode;
            _readInheritableScopes = InheritableScopes;

            // The agents' own id strings first: the Azure role assignments of an agent are then keyed by its id string.
            foreach (var agent in Directory.Agents)
            {
                SharedId(agent.Id);
            }

            foreach (var assignment in snapshot.ResourcesOfType(ResourceTypes.RoleAssignment))
            {
                if (assignment.GetString("properties.principalId") is string principalId)
                {
                    ListOf(_azureAssignments, SharedId(principalId)).Add(assignment);
                }
            }

            foreach (var agent in Directory.Agents.Where(a => a.IsBlueprintPrincipal && a.AppId != null))
            {
                _blueprintPrincipalsByAppId[agent.AppId!] = agent;
            }

            // A blueprint's credentials obtain tokens for every agent identity made from it.
            foreach (var agent in Directory.Agents)
            {
                var blueprintAppId = agent.BlueprintAppId;
                if (blueprintAppId != null && _blueprintPrincipalsByAppId.TryGetValue(blueprintAppId, out var blueprint))
                {
                    AddLink(blueprint.Id, PrivilegeRelation.CanActAs, agent.Id);
                }
            }

            foreach (var (ownerId, ownedId) in Directory.Ownerships())
            {
                // A million principals' owners are read here: counted toward the heap as objects read are.
                Evaluation.HeapGovernor.Tick();
                // Owning an application is owning its service principal's permissions (a new secret signs in as it).
                var target = ServicePrincipalOf(ownedId);
                if (target != null && !target.EqualsIgnoreCase(ownerId))
                {
                    AddLink(ownerId, PrivilegeRelation.Owns, target, Directory.HasApplication(ownedId) ? "app" : null);
                }
            }

            // An agent user signs in with its parent agent identity's credentials: the parent acts as it.
            foreach (var user in Directory.AgentUsers)
            {
                if (user.ParentId != null)
                {
                    AddLink(user.ParentId, PrivilegeRelation.CanActAs, user.Id, AgentUserKind);
                }
            }

            AddFederatedCredentials(snapshot);

            foreach (var role in Directory.DirectoryRoleAssignments.Where(r => CredentialManagingRoles.Contains(r.RoleDefinitionId)))
            {
                var scoped = role.DirectoryScopeId.TrimStart('/');
                if (scoped.Length > 0 && scoped.IndexOf('/') < 0)
                {
                    var target = ServicePrincipalOf(scoped);
                    if (target != null)
                    {
                        AddLink(role.PrincipalId, PrivilegeRelation.CanActAs, target);
                    }
                }
            }

            _idsWhileBuilding = null;
            _links = Frozen(_linksWhileBuilding);
            _incoming = Frozen(_incomingWhileBuilding);
            _linksWhileBuilding = _incomingWhileBuilding = null;
        }

        private static Dictionary<int, Link[]> Frozen(Dictionary<int, List<Link>> building)
        {
            var frozen = new Dictionary<int, Link[]>(building.Count);
            foreach (var pair in building)
            {
                frozen.Add(pair.Key, pair.Value.ToArray());
            }

            return frozen;
        }

        public GraphDirectory Directory { get; }

        /// <summary>
        /// A federated identity credential lets a token from its issuer for its subject sign in as the application. A
        /// managed identity of the tenant as credential is a link from that identity; any other issuer and subject
        /// (another tenant, GitHub, a cluster, another cloud) is a node of its own, the start of a path from outside.
        /// </summary>
        private void AddFederatedCredentials(TenantSnapshot snapshot)
        {
            var tenantId = snapshot.TenantId;
            foreach (var (applicationId, credential) in FederatedCredentials.Of(snapshot, Directory.AgentBlueprints))
            {
                var target = ServicePrincipalOf(applicationId);
                var issuer = credential.GetString("issuer");
                if (target == null || issuer == null)
                {
                    continue;
                }

                var subject = FederatedCredentials.SubjectOf(credential);
                // The tenant's own Entra ID (or, without a tenant id to tell, any Entra issuer) names a managed identity:
                // a link from it when the snapshot holds it, never an outside sign-in.
                if (string.IsNullOrEmpty(tenantId) ? FederatedCredentials.IsEntraIssuer(issuer) : FederatedCredentials.IsTenantIssuer(issuer, tenantId!))
                {
                    if (Directory.HasServicePrincipal(subject))
                    {
                        AddLink(subject, PrivilegeRelation.CanActAs, target);
                    }

                    continue;
                }

                var node = $"{issuer}|{subject}";
                _externalNames[node] = $"{issuer} subject {subject}";
                AddLink(node, PrivilegeRelation.FederatedWith, target);
            }
        }

        /// <summary>The service principal an object id stands for: itself, or an application's service principal (same appId).</summary>
        private string? ServicePrincipalOf(string objectId) =>
            Directory.HasServicePrincipal(objectId)
                ? objectId
                : Directory.ServicePrincipalIdOfApplication(objectId);

        public static PrivilegeGraph For(TenantSnapshot snapshot, PrivilegeTierTable? table)
        {
            if (snapshot == null)
            {
                throw new ArgumentNullException(nameof(snapshot));
            }

            // Lazy: controls running in parallel wait for one graph instead of each building its own.
            var byTable = Cache.GetValue(snapshot, _ => new ConcurrentDictionary<PrivilegeTierTable, Lazy<PrivilegeGraph>>());
            return byTable.GetOrAdd(table ?? PrivilegeTierTable.Default, t => new Lazy<PrivilegeGraph>(() => new PrivilegeGraph(snapshot, t), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
        }

        /// <summary>
        /// The privilege of one agent, walked afresh on each call. Nothing of a walk is kept: at a million principals the
        /// kept walks (each agent's permissions, routes and grant entries) were 300 MB of the assessment's live memory;
        /// walking again for each control that analyses the agent costs about a tenth more CPU there.
        /// </summary>
        public AgentPrivilege Analyze(DirectoryAgent agent, int maxDepth)
        {
            var depth = Math.Max(0, maxDepth);
            return Materialise(agent, depth, Walk(agent, depth));
        }

        /// <summary>The permissions a principal holds itself, each with the relation that grants it (resolved once).</summary>
        public IReadOnlyList<Held> HeldBy(string principalId) => _held.GetOrAdd(principalId, ResolveHeld);

        private AgentReach Walk(DirectoryAgent agent, int maxDepth)
        {
            // The agent's own permissions are resolved for its walk without being kept: most agents are reached by no
            // other walk (one that reaches it resolves and keeps them then).
            var own = _held.TryGetValue(agent.Id, out var kept) ? kept : ResolveHeld(agent.Id);
            var reached = new Dictionary<PermissionEntry, Reached>(own.Count, PermissionKey.Instance);
            var visited = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { agent.Id };
            var queue = new Queue<(string Id, IReadOnlyList<PrivilegeEdge> Route)>();
            queue.Enqueue((agent.Id, Array.Empty<PrivilegeEdge>()));
            while (queue.Count > 0)
            {
                var (id, route) = queue.Dequeue();
                Collect(route.Count == 0 ? own : HeldBy(id), id, route, reached);
                if (route.Count == 0)
                {
                    CollectInherited(agent, own, reached);
                }

                if (route.Count >= maxDepth)
                {
                    continue;
                }

                if (_links.TryGetValue(LinkKeyOf(id), out var links))
                {
                    foreach (var link in links)
                    {
                        Follow(id, route, link.Relation, IdOf(link.To), link.ToKind);
                    }
                }

                // Group memberships are links too, read from the directory index as the walk meets each identity.
                foreach (var group in Directory.GroupsOf(id))
                {
                    Follow(id, route, PrivilegeRelation.MemberOf, group.GroupId, "group");
                }
            }

            var items = new Reached[reached.Count];
            reached.Values.CopyTo(items, 0);
            int? tier = null;
            foreach (var item in items)
            {
                if (item.Permission.Tier is int rated && (tier == null || rated < tier))
                {
                    tier = rated;
                }
            }

            return new AgentReach(items, EntryRoutes(agent.Id, maxDepth), tier ?? GraphPermissionCatalog.LimitedTier);

            void Follow(string from, IReadOnlyList<PrivilegeEdge> route, string relation, string to, string? toKind)
            {
                if (visited.Add(to))
                {
                    queue.Enqueue((to, Append(route, Edge(from, relation, to, toKind))));
                }
            }
        }

        /// <summary>An analysis made from a walk's outcome: each permission with its route, the paths when first read.</summary>
        private AgentPrivilege Materialise(DirectoryAgent agent, int maxDepth, AgentReach reach)
        {
            var permissions = new List<PermissionEntry>(reach.Items.Length);
            foreach (var item in reach.Items)
            {
                permissions.Add(item.Permission.ReachedThrough(item.Route ?? new[] { Edge(agent.Id, item.Relation, item.Permission) }));
            }

            var entries = reach.Entries;
            IReadOnlyList<PrivilegePath> Paths()
            {
                var own = permissions
                    .Where(p => p.Tier <= GraphPermissionCatalog.SensitiveDataTier)
                    .Select(p => new PrivilegePath(p.ReachedBy, p, p.Tier!.Value, Consequence(p)))
                    .ToList();
                // Whoever outside signs in as the identity (or as one that acts as it) holds what it holds: the same paths, from there.
                return own
                    .Concat(entries.SelectMany(entry => own.Select(p => new PrivilegePath(entry.Concat(p.Edges).ToArray(), p.Permission, p.Tier, p.Consequence))))
                    .OrderBy(p => p.Tier).ThenBy(p => p.Hops).ThenBy(p => p.Permission.Name, StringComparer.OrdinalIgnoreCase)
                    .ToList();
            }

            var outside = entries.Select(e => e[0].FromName).ToList();
            var parent = agent.ParentId == null ? null : Directory.FindAgent(agent.ParentId);
            AgentPrivilege? privilege = null;
            privilege = new AgentPrivilege(agent.Id, agent.DisplayName, agent.AppId, agent.Kind, reach.Tier, permissions, Paths, () => BlastRadiusOf(permissions, privilege!.Paths, outside), maxDepth)
            {
                ParentId = agent.ParentId,
                ParentName = parent?.DisplayName,
            };
            return privilege;
        }

        /// <summary>
        /// The routes by which an outside issuer signs in as the identity: walked back over federated credentials, ownership
        /// and "can act as" (not group membership: a group's members do not act as each other), the shortest per issuer.
        /// </summary>
        private IReadOnlyList<PrivilegeEdge[]> EntryRoutes(string id, int maxDepth)
        {
            // Most identities have no one signing in as them: no walk back.
            if (_externalNames.Count == 0 || !_incoming.ContainsKey(LinkKeyOf(id)))
            {
                return Array.Empty<PrivilegeEdge[]>();
            }

            var routes = new List<PrivilegeEdge[]>();
            var visited = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { id };
            var queue = new Queue<(string Id, PrivilegeEdge[] Route)>();
            queue.Enqueue((id, Array.Empty<PrivilegeEdge>()));
            while (queue.Count > 0)
            {
                var (to, route) = queue.Dequeue();
                if (route.Length >= maxDepth || !_incoming.TryGetValue(LinkKeyOf(to), out var sources))
                {
                    continue;
                }

                foreach (var source in sources)
                {
                    var from = IdOf(source.To);
                    if (!visited.Add(from))
                    {
                        continue;
                    }

                    var extended = new PrivilegeEdge[route.Length + 1];
                    extended[0] = Edge(from, source.Relation, to, route.Length == 0 ? KindOf(to) : route[0].FromKind);
                    Array.Copy(route, 0, extended, 1, route.Length);
                    if (_externalNames.ContainsKey(from))
                    {
                        routes.Add(extended);
                    }
                    else
                    {
                        queue.Enqueue((from, extended));
                    }
                }
            }

            return routes.Count == 0 ? Array.Empty<PrivilegeEdge[]>() : (IReadOnlyList<PrivilegeEdge[]>)routes;
        }

        private void Collect(IReadOnlyList<Held> heldBy, string id, IReadOnlyList<PrivilegeEdge> route, Dictionary<PermissionEntry, Reached> reached)
        {
            foreach (var held in heldBy)
            {
                if (held.Inherited)
                {
                    continue; // counted by CollectInherited, with the blueprint on the path
                }

                if (!reached.ContainsKey(held.Permission))
                {
                    // A permission the identity holds itself keeps no route: its one edge is made when the analysis is.
                    reached[held.Permission] = new Reached(held.Permission, held.Relation, route.Count == 0 ? null : Append(route, Edge(id, held.Relation, held.Permission)));
                }
            }
        }

        /// <summary>
        /// An agent identity inherits its blueprint principal's application permissions, and its delegated grants for the
        /// scopes the blueprint's <c>inheritablePermissions</c> allow (all of them when the blueprint carries no such
        /// data: nothing can be ruled out), plus any <c>inheritedAppRoleAssignments</c> expanded on the agent.
        /// </summary>
        private void CollectInherited(DirectoryAgent agent, IReadOnlyList<Held> own, Dictionary<PermissionEntry, Reached> reached)
        {
            var blueprintAppId = agent.BlueprintAppId;
            _blueprintPrincipalsByAppId.TryGetValue(blueprintAppId ?? string.Empty, out var blueprint);
            var viaId = blueprint?.Id ?? blueprintAppId ?? "blueprint";
            var viaName = blueprint?.DisplayName ?? blueprintAppId ?? "its blueprint";
            var inherits = new PrivilegeEdge(agent.Id, agent.DisplayName, KindOf(agent.Id), PrivilegeRelation.Inherits, viaId, viaName, "blueprint");

            foreach (var held in own)
            {
                if (held.Inherited && !reached.ContainsKey(held.Permission))
                {
                    reached[held.Permission] = new Reached(held.Permission, held.Relation, new[] { inherits, Edge(viaId, viaName, "blueprint", held.Relation, held.Permission) });
                }
            }

            if (blueprint == null || agent.IsBlueprintPrincipal)
            {
                return;
            }

            var allowed = _inheritableScopes.GetOrAdd(blueprint.AppId!, _readInheritableScopes);
            foreach (var held in HeldBy(blueprint.Id))
            {
                var permission = held.Permission;
                if (held.Inherited)
                {
                    continue;
                }

                if (permission.Kind == PermissionKind.DelegatedScope && allowed != null && !IsInheritable(allowed, permission))
                {
                    continue;
                }

                if ((permission.Kind == PermissionKind.ApplicationRole || permission.Kind == PermissionKind.DelegatedScope) && !reached.ContainsKey(permission))
                {
                    reached[permission] = new Reached(permission, held.Relation, new[] { inherits, Edge(blueprint.Id, held.Relation, permission) });
                }
            }
        }

        /// <summary>The blueprint's inheritable scopes per resource appId (null entry = all); null when the blueprint carries no inheritablePermissions.</summary>
        private Dictionary<string, HashSet<string>?>? InheritableScopes(string blueprintAppId)
        {
            var application = Directory.FindApplicationByAppId(blueprintAppId);
            var inline = application?.Get("inheritablePermissions");
            if (!inline.HasValue || inline.Value.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var result = new Dictionary<string, HashSet<string>?>(StringComparer.OrdinalIgnoreCase);
            foreach (var item in inline.Value.EnumerateArray())
            {
                var resourceAppId = item.GetString("resourceAppId");
                var kind = item.GetString("inheritableScopes.kind");
                if (resourceAppId == null)
                {
                    continue;
                }

                if (kind.EqualsIgnoreCase("allAllowed"))
                {
                    result[resourceAppId] = null;
                }
                else if (kind.EqualsIgnoreCase("enumerated"))
                {
                    result[resourceAppId] = new HashSet<string>(item.GetStrings("inheritableScopes.scopes"), StringComparer.OrdinalIgnoreCase);
                }
            }

            return result;
        }

        private bool IsInheritable(Dictionary<string, HashSet<string>?> allowed, PermissionEntry scope)
        {
            var resourceAppId = scope.Deferred is GrantId grant && grant.ResourceId is string resourceId ? NodeOf(resourceId).AppId : null;
            return resourceAppId != null && allowed.TryGetValue(resourceAppId, out var scopes) && (scopes == null || scopes.Contains(scope.Name));
        }


        private IReadOnlyList<Held> ResolveHeld(string principalId)
        {
            var assignments = Directory.AppRoleAssignmentKeysOf(principalId);
            var held = new List<Held>(assignments.Length + 4);
            foreach (var assignment in assignments)
            {
                // What ResolveAppRole reads of an assignment: its resource, its app role, and the resource's name it carries.
                var key = (assignment.ResourceHandle, assignment.AppRoleHandle, assignment.ResourceDisplayName);
                if (!_appRoles.TryGetValue(key, out var permission))
                {
                    permission = _appRoles.GetOrAdd(key, AgentPrivilegeAnalyzer.ResolveAppRole(Directory, Directory.AppRoleAssignmentAt(assignment.Entry), _table).WithGuidIdKeptCompact());
                }

                held.Add(new Held(permission, PrivilegeRelation.Holds, assignment.IsInherited));
            }

            foreach (var grant in Directory.GrantRecordsOf(principalId))
            {
                var allPrincipals = string.Equals(grant.GetString("consentType"), "AllPrincipals", StringComparison.OrdinalIgnoreCase);
                var resourceName = Directory.ResourceNameOf(grant.GetString("resourceId"));
                // Not kept as a shared text: each user's is one string per walk, where keeping them was 170,000 strings at 1M.
                var scope = allPrincipals ? null : grant.GetString("principalId") is string user ? "principal " + user : null;
                // Graph gives every grant an id; one without (another tool's export) has its scopes told apart by name only.
                var grantId = grant.GetString("id") is string id ? new GrantId(grant, id) : null;
                foreach (var name in ScopesOf(grant.GetString("scope")))
                {
                    var tier = AgentPrivilegeAnalyzer.DelegatedScopeTier(name);
                    var permission = grantId != null
                        ? PermissionEntry.DelegatedScope(name, resourceName, grantId, tier, scope, allPrincipals)
                        : new PermissionEntry(PermissionKind.DelegatedScope, name, resourceName, null, tier, scope, allPrincipals);
                    held.Add(new Held(permission, PrivilegeRelation.Holds, false));
                }
            }

            foreach (var role in Directory.DirectoryRolesOf(principalId))
            {
                var permission = new PermissionEntry(
                    PermissionKind.DirectoryRole,
                    Directory.RoleName(role.RoleDefinitionId),
                    "Microsoft Entra ID",
                    role.RoleDefinitionId,
                    Directory.RoleTier(role.RoleDefinitionId, _table),
                    role.DirectoryScopeId == "/" ? null : role.DirectoryScopeId,
                    isEligible: role.IsEligible);
                held.Add(new Held(permission, role.IsEligible ? PrivilegeRelation.EligibleFor : PrivilegeRelation.AssignedRole, false));
            }

            if (_azureAssignments.TryGetValue(principalId, out var azure))
            {
                held.AddRange(azure.Select(a => new Held(ResolveAzureRole(a), PrivilegeRelation.AssignedRole, false)));
            }

            return held.ToArray();
        }

        /// <summary>
        /// One string per scope name of delegated entries: a few hundred (User.Read, Mail.Read, ...) recur in every grant
        /// of every principal.
        /// </summary>
        private string SharedText(string text) => _grantTexts.GetOrAdd(text, text);

        /// <summary>
        /// A grant's scope names, each its shared text. The same few scope strings recur across a tenant's grants (the
        /// snapshot keeps each once), and every walk reads its agent's grants: each string is split once.
        /// </summary>
        private string[] ScopesOf(string? scope)
        {
            if (scope == null)
            {
                return Array.Empty<string>();
            }

            if (_scopeNames.TryGetValue(scope, out var names))
            {
                return names;
            }

            names = AgentPrivilegeAnalyzer.SplitScopes(scope).Select(SharedText).ToArray();
            // A tenant whose every grant has its own scope string is split each time rather than kept many times over.
            if (Volatile.Read(ref _scopeStringsKept) < MaxScopeStrings && _scopeNames.TryAdd(scope, names))
            {
                Interlocked.Increment(ref _scopeStringsKept);
            }

            return names;
        }


        private PermissionEntry ResolveAzureRole(ArmResource assignment)
        {
            var definitionId = assignment.GetString("properties.roleDefinitionId") ?? string.Empty;
            var guid = definitionId.Substring(definitionId.LastIndexOf('/') + 1);
            var scope = assignment.GetString("properties.scope") ?? ScopeOf(assignment.Id);
            return _azureRoles.GetOrAdd((guid, scope), key => new PermissionEntry(
                PermissionKind.AzureRole,
                _table.Find(TierTableSection.AzureRoles, key.Item1)?.Name ?? key.Item1,
                "Azure",
                key.Item1,
                _table.AzureRoleTier(key.Item1, key.Item2),
                key.Item2).KeepingDescription());
        }

        /// <summary>The scope of a role assignment from its id (everything before /providers/Microsoft.Authorization/roleAssignments/).</summary>
        private static string ScopeOf(string assignmentId)
        {
            var index = assignmentId.LastIndexOf(RoleAssignmentsSegment, StringComparison.OrdinalIgnoreCase);
            return index <= 0 ? "/" : assignmentId.Substring(0, index);
        }

        private BlastRadius BlastRadiusOf(IReadOnlyList<PermissionEntry> permissions, IReadOnlyList<PrivilegePath> paths, IReadOnlyList<string> outside)
        {
            var estate = _estate.Value;
            var azure = permissions.Where(p => p.Kind == PermissionKind.AzureRole && p.Scope != null).ToList();
            var subscriptions = azure.SelectMany(p => estate.SubscriptionsUnder(p.Scope!)).Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(s => s, StringComparer.OrdinalIgnoreCase).ToList();
            var stores = azure.Where(p => p.Tier <= GraphPermissionCatalog.SensitiveDataTier)
                .SelectMany(p => estate.DataStoresUnder(p.Scope!)).Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(s => s, StringComparer.OrdinalIgnoreCase).ToList();
            var tier0 = paths.Where(p => p.Tier == GraphPermissionCatalog.TakeoverTier).Select(p => p.Permission.Describe()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            return new BlastRadius(stores, subscriptions, tier0, outside);
        }

        private static string Consequence(PermissionEntry permission)
        {
            var tier0 = permission.Tier == GraphPermissionCatalog.TakeoverTier;
            switch (permission.Kind)
            {
                case PermissionKind.AzureRole:
                    return tier0 ? $"control of {ScopeLabel(permission.Scope ?? "/")}" : $"data access or lateral movement in {ScopeLabel(permission.Scope ?? "/")}";
                case PermissionKind.DirectoryRole:
                    var where = permission.Scope == null ? string.Empty : $" (scoped to {permission.Scope})";
                    return (tier0 ? "tenant takeover" : "privileged directory administration") + where + (permission.IsEligible ? ", once activated" : string.Empty);
                default:
                    return tier0 ? "tenant takeover" : "broad access to sensitive data";
            }
        }

        private static string ScopeLabel(string scope)
        {
            var segments = scope.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
            if (segments.Length == 0)
            {
                return "every subscription (root scope)";
            }

            if (segments.Length == 4 && segments[2].EqualsIgnoreCase("managementGroups"))
            {
                return $"management group {segments[3]} and its subscriptions";
            }

            return segments.Length switch
            {
                2 => $"subscription {segments[1]}",
                4 => $"resource group {segments[3]}",
                _ => $"resource {segments[segments.Length - 1]}",
            };
        }

        private PrivilegeEdge Edge(string fromId, string relation, string toId, string? toKind) =>
            new PrivilegeEdge(fromId, NameOf(fromId), KindOf(fromId), relation, toId, NameOf(toId), toKind ?? KindOf(toId));

        private PrivilegeEdge Edge(string fromId, string relation, PermissionEntry permission) =>
            Edge(fromId, NameOf(fromId), KindOf(fromId), relation, permission);

        private static PrivilegeEdge Edge(string fromId, string fromName, string fromKind, string relation, PermissionEntry permission) =>
            new PrivilegeEdge(fromId, fromName, fromKind, relation, permission, PermissionKindName(permission.Kind));

        private string NameOf(string id) => AgentSpelledAs(id) is DirectoryAgent agent ? agent.DisplayName : NodeOf(id).Name;

        private string KindOf(string id) => AgentSpelledAs(id) is DirectoryAgent agent ? KindOf(agent) : NodeOf(id).Kind;

        // An agent carries its own name and kind: a node kept for each would be one per agent, as every analysis names its agent.
        private DirectoryAgent? AgentSpelledAs(string id) =>
            Directory.FindAgent(id) is DirectoryAgent agent && string.Equals(agent.Id, id, StringComparison.Ordinal) ? agent : null;

        private Node NodeOf(string id) => _nodes.GetOrAdd(id, _readNode);

        private Node ReadNode(string id)
        {
            var sp = Directory.FindServicePrincipal(id);
            // An agent's name and appId are read from the same JSON the same way: share the agent's strings (when the
            // id is spelled as the agent's, the name an unnamed principal falls back to is the same too).
            if (sp.HasValue && Directory.FindAgent(id) is DirectoryAgent agent && string.Equals(agent.Id, id, StringComparison.Ordinal))
            {
                return new Node(agent.DisplayName, KindOf(id, sp), agent.AppId);
            }

            var name = sp.HasValue
                ? sp.Value.GetString("displayName") ?? sp.Value.GetString("appDisplayName") ?? id
                : Directory.GroupName(id) ?? Directory.FindAgentUser(id)?.DisplayName ?? (_externalNames.TryGetValue(id, out var outside) ? outside : null)
                  ?? Directory.FindApplication(id)?.GetString("displayName") ?? id;
            return new Node(name, KindOf(id, sp), sp?.GetString("appId"));
        }

        private static string PermissionKindName(PermissionKind kind) => kind switch
        {
            PermissionKind.ApplicationRole => "application permission",
            PermissionKind.DelegatedScope => "delegated permission",
            PermissionKind.DirectoryRole => "directory role",
            _ => "Azure role",
        };

        /// <summary>How paths name an identity: agent, blueprint, agentic app, managed identity, app, group, agent user, external issuer.</summary>
        private string KindOf(string id, JsonElement? sp)
        {
            var agent = Directory.FindAgent(id);
            if (agent != null)
            {
                return KindOf(agent);
            }

            if (sp.HasValue)
            {
                return sp.Value.GetString("servicePrincipalType").EqualsIgnoreCase("ManagedIdentity") ? "managed identity" : "app";
            }

            return Directory.GroupName(id) != null ? "group"
                : Directory.FindAgentUser(id) != null ? AgentUserKind
                : _externalNames.ContainsKey(id) ? ExternalKind
                : "principal";
        }

        private static string KindOf(DirectoryAgent agent) =>
            agent.IsBlueprintPrincipal ? "blueprint"
            : agent.Kind == AgentKind.AgentIdentity ? "agent"
            : agent.Kind == AgentKind.ManagedIdentity ? "managed identity"
            : "agentic app";

        private void AddLink(string from, string relation, string to, string? toKind = null)
        {
            var fromKey = LinkKeyAdding(from);
            var toKey = LinkKeyAdding(to);
            ListOf(_linksWhileBuilding!, fromKey).Add(new Link(relation, toKey, toKind));
            ListOf(_incomingWhileBuilding!, toKey).Add(new Link(relation, fromKey, null));
        }

        /// <summary>
        /// The key of an id that links may start or end at, added to the string table if new: a GUID, in any case, as the
        /// table's GUID (so every spelling finds it); another id as the first spelling met.
        /// </summary>
        private int LinkKeyAdding(string id)
        {
            if (id.Length == 36 && Guid.TryParseExact(id, "D", out var guid))
            {
                return _strings.Intern(guid.ToString("D"));
            }

            if (!_textKeys.TryGetValue(id, out var key))
            {
                _textKeys[id] = key = _strings.Intern(id);
            }

            return key;
        }

        /// <summary>The key links use for an id (<see cref="LinkKeyAdding"/>), or a negative number when no link names it.</summary>
        private int LinkKeyOf(string id)
        {
            if (id.Length == 36 && Guid.TryParseExact(id, "D", out var guid))
            {
                // Every GUID a link names is in the table as a GUID, which Find returns before any text spelled like it.
                return _strings.Find(id);
            }

            return _textKeys.TryGetValue(id, out var key) ? key : StringTable.Missing;
        }

        /// <summary>The id a link key stands for: a GUID in its canonical (lower-case) form, another id as first spelled.</summary>
        private string IdOf(int key) => _strings.Get(key)!;

        /// <summary>The one string kept for an id while the graph is built (the same text, so paths print it as read).</summary>
        private string SharedId(string id)
        {
            if (_idsWhileBuilding == null)
            {
                return id;
            }

            if (!_idsWhileBuilding.TryGetValue(id, out var shared))
            {
                _idsWhileBuilding[id] = shared = id;
            }

            return shared;
        }

        private static PrivilegeEdge[] Append(IReadOnlyList<PrivilegeEdge> route, PrivilegeEdge edge)
        {
            var result = new PrivilegeEdge[route.Count + 1];
            for (var i = 0; i < route.Count; i++)
            {
                result[i] = route[i];
            }

            result[route.Count] = edge;
            return result;
        }

        private static List<T> ListOf<TKey, T>(Dictionary<TKey, List<T>> map, TKey key)
            where TKey : notnull
        {
            if (!map.TryGetValue(key, out var list))
            {
                list = new List<T>();
                map[key] = list;
            }

            return list;
        }

        /// <summary>A permission an identity holds itself, and the relation that grants it.</summary>
        internal readonly struct Held
        {
            public Held(PermissionEntry permission, string relation, bool inherited)
            {
                Permission = permission;
                Relation = relation;
                Inherited = inherited;
            }

            /// <summary>The permission without a route (an application permission's entry is shared by all its holders).</summary>
            public PermissionEntry Permission { get; }

            public string Relation { get; }

            /// <summary>Expanded from the agent's inheritedAppRoleAssignments: granted to its blueprint principal.</summary>
            public bool Inherited { get; }
        }

        /// <summary>A permission a walk reached: the entry, the relation that grants it, and the route, or null when the analysed identity holds it itself.</summary>
        private readonly struct Reached
        {
            public Reached(PermissionEntry permission, string relation, PrivilegeEdge[]? route)
            {
                Permission = permission;
                Relation = relation;
                Route = route;
            }

            public PermissionEntry Permission { get; }

            public string Relation { get; }

            public PrivilegeEdge[]? Route { get; }
        }

        /// <summary>
        /// A delegated grant's id, read from its compact record when asked (a string per grant would be kept by every
        /// walk that reaches it), and the grant's resource, which inheritance looks up.
        /// </summary>
        private sealed class GrantId : DeferredId
        {
            private readonly CompactRecord _grant;

            public GrantId(CompactRecord grant, string id)
                : base(id)
            {
                _grant = grant;
            }

            public override string Text => _grant.GetString("id") ?? string.Empty;

            public string? ResourceId => _grant.GetString("resourceId");
        }

        /// <summary>What one walk found: the reached permissions in the order found, the routes in from outside, the tier.</summary>
        private sealed class AgentReach
        {
            public AgentReach(Reached[] items, IReadOnlyList<PrivilegeEdge[]> entries, int tier)
            {
                Items = items;
                Entries = entries;
                Tier = tier;
            }

            public Reached[] Items { get; }

            public IReadOnlyList<PrivilegeEdge[]> Entries { get; }

            public int Tier { get; }
        }

        /// <summary>
        /// What makes two reached permissions the same entry, ignoring case: kind, resource, id (or name), name, scope and
        /// eligibility. The first route found is the shortest (breadth first); the same permission at another scope is another entry.
        /// </summary>
        private sealed class PermissionKey : IEqualityComparer<PermissionEntry>
        {
            public static readonly PermissionKey Instance = new PermissionKey();
            private static readonly StringComparer Text = StringComparer.OrdinalIgnoreCase;

            public bool Equals(PermissionEntry? x, PermissionEntry? y) =>
                ReferenceEquals(x, y)
                || (x != null && y != null && x.Kind == y.Kind && x.IsEligible == y.IsEligible
                    && Text.Equals(x.Name, y.Name) && x.SameIdOrNameIgnoringCase(y)
                    && Text.Equals(x.Resource, y.Resource) && Text.Equals(x.Scope ?? string.Empty, y.Scope ?? string.Empty));

            public int GetHashCode(PermissionEntry permission)
            {
                unchecked
                {
                    var hash = ((int)permission.Kind * 31) + (permission.IsEligible ? 1 : 0);
                    hash = (hash * 31) + permission.IdOrNameHashIgnoringCase();
                    hash = (hash * 31) + Text.GetHashCode(permission.Name);
                    hash = (hash * 31) + Text.GetHashCode(permission.Resource);
                    return (hash * 31) + Text.GetHashCode(permission.Scope ?? string.Empty);
                }
            }
        }

        /// <summary>What paths print of an identity, and its appId when it is a service principal.</summary>
        private sealed class Node
        {
            public Node(string name, string kind, string? appId)
            {
                Name = name;
                Kind = kind;
                AppId = appId;
            }

            public string Name { get; }

            public string Kind { get; }

            public string? AppId { get; }
        }

        private readonly struct Link
        {
            // The few relations and kinds links carry, kept as numbers, and the other end as a handle: 8 bytes a link rather
            // than 24 and a string, a million links at 1M principals.
            private static readonly string?[] Texts =
            {
                null, PrivilegeRelation.CanActAs, PrivilegeRelation.Owns, PrivilegeRelation.FederatedWith, "app", AgentUserKind,
            };

            private readonly byte _relation;
            private readonly byte _toKind;

            public Link(string relation, int to, string? toKind)
            {
                _relation = Code(relation);
                To = to;
                _toKind = Code(toKind);
            }

            public string Relation => Texts[_relation]!;

            /// <summary>The string table's handle of the other end (see LinkKeyOf).</summary>
            public int To { get; }

            public string? ToKind => Texts[_toKind];

            // Relations and kinds are the graph's own constants: another would be a bug here, not data to carry.
            private static byte Code(string? text)
            {
                var code = Array.IndexOf(Texts, text);
                return code >= 0 ? (byte)code : throw new InvalidOperationException($"The privilege graph's links carry no '{text}'.");
            }
        }

        /// <summary>Subscriptions (with their management groups) and data stores, for blast radius: read only when asked.</summary>
        private sealed class AzureEstate
        {
            private readonly List<(string Id, HashSet<string> ManagementGroups)> _subscriptions = new List<(string, HashSet<string>)>();
            private readonly List<string> _dataStores;

            public AzureEstate(TenantSnapshot snapshot)
            {
                foreach (var subscription in snapshot.ResourcesOfType(ResourceTypes.Subscription))
                {
                    var id = subscription.GetString("subscriptionId") ?? subscription.Id.Split('/').LastOrDefault(s => s.Length > 0);
                    if (id == null)
                    {
                        continue;
                    }

                    var groups = new HashSet<string>(subscription.Raw.GetArray("properties.managementGroupAncestorsChain").Select(g => g.GetString("name")).OfType<string>(), StringComparer.OrdinalIgnoreCase);
                    _subscriptions.Add((id, groups));
                }

                // Subscription list items (GET /subscriptions, Resource Graph resourcecontainers rows) are read apart from resources.
                foreach (var subscription in snapshot.Subscriptions)
                {
                    var id = subscription.GetString("subscriptionId");
                    if (id == null || _subscriptions.Any(s => s.Id.EqualsIgnoreCase(id)))
                    {
                        continue;
                    }

                    _subscriptions.Add((id, new HashSet<string>(subscription.GetArray("properties.managementGroupAncestorsChain").Select(g => g.GetString("name")).OfType<string>(), StringComparer.OrdinalIgnoreCase)));
                }

                _dataStores = DataStoreTypes.SelectMany(snapshot.ResourcesOfType).Select(r => r.Id).ToList();
            }

            public IEnumerable<string> SubscriptionsUnder(string scope)
            {
                var segments = scope.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
                if (segments.Length == 0)
                {
                    return _subscriptions.Select(s => s.Id);
                }

                if (segments.Length >= 2 && segments[0].EqualsIgnoreCase("subscriptions"))
                {
                    return new[] { segments[1] };
                }

                if (segments.Length == 4 && segments[2].EqualsIgnoreCase("managementGroups"))
                {
                    return _subscriptions.Where(s => s.ManagementGroups.Contains(segments[3])).Select(s => s.Id);
                }

                return Array.Empty<string>();
            }

            public IEnumerable<string> DataStoresUnder(string scope)
            {
                var subscriptions = new HashSet<string>(SubscriptionsUnder(scope), StringComparer.OrdinalIgnoreCase);
                var prefix = scope.TrimEnd('/') + "/";
                var isSubscriptionOrBelow = scope.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase);
                return _dataStores.Where(id => isSubscriptionOrBelow
                    ? id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || id.EqualsIgnoreCase(scope)
                    : subscriptions.Contains(id.Split('/').ElementAtOrDefault(2) ?? string.Empty));
            }
        }
    }
}
