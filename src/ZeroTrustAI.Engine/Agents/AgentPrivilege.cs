using System;
using System.Collections.Generic;
using System.Linq;

namespace ZeroTrustAI.Engine.Agents
{
    /// <summary>What sort of identity an agent or AI app runs as.</summary>
    public enum AgentKind
    {
        /// <summary>An Entra Agent ID agent identity or agent identity blueprint principal.</summary>
        AgentIdentity,

        /// <summary>An ordinary service principal of an AI application.</summary>
        ServicePrincipal,

        /// <summary>The managed identity of an AI resource (AI Services account, Foundry hub or project, AI Search).</summary>
        ManagedIdentity,

        /// <summary>An agent user (users/microsoft.graph.agentUser): a user account its parent agent identity signs in as.</summary>
        AgentUser,
    }

    /// <summary>How a permission reaches the identity.</summary>
    public enum PermissionKind
    {
        /// <summary>An application permission (app role assignment), e.g. Microsoft Graph Mail.Read.</summary>
        ApplicationRole,

        /// <summary>A delegated permission from an OAuth2 permission grant.</summary>
        DelegatedScope,

        /// <summary>An Entra directory role assignment.</summary>
        DirectoryRole,

        /// <summary>An Azure RBAC role assignment.</summary>
        AzureRole,
    }

    /// <summary>
    /// An id kept as what it is made from and made into a string each time it is read: hundreds of thousands of grants'
    /// ids, 64 characters each, are reached by the privilege walks and kept with their outcome, but seldom printed.
    /// </summary>
    internal abstract class DeferredId
    {
        /// <param name="text">The id as first made, for its hash (made again on each read of <see cref="Text"/>).</param>
        protected DeferredId(string text)
        {
            HashIgnoringCase = StringComparer.OrdinalIgnoreCase.GetHashCode(text);
        }

        public abstract string Text { get; }

        public int HashIgnoringCase { get; }
    }

    /// <summary>
    /// An id that is a GUID in canonical form, kept as its 16 bytes: the entries of application permissions live as long
    /// as the privilege graph, one per app role reached (637,000 at 1M principals), and their ids are read seldom.
    /// </summary>
    internal sealed class GuidId : DeferredId
    {
        private readonly Guid _guid;

        private GuidId(Guid guid, string text)
            : base(text)
        {
            _guid = guid;
        }

        public override string Text => _guid.ToString("D");

        /// <summary>The id kept as a GUID when it reads back exactly (lower case, 8-4-4-4-12); null otherwise.</summary>
        public static GuidId? Of(string? text) =>
            text != null && text.Length == 36 && Guid.TryParseExact(text, "D", out var guid) && string.Equals(guid.ToString("D"), text, StringComparison.Ordinal)
                ? new GuidId(guid, text)
                : null;
    }

    /// <summary>One permission held by an agent, resolved to a name.</summary>
    public sealed class PermissionEntry
    {
        // Kept by an entry many identities share (an Azure role at a scope), whose every edge and path prints it, and
        // handed on to its copies; other entries make it when asked, as most are never printed.
        private string? _description;

        // The id as a string, or a DeferredId made into one when read (a grant's id, kept in its compact record; an app
        // role's, kept as a GUID).
        private readonly object? _id;

        public PermissionEntry(PermissionKind kind, string name, string resource, string? id, int? tier, string? scope = null, bool allPrincipals = false, bool isEligible = false, IReadOnlyList<PrivilegeEdge>? reachedBy = null)
            : this(kind, name, resource, (object?)id, tier, scope, allPrincipals, isEligible, reachedBy)
        {
        }

        private PermissionEntry(PermissionKind kind, string name, string resource, object? id, int? tier, string? scope, bool allPrincipals, bool isEligible, IReadOnlyList<PrivilegeEdge>? reachedBy)
        {
            ReachedBy = reachedBy ?? Array.Empty<PrivilegeEdge>();
            IsEligible = isEligible;
            Kind = kind;
            Name = name;
            Resource = resource;
            _id = id;
            Tier = tier;
            Scope = scope;
            AllPrincipals = allPrincipals;
        }

        /// <summary>A delegated scope of one grant, whose id is made from the grant when read.</summary>
        internal static PermissionEntry DelegatedScope(string name, string resource, DeferredId grantId, int? tier, string? scope, bool allPrincipals) =>
            new PermissionEntry(PermissionKind.DelegatedScope, name, resource, grantId, tier, scope, allPrincipals, false, null);

        public PermissionKind Kind { get; }

        /// <summary>The permission's name (Mail.Read, Global Administrator, Owner); the id when it cannot be resolved.</summary>
        public string Name { get; }

        /// <summary>The resource it applies to (Microsoft Graph, Microsoft Entra ID, an Azure scope's owner).</summary>
        public string Resource { get; }

        /// <summary>The app role or role definition id; for a delegated scope, the id of the grant that holds it.</summary>
        public string? Id => _id is DeferredId deferred ? deferred.Text : (string?)_id;

        /// <summary>The id's source when it is made on reading (a grant), else null.</summary>
        internal DeferredId? Deferred => _id as DeferredId;

        /// <summary>The hash of <c>Id ?? Name</c> ignoring case, without making a deferred id.</summary>
        internal int IdOrNameHashIgnoringCase() =>
            _id is DeferredId deferred ? deferred.HashIgnoringCase : StringComparer.OrdinalIgnoreCase.GetHashCode((string?)_id ?? Name);

        /// <summary>Whether <c>Id ?? Name</c> of both are equal ignoring case; the same deferred id is equal without being made.</summary>
        internal bool SameIdOrNameIgnoringCase(PermissionEntry other) =>
            (_id != null && ReferenceEquals(_id, other._id))
            || StringComparer.OrdinalIgnoreCase.Equals(Id ?? Name, other.Id ?? other.Name);

        /// <summary>
        /// 0 = can take over the tenant or a subscription, 1 = broad access to sensitive data or lateral movement,
        /// 2 = limited; null when the tier table does not rate it (unknown, not harmless).
        /// </summary>
        public int? Tier { get; }

        /// <summary>The route from the analysed identity to this permission (the last edge grants it); empty when not analysed from an identity.</summary>
        public IReadOnlyList<PrivilegeEdge> ReachedBy { get; }

        /// <summary>Held by the identity itself rather than through a group, an owned object or a blueprint.</summary>
        public bool IsDirect => ReachedBy.Count <= 1;

        /// <summary>The route in words, e.g. <c>owns app 'ci-deployer'</c>; empty for a direct permission.</summary>
        public string Via => string.Join(", ", ReachedBy.Take(Math.Max(0, ReachedBy.Count - 1)).Select(e => $"{e.Relation} {e.ToKind} '{e.ToName}'"));

        /// <summary>The same permission reached by a route.</summary>
        public PermissionEntry ReachedThrough(IReadOnlyList<PrivilegeEdge> route) =>
            new PermissionEntry(Kind, Name, Resource, _id, Tier, Scope, AllPrincipals, IsEligible, route) { _description = _description };

        /// <summary>The permission as a path prints it: its name, and the scope of an Azure or scoped directory role.</summary>
        public string Describe() =>
            _description ?? (Scope != null && (Kind == PermissionKind.AzureRole || Kind == PermissionKind.DirectoryRole) ? $"{this} on {Scope}" : ToString());

        /// <summary>
        /// The same entry with a canonical GUID id kept as a <see cref="GuidId"/> (40 bytes, not a 96-byte string), for an
        /// entry kept as long as the graph; itself when the id is not one.
        /// </summary>
        internal PermissionEntry WithGuidIdKeptCompact() =>
            _id is string text && GuidId.Of(text) is GuidId compact
                ? new PermissionEntry(Kind, Name, Resource, compact, Tier, Scope, AllPrincipals, IsEligible, ReachedBy) { _description = _description }
                : this;

        /// <summary>Keeps the description, for an entry shared by many holders; returns the entry.</summary>
        internal PermissionEntry KeepingDescription()
        {
            _description = Describe();
            return this;
        }

        /// <summary>Where it applies: a directory scope, an Azure scope, or null for tenant-wide.</summary>
        public string? Scope { get; }

        /// <summary>For delegated scopes: consented for all users (consentType AllPrincipals).</summary>
        public bool AllPrincipals { get; }

        /// <summary>For directory roles: a PIM eligibility (activatable on demand) rather than an active assignment.</summary>
        public bool IsEligible { get; }

        public override string ToString() => Kind switch
        {
            PermissionKind.DelegatedScope => AllPrincipals ? $"{Name} (delegated, all users)" : $"{Name} (delegated)",
            PermissionKind.DirectoryRole when IsEligible => $"{Name} (eligible)",
            _ => Name,
        };
    }

    /// <summary>The privilege of one agent or AI-app identity, with the permissions that set its tier.</summary>
    public sealed class AgentPrivilege
    {
        private readonly Lazy<BlastRadius> _blastRadius;
        private readonly Lazy<IReadOnlyList<PrivilegePath>> _paths;

        public AgentPrivilege(string id, string displayName, string? appId, AgentKind kind, int privilegeTier, IReadOnlyList<PermissionEntry> permissions, IReadOnlyList<PrivilegePath> paths, Func<BlastRadius>? blastRadius = null, int maxDepth = 0)
            : this(id, displayName, appId, kind, privilegeTier, permissions, () => paths, blastRadius, maxDepth)
        {
        }

        /// <summary>With the paths made when first read: most readers (the controls) look only at the permissions.</summary>
        internal AgentPrivilege(string id, string displayName, string? appId, AgentKind kind, int privilegeTier, IReadOnlyList<PermissionEntry> permissions, Func<IReadOnlyList<PrivilegePath>> paths, Func<BlastRadius>? blastRadius, int maxDepth)
        {
            _paths = new Lazy<IReadOnlyList<PrivilegePath>>(paths);
            // Computed when read: it looks at data stores and subscriptions, which the controls reading privilege do not need.
            _blastRadius = new Lazy<BlastRadius>(blastRadius ?? (() => BlastRadius.None));
            MaxDepth = maxDepth;
            Id = id;
            DisplayName = displayName;
            AppId = appId;
            Kind = kind;
            PrivilegeTier = privilegeTier;
            Permissions = permissions;
        }

        /// <summary>The service principal's object id.</summary>
        public string Id { get; }

        public string DisplayName { get; }

        public string? AppId { get; }

        public AgentKind Kind { get; }

        /// <summary>The lowest (most powerful) tier of any permission reached, directly or by a path; 2 when none is rated higher.</summary>
        public int PrivilegeTier { get; }

        /// <summary>Every permission reached, each with the route that reaches it (<see cref="PermissionEntry.ReachedBy"/>).</summary>
        public IReadOnlyList<PermissionEntry> Permissions { get; }

        /// <summary>The routes to every tier 0 and tier 1 permission reached, most powerful and shortest first.</summary>
        public IReadOnlyList<PrivilegePath> Paths => _paths.Value;

        public BlastRadius BlastRadius => _blastRadius.Value;

        /// <summary>True when a reached permission is not rated by the tier table (its tier is unknown).</summary>
        public bool HasUnratedPermissions => Permissions.Any(p => !p.Tier.HasValue);

        /// <summary>How many identities deep the walk went (hops before a permission).</summary>
        public int MaxDepth { get; }

        /// <summary>For an agent user: the object id of its parent agent identity (identityParentId); null otherwise.</summary>
        public string? ParentId { get; internal set; }

        /// <summary>For an agent user: the display name of its parent agent identity, when the snapshot holds it.</summary>
        public string? ParentName { get; internal set; }

        /// <summary>Risk, sign-in and recent grants of the identity (set by <see cref="AgentActivityIndex.Attach"/>; null when not asked for).</summary>
        public AgentActivity? Activity { get; internal set; }

        public override string ToString() => $"{DisplayName} (tier {PrivilegeTier})";
    }
}
