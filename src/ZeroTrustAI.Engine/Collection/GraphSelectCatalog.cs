using System;
using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Graph;

namespace ZeroTrustAI.Engine.Collection
{
    /// <summary>A navigation property to expand inline, optionally with its own <c>$select</c>.</summary>
    public sealed class GraphExpand
    {
        public GraphExpand(string property, params string[] select)
        {
            Property = property;
            Select = select;
        }

        public string Property { get; }

        /// <summary>Properties of the expanded objects; empty means the service's default set.</summary>
        public IReadOnlyList<string> Select { get; }

        /// <summary>The <c>$expand</c> term, e.g. <c>sponsors($select=id,displayName)</c>.</summary>
        public override string ToString() =>
            Select.Count == 0 ? Property : Property + "($select=" + string.Join(",", Select) + ")";
    }

    /// <summary>
    /// How one Microsoft Graph set is requested: API version, path, the properties the controls read
    /// (<c>$select</c>), inline expansions and, for per-object relations (owners, app role assignments), the set whose
    /// objects are the parents.
    /// </summary>
    public sealed class GraphSetRequest
    {
        internal GraphSetRequest(
            string set,
            string version,
            string path,
            IReadOnlyList<string> select,
            IReadOnlyList<GraphExpand>? expand = null,
            int? top = null,
            string? parentSet = null,
            string? parentIdProperty = null)
        {
            Set = set;
            Version = version;
            Path = path;
            Select = select;
            Expand = expand ?? Array.Empty<GraphExpand>();
            Top = top;
            ParentSet = parentSet;
            ParentIdProperty = parentIdProperty;
        }

        /// <summary>The set's name as in its file name (e.g. <c>servicePrincipals.owners</c>).</summary>
        public string Set { get; }

        /// <summary><c>v1.0</c> or <c>beta</c>.</summary>
        public string Version { get; }

        /// <summary>The request path after the version; <c>{id}</c> stands for a parent object's id in relations.</summary>
        public string Path { get; }

        /// <summary>
        /// The properties controls and the directory index read. Always starts with <c>id</c>; annotations such as
        /// <c>@odata.type</c> cannot be selected but Graph returns them for derived types and the writer keeps them.
        /// </summary>
        public IReadOnlyList<string> Select { get; }

        public IReadOnlyList<GraphExpand> Expand { get; }

        /// <summary>The page size to ask for; null when the endpoint does not take <c>$top</c> (its default applies).</summary>
        public int? Top { get; }

        /// <summary>For a per-object relation: the set whose objects are requested one by one (in <c>$batch</c> of 20).</summary>
        public string? ParentSet { get; }

        /// <summary>
        /// For a per-object relation: the property the collector adds to each returned object with the parent's id
        /// (e.g. <c>ownedObjectId</c>), since Graph's relation responses do not name the parent.
        /// </summary>
        public string? ParentIdProperty { get; }

        public bool IsRelation => ParentSet != null;

        /// <summary>
        /// The relative request URL with its query, e.g. <c>/beta/servicePrincipals?$select=id,appId&amp;$top=999</c>.
        /// For a relation pass the parent's id.
        /// </summary>
        public string BuildRequestUri(string? parentId = null)
        {
            if (IsRelation && string.IsNullOrEmpty(parentId))
            {
                throw new ArgumentException($"The Graph relation {Set} needs the id of a {ParentSet} object.", nameof(parentId));
            }

            var path = IsRelation ? Path.Replace("{id}", Uri.EscapeDataString(parentId!)) : Path;
            var query = new List<string>();
            if (Select.Count > 0)
            {
                query.Add("$select=" + string.Join(",", Select));
            }

            if (Expand.Count > 0)
            {
                query.Add("$expand=" + string.Join(",", Expand.Select(e => e.ToString())));
            }

            if (Top.HasValue)
            {
                query.Add("$top=" + Top.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            return "/" + Version + "/" + path + (query.Count > 0 ? "?" + string.Join("&", query) : string.Empty);
        }
    }

    /// <summary>
    /// The static table of every Graph set ZeroTrustAI collects, with the properties read by the controls, by
    /// <see cref="GraphDirectory"/> and by <see cref="Agents.AgentPrivilegeAnalyzer"/>. Change it when a control reads a
    /// new property: a property missing here is absent from a collected snapshot (the round-trip tests cut the sample
    /// tenant to these lists and expect identical results).
    /// </summary>
    public static class GraphSelectCatalog
    {
        /// <summary>Service principal properties read for agent detection, permissions, ownership and credentials.</summary>
        private static readonly string[] ServicePrincipalProperties =
        {
            "id", "appId", "displayName", "appDisplayName", "servicePrincipalType", "alternativeNames", "tags",
            "appOwnerOrganizationId", "appRoleAssignmentRequired", "accountEnabled", "appRoles",
            "passwordCredentials", "keyCredentials",
        };

        /// <summary>Application properties read for AI app registrations and agent blueprints (credentials).</summary>
        private static readonly string[] ApplicationProperties =
        {
            "id", "appId", "displayName", "passwordCredentials", "keyCredentials",
        };

        /// <summary>Owners are users or service principals; guests are told by userType or #EXT# in the UPN.</summary>
        private static readonly string[] OwnerProperties = { "id", "displayName", "userPrincipalName", "userType" };

        private static readonly GraphExpand Sponsors = new GraphExpand("sponsors", "id", "displayName");

        /// <summary>The expanded principal carries @odata.type, which tells workload identities from users.</summary>
        private static readonly GraphExpand Principal = new GraphExpand("principal");

        private static readonly Dictionary<string, GraphSetRequest> BySet = new[]
        {
            new GraphSetRequest(GraphSetNames.Organization, "v1.0", "organization", new[] { "id", "displayName" }),
            new GraphSetRequest(GraphSetNames.ServicePrincipals, "beta", "servicePrincipals", ServicePrincipalProperties, top: 999),

            // Agent sets: the objects win over the same ids in servicePrincipals, so they need the same properties.
            new GraphSetRequest(GraphSetNames.AgentIdentities, "beta", "servicePrincipals/microsoft.graph.agentIdentity", ServicePrincipalProperties, new[] { Sponsors }, top: 999),
            new GraphSetRequest(GraphSetNames.AgentBlueprintPrincipals, "beta", "servicePrincipals/microsoft.graph.agentIdentityBlueprintPrincipal", ServicePrincipalProperties, top: 999),
            new GraphSetRequest(GraphSetNames.Applications, "beta", "applications", ApplicationProperties, top: 999),
            new GraphSetRequest(GraphSetNames.AgentBlueprints, "beta", "applications/microsoft.graph.agentIdentityBlueprint", ApplicationProperties, new[] { Sponsors }, top: 999),

            // Per-object relations: one request per parent, batched 20 to a $batch.
            new GraphSetRequest(GraphSetNames.AppRoleAssignments, "v1.0", "servicePrincipals/{id}/appRoleAssignments", new[] { "id", "appRoleId", "principalId", "resourceId", "resourceDisplayName" }, top: 999, parentSet: GraphSetNames.ServicePrincipals),
            new GraphSetRequest(GraphSetNames.ServicePrincipalOwners, "v1.0", "servicePrincipals/{id}/owners", OwnerProperties, top: 999, parentSet: GraphSetNames.ServicePrincipals, parentIdProperty: "ownedObjectId"),
            new GraphSetRequest(GraphSetNames.ApplicationOwners, "v1.0", "applications/{id}/owners", OwnerProperties, top: 999, parentSet: GraphSetNames.Applications, parentIdProperty: "ownedObjectId"),

            new GraphSetRequest(GraphSetNames.OAuth2PermissionGrants, "v1.0", "oauth2PermissionGrants", new[] { "id", "clientId", "consentType", "principalId", "resourceId", "scope" }),

            // beta: isPrivileged is not in v1.0, and it is the tenant's own word on which roles are privileged.
            new GraphSetRequest(GraphSetNames.RoleDefinitions, "beta", "roleManagement/directory/roleDefinitions", new[] { "id", "templateId", "displayName", "isPrivileged" }),
            new GraphSetRequest(GraphSetNames.RoleAssignments, "v1.0", "roleManagement/directory/roleAssignments", new[] { "id", "principalId", "roleDefinitionId", "directoryScopeId" }, new[] { Principal }),
            new GraphSetRequest(GraphSetNames.RoleEligibilities, "v1.0", "roleManagement/directory/roleEligibilityScheduleInstances", new[] { "id", "principalId", "roleDefinitionId", "directoryScopeId" }, new[] { Principal }),
            new GraphSetRequest(GraphSetNames.ConditionalAccessPolicies, "beta", "identity/conditionalAccess/policies", new[] { "id", "displayName", "state", "conditions", "grantControls" }),

            // Global Secure Access exists in beta only.
            new GraphSetRequest(GraphSetNames.ForwardingProfiles, "beta", "networkAccess/forwardingProfiles", new[] { "id", "name", "state", "trafficForwardingType" }),
        }.ToDictionary(r => r.Set, StringComparer.OrdinalIgnoreCase);

        public static IReadOnlyCollection<GraphSetRequest> All => BySet.Values;

        /// <summary>The request for a set (by file name, ignoring case), or null when the catalog does not know it.</summary>
        public static GraphSetRequest? Find(string set) => BySet.TryGetValue(set, out var request) ? request : null;
    }
}
