using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Agents
{
    /// <summary>
    /// Resolves what each agent or AI-app identity can do: Graph application permissions, delegated grants, directory
    /// roles and Azure role assignments, each named and tiered, and the identity's overall tier (the lowest).
    /// </summary>
    public static class AgentPrivilegeAnalyzer
    {
        private const string RoleAssignmentsSegment = "/providers/" + ResourceTypes.RoleAssignment + "/";

        /// <summary>What the analysis reads: the directory index and Azure role assignments.</summary>
        public static readonly DataRequirement Data = GraphDirectory.Data
            .And(DataRequirement.ReadsIfPresent(DataSets.Arm(ResourceTypes.RoleAssignment)));

        private static readonly ConditionalWeakTable<TenantSnapshot, Dictionary<string, List<ArmResource>>> AzureAssignmentsCache =
            new ConditionalWeakTable<TenantSnapshot, Dictionary<string, List<ArmResource>>>();

        /// <summary>The privilege of every agent in the snapshot.</summary>
        public static IReadOnlyList<AgentPrivilege> AnalyzeAll(TenantSnapshot snapshot, CancellationToken cancellationToken = default)
        {
            var directory = GraphDirectory.For(snapshot);
            var results = new List<AgentPrivilege>(directory.Agents.Count);
            foreach (var agent in directory.Agents)
            {
                cancellationToken.ThrowIfCancellationRequested();
                results.Add(Analyze(snapshot, agent));
            }

            return results;
        }

        /// <summary>The privilege of one agent.</summary>
        public static AgentPrivilege Analyze(TenantSnapshot snapshot, DirectoryAgent agent)
        {
            if (agent == null)
            {
                throw new ArgumentNullException(nameof(agent));
            }

            var permissions = PermissionsOf(snapshot, agent.Id);
            var tier = permissions.Count == 0 ? GraphPermissionCatalog.LimitedTier : permissions.Min(p => p.Tier);
            return new AgentPrivilege(agent.Id, agent.DisplayName, agent.AppId, agent.Kind, tier, permissions, Array.Empty<string>());
        }

        /// <summary>
        /// The agents an identity names: its object id, its appId, or its display name (ignoring case; a name may
        /// match several). Empty when nothing matches.
        /// </summary>
        public static IReadOnlyList<DirectoryAgent> FindAgents(TenantSnapshot snapshot, string identity)
        {
            var directory = GraphDirectory.For(snapshot);
            if (string.IsNullOrWhiteSpace(identity))
            {
                return Array.Empty<DirectoryAgent>();
            }

            var key = identity.Trim();
            var byId = directory.Agents.Where(a => key.EqualsIgnoreCase(a.Id) || key.EqualsIgnoreCase(a.AppId)).ToList();
            return byId.Count > 0 ? byId : directory.Agents.Where(a => key.EqualsIgnoreCase(a.DisplayName)).ToList();
        }

        /// <summary>Every permission held by a principal (any service principal, not only agents), resolved and tiered.</summary>
        public static IReadOnlyList<PermissionEntry> PermissionsOf(TenantSnapshot snapshot, string principalId)
        {
            var directory = GraphDirectory.For(snapshot);
            var permissions = new List<PermissionEntry>();
            permissions.AddRange(directory.AppRoleAssignmentsOf(principalId).Select(a => ResolveAppRole(directory, a)));
            foreach (var grant in directory.GrantsOf(principalId))
            {
                permissions.AddRange(ResolveGrant(directory, grant));
            }

            permissions.AddRange(directory.DirectoryRolesOf(principalId).Select(r => new PermissionEntry(
                PermissionKind.DirectoryRole,
                directory.RoleName(r.RoleDefinitionId),
                "Microsoft Entra ID",
                r.RoleDefinitionId,
                directory.RoleTier(r.RoleDefinitionId),
                r.DirectoryScopeId == "/" ? null : r.DirectoryScopeId,
                isEligible: r.IsEligible)));

            if (AzureAssignmentsOf(snapshot).TryGetValue(principalId, out var azureAssignments))
            {
                permissions.AddRange(azureAssignments.Select(ResolveAzureRole));
            }

            return permissions;
        }

        /// <summary>Names an app role through the resource's own appRoles, else the built-in Microsoft Graph table.</summary>
        public static PermissionEntry ResolveAppRole(GraphDirectory directory, AppRoleAssignment assignment)
        {
            var resource = directory.FindServicePrincipal(assignment.ResourceId);
            var isGraph = resource.HasValue
                ? string.Equals(resource.Value.GetString("appId"), GraphPermissionCatalog.MicrosoftGraphAppId, StringComparison.OrdinalIgnoreCase)
                : GraphPermissionCatalog.FindGraphAppRole(assignment.AppRoleId) != null;
            var resourceName = resource?.GetString("displayName") ?? (isGraph ? "Microsoft Graph" : assignment.Raw.GetString("resourceDisplayName") ?? assignment.ResourceId);

            if (string.Equals(assignment.AppRoleId, GraphPermissionCatalog.DefaultAccessAppRoleId, StringComparison.OrdinalIgnoreCase))
            {
                return new PermissionEntry(PermissionKind.ApplicationRole, "Default access", resourceName, assignment.AppRoleId, GraphPermissionCatalog.LimitedTier);
            }

            var name = resource.HasValue ? AppRoleValue(resource.Value, assignment.AppRoleId) : null;
            name ??= isGraph ? GraphPermissionCatalog.FindGraphAppRole(assignment.AppRoleId)?.Name : null;
            var tier = isGraph && name != null ? GraphPermissionCatalog.GraphAppRoleTier(name) : GraphPermissionCatalog.LimitedTier;
            return new PermissionEntry(PermissionKind.ApplicationRole, name ?? assignment.AppRoleId, resourceName, assignment.AppRoleId, tier);
        }

        private static IEnumerable<PermissionEntry> ResolveGrant(GraphDirectory directory, JsonElement grant)
        {
            var allPrincipals = string.Equals(grant.GetString("consentType"), "AllPrincipals", StringComparison.OrdinalIgnoreCase);
            var resourceId = grant.GetString("resourceId");
            var resourceName = directory.NameOf(resourceId);
            var scope = allPrincipals ? null : grant.GetString("principalId") is string user ? "principal " + user : null;
            foreach (var name in SplitScopes(grant.GetString("scope")))
            {
                var tier = GraphPermissionCatalog.IsHighRiskDelegatedScope(name) ? GraphPermissionCatalog.SensitiveDataTier : GraphPermissionCatalog.LimitedTier;
                yield return new PermissionEntry(PermissionKind.DelegatedScope, name, resourceName, grant.GetString("id"), tier, scope, allPrincipals);
            }
        }

        /// <summary>The scopes of a grant's space-separated <c>scope</c> string.</summary>
        public static IEnumerable<string> SplitScopes(string? scope) =>
            (scope ?? string.Empty).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);

        private static PermissionEntry ResolveAzureRole(ArmResource assignment)
        {
            var definitionId = assignment.GetString("properties.roleDefinitionId") ?? string.Empty;
            var guid = definitionId.Substring(definitionId.LastIndexOf('/') + 1);
            var scope = assignment.GetString("properties.scope") ?? ScopeOf(assignment.Id);
            return new PermissionEntry(
                PermissionKind.AzureRole,
                GraphPermissionCatalog.AzureRoleName(guid) ?? guid,
                "Azure",
                guid,
                GraphPermissionCatalog.AzureRoleTier(guid, scope),
                scope);
        }

        /// <summary>The scope of a role assignment from its id (everything before /providers/Microsoft.Authorization/roleAssignments/).</summary>
        private static string ScopeOf(string assignmentId)
        {
            var index = assignmentId.LastIndexOf(RoleAssignmentsSegment, StringComparison.OrdinalIgnoreCase);
            return index <= 0 ? "/" : assignmentId.Substring(0, index);
        }

        private static string? AppRoleValue(JsonElement resource, string appRoleId)
        {
            foreach (var role in resource.GetArray("appRoles"))
            {
                if (string.Equals(role.GetString("id"), appRoleId, StringComparison.OrdinalIgnoreCase))
                {
                    return role.GetString("value") ?? role.GetString("displayName");
                }
            }

            return null;
        }

        private static Dictionary<string, List<ArmResource>> AzureAssignmentsOf(TenantSnapshot snapshot) =>
            AzureAssignmentsCache.GetValue(snapshot, s =>
            {
                var byPrincipal = new Dictionary<string, List<ArmResource>>(StringComparer.OrdinalIgnoreCase);
                foreach (var assignment in s.ResourcesOfType(ResourceTypes.RoleAssignment))
                {
                    var principalId = assignment.GetString("properties.principalId");
                    if (principalId == null)
                    {
                        continue;
                    }

                    if (!byPrincipal.TryGetValue(principalId, out var list))
                    {
                        list = new List<ArmResource>();
                        byPrincipal[principalId] = list;
                    }

                    list.Add(assignment);
                }

                return byPrincipal;
            });
    }
}
