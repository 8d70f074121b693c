using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Linq;
using ZeroTrustAI.Engine.Snapshot;
using System.Text.Json;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Snapshot.Compact;

namespace ZeroTrustAI.Engine.Graph
{
    /// <summary>Names of the Graph sets the directory index reads (file names under graph/ without .json).</summary>
    public static class GraphSetNames
    {
        public const string Organization = "organization";
        public const string ServicePrincipals = "servicePrincipals";
        public const string AgentIdentities = "servicePrincipals.microsoft.graph.agentIdentity";
        public const string AgentBlueprintPrincipals = "servicePrincipals.microsoft.graph.agentIdentityBlueprintPrincipal";
        public const string AgentBlueprints = "applications.microsoft.graph.agentIdentityBlueprint";
        public const string Applications = "applications";
        public const string AppRoleAssignments = "servicePrincipals.appRoleAssignments";
        public const string ServicePrincipalOwners = "servicePrincipals.owners";
        public const string ServicePrincipalTransitiveMemberOf = "servicePrincipals.transitiveMemberOf";
        public const string ApplicationOwners = "applications.owners";
        public const string OAuth2PermissionGrants = "oauth2PermissionGrants";
        public const string RoleDefinitions = "roleManagement.directory.roleDefinitions";
        public const string RoleAssignments = "roleManagement.directory.roleAssignments";
        public const string RoleEligibilities = "roleManagement.directory.roleEligibilityScheduleInstances";
        public const string ConditionalAccessPolicies = "identity.conditionalAccess.policies";
        public const string ForwardingProfiles = "networkAccess.forwardingProfiles";

        // Global Secure Access security: policies, the profiles that apply them, and the tenant settings (beta only).
        public const string FilteringPolicies = "networkAccess.filteringPolicies";
        public const string FilteringProfiles = "networkAccess.filteringProfiles";
        public const string TlsInspectionPolicies = "networkAccess.tlsInspectionPolicies";
        public const string PromptPolicies = "networkAccess.promptPolicies";
        public const string NetworkAccessCrossTenantSettings = "networkAccess.settings.crossTenantAccess";
        public const string NetworkAccessConditionalAccessSettings = "networkAccess.settings.conditionalAccess";
        public const string CrossTenantAccessDefault = "policies.crossTenantAccessPolicy.default";
        public const string NamedLocations = "identity.conditionalAccess.namedLocations";

        // Tenant policies (singletons) and agent users, read by the consent and agent-user controls.
        public const string AuthorizationPolicy = "policies.authorizationPolicy";
        public const string AdminConsentRequestPolicy = "policies.adminConsentRequestPolicy";
        public const string AgentUsers = "users.microsoft.graph.agentUser";
        public const string BlueprintFederatedCredentials = "applications.federatedIdentityCredentials";

        // Microsoft 365 data settings (Data pillar): SharePoint and OneDrive tenant settings (a singleton), sensitivity labels.
        public const string SharePointSettings = "admin.sharepoint.settings";
        public const string SensitivityLabels = "security.informationProtection.sensitivityLabels";

        /// <summary>
        /// Agent identities listed again with only their custom security attributes: a read of its own because it needs
        /// CustomSecAttributeAssignment.Read.All, which a collector may lack (the agent list must not fail with it).
        /// </summary>
        public const string AgentIdentityCustomSecurityAttributes = "servicePrincipals.microsoft.graph.agentIdentity.customSecurityAttributes";

        /// <summary>The Microsoft Entra agent registry's agent instances (beta), each with the collections it belongs to.</summary>
        public const string AgentInstances = "agentRegistry.agentInstances";

        /// <summary>Entitlement management access package assignments, each with its target subject and access package expanded.</summary>
        public const string AccessPackageAssignments = "identityGovernance.entitlementManagement.assignments";

        /// <summary>
        /// Every Graph set the directory index reads, as data set names: controls built on the index declare them as
        /// optional data, so a set recorded as skipped or unreadable stops their judgement.
        /// </summary>
        public static readonly IReadOnlyList<string> DirectoryDataSets = new[]
        {
            ServicePrincipals, AgentIdentities, AgentBlueprintPrincipals, AgentBlueprints, Applications, AppRoleAssignments,
            ServicePrincipalOwners, ApplicationOwners, OAuth2PermissionGrants, RoleDefinitions, RoleAssignments, RoleEligibilities,
        }.Select(DataSets.Graph).ToArray();
    }

    /// <summary>An application permission granted to a service principal (appRoleAssignment).</summary>
    public sealed class AppRoleAssignment
    {
        private readonly CompactRecord? _record;

        // Boxed so that a reader on another thread sees either nothing or the whole element (controls run in parallel).
        private StrongBox<JsonElement>? _raw;

        public AppRoleAssignment(string principalId, string resourceId, string appRoleId, JsonElement raw)
        {
            PrincipalId = principalId;
            ResourceId = resourceId;
            AppRoleId = appRoleId;
            _raw = new StrongBox<JsonElement>(raw);
        }

        /// <summary>An assignment read from a compact record: its JSON is only built when asked for.</summary>
        internal AppRoleAssignment(string principalId, string resourceId, string appRoleId, CompactRecord record, bool isInherited, int resourceHandle, int appRoleHandle)
        {
            IsInherited = isInherited;
            PrincipalId = principalId;
            ResourceId = resourceId;
            AppRoleId = appRoleId;
            _record = record;
            ResourceHandle = resourceHandle;
            AppRoleHandle = appRoleHandle;
        }

        public string PrincipalId { get; }

        /// <summary>The object id of the resource service principal (e.g. Microsoft Graph's).</summary>
        public string ResourceId { get; }

        public string AppRoleId { get; }

        /// <summary>
        /// <see cref="ResourceId"/> and <see cref="AppRoleId"/> as the snapshot's string table holds them (equal handles,
        /// equal strings): keys that cost no string. <see cref="StringTable.Missing"/> for an assignment read from JSON.
        /// </summary>
        internal int ResourceHandle { get; } = StringTable.Missing;

        internal int AppRoleHandle { get; } = StringTable.Missing;

        /// <summary>Expanded from an agent identity's <c>inheritedAppRoleAssignments</c>: granted to its blueprint principal.</summary>
        public bool IsInherited { get; }

        /// <summary>The assignment's own id (<c>id</c>), read without building its JSON.</summary>
        public string? Id => GetString("id");

        public JsonElement Raw => (_raw ??= new StrongBox<JsonElement>(_record!.Value.ToElement())).Value;

        /// <summary>A property as <c>Raw.GetString(property)</c> reads it, from the compact record when it holds the property.</summary>
        internal string? GetString(string property) =>
            _raw == null && _record.HasValue ? _record.Value.GetString(property) : Raw.GetString(property);
    }

    /// <summary>A group a principal belongs to, directly or through nested groups (transitiveMemberOf).</summary>
    public sealed class GroupMembership
    {
        /// <summary>The property the collector adds to each group of a member's transitiveMemberOf with the member's id.</summary>
        public const string MemberProperty = "memberObjectId";

        /// <summary>The <c>@odata.type</c> of a group among a member's directory roles and administrative units.</summary>
        public const string GroupType = "#microsoft.graph.group";

        public GroupMembership(string memberId, string groupId, string groupName)
        {
            MemberId = memberId;
            GroupId = groupId;
            GroupName = groupName;
        }

        public string MemberId { get; }

        public string GroupId { get; }

        public string GroupName { get; }
    }

    /// <summary>An Entra directory role held by a principal: active assignment or PIM eligibility.</summary>
    public sealed class DirectoryRoleAssignment
    {
        public DirectoryRoleAssignment(string principalId, string roleDefinitionId, string directoryScopeId, bool isEligible, JsonElement raw)
        {
            PrincipalId = principalId;
            RoleDefinitionId = roleDefinitionId;
            DirectoryScopeId = directoryScopeId;
            IsEligible = isEligible;
            Raw = raw;
        }

        public string PrincipalId { get; }

        /// <summary>The role definition id; for built-in roles this is the role's template id.</summary>
        public string RoleDefinitionId { get; }

        /// <summary>"/" for the whole tenant, else an administrative unit or object.</summary>
        public string DirectoryScopeId { get; }

        public bool IsEligible { get; }

        public JsonElement Raw { get; }
    }

    /// <summary>
    /// What permissions name of a resource service principal, read from its JSON once: whether it is Microsoft Graph and
    /// its names (the app's display name only when the principal has none, the one case it is read).
    /// </summary>
    internal sealed class ResourcePrincipal
    {
        public ResourcePrincipal(bool isMicrosoftGraph, string? displayName, string? appDisplayName)
        {
            IsMicrosoftGraph = isMicrosoftGraph;
            DisplayName = displayName;
            AppDisplayName = appDisplayName;
        }

        public bool IsMicrosoftGraph { get; }

        public string? DisplayName { get; }

        public string? AppDisplayName { get; }
    }

    /// <summary>An app role assignment as a privilege walk reads it (see <see cref="GraphDirectory.AppRoleAssignmentKeysOf"/>).</summary>
    internal readonly struct AssignmentKey
    {
        public AssignmentKey(int entry, int resourceHandle, int appRoleHandle, string? resourceDisplayName, bool isInherited)
        {
            Entry = entry;
            ResourceHandle = resourceHandle;
            AppRoleHandle = appRoleHandle;
            ResourceDisplayName = resourceDisplayName;
            IsInherited = isInherited;
        }

        public int Entry { get; }

        public int ResourceHandle { get; }

        public int AppRoleHandle { get; }

        public string? ResourceDisplayName { get; }

        public bool IsInherited { get; }
    }

    /// <summary>A service principal recognised as an agent or the identity of an AI application.</summary>
    public sealed class DirectoryAgent
    {
        private readonly JsonElement _raw;
        private readonly JsonArena? _arena;
        private readonly int _index;

        public DirectoryAgent(string id, string displayName, string? appId, AgentKind kind, string detectedBy, JsonElement raw, bool isBlueprintPrincipal = false)
            : this(id, displayName, appId, kind, detectedBy, isBlueprintPrincipal, AgentFacts.Of(raw))
        {
            _raw = raw;
        }

        /// <summary>An agent whose JSON stays in the snapshot's arena, parsed when <see cref="Raw"/> is read.</summary>
        internal DirectoryAgent(string id, string displayName, string? appId, AgentKind kind, string detectedBy, JsonArena arena, int index, bool isBlueprintPrincipal, AgentFacts facts)
            : this(id, displayName, appId, kind, detectedBy, isBlueprintPrincipal, facts)
        {
            _arena = arena;
            _index = index;
        }

        private DirectoryAgent(string id, string displayName, string? appId, AgentKind kind, string detectedBy, bool isBlueprintPrincipal, AgentFacts facts)
        {
            IsBlueprintPrincipal = isBlueprintPrincipal;
            Id = id;
            DisplayName = displayName;
            AppId = appId;
            Kind = kind;
            DetectedBy = detectedBy;
            ODataType = facts.ODataType;
            AccountEnabled = facts.AccountEnabled;
            AppOwnerOrganizationId = facts.AppOwnerOrganizationId;
            BlueprintAppId = facts.BlueprintAppId;
        }

        public string Id { get; }

        public string DisplayName { get; }

        public string? AppId { get; }

        public AgentKind Kind { get; }

        /// <summary>An agent identity blueprint principal (the blueprint's service principal), not an agent instance.</summary>
        public bool IsBlueprintPrincipal { get; }

        /// <summary>Why the principal counts as an agent, in words (for reasons and verbose output).</summary>
        public string DetectedBy { get; }

        /// <summary>
        /// The principal's <c>@odata.type</c> without its leading '#', or null. This and the two properties below are read
        /// once with the agent: most agent controls ask for them, and <see cref="Raw"/> parses the JSON again each time.
        /// </summary>
        public string? ODataType { get; }

        /// <summary>The principal's <c>accountEnabled</c>: null when absent or not a boolean.</summary>
        public bool? AccountEnabled { get; }

        /// <summary>The principal's <c>appOwnerOrganizationId</c> (the tenant that registered its app), or null.</summary>
        public string? AppOwnerOrganizationId { get; }

        /// <summary>
        /// For an agent identity: its <c>agentIdentityBlueprintId</c>, the appId of the blueprint it was made from, or null.
        /// Every privilege analysis of the agent asks for it.
        /// </summary>
        public string? BlueprintAppId { get; }

        /// <summary>The principal's JSON as read (parsed anew from the snapshot when it is kept there: keep what you read twice).</summary>
        public JsonElement Raw => _arena != null ? _arena.Get(_index) : _raw;

        /// <summary>For an agent user: the object id of its parent agent identity (<c>identityParentId</c>); null otherwise.</summary>
        public string? ParentId => Kind == AgentKind.AgentUser ? Raw.GetString("identityParentId") : null;

        public override string ToString() => DisplayName;
    }

    /// <summary>What <see cref="DirectoryAgent"/> keeps of its principal's JSON besides its names.</summary>
    internal readonly struct AgentFacts
    {
        public AgentFacts(string? oDataType, bool? accountEnabled, string? appOwnerOrganizationId, string? blueprintAppId)
        {
            ODataType = oDataType;
            AccountEnabled = accountEnabled;
            AppOwnerOrganizationId = appOwnerOrganizationId;
            BlueprintAppId = blueprintAppId;
        }

        public string? ODataType { get; }

        public bool? AccountEnabled { get; }

        public string? AppOwnerOrganizationId { get; }

        public string? BlueprintAppId { get; }

        /// <summary>Read as the controls read them (<see cref="Json.JsonElementExtensions"/>), so a kept fact equals a read one.</summary>
        public static AgentFacts Of(JsonElement raw) =>
            raw.ValueKind == JsonValueKind.Object
                ? new AgentFacts(raw.GetString("@odata.type")?.TrimStart('#'), raw.GetBool("accountEnabled"), raw.GetString("appOwnerOrganizationId"), raw.GetString("agentIdentityBlueprintId"))
                : default;
    }
}
