using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Agents
{
    /// <summary>
    /// Resolves what each agent or AI-app identity can reach: the permissions it holds (Graph application permissions,
    /// delegated grants, directory roles, Azure roles) and those it reaches through its groups, the applications and
    /// service principals it owns, its blueprint and the identities it can act as, each named, tiered and with its path.
    /// </summary>
    public static class AgentPrivilegeAnalyzer
    {
        /// <summary>How many identities deep the walk goes by default (hops before the permission).</summary>
        public const int DefaultMaxDepth = 5;

        /// <summary>
        /// What the analysis reads: the directory index and Azure role assignments, and group memberships, agent users and
        /// blueprints' federated credentials, which only widen what is reached (a snapshot without them is still judged,
        /// and one Skipped result names the gap).
        /// </summary>
        public static readonly DataRequirement Data = GraphDirectory.Data
            .And(DataRequirement.ReadsIfPresent(DataSets.Arm(ResourceTypes.RoleAssignment)))
            .And(GroupMembershipData)
            .And(DataRequirement.FindsTargetsIn(DataSets.Graph(GraphSetNames.AgentUsers), DataSets.Graph(GraphSetNames.BlueprintFederatedCredentials)));

        /// <summary>Group memberships: they widen what an identity reaches, so their absence shows as a gap rather than stopping a judgement.</summary>
        public static DataRequirement GroupMembershipData => DataRequirement.FindsTargetsIn(DataSets.Graph(GraphSetNames.ServicePrincipalTransitiveMemberOf));

        /// <summary>The privilege of every agent in the snapshot.</summary>
        public static IReadOnlyList<AgentPrivilege> AnalyzeAll(TenantSnapshot snapshot, CancellationToken cancellationToken = default) =>
            AnalyzeAll(snapshot, DefaultMaxDepth, null, cancellationToken);

        /// <summary>The privilege of every agent in the snapshot, walking at most <paramref name="maxDepth"/> identities deep.</summary>
        public static IReadOnlyList<AgentPrivilege> AnalyzeAll(TenantSnapshot snapshot, int maxDepth, PrivilegeTierTable? table, CancellationToken cancellationToken = default) =>
            AnalyzeEach(snapshot, maxDepth, table, cancellationToken).ToList();

        /// <summary>
        /// The privilege of every agent, one at a time in the order of <see cref="AnalyzeAll(TenantSnapshot, CancellationToken)"/>:
        /// a reader that looks at each once keeps none of them (a million agents' permissions and paths need not all be in memory).
        /// </summary>
        public static IEnumerable<AgentPrivilege> AnalyzeEach(TenantSnapshot snapshot, CancellationToken cancellationToken = default) =>
            AnalyzeEach(snapshot, DefaultMaxDepth, null, cancellationToken);

        /// <summary>As <see cref="AnalyzeEach(TenantSnapshot, CancellationToken)"/>, walking at most <paramref name="maxDepth"/> identities deep, tiered by <paramref name="table"/>.</summary>
        public static IEnumerable<AgentPrivilege> AnalyzeEach(TenantSnapshot snapshot, int maxDepth, PrivilegeTierTable? table, CancellationToken cancellationToken = default)
        {
            var graph = PrivilegeGraph.For(snapshot, table);
            return Each(graph, maxDepth, cancellationToken);
        }

        /// <summary>
        /// The privilege of each of <paramref name="agents"/>, in their order, analysed on up to
        /// <paramref name="parallelism"/> worker threads (1: one after the other on the caller's thread). The reader gets
        /// each analysis once and may keep none; at most a few batches are made ahead of it.
        /// </summary>
        public static IEnumerable<AgentPrivilege> AnalyzeEach(TenantSnapshot snapshot, IReadOnlyList<DirectoryAgent> agents, int maxDepth, PrivilegeTierTable? table, int parallelism, CancellationToken cancellationToken = default)
        {
            if (agents == null)
            {
                throw new ArgumentNullException(nameof(agents));
            }

            if (parallelism < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(parallelism), parallelism, "Parallelism is 1 or more.");
            }

            // The graph is built here, once, before any worker reads it.
            var graph = PrivilegeGraph.For(snapshot, table);
            return parallelism == 1 || agents.Count <= AgentsPerBatch
                ? Each(graph, agents, maxDepth, cancellationToken)
                : EachInParallel(graph, agents, maxDepth, parallelism, cancellationToken);
        }

        /// <summary>Agents a worker analyses before handing them over: enough that the hand-off costs nothing beside the walks.</summary>
        private const int AgentsPerBatch = 64;

        private static IEnumerable<AgentPrivilege> EachInParallel(PrivilegeGraph graph, IReadOnlyList<DirectoryAgent> agents, int maxDepth, int parallelism, CancellationToken cancellationToken)
        {
            var batches = (agents.Count + AgentsPerBatch - 1) / AgentsPerBatch;
            using (var streams = new Evaluation.OrderedParallelStreams<AgentPrivilege>(
                batches,
                (batch, token) => Each(graph, Slice(agents, batch * AgentsPerBatch, AgentsPerBatch), maxDepth, token),
                parallelism,
                2 * parallelism,
                AgentsPerBatch,
                cancellationToken))
            {
                for (var batch = 0; batch < batches; batch++)
                {
                    foreach (var privilege in streams.Read(batch))
                    {
                        yield return privilege;
                    }
                }
            }
        }

        private static IEnumerable<DirectoryAgent> Slice(IReadOnlyList<DirectoryAgent> agents, int start, int count)
        {
            for (var i = start; i < Math.Min(agents.Count, start + count); i++)
            {
                yield return agents[i];
            }
        }

        private static IEnumerable<AgentPrivilege> Each(PrivilegeGraph graph, int maxDepth, CancellationToken cancellationToken) =>
            Each(graph, graph.Directory.Agents, maxDepth, cancellationToken);

        private static IEnumerable<AgentPrivilege> Each(PrivilegeGraph graph, IEnumerable<DirectoryAgent> agents, int maxDepth, CancellationToken cancellationToken)
        {
            foreach (var agent in agents)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Evaluation.HeapGovernor.Tick();
                yield return graph.Analyze(agent, maxDepth);
            }
        }

        /// <summary>The privilege of one agent, tiered by the settings in force (a settings file's privilegeTiers) or the built-in table.</summary>
        public static AgentPrivilege Analyze(TenantSnapshot snapshot, DirectoryAgent agent) =>
            Analyze(snapshot, agent, DefaultMaxDepth, PrivilegeTierTable.InForce);

        /// <summary>The privilege of one agent, walking at most <paramref name="maxDepth"/> identities deep, tiered by <paramref name="table"/> (the embedded table when null).</summary>
        public static AgentPrivilege Analyze(TenantSnapshot snapshot, DirectoryAgent agent, int maxDepth, PrivilegeTierTable? table)
        {
            if (agent == null)
            {
                throw new ArgumentNullException(nameof(agent));
            }

            return PrivilegeGraph.For(snapshot, table).Analyze(agent, maxDepth);
        }

        /// <summary>Every identity the privilege walk starts from: the agents and AI-app identities, then the agent users.</summary>
        public static IReadOnlyList<DirectoryAgent> Identities(TenantSnapshot snapshot)
        {
            var directory = GraphDirectory.For(snapshot);
            return directory.AgentUsers.Count == 0 ? directory.Agents : directory.Agents.Concat(directory.AgentUsers).ToList();
        }

        /// <summary>
        /// The agents or agent users an identity names: its object id, its appId, its user principal name, or its display
        /// name (ignoring case; a name may match several). Empty when nothing matches.
        /// </summary>
        public static IReadOnlyList<DirectoryAgent> FindAgents(TenantSnapshot snapshot, string identity)
        {
            if (string.IsNullOrWhiteSpace(identity))
            {
                return Array.Empty<DirectoryAgent>();
            }

            var key = identity.Trim();
            var all = Identities(snapshot);
            var byId = all.Where(a => key.EqualsIgnoreCase(a.Id) || key.EqualsIgnoreCase(a.AppId)
                || (a.Kind == AgentKind.AgentUser && key.EqualsIgnoreCase(a.Raw.GetString("userPrincipalName")))).ToList();
            return byId.Count > 0 ? byId : all.Where(a => key.EqualsIgnoreCase(a.DisplayName)).ToList();
        }

        /// <summary>Every permission a principal holds itself (any principal, not only agents), resolved and tiered.</summary>
        public static IReadOnlyList<PermissionEntry> PermissionsOf(TenantSnapshot snapshot, string principalId) =>
            PrivilegeGraph.For(snapshot, null).HeldBy(principalId).Select(h => h.Permission).ToList();

        /// <summary>Names an app role through the resource's own appRoles, else the tier table; tiers Microsoft Graph permissions by the table.</summary>
        public static PermissionEntry ResolveAppRole(GraphDirectory directory, AppRoleAssignment assignment) =>
            ResolveAppRole(directory, assignment, PrivilegeTierTable.Default);

        /// <summary>Names and tiers an app role assignment with a given tier table.</summary>
        public static PermissionEntry ResolveAppRole(GraphDirectory directory, AppRoleAssignment assignment, PrivilegeTierTable table)
        {
            // Read once per resource and role by the privilege graph, which keeps the entry: the directory keeps nothing.
            var read = directory.ReadResourceRole(assignment.ResourceId, assignment.AppRoleId);
            var resource = read?.Resource;
            var tabled = table.Find(TierTableSection.GraphApplicationPermissions, assignment.AppRoleId);
            var isGraph = resource != null ? resource.IsMicrosoftGraph : tabled != null;
            var carried = assignment.GetString("resourceDisplayName");
            // The name the assignment carries is the snapshot's one string for it: take it when it says the same.
            var resourceName = resource?.DisplayName is string named
                ? string.Equals(named, carried, StringComparison.Ordinal) ? carried! : named
                : isGraph ? "Microsoft Graph" : carried ?? assignment.ResourceId;

            if (string.Equals(assignment.AppRoleId, GraphPermissionCatalog.DefaultAccessAppRoleId, StringComparison.OrdinalIgnoreCase))
            {
                return new PermissionEntry(PermissionKind.ApplicationRole, "Default access", resourceName, assignment.AppRoleId, GraphPermissionCatalog.LimitedTier);
            }

            var name = read?.RoleValue;
            name ??= isGraph ? tabled?.Name : null;
            // Roles of other resource apps are the app's own: no public table rates them, so they stay unknown.
            var tier = isGraph && name != null ? GraphPermissionCatalog.GraphAppRoleTier(table, name) : null;
            return new PermissionEntry(PermissionKind.ApplicationRole, name ?? assignment.AppRoleId, resourceName, assignment.AppRoleId, tier);
        }

        /// <summary>The scopes of a grant's space-separated <c>scope</c> string.</summary>
        public static IEnumerable<string> SplitScopes(string? scope) =>
            (scope ?? string.Empty).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);

        /// <summary>Delegated scopes are rated by the consent table: high-risk tier 1, others tier 2.</summary>
        internal static int DelegatedScopeTier(string scope) =>
            GraphPermissionCatalog.IsHighRiskDelegatedScope(scope) ? GraphPermissionCatalog.SensitiveDataTier : GraphPermissionCatalog.LimitedTier;
    }
}
