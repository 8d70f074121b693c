using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Agents
{
    /// <summary>Whether the activity data shows a permission exercised within the window.</summary>
    public enum PermissionUse
    {
        /// <summary>No sign-in data for the identity, so nothing can be said.</summary>
        Unknown,

        /// <summary>The identity signed in, in the flow the permission applies to, within the window.</summary>
        InUse,

        /// <summary>The identity did not sign in, in that flow, within the window: the permission cannot have been used.</summary>
        NotInUse,
    }

    /// <summary>Entra ID Protection's record of an agent or service principal (riskyAgents, riskyServicePrincipals).</summary>
    public sealed class RiskRecord
    {
        internal RiskRecord(string set, JsonElement raw)
        {
            Set = set;
            Raw = raw;
            RiskLevel = raw.GetString("riskLevel") ?? "none";
            RiskState = raw.GetString("riskState") ?? "none";
            RiskDetail = raw.GetString("riskDetail");
            LastModified = raw.GetDateTime("riskLastModifiedDateTime") ?? raw.GetDateTime("riskLastUpdatedDateTime");
        }

        /// <summary>The set the record came from (riskyAgents or riskyServicePrincipals).</summary>
        public string Set { get; }

        /// <summary>low, medium, high, hidden or none.</summary>
        public string RiskLevel { get; }

        /// <summary>atRisk, confirmedCompromised, remediated, dismissed, confirmedSafe or none.</summary>
        public string RiskState { get; }

        public string? RiskDetail { get; }

        public DateTimeOffset? LastModified { get; }

        public JsonElement Raw { get; }

        /// <summary>Medium or high risk that no one has closed: atRisk or confirmedCompromised.</summary>
        public bool IsOpenMediumOrHigh =>
            (RiskLevel.EqualsIgnoreCase("medium") || RiskLevel.EqualsIgnoreCase("high"))
            && (RiskState.EqualsIgnoreCase("atRisk") || RiskState.EqualsIgnoreCase("confirmedCompromised"));

        public override string ToString() => $"{RiskLevel} ({RiskState})";
    }

    /// <summary>The use of one application credential (appCredentialSignInActivities).</summary>
    public sealed class CredentialActivity
    {
        internal CredentialActivity(JsonElement raw)
        {
            Raw = raw;
            KeyId = raw.GetString("keyId");
            KeyType = raw.GetString("keyType");
            CredentialOrigin = raw.GetString("credentialOrigin");
            AppId = raw.GetString("appId");
            ServicePrincipalId = raw.GetString("servicePrincipalObjectId");
            LastSignIn = raw.GetDateTime("signInActivity.lastSignInDateTime");
        }

        public string? KeyId { get; }

        /// <summary>clientSecret or certificate.</summary>
        public string? KeyType { get; }

        /// <summary>application (on the app registration) or servicePrincipal (on the service principal).</summary>
        public string? CredentialOrigin { get; }

        public string? AppId { get; }

        public string? ServicePrincipalId { get; }

        /// <summary>The last sign-in with this credential, in any flow; null when none is recorded.</summary>
        public DateTimeOffset? LastSignIn { get; }

        public JsonElement Raw { get; }
    }

    /// <summary>A directory audit event in the window that gave power to an identity.</summary>
    public sealed class GrantEvent
    {
        internal GrantEvent(JsonElement raw, string granteeId, string? permission, string? appRoleId, string? roleTemplateId)
        {
            Raw = raw;
            GranteeId = granteeId;
            Permission = permission;
            AppRoleId = appRoleId;
            RoleTemplateId = roleTemplateId;
            Activity = raw.GetString("activityDisplayName") ?? "(unnamed activity)";
            When = raw.GetDateTime("activityDateTime");
            Initiator = raw.GetString("initiatedBy.user.userPrincipalName")
                ?? raw.GetString("initiatedBy.user.displayName")
                ?? raw.GetString("initiatedBy.app.displayName")
                ?? raw.GetString("initiatedBy.app.servicePrincipalId")
                ?? raw.GetString("initiatedBy.user.id")
                ?? "(unknown initiator)";
        }

        public string Activity { get; }

        public DateTimeOffset? When { get; }

        /// <summary>Who made the change: the user's UPN, else the app's name or id (initiatedBy).</summary>
        public string Initiator { get; }

        /// <summary>The object id of the identity that received the power.</summary>
        public string GranteeId { get; }

        /// <summary>The application permission (AppRole.Value) or directory role (Role.DisplayName) granted, when the event names one.</summary>
        public string? Permission { get; }

        public string? AppRoleId { get; }

        public string? RoleTemplateId { get; }

        public JsonElement Raw { get; }

        public override string ToString() =>
            $"{Activity}{(Permission != null ? " (" + Permission + ")" : string.Empty)} at {When?.ToString("u") ?? "?"} by {Initiator}";
    }

    /// <summary>
    /// What one agent did and what happened to it: its risk, its last sign-in as a client (app-only and delegated),
    /// and the grants it received in the audit window. Sign-in activity is recorded per application, not per
    /// permission, so "in use" for a permission means "the identity signed in, in the flow the permission applies to".
    /// </summary>
    public sealed class AgentActivity
    {
        internal AgentActivity(RiskRecord? risk, bool signInDataAvailable, DateTimeOffset? lastApplicationSignIn, DateTimeOffset? lastDelegatedSignIn, IReadOnlyList<GrantEvent> recentGrants, DateTimeOffset referenceTime, int windowDays)
        {
            Risk = risk;
            SignInDataAvailable = signInDataAvailable;
            LastApplicationSignIn = lastApplicationSignIn;
            LastDelegatedSignIn = lastDelegatedSignIn;
            RecentGrants = recentGrants;
            ReferenceTime = referenceTime;
            WindowDays = windowDays;
        }

        /// <summary>Entra ID Protection's record, or null when the identity has none (or risk data was not collected).</summary>
        public RiskRecord? Risk { get; }

        /// <summary>The risk level of the record; "none" when the identity has no record.</summary>
        public string RiskLevel => Risk?.RiskLevel ?? "none";

        /// <summary>True when the sign-in activity report was collected and lists at least one application.</summary>
        public bool SignInDataAvailable { get; }

        /// <summary>Last sign-in as a client in an app-only flow (applicationAuthenticationClientSignInActivity).</summary>
        public DateTimeOffset? LastApplicationSignIn { get; }

        /// <summary>Last sign-in as a client in a delegated flow (delegatedClientSignInActivity).</summary>
        public DateTimeOffset? LastDelegatedSignIn { get; }

        /// <summary>The later of the two client sign-ins.</summary>
        public DateTimeOffset? LastSignIn =>
            LastApplicationSignIn > LastDelegatedSignIn || LastDelegatedSignIn == null ? LastApplicationSignIn : LastDelegatedSignIn;

        /// <summary>Grants of power to the identity in the audit window (directory audit events).</summary>
        public IReadOnlyList<GrantEvent> RecentGrants { get; }

        /// <summary>The snapshot's collection time (else the time of the analysis): the windows end here, not at the wall clock.</summary>
        public DateTimeOffset ReferenceTime { get; }

        /// <summary>The window "in use" is judged over, in days before <see cref="ReferenceTime"/>.</summary>
        public int WindowDays { get; }

        /// <summary>The permissions of <paramref name="identity"/> the activity shows not exercised in the window (none when unknown).</summary>
        public IReadOnlyList<UnusedPrivilege> UnusedPrivileges(AgentPrivilege identity)
        {
            if (identity == null)
            {
                throw new ArgumentNullException(nameof(identity));
            }

            return identity.Permissions.Where(p => UseOf(p) == PermissionUse.NotInUse)
                .OrderBy(p => p.Tier)
                .Select(p => new UnusedPrivilege(identity, p, this))
                .ToList();
        }

        /// <summary>Whole days since the last client sign-in; null when there is none or no data.</summary>
        public int? DaysSinceLastSignIn => LastSignIn is { } last ? (int)Math.Floor((ReferenceTime - last).TotalDays) : (int?)null;

        /// <summary>
        /// Whether the activity shows the permission exercised: a delegated scope by a delegated sign-in, anything
        /// else (application permissions, directory and Azure roles, which act on app-only tokens) by an app-only
        /// sign-in, within the window. Unknown without sign-in data.
        /// </summary>
        public PermissionUse UseOf(PermissionEntry permission)
        {
            if (permission == null)
            {
                throw new ArgumentNullException(nameof(permission));
            }

            if (!SignInDataAvailable)
            {
                return PermissionUse.Unknown;
            }

            var last = permission.Kind == PermissionKind.DelegatedScope ? LastDelegatedSignIn : LastApplicationSignIn;
            return last != null && (ReferenceTime - last.Value).TotalDays <= WindowDays ? PermissionUse.InUse : PermissionUse.NotInUse;
        }

        public override string ToString() =>
            $"risk {RiskLevel}; last sign-in {(SignInDataAvailable ? LastSignIn?.ToString("u") ?? "never" : "unknown")}";
    }

    /// <summary>
    /// A permission an identity holds that the activity shows not exercised in the window (Test-ZtaiAgentPrivilege
    /// -Unused): under least privilege, the first thing to remove.
    /// </summary>
    public sealed class UnusedPrivilege
    {
        internal UnusedPrivilege(AgentPrivilege identity, PermissionEntry permission, AgentActivity activity)
        {
            Identity = identity;
            Permission = permission;
            Activity = activity;
        }

        public AgentPrivilege Identity { get; }

        public PermissionEntry Permission { get; }

        public AgentActivity Activity { get; }

        public string DisplayName => Identity.DisplayName;

        public string Id => Identity.Id;

        /// <summary>The permission's tier; null when the tier table does not rate it.</summary>
        public int? Tier => Permission.Tier;

        /// <summary>The last sign-in in the flow the permission applies to (null: none recorded).</summary>
        public DateTimeOffset? LastSignIn => Permission.Kind == PermissionKind.DelegatedScope ? Activity.LastDelegatedSignIn : Activity.LastApplicationSignIn;

        public override string ToString() => $"{DisplayName}: {Permission} (last sign-in {LastSignIn?.ToString("u") ?? "never"})";
    }

    /// <summary>
    /// The behaviour data of a snapshot, indexed once: risk records by object id, sign-in activity by appId,
    /// credential activity by keyId, grant events by grantee and the tenant's default app management policy.
    /// </summary>
    public sealed class AgentActivityIndex
    {
        /// <summary>The default window for "in use", "unused" and "dormant", in days.</summary>
        public const int DefaultWindowDays = 90;

        /// <summary>Risk records: riskyAgents (Entra ID P2) and riskyServicePrincipals (Workload ID Premium).</summary>
        public static readonly DataRequirement RiskData = DataRequirement.ReadsIfPresent(
            DataSets.Graph(BehaviourSetNames.RiskyAgents), DataSets.Graph(BehaviourSetNames.RiskyServicePrincipals),
            DataSets.Graph(BehaviourSetNames.AgentRiskDetections), DataSets.Graph(BehaviourSetNames.ServicePrincipalRiskDetections));

        public static readonly DataRequirement SignInData = DataRequirement.ReadsIfPresent(DataSets.Graph(BehaviourSetNames.ServicePrincipalSignInActivities));

        public static readonly DataRequirement CredentialData = DataRequirement.ReadsIfPresent(DataSets.Graph(BehaviourSetNames.AppCredentialSignInActivities));

        public static readonly DataRequirement AuditData = DataRequirement.ReadsIfPresent(DataSets.Graph(BehaviourSetNames.DirectoryAudits));

        public static readonly DataRequirement PolicyData = DataRequirement.ReadsIfPresent(DataSets.Graph(BehaviourSetNames.DefaultAppManagementPolicy));

        /// <summary>Everything the index reads, each set when present. Each part is read on first use, so a control reads only what it declares.</summary>
        public static readonly DataRequirement Data = RiskData.And(SignInData).And(CredentialData).And(AuditData).And(PolicyData);

        private static readonly ConditionalWeakTable<TenantSnapshot, Lazy<AgentActivityIndex>> Cache = new ConditionalWeakTable<TenantSnapshot, Lazy<AgentActivityIndex>>();

        private readonly Lazy<Dictionary<string, RiskRecord>> _riskById;
        private readonly Lazy<Dictionary<string, JsonElement>> _signInsByAppId;
        private readonly Lazy<Dictionary<string, CredentialActivity>> _credentialsByKeyId;
        private readonly Lazy<Dictionary<string, List<GrantEvent>>> _grantsByGrantee;
        private readonly Lazy<JsonElement?> _appManagementPolicy;
        private readonly Lazy<Dictionary<string, JsonElement>> _latestDetectionById;

        private AgentActivityIndex(TenantSnapshot snapshot)
        {
            ReferenceTime = snapshot.Manifest?.CollectedAt ?? DateTimeOffset.UtcNow;
            _riskById = new Lazy<Dictionary<string, RiskRecord>>(() => ReadRisk(snapshot));
            _signInsByAppId = new Lazy<Dictionary<string, JsonElement>>(() => ByKey(snapshot.GraphItems(BehaviourSetNames.ServicePrincipalSignInActivities), i => i.GetString("appId"), i => i));
            _credentialsByKeyId = new Lazy<Dictionary<string, CredentialActivity>>(() => ByKey(snapshot.GraphItems(BehaviourSetNames.AppCredentialSignInActivities).Select(i => new CredentialActivity(i)), c => c.KeyId, c => c));
            _grantsByGrantee = new Lazy<Dictionary<string, List<GrantEvent>>>(() => snapshot.GraphItems(BehaviourSetNames.DirectoryAudits)
                .SelectMany(ReadGrants)
                .GroupBy(g => g.GranteeId, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase));
            _latestDetectionById = new Lazy<Dictionary<string, JsonElement>>(() => ByKey(
                snapshot.GraphItems(BehaviourSetNames.AgentRiskDetections).Concat(snapshot.GraphItems(BehaviourSetNames.ServicePrincipalRiskDetections))
                    .OrderBy(d => d.GetDateTime("detectedDateTime") ?? DateTimeOffset.MinValue),
                d => d.GetString("agentId") ?? d.GetString("servicePrincipalId"),
                d => d));
            _appManagementPolicy = new Lazy<JsonElement?>(() =>
            {
                var policies = snapshot.GraphItems(BehaviourSetNames.DefaultAppManagementPolicy);
                return policies.Count > 0 ? policies[0] : (JsonElement?)null;
            });
        }

        /// <summary>The snapshot's collection time (else now): every window ends here.</summary>
        public DateTimeOffset ReferenceTime { get; }

        /// <summary>True when servicePrincipalSignInActivities lists at least one application.</summary>
        public bool SignInDataAvailable => _signInsByAppId.Value.Count > 0;

        /// <summary>True when appCredentialSignInActivities lists at least one credential.</summary>
        public bool CredentialDataAvailable => _credentialsByKeyId.Value.Count > 0;

        /// <summary>The tenant's default app management policy, when collected.</summary>
        public JsonElement? AppManagementPolicy => _appManagementPolicy.Value;

        /// <summary>The index of a snapshot, built once.</summary>
        public static AgentActivityIndex For(TenantSnapshot snapshot)
        {
            if (snapshot == null)
            {
                throw new ArgumentNullException(nameof(snapshot));
            }

            // Built by one thread while the others wait: controls running in parallel share one index.
            return Cache.GetValue(snapshot, s => new Lazy<AgentActivityIndex>(() => new AgentActivityIndex(s), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
        }

        /// <summary>Sets <see cref="AgentPrivilege.Activity"/> on each analysed identity; returns them.</summary>
        public static IReadOnlyList<AgentPrivilege> Attach(TenantSnapshot snapshot, IReadOnlyList<AgentPrivilege> privileges, int windowDays = DefaultWindowDays)
        {
            var index = For(snapshot);
            foreach (var privilege in privileges)
            {
                privilege.Activity = index.ActivityOf(privilege.Id, privilege.AppId, windowDays);
            }

            return privileges;
        }

        public RiskRecord? RiskOf(string principalId) =>
            principalId != null && _riskById.Value.TryGetValue(principalId, out var record) ? record : null;

        /// <summary>The most recent ID Protection detection of an agent or service principal, or null.</summary>
        public JsonElement? LatestDetectionOf(string principalId) =>
            _latestDetectionById.Value.TryGetValue(principalId, out var detection) ? detection : (JsonElement?)null;

        /// <summary>The credential's activity record by keyId, or null when the report has none for it.</summary>
        public CredentialActivity? CredentialActivityOf(string? keyId) =>
            keyId != null && _credentialsByKeyId.Value.TryGetValue(keyId, out var activity) ? activity : null;

        /// <summary>Every credential activity of an identity: by its service principal id, or its appId.</summary>
        public IEnumerable<CredentialActivity> CredentialActivitiesOf(string principalId, string? appId) =>
            _credentialsByKeyId.Value.Values.Where(c => principalId.EqualsIgnoreCase(c.ServicePrincipalId) || (appId != null && appId.EqualsIgnoreCase(c.AppId)));

        /// <summary>Grant events to the identity within the last <paramref name="windowDays"/> before the reference time.</summary>
        public IReadOnlyList<GrantEvent> GrantsTo(string principalId, int windowDays) =>
            _grantsByGrantee.Value.TryGetValue(principalId, out var list)
                ? list.Where(g => g.When != null && (ReferenceTime - g.When.Value).TotalDays <= windowDays && g.When.Value <= ReferenceTime.AddMinutes(5)).OrderByDescending(g => g.When).ToList()
                : (IReadOnlyList<GrantEvent>)Array.Empty<GrantEvent>();

        /// <summary>The behaviour of one identity, with "in use" judged over <paramref name="windowDays"/>.</summary>
        public AgentActivity ActivityOf(string principalId, string? appId, int windowDays = DefaultWindowDays)
        {
            var (application, delegated) = ClientSignInsOf(appId);
            return new AgentActivity(RiskOf(principalId), SignInDataAvailable, application, delegated, GrantsTo(principalId, windowDays), ReferenceTime, windowDays);
        }

        /// <summary>The last sign-in of the application as a client, app-only and delegated (null where none is recorded).</summary>
        public (DateTimeOffset? Application, DateTimeOffset? Delegated) ClientSignInsOf(string? appId) =>
            appId != null && _signInsByAppId.Value.TryGetValue(appId, out var signIns)
                ? (signIns.GetDateTime("applicationAuthenticationClientSignInActivity.lastSignInDateTime"), signIns.GetDateTime("delegatedClientSignInActivity.lastSignInDateTime"))
                : (null, null);

        private static Dictionary<string, RiskRecord> ReadRisk(TenantSnapshot snapshot)
        {
            // riskyAgents first: an agent identity's own record wins over a service principal record of the same id.
            var byId = new Dictionary<string, RiskRecord>(StringComparer.OrdinalIgnoreCase);
            foreach (var set in new[] { BehaviourSetNames.RiskyAgents, BehaviourSetNames.RiskyServicePrincipals })
            {
                foreach (var item in snapshot.GraphItems(set))
                {
                    var id = item.GetString("id");
                    if (id != null && !byId.ContainsKey(id))
                    {
                        byId[id] = new RiskRecord(set, item);
                    }
                }
            }

            return byId;
        }

        private static Dictionary<string, TValue> ByKey<TItem, TValue>(IEnumerable<TItem> items, Func<TItem, string?> key, Func<TItem, TValue> value)
        {
            var byKey = new Dictionary<string, TValue>(StringComparer.OrdinalIgnoreCase);
            foreach (var item in items)
            {
                var k = key(item);
                if (k != null)
                {
                    byKey[k] = value(item);
                }
            }

            return byKey;
        }

        /// <summary>
        /// The grantees of one audit event. "Add app role assignment to service principal" names the resource as its
        /// target and the grantee in ServicePrincipal.ObjectID; the other activities name the grantee as a target of
        /// type ServicePrincipal or Application.
        /// </summary>
        private static IEnumerable<GrantEvent> ReadGrants(JsonElement audit)
        {
            var activity = audit.GetString("activityDisplayName");
            if (activity == null || !BehaviourSetNames.GrantActivities.Any(a => a.EqualsIgnoreCase(activity)) || !IsSuccess(audit))
            {
                yield break;
            }

            var properties = audit.GetArray("targetResources").SelectMany(t => t.GetArray("modifiedProperties")).ToList();
            string? Property(string name) => Unquote(properties.FirstOrDefault(p => name.EqualsIgnoreCase(p.GetString("displayName"))).GetStringOrNull("newValue"));

            var appRoleValue = Property("AppRole.Value");
            var appRoleId = Property("AppRole.Id");
            var roleName = Property("Role.DisplayName");
            var roleTemplate = Property("Role.TemplateId");
            var permission = appRoleValue is { Length: > 0 } ? appRoleValue : roleName;

            var grantees = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (activity!.EqualsIgnoreCase("Add app role assignment to service principal"))
            {
                var grantee = Property("ServicePrincipal.ObjectID");
                if (grantee != null)
                {
                    grantees.Add(grantee);
                }
            }
            else
            {
                foreach (var target in audit.GetArray("targetResources"))
                {
                    var type = target.GetString("type");
                    var id = target.GetString("id");
                    if (id != null && (type.EqualsIgnoreCase("ServicePrincipal") || type.EqualsIgnoreCase("Application")))
                    {
                        grantees.Add(id);
                    }
                }
            }

            foreach (var grantee in grantees)
            {
                yield return new GrantEvent(audit, grantee, permission, appRoleId, roleTemplate);
            }
        }

        private static bool IsSuccess(JsonElement audit)
        {
            var result = audit.GetString("result");
            return result == null || result.EqualsIgnoreCase("success");
        }

        /// <summary>modifiedProperties values are JSON text: a string arrives quoted ("\"Mail.Read\"").</summary>
        private static string? Unquote(string? value)
        {
            if (value == null)
            {
                return null;
            }

            var trimmed = value.Trim();
            return trimmed.Length >= 2 && trimmed[0] == '"' && trimmed[trimmed.Length - 1] == '"' ? trimmed.Substring(1, trimmed.Length - 2) : trimmed;
        }
    }

    internal static class JsonElementDefaultExtensions
    {
        /// <summary>A string property of an element that may be default (not found by FirstOrDefault).</summary>
        public static string? GetStringOrNull(this JsonElement element, string path) =>
            element.ValueKind == JsonValueKind.Object ? element.GetString(path) : null;
    }
}
