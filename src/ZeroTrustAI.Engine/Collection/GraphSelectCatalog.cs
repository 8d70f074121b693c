using System;
using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Agents;
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

        /// <summary>A relation of the expanded objects expanded in turn (a profile's policy links and their policy), or null.</summary>
        public string? Nested { get; set; }

        /// <summary>The <c>$expand</c> term, e.g. <c>sponsors($select=id,displayName)</c> or <c>policies($expand=policy)</c>.</summary>
        public override string ToString()
        {
            var options = new List<string>();
            if (Select.Count > 0)
            {
                options.Add("$select=" + string.Join(",", Select));
            }

            if (Nested != null)
            {
                options.Add("$expand=" + Nested);
            }

            return options.Count == 0 ? Property : Property + "(" + string.Join(";", options) + ")";
        }
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
            string? parentIdProperty = null,
            bool expandOnParent = false,
            GraphReverseRelation? reverse = null,
            string? filter = null,
            GraphNesting? nesting = null,
            string? itemType = null)
        {
            Filter = filter;
            Nesting = nesting;
            ItemType = itemType;
            Set = set;
            Version = version;
            Path = path;
            Select = select;
            Expand = expand ?? Array.Empty<GraphExpand>();
            Top = top;
            ParentSet = parentSet;
            ParentIdProperty = parentIdProperty;
            ExpandOnParent = expandOnParent;
            Reverse = reverse;
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

        /// <summary>The relation's navigation property (the last segment of <see cref="Path"/>, e.g. <c>owners</c>).</summary>
        public string Navigation => Path.Substring(Path.LastIndexOf('/') + 1);

        /// <summary>
        /// For a relation: Graph documents <c>$expand</c> of it on the parent list ("Supports $expand"), so pages of
        /// parents can carry it (at most <see cref="GraphResourceUnits.MaxExpandedItems"/> items each). False: read per
        /// parent, the plan a newly declared relation gets until its expansion is checked against the docs.
        /// </summary>
        public bool ExpandOnParent { get; }

        /// <summary>For a relation: the same objects read from the other side (assignments from their resources), or null.</summary>
        public GraphReverseRelation? Reverse { get; }

        /// <summary>
        /// For a transitive relation: the direct relation to expand on the parents and the ancestors' request that closes
        /// it (<see cref="GraphNesting"/>), or null.
        /// </summary>
        public GraphNesting? Nesting { get; }

        /// <summary>
        /// The only <c>@odata.type</c> kept of a relation whose objects are of several types (groups among a member's
        /// directory roles and administrative units), or null for all. An object without the annotation is kept.
        /// </summary>
        public string? ItemType { get; }

        /// <summary>True when <paramref name="item"/> is of <see cref="ItemType"/> (or has no <c>@odata.type</c>).</summary>
        public bool Keeps(System.Text.Json.JsonElement item) =>
            ItemType == null
            || item.ValueKind != System.Text.Json.JsonValueKind.Object
            || !item.TryGetProperty("@odata.type", out var type)
            || type.ValueKind != System.Text.Json.JsonValueKind.String
            || string.Equals(type.GetString(), ItemType, StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// A nested relation's direct relation per parent (<c>servicePrincipals/{id}/memberOf</c>), for a parent whose
        /// expansion was full, so the list's pages hold direct pairs only; null for any other relation.
        /// </summary>
        public GraphSetRequest? DirectRequest() =>
            Nesting == null || ParentSet == null
                ? null
                : new GraphSetRequest(Set, Version, Path.Substring(0, Path.LastIndexOf('/') + 1) + Nesting.DirectNavigation, Select, top: Top, parentSet: ParentSet, itemType: ItemType);

        /// <summary>The request of a nested relation's ancestors per object (<c>groups/{id}/transitiveMemberOf</c>), or null.</summary>
        public GraphSetRequest? AncestorsRequest() =>
            Nesting == null
                ? null
                : new GraphSetRequest(Set, Version, Nesting.AncestorsPath, Select, top: Top, parentSet: Nesting.AncestorSet, itemType: ItemType);

        /// <summary>
        /// The reverse relation as a request of its own, per object of the parent set
        /// (<c>servicePrincipals/{id}/appRoleAssignedTo</c>), with this relation's properties; null when there is none.
        /// </summary>
        public GraphSetRequest? ReverseRequest() =>
            Reverse == null || ParentSet == null
                ? null
                : new GraphSetRequest(Set, Version, Path.Substring(0, Path.LastIndexOf('/') + 1) + Reverse.Navigation, Select, top: Top, parentSet: ParentSet);

        /// <summary>
        /// A server-side <c>$filter</c>, or null. It may hold <see cref="Agents.BehaviourSetNames.WindowStartToken"/>,
        /// replaced by the start of the collection's time window (bounded sets such as the directory audit log).
        /// </summary>
        public string? Filter { get; }

        /// <summary>
        /// The relative request URL with its query, e.g. <c>/beta/servicePrincipals?$select=id,appId&amp;$top=999</c>.
        /// For a relation pass the parent's id.
        /// </summary>
        public string BuildRequestUri(string? parentId = null, DateTimeOffset? windowStart = null)
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

            if (Filter != null)
            {
                var start = (windowStart ?? DateTimeOffset.UtcNow.AddDays(-Agents.BehaviourSetNames.DefaultAuditWindowDays)).UtcDateTime;
                var filter = Filter.Replace(Agents.BehaviourSetNames.WindowStartToken, start.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
                query.Add("$filter=" + Uri.EscapeDataString(filter));
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
    /// A transitive relation (a member's groups, nested ones included) read as its direct relation expanded on pages of
    /// the parents (<c>memberOf</c>, documented "Supports $expand") and closed by the collector: each group found brings
    /// its own transitive groups (<see cref="AncestorsPath"/>), since a member of a group is a member of every group
    /// that group is in.
    /// </summary>
    public sealed class GraphNesting
    {
        public GraphNesting(string directNavigation, string ancestorSet, string ancestorsPath)
        {
            DirectNavigation = directNavigation;
            AncestorSet = ancestorSet;
            AncestorsPath = ancestorsPath;
        }

        /// <summary>The direct relation expanded on the parents, e.g. <c>memberOf</c>.</summary>
        public string DirectNavigation { get; }

        /// <summary>The set of the related objects that nest, e.g. <c>groups</c>.</summary>
        public string AncestorSet { get; }

        /// <summary>The transitive relation of one related object, e.g. <c>groups/{id}/transitiveMemberOf</c>.</summary>
        public string AncestorsPath { get; }
    }

    /// <summary>
    /// A relation read from the objects at its other end: app role assignments of principals are the assignments
    /// granted on resources (<c>servicePrincipals/{id}/appRoleAssignedTo</c>), kept where <see cref="MatchProperty"/>
    /// (principalId) is one of the relation's parents. Any service principal can be a resource, so the reverse side
    /// reads the parent set's objects as resources.
    /// </summary>
    public sealed class GraphReverseRelation
    {
        public GraphReverseRelation(string navigation, string matchProperty)
        {
            Navigation = navigation;
            MatchProperty = matchProperty;
        }

        /// <summary>The navigation property on the resource side, e.g. <c>appRoleAssignedTo</c>.</summary>
        public string Navigation { get; }

        /// <summary>The property of each object naming the relation's parent, e.g. <c>principalId</c>.</summary>
        public string MatchProperty { get; }
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
            "passwordCredentials", "keyCredentials", "verifiedPublisher",
        };

        /// <summary>Agent identities also name their blueprint (its appId): they inherit its principal's permissions.</summary>
        private static readonly string[] AgentIdentityProperties = ServicePrincipalProperties.Concat(new[] { "agentIdentityBlueprintId" }).ToArray();

        /// <summary>Application properties read for AI app registrations and agent blueprints (credentials).</summary>
        private static readonly string[] ApplicationProperties =
        {
            "id", "appId", "displayName", "passwordCredentials", "keyCredentials", "signInAudience",
            "servicePrincipalLockConfiguration", "web", "spa", "publicClient",
        };

        /// <summary>Owners are users or service principals; guests are told by userType or #EXT# in the UPN.</summary>
        private static readonly string[] OwnerProperties = { "id", "displayName", "userPrincipalName", "userType" };

        /// <summary>The documented maximum page size of the Agent ID lists (agent identities, blueprints, blueprint principals).</summary>
        internal const int AgentIdMaxPageSize = 100;

        private static readonly GraphExpand Sponsors = new GraphExpand("sponsors", "id", "displayName");

        /// <summary>The expanded principal carries @odata.type, which tells workload identities from users.</summary>
        private static readonly GraphExpand Principal = new GraphExpand("principal");

        /// <summary>A member's groups: direct ones by memberOf, the groups they are in by each group's transitiveMemberOf.</summary>
        private static readonly GraphNesting GroupNesting = new GraphNesting("memberOf", "groups", "groups/{id}/transitiveMemberOf");

        private static readonly Dictionary<string, GraphSetRequest> BySet = new[]
        {
            new GraphSetRequest(GraphSetNames.Organization, "v1.0", "organization", new[] { "id", "displayName" }),
            new GraphSetRequest(GraphSetNames.ServicePrincipals, "beta", "servicePrincipals", ServicePrincipalProperties, top: 999),

            // Agent sets: the objects win over the same ids in servicePrincipals, so they need the same properties.
            new GraphSetRequest(GraphSetNames.AgentIdentities, "beta", "servicePrincipals/microsoft.graph.agentIdentity", AgentIdentityProperties, new[] { Sponsors }, top: AgentIdMaxPageSize),
            new GraphSetRequest(GraphSetNames.AgentBlueprintPrincipals, "beta", "servicePrincipals/microsoft.graph.agentIdentityBlueprintPrincipal", ServicePrincipalProperties, top: AgentIdMaxPageSize),
            new GraphSetRequest(GraphSetNames.Applications, "beta", "applications", ApplicationProperties, top: 999),
            new GraphSetRequest(GraphSetNames.AgentBlueprints, "beta", "applications/microsoft.graph.agentIdentityBlueprint", ApplicationProperties, new[] { Sponsors }, top: AgentIdMaxPageSize),

            // Relations: expanded on pages of their parents (servicePrincipal and application document "Supports $expand"
            // for owners, appRoleAssignments and appRoleAssignedTo), per parent (20 to a $batch) where that is cheaper.
            new GraphSetRequest(GraphSetNames.AppRoleAssignments, "v1.0", "servicePrincipals/{id}/appRoleAssignments", new[] { "id", "appRoleId", "principalId", "resourceId", "resourceDisplayName" }, top: 999, parentSet: GraphSetNames.ServicePrincipals, expandOnParent: true, reverse: new GraphReverseRelation("appRoleAssignedTo", "principalId")),
            new GraphSetRequest(GraphSetNames.ServicePrincipalOwners, "v1.0", "servicePrincipals/{id}/owners", OwnerProperties, top: 999, parentSet: GraphSetNames.ServicePrincipals, parentIdProperty: "ownedObjectId", expandOnParent: true),
            new GraphSetRequest(GraphSetNames.ApplicationOwners, "v1.0", "applications/{id}/owners", OwnerProperties, top: 999, parentSet: GraphSetNames.Applications, parentIdProperty: "ownedObjectId", expandOnParent: true),
            // Groups (nested included) of each service principal: roles and Azure RBAC granted to a group reach its members.
            // Only groups are kept (the directory index reads no other type). servicePrincipal and group document
            // "Supports $expand" for memberOf: the cheapest plan expands the direct groups on the principals and adds each
            // group's own transitiveMemberOf (docs/collection-plan.md); object by object reads transitiveMemberOf per principal.
            new GraphSetRequest(GraphSetNames.ServicePrincipalTransitiveMemberOf, "v1.0", "servicePrincipals/{id}/transitiveMemberOf", new[] { "id", "displayName" }, top: 999, parentSet: GraphSetNames.ServicePrincipals, parentIdProperty: GroupMembership.MemberProperty, expandOnParent: true, nesting: GroupNesting, itemType: GroupMembership.GroupType),

            new GraphSetRequest(GraphSetNames.OAuth2PermissionGrants, "v1.0", "oauth2PermissionGrants", new[] { "id", "clientId", "consentType", "principalId", "resourceId", "scope" }, top: 999),

            // beta: isPrivileged is not in v1.0, and it is the tenant's own word on which roles are privileged.
            new GraphSetRequest(GraphSetNames.RoleDefinitions, "beta", "roleManagement/directory/roleDefinitions", new[] { "id", "templateId", "displayName", "isPrivileged" }),
            new GraphSetRequest(GraphSetNames.RoleAssignments, "v1.0", "roleManagement/directory/roleAssignments", new[] { "id", "principalId", "roleDefinitionId", "directoryScopeId" }, new[] { Principal }),
            new GraphSetRequest(GraphSetNames.RoleEligibilities, "v1.0", "roleManagement/directory/roleEligibilityScheduleInstances", new[] { "id", "principalId", "roleDefinitionId", "directoryScopeId" }, new[] { Principal }),
            new GraphSetRequest(GraphSetNames.AgentUsers, "beta", "users/microsoft.graph.agentUser", new[] { "id", "displayName", "userPrincipalName", "accountEnabled", "identityParentId" }, new[] { Sponsors }, top: 999),
            new GraphSetRequest(GraphSetNames.BlueprintFederatedCredentials, "beta", "applications/{id}/federatedIdentityCredentials", new[] { "id", "name", "issuer", "subject", "audiences" }, parentSet: GraphSetNames.AgentBlueprints, parentIdProperty: FederatedCredentials.ParentProperty),
            // customSecurityAttributes "requires $select to retrieve" (agentIdentity, inherited from servicePrincipal).
            new GraphSetRequest(GraphSetNames.AgentIdentityCustomSecurityAttributes, "beta", "servicePrincipals/microsoft.graph.agentIdentity", new[] { "id", "displayName", "customSecurityAttributes" }, top: AgentIdMaxPageSize),
            new GraphSetRequest(GraphSetNames.AgentInstances, "beta", "agentRegistry/agentInstances", new[] { "id", "displayName", "agentIdentityId", "agentIdentityBlueprintId", "agentUserId", "originatingStore", "sourceAgentId" }, new[] { new GraphExpand("collections", "id", "displayName") }),
            new GraphSetRequest(GraphSetNames.AccessPackageAssignments, "v1.0", "identityGovernance/entitlementManagement/assignments", new[] { "id", "state", "status", "expiredDateTime" }, new[] { new GraphExpand("target", "objectId", "subjectType", "displayName"), new GraphExpand("accessPackage", "id", "displayName") }),
            new GraphSetRequest(GraphSetNames.AuthorizationPolicy, "v1.0", "policies/authorizationPolicy", new[] { "id", "defaultUserRolePermissions" }),
            new GraphSetRequest(GraphSetNames.AdminConsentRequestPolicy, "v1.0", "policies/adminConsentRequestPolicy", new[] { "id", "isEnabled", "notifyReviewers", "reviewers" }),
            new GraphSetRequest(GraphSetNames.ConditionalAccessPolicies, "beta", "identity/conditionalAccess/policies", new[] { "id", "displayName", "state", "conditions", "grantControls" }),

            // Behaviour (Agents/AgentActivity): risk, sign-in activity, grants in the audit window, the app management policy.
            new GraphSetRequest(BehaviourSetNames.RiskyAgents, "beta", "identityProtection/riskyAgents", new[] { "id", "agentDisplayName", "isEnabled", "isDeleted", "riskLevel", "riskState", "riskDetail", "riskLastModifiedDateTime" }),
            new GraphSetRequest(BehaviourSetNames.AgentRiskDetections, "beta", "identityProtection/agentRiskDetections", new[] { "id", "agentId", "agentDisplayName", "activityDateTime", "detectedDateTime", "riskEventType", "riskLevel", "riskState", "riskDetail" }, top: 500),
            new GraphSetRequest(BehaviourSetNames.RiskyServicePrincipals, "beta", "identityProtection/riskyServicePrincipals", Array.Empty<string>()),
            new GraphSetRequest(BehaviourSetNames.ServicePrincipalRiskDetections, "beta", "identityProtection/servicePrincipalRiskDetections", Array.Empty<string>()),
            // Objects are small, and $select is not documented for every one of these: read whole.
            new GraphSetRequest(BehaviourSetNames.ServicePrincipalSignInActivities, "beta", "reports/servicePrincipalSignInActivities", Array.Empty<string>()),
            new GraphSetRequest(BehaviourSetNames.AppCredentialSignInActivities, "beta", "reports/appCredentialSignInActivities", Array.Empty<string>()),
            new GraphSetRequest(BehaviourSetNames.DirectoryAudits, "v1.0", "auditLogs/directoryAudits", Array.Empty<string>(), filter: BehaviourSetNames.AuditFilter),
            new GraphSetRequest(BehaviourSetNames.DefaultAppManagementPolicy, "v1.0", "policies/defaultAppManagementPolicy", new[] { "id", "isEnabled", "applicationRestrictions", "servicePrincipalRestrictions" }),
            // Microsoft 365 data settings. Neither page documents which OData parameters it supports ("some"), and both objects
            // are small, so they are read whole. The label list of the organization (not /me, which shows the labels published
            // to the caller) exists in beta only, with isActive, hasProtection and contentFormats documented on each label.
            new GraphSetRequest(GraphSetNames.SharePointSettings, "v1.0", "admin/sharepoint/settings", Array.Empty<string>()),
            new GraphSetRequest(GraphSetNames.SensitivityLabels, "beta", "security/informationProtection/sensitivityLabels", Array.Empty<string>()),
            // Global Secure Access exists in beta only.
            new GraphSetRequest(GraphSetNames.ForwardingProfiles, "beta", "networkAccess/forwardingProfiles", new[] { "id", "name", "state", "trafficForwardingType" }),
            // Rules and policy links are relations: expanded, or the policies carry none. A link names its policy only when
            // the policy is expanded with it; a profile's Conditional Access policies come expanded by default.
            new GraphSetRequest(GraphSetNames.FilteringPolicies, "beta", "networkAccess/filteringPolicies", new[] { "id", "name", "action" }, new[] { new GraphExpand("policyRules") }),
            new GraphSetRequest(GraphSetNames.TlsInspectionPolicies, "beta", "networkAccess/tlsInspectionPolicies", new[] { "id", "name", "settings" }, new[] { new GraphExpand("policyRules") }),
            // Prompt Shield prompt policies are not in the Graph reference yet (the path and the link type are those Microsoft's
            // Zero Trust Assessment reads, test 25415): read whole, since no property list is documented to $select.
            new GraphSetRequest(GraphSetNames.PromptPolicies, "beta", "networkAccess/promptPolicies", Array.Empty<string>(), new[] { new GraphExpand("policyRules") }),
            new GraphSetRequest(GraphSetNames.FilteringProfiles, "beta", "networkAccess/filteringProfiles", new[] { "id", "name", "state", "priority" }, new[] { new GraphExpand("policies") { Nested = "policy($select=id,name)" }, new GraphExpand("conditionalAccessPolicies") }),
            new GraphSetRequest(GraphSetNames.NetworkAccessCrossTenantSettings, "beta", "networkAccess/settings/crossTenantAccess", Array.Empty<string>()),
            new GraphSetRequest(GraphSetNames.NetworkAccessConditionalAccessSettings, "beta", "networkAccess/settings/conditionalAccess", Array.Empty<string>()),
            new GraphSetRequest(GraphSetNames.CrossTenantAccessDefault, "beta", "policies/crossTenantAccessPolicy/default", new[] { "id", "isServiceDefault", "tenantRestrictions" }),
            // Named locations are of several derived types with their own properties: read whole.
            new GraphSetRequest(GraphSetNames.NamedLocations, "beta", "identity/conditionalAccess/namedLocations", Array.Empty<string>()),
        }.ToDictionary(r => r.Set, StringComparer.OrdinalIgnoreCase);

        public static IReadOnlyCollection<GraphSetRequest> All => BySet.Values;

        /// <summary>The request for a set (by file name, ignoring case), or null when the catalog does not know it.</summary>
        public static GraphSetRequest? Find(string set) => BySet.TryGetValue(set, out var request) ? request : null;
    }
}
