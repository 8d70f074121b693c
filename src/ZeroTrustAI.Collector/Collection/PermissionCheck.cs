using System;
using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Collector.Connection;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Collection;
using ZeroTrustAI.Engine.Graph;

namespace ZeroTrustAI.Collector.Collection
{
    /// <summary>
    /// Which Microsoft Graph permissions let the identity read each Graph set, as docs/permissions.md lists them
    /// (least-privileged first; any one of them is enough). Before collecting, a set the token's scopes or roles
    /// cannot read is marked skipped with its least-privileged permission named, so the controls that need it report
    /// Skipped with that reason instead of being judged on nothing.
    /// </summary>
    public static class PermissionCheck
    {
        private const string ApplicationRead = "Application.Read.All";
        private const string DirectoryRead = "Directory.Read.All";
        private const string RoleManagementDirectory = "RoleManagement.Read.Directory";
        private const string RoleManagementAll = "RoleManagement.Read.All";
        private const string AuditLogRead = "AuditLog.Read.All";
        private const string EntraP1 = "Microsoft Entra ID P1 or P2";
        private const string EntraP2 = "Microsoft Entra ID P2";
        private const string WorkloadIdPremium = "Microsoft Entra Workload ID Premium";

        private static readonly Dictionary<string, string[]> AcceptedBySet = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
        {
            // Organization: any signed-in directory reader; Directory.Read.All is the one the doc asks for.
            [GraphSetNames.Organization] = new[] { DirectoryRead, "Organization.Read.All", "User.Read" },
            [GraphSetNames.ServicePrincipals] = new[] { ApplicationRead, DirectoryRead },
            [GraphSetNames.Applications] = new[] { ApplicationRead, DirectoryRead },
            [GraphSetNames.AppRoleAssignments] = new[] { ApplicationRead, DirectoryRead },
            [GraphSetNames.ServicePrincipalOwners] = new[] { ApplicationRead, DirectoryRead },
            [GraphSetNames.ApplicationOwners] = new[] { ApplicationRead, DirectoryRead },
            [GraphSetNames.ServicePrincipalTransitiveMemberOf] = new[] { ApplicationRead, DirectoryRead },

            // Agent ID: the least-privileged read permission of each API, which also accepts Application.Read.All.
            [GraphSetNames.AgentIdentities] = new[] { "AgentIdentity.Read.All", ApplicationRead, DirectoryRead },
            [GraphSetNames.AgentBlueprints] = new[] { "AgentIdentityBlueprint.Read.All", ApplicationRead, DirectoryRead },
            [GraphSetNames.AgentBlueprintPrincipals] = new[] { "AgentIdentityBlueprintPrincipal.Read.All", ApplicationRead, DirectoryRead },

            // Directory.Read.All is the least-privileged read permission of the grant list.
            [GraphSetNames.OAuth2PermissionGrants] = new[] { DirectoryRead, "DelegatedPermissionGrant.Read.All" },
            [GraphSetNames.RoleDefinitions] = new[] { RoleManagementDirectory, RoleManagementAll, DirectoryRead },
            [GraphSetNames.RoleAssignments] = new[] { RoleManagementDirectory, RoleManagementAll, DirectoryRead },
            [GraphSetNames.RoleEligibilities] = new[] { RoleManagementDirectory, RoleManagementAll, "RoleEligibilitySchedule.Read.Directory", DirectoryRead },
            [GraphSetNames.ConditionalAccessPolicies] = new[] { "Policy.Read.All" },
            [GraphSetNames.AuthorizationPolicy] = new[] { "Policy.Read.All" },
            [GraphSetNames.AdminConsentRequestPolicy] = new[] { "Policy.Read.All", DirectoryRead },

            // Agent users: User.ReadBasic.All lists them but returns only basic properties, not identityParentId or accountEnabled.
            [GraphSetNames.AgentUsers] = new[] { "User.Read.All", DirectoryRead },
            [GraphSetNames.BlueprintFederatedCredentials] = new[] { ApplicationRead, "AgentIdentityBlueprint.Read.All", DirectoryRead },
            [GraphSetNames.AgentIdentityCustomSecurityAttributes] = new[] { "CustomSecAttributeAssignment.Read.All", "CustomSecAttributeAssignment.ReadWrite.All" },
            [GraphSetNames.AgentInstances] = new[] { "AgentInstance.Read.All", "AgentInstance.ReadWrite.All" },
            [GraphSetNames.AccessPackageAssignments] = new[] { "EntitlementManagement.Read.All", "EntitlementManagement.ReadWrite.All" },

            // Behaviour: each API's least-privileged read permission, then the higher ones it documents.
            [BehaviourSetNames.RiskyAgents] = new[] { "IdentityRiskyAgent.Read.All", "IdentityRiskyAgent.ReadWrite.All" },
            [BehaviourSetNames.AgentRiskDetections] = new[] { "IdentityRiskEvent.Read.All" },
            [BehaviourSetNames.RiskyServicePrincipals] = new[] { "IdentityRiskyServicePrincipal.Read.All", "IdentityRiskyServicePrincipal.ReadWrite.All" },
            [BehaviourSetNames.ServicePrincipalRiskDetections] = new[] { "IdentityRiskEvent.Read.All" },
            [BehaviourSetNames.ServicePrincipalSignInActivities] = new[] { AuditLogRead, DirectoryRead },
            [BehaviourSetNames.AppCredentialSignInActivities] = new[] { AuditLogRead, DirectoryRead },
            [BehaviourSetNames.DefaultAppManagementPolicy] = new[] { "Policy.Read.All", "Policy.Read.ApplicationConfiguration" },
            [GraphSetNames.ForwardingProfiles] = new[] { "NetworkAccess.Read.All", "NetworkAccess.ReadWrite.All" },
            [GraphSetNames.FilteringPolicies] = new[] { "NetworkAccess.Read.All", "NetworkAccess.ReadWrite.All" },
            [GraphSetNames.PromptPolicies] = new[] { "NetworkAccess.Read.All", "NetworkAccess.ReadWrite.All" },
            [GraphSetNames.FilteringProfiles] = new[] { "NetworkAccess.Read.All", "NetworkAccess.ReadWrite.All" },
            [GraphSetNames.TlsInspectionPolicies] = new[] { "NetworkAccess.Read.All", "NetworkAccess.ReadWrite.All" },
            [GraphSetNames.NetworkAccessCrossTenantSettings] = new[] { "NetworkAccess.Read.All", "NetworkAccess.ReadWrite.All" },
            [GraphSetNames.NetworkAccessConditionalAccessSettings] = new[] { "NetworkAccess.Read.All", "NetworkAccess.ReadWrite.All" },
            [GraphSetNames.CrossTenantAccessDefault] = new[] { "Policy.Read.All" },
            [GraphSetNames.NamedLocations] = new[] { "Policy.Read.All" },

            // Microsoft 365 data settings. The organization's label list takes the application permission only (delegated
            // InformationProtectionPolicy.Read lists the labels published to the signed-in user, under /me).
            [GraphSetNames.SharePointSettings] = new[] { "SharePointTenantSettings.Read.All", "SharePointTenantSettings.ReadWrite.All" },
            [GraphSetNames.SensitivityLabels] = new[] { "InformationProtectionPolicy.Read.All" },
        };

        /// <summary>Sets that need every one of several permissions (directory audits: AuditLog.Read.All and Directory.Read.All).</summary>
        private static readonly Dictionary<string, string[]> AllRequiredBySet = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
        {
            [BehaviourSetNames.DirectoryAudits] = new[] { AuditLogRead, DirectoryRead },
        };

        /// <summary>The licence a set's API needs beyond the permission (null: any Microsoft Entra ID edition).</summary>
        private static readonly Dictionary<string, string> LicenceBySet = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [BehaviourSetNames.RiskyAgents] = EntraP2,
            [BehaviourSetNames.AgentRiskDetections] = EntraP2,
            [BehaviourSetNames.RiskyServicePrincipals] = WorkloadIdPremium,
            [BehaviourSetNames.ServicePrincipalRiskDetections] = WorkloadIdPremium,
            [BehaviourSetNames.ServicePrincipalSignInActivities] = EntraP1,
            [BehaviourSetNames.AppCredentialSignInActivities] = EntraP1,
        };

        /// <summary>The permissions that can read a set (least-privileged first); empty when the table does not know it.</summary>
        public static IReadOnlyList<string> AcceptedPermissions(string set)
            => AcceptedBySet.TryGetValue(set, out var accepted) ? accepted
                : AllRequiredBySet.TryGetValue(set, out var all) ? all : Array.Empty<string>();

        /// <summary>The permission to name when the set cannot be read: its least-privileged one (all of them when it needs several).</summary>
        public static string RequiredPermission(string set)
        {
            if (AllRequiredBySet.TryGetValue(set, out var all))
            {
                return string.Join(" and ", all);
            }

            var accepted = AcceptedPermissions(set);
            return accepted.Count > 0 ? accepted[0] : "a Microsoft Graph permission that can read " + set;
        }

        /// <summary>The licence the set's API needs, or null when every Microsoft Entra ID edition serves it.</summary>
        public static string? RequiredLicence(string set) => LicenceBySet.TryGetValue(set, out var licence) ? licence : null;

        /// <summary>
        /// The Graph sets of the plan that the granted permissions cannot read, with the permission to name. A token
        /// with no scope and no role claim (opaque, or not read) pre-skips nothing: a 403 then decides per set.
        /// </summary>
        public static IReadOnlyList<(string Name, string Permission)> FindUnreadable(CollectionPlan plan, IEnumerable<string> granted)
        {
            if (plan == null)
            {
                throw new ArgumentNullException(nameof(plan));
            }

            var grants = new HashSet<string>(granted ?? Array.Empty<string>(), StringComparer.OrdinalIgnoreCase);
            var missing = new List<(string, string)>();
            if (grants.Count == 0)
            {
                return missing;
            }

            foreach (var entry in plan.Collections.Where(c => c.Graph != null))
            {
                var set = entry.Graph!.Set;
                if (AllRequiredBySet.TryGetValue(set, out var all))
                {
                    if (!all.All(grants.Contains))
                    {
                        missing.Add((entry.Name, RequiredPermission(set)));
                    }

                    continue;
                }

                var accepted = AcceptedPermissions(set);
                if (accepted.Count > 0 && !accepted.Any(grants.Contains))
                {
                    missing.Add((entry.Name, accepted[0]));
                }
            }

            return missing;
        }

        /// <summary>Marks every unreadable Graph set skipped before any request; returns their names.</summary>
        public static IReadOnlyList<string> Apply(CollectionPlan plan, CollectionCheckpoint checkpoint, ZtaiConnection connection, CollectionCallbacks? callbacks = null)
        {
            if (checkpoint == null)
            {
                throw new ArgumentNullException(nameof(checkpoint));
            }

            if (connection == null)
            {
                throw new ArgumentNullException(nameof(connection));
            }

            var skipped = new List<string>();
            foreach (var (name, permission) in FindUnreadable(plan, connection.GrantedPermissions))
            {
                if (checkpoint.GetState(name).IsComplete)
                {
                    continue;
                }

                var licence = RequiredLicence(name.Substring(Engine.Snapshot.DataSets.GraphPrefix.Length));
                checkpoint.MarkSkipped(name, permission, $"The connection's token does not grant {permission} (or another permission that can read {name}){(licence == null ? "." : $"; the set also needs a {licence} licence.")}");
                callbacks?.Warning?.Invoke($"{name} is skipped: the identity lacks {permission}.");
                skipped.Add(name);
            }

            return skipped;
        }
    }
}
