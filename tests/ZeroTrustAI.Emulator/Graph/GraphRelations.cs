using System;
using System.Collections.Generic;
using System.Linq;

namespace ZeroTrustAI.Emulator.Graph
{
    /// <summary>
    /// Graph navigation properties the emulator knows, and where a snapshot keeps them: in a separate set named
    /// <c>&lt;entity&gt;.&lt;relation&gt;</c> whose objects carry the related object's id in a key property (the
    /// snapshot contract's <c>ownedObjectId</c>, or the relation's own <c>principalId</c> / <c>clientId</c>), or inline.
    /// </summary>
    internal static class GraphRelations
    {
        /// <summary>Collection-valued relations: name → (source set, or null for "&lt;entity&gt;.&lt;name&gt;"; key property).</summary>
        private static readonly Dictionary<string, (string? Set, string Key)> Collections = new Dictionary<string, (string? Set, string Key)>(StringComparer.OrdinalIgnoreCase)
        {
            ["owners"] = (null, "ownedObjectId"),
            ["sponsors"] = (null, "sponsoredObjectId"),
            ["appRoleAssignments"] = (null, "principalId"),
            ["appRoleAssignedTo"] = ("servicePrincipals.appRoleAssignments", "resourceId"),
            [DirectMembership] = (null, "memberObjectId"),
            [TransitiveMembership] = (null, "memberObjectId"),
            ["federatedIdentityCredentials"] = (null, "applicationObjectId"),
            ["oauth2PermissionGrants"] = ("oauth2PermissionGrants", "clientId"),

            // Global Secure Access relations, kept inline on their policies and profiles (no key: never a set of their own).
            ["policyRules"] = (null, "id"),
            ["policies"] = (null, "id"),
            ["conditionalAccessPolicies"] = (null, "id"),
            // Agent registry: the collections of an agent instance, kept inline on it.
            ["collections"] = (null, "agentInstanceId"),
        };

        /// <summary>Single-valued relations, resolved from inline data or by the id property named here.</summary>
        private static readonly Dictionary<string, string> Singles = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["principal"] = "principalId",
            ["roleDefinition"] = "roleDefinitionId",
            // Entitlement management: an assignment's subject and access package, kept inline on it.
            ["target"] = "targetId",
            ["accessPackage"] = "accessPackageId",
        };

        /// <summary>The groups, directory roles and administrative units an object is a direct member of.</summary>
        public const string DirectMembership = "memberOf";

        /// <summary>The same, with the groups it is in through nested groups.</summary>
        public const string TransitiveMembership = "transitiveMemberOf";

        public static bool IsDirectMembership(string relation) => string.Equals(relation, DirectMembership, StringComparison.OrdinalIgnoreCase);

        public static bool IsTransitive(string relation) => string.Equals(relation, TransitiveMembership, StringComparison.OrdinalIgnoreCase);

        /// <summary>Snapshot annotations that say which object a related object belongs to: never served.</summary>
        public static readonly IReadOnlyCollection<string> SnapshotAnnotations = new[] { "ownedObjectId", "sponsoredObjectId", "memberObjectId", "applicationObjectId" };

        public static IEnumerable<string> NavigationNames => Collections.Keys.Concat(Singles.Keys);

        public static bool IsNavigation(string name) => Collections.ContainsKey(name) || Singles.ContainsKey(name);

        public static bool IsCollection(string name) => Collections.ContainsKey(name);

        /// <summary>The id property a single-valued relation is resolved by (principal → principalId).</summary>
        public static string? SingleKey(string name) => Singles.TryGetValue(name, out var key) ? key : null;

        /// <summary>The set holding a collection relation of an entity (owners of servicePrincipals → servicePrincipals.owners) and its key.</summary>
        public static (string Set, string Key)? SourceOf(string entity, string relation) =>
            Collections.TryGetValue(relation, out var source) ? (source.Set ?? entity + "." + relation, source.Key) : null;

        /// <summary>True when a snapshot set holds a relation (e.g. servicePrincipals.owners) rather than an entity set.</summary>
        public static bool IsRelationSet(string setName)
        {
            var segments = GraphSetPath.Segments(setName);
            return segments.Count == 2 && Collections.TryGetValue(segments[1], out var source) && source.Set == null;
        }
    }
}
