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
        /// eligibilities are named in a comment (they are removed in PIM).
        /// </summary>
        public static RemediationFix RemovePrivilege(TenantSnapshot snapshot, DirectoryAgent agent, IEnumerable<PermissionEntry> permissions)
        {
            var directory = GraphDirectory.For(snapshot);
            var lines = new List<string> { $"# Remove the privilege the agent {Comment(agent.Id)} holds but should not (review each line first)." };
            var done = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            IReadOnlyList<AppRoleAssignment>? assignments = null;
            foreach (var permission in permissions)
            {
                switch (permission.Kind)
                {
                    case PermissionKind.ApplicationRole:
                        assignments ??= directory.AppRoleAssignmentsOf(agent.Id);
                        // An app role's id is made on each read of Id (the graph keeps it as a GUID): read once.
                        var appRoleId = permission.Id;
                        foreach (var assignment in assignments.Where(a => a.AppRoleId.EqualsIgnoreCase(appRoleId)))
                        {
                            var assignmentId = assignment.Id;
                            if (assignmentId != null && done.Add(assignmentId))
                            {
                                // An inherited assignment is held by the blueprint principal: it is removed there.
                                lines.Add($"Remove-MgServicePrincipalAppRoleAssignment -ServicePrincipalId {Quote.PowerShell(assignment.PrincipalId)} -AppRoleAssignmentId {Quote.PowerShell(assignmentId)}  # {Comment(permission.Name)}");
                            }
                        }

                        break;
                    case PermissionKind.DirectoryRole:
                        foreach (var role in directory.DirectoryRolesOf(agent.Id).Where(r => r.RoleDefinitionId.EqualsIgnoreCase(permission.Id)))
                        {
                            var assignmentId = role.Raw.GetString("id");
                            if (assignmentId == null || !done.Add(assignmentId))
                            {
                                continue;
                            }

                            lines.Add(role.IsEligible
                                ? $"# {Comment(permission.Name)} is a PIM eligibility ({Comment(assignmentId)}): remove it in Privileged Identity Management."
                                : $"Remove-MgRoleManagementDirectoryRoleAssignment -UnifiedRoleAssignmentId {Quote.PowerShell(assignmentId)}  # {Comment(permission.Name)}");
                        }

                        break;
                    case PermissionKind.DelegatedScope:
                        // The grant's id, made on each read of Id: read once.
                        if (permission.Id is string grantId && done.Add(grantId))
                        {
                            lines.Add($"Remove-MgOauth2PermissionGrant -OAuth2PermissionGrantId {Quote.PowerShell(grantId)}  # the grant holding {Comment(permission.Name)}; re-grant the scopes still needed");
                        }

                        break;
                    case PermissionKind.AzureRole:
                        if (permission.Id != null && done.Add(permission.Id + "|" + permission.Scope))
                        {
                            lines.Add($"Remove-AzRoleAssignment -ObjectId {Quote.PowerShell(agent.Id)} -RoleDefinitionId {Quote.PowerShell(permission.Id)} -Scope {Quote.PowerShell(permission.Scope ?? "/")}  # {Comment(permission.Name)}");
                        }

                        break;
                }
            }

            return RemediationFix.PowerShell(lines.ToArray());
        }
    }
}
