using System;
using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Settings;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Wording, gaps and fixes shared by the behaviour controls (ZTAI-AI-200 to 205).</summary>
    internal static class BehaviourFindings
    {
        /// <summary>The settings parameter of the days a window spans (dormant, unused, audit).</summary>
        public const string WindowDaysParameter = "windowDays";

        /// <summary>The licence of the usage and insights reports (sign-in activity per application and per credential).</summary>
        public const string UsageReportsLicence = "Microsoft Entra ID P1 or P2";

        /// <summary>The window parameter a behaviour control declares, with its default and meaning.</summary>
        public static ControlParameter WindowDays(int defaultDays, string description, int maximum = 3650) =>
            ControlParameter.WholeNumber(WindowDaysParameter, defaultDays, description, 1, maximum);

        /// <summary>Tier 0 and tier 1: the privilege the behaviour controls care about.</summary>
        public static bool IsPrivileged(AgentPrivilege privilege) => privilege.PrivilegeTier <= GraphPermissionCatalog.SensitiveDataTier;

        public static IEnumerable<PermissionEntry> PrivilegedPermissions(AgentPrivilege privilege) =>
            privilege.Permissions.Where(p => p.Tier <= GraphPermissionCatalog.SensitiveDataTier);

        /// <summary>
        /// A report that lists nothing cannot be told from a tenant without the report's licence (Graph answers an empty
        /// list there as well), so the control is Skipped with the licence named instead of passing on nothing.
        /// </summary>
        public static Finding EmptyReport(TenantSnapshot snapshot, string set, string licence) =>
            new Finding(
                ResultStatus.Skipped,
                ResultTarget.Tenant(snapshot),
                $"graph/{set} lists nothing: either no activity was recorded or the tenant lacks {licence}, which the report needs. Not judged; collect it from a tenant with {licence} (permission AuditLog.Read.All).",
                Array.Empty<Evidence>());

        /// <summary>Tenant text for a comment line: line breaks would end the comment, so they become spaces.</summary>
        public static string Comment(string? text) => (text ?? string.Empty).Replace('\r', ' ').Replace('\n', ' ').Replace('\u2028', ' ').Replace('\u2029', ' ');

        public static string Date(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "never";

        /// <summary>
        /// Microsoft Graph PowerShell that removes the given permissions from the agent: its app role assignments,
        /// active directory role assignments, delegated grants and Azure role assignments, each by its own id. PIM
        /// eligibilities are named in a comment (they are removed in PIM). The ids are looked up when the control judges;
        /// the script is written when first read (most of a large tenant's fixes never are).
        /// </summary>
        public static RemediationFix RemovePrivilege(TenantSnapshot snapshot, DirectoryAgent agent, IEnumerable<PermissionEntry> permissions)
        {
            var directory = GraphDirectory.For(snapshot);
            var removals = new List<PrivilegeRemoval>();
            var done = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var permission in permissions)
            {
                switch (permission.Kind)
                {
                    case PermissionKind.ApplicationRole:
                        // An app role's id is made on each read of Id (the graph keeps it as a GUID): read once.
                        if (!(permission.Id is string appRoleId))
                        {
                            break;
                        }

                        foreach (var assignment in directory.AppRoleAssignmentsOf(agent.Id, appRoleId))
                        {
                            var assignmentId = assignment.Id;
                            if (assignmentId != null && done.Add(assignmentId))
                            {
                                // An inherited assignment is held by the blueprint principal: it is removed there.
                                removals.Add(new PrivilegeRemoval(RemovalKind.AppRoleAssignment, assignmentId, permission.Name, assignment.PrincipalId));
                            }
                        }

                        break;
                    case PermissionKind.DirectoryRole:
                        foreach (var role in directory.DirectoryRolesOf(agent.Id).Where(r => r.RoleDefinitionId.EqualsIgnoreCase(permission.Id)))
                        {
                            var assignmentId = role.Raw.GetString("id");
                            if (assignmentId != null && done.Add(assignmentId))
                            {
                                removals.Add(new PrivilegeRemoval(role.IsEligible ? RemovalKind.EligibleDirectoryRole : RemovalKind.DirectoryRoleAssignment, assignmentId, permission.Name));
                            }
                        }

                        break;
                    case PermissionKind.DelegatedScope:
                        // The grant's id, made on each read of Id: read once.
                        if (permission.Id is string grantId && done.Add(grantId))
                        {
                            removals.Add(new PrivilegeRemoval(RemovalKind.Grant, grantId, permission.Name));
                        }

                        break;
                    case PermissionKind.AzureRole:
                        if (permission.Id is string roleId && done.Add(roleId + "|" + permission.Scope))
                        {
                            removals.Add(new PrivilegeRemoval(RemovalKind.AzureRoleAssignment, roleId, permission.Name, permission.Scope ?? "/"));
                        }

                        break;
                }
            }

            return RemediationFix.Later(FixLanguage.PowerShell, (AgentId: agent.Id, Removals: removals), PrivilegeRemovalScript);
        }

        private static IEnumerable<string> PrivilegeRemovalScript((string AgentId, List<PrivilegeRemoval> Removals) fix)
        {
            yield return $"# Remove the privilege the agent {Comment(fix.AgentId)} holds but should not (review each line first).";
            foreach (var removal in fix.Removals)
            {
                var name = Comment(removal.PermissionName);
                yield return removal.Kind switch
                {
                    RemovalKind.AppRoleAssignment => $"Remove-MgServicePrincipalAppRoleAssignment -ServicePrincipalId {Quote.PowerShell(removal.Other)} -AppRoleAssignmentId {Quote.PowerShell(removal.Id)}  # {name}",
                    RemovalKind.EligibleDirectoryRole => $"# {name} is a PIM eligibility ({Comment(removal.Id)}): remove it in Privileged Identity Management.",
                    RemovalKind.DirectoryRoleAssignment => $"Remove-MgRoleManagementDirectoryRoleAssignment -UnifiedRoleAssignmentId {Quote.PowerShell(removal.Id)}  # {name}",
                    RemovalKind.Grant => $"Remove-MgOauth2PermissionGrant -OAuth2PermissionGrantId {Quote.PowerShell(removal.Id)}  # the grant holding {name}; re-grant the scopes still needed",
                    _ => $"Remove-AzRoleAssignment -ObjectId {Quote.PowerShell(fix.AgentId)} -RoleDefinitionId {Quote.PowerShell(removal.Id)} -Scope {Quote.PowerShell(removal.Other)}  # {name}",
                };
            }
        }

        private enum RemovalKind
        {
            AppRoleAssignment,
            EligibleDirectoryRole,
            DirectoryRoleAssignment,
            Grant,
            AzureRoleAssignment,
        }

        /// <summary>
        /// One line of a <see cref="RemovePrivilege"/> script, as plain values (see <see cref="RemediationFix.Later"/>): the id
        /// removed (assignment, grant, or an Azure role's definition) and, per kind, the app role assignment's principal or
        /// the Azure role's scope.
        /// </summary>
        private sealed class PrivilegeRemoval
        {
            public PrivilegeRemoval(RemovalKind kind, string id, string? permissionName, string? other = null)
            {
                Kind = kind;
                Id = id;
                PermissionName = permissionName;
                Other = other;
            }

            public RemovalKind Kind { get; }

            public string Id { get; }

            public string? PermissionName { get; }

            public string? Other { get; }
        }
    }
}
