using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Agents hold no privileged Entra directory role, active or eligible.</summary>
    public sealed class AgentPrivilegedDirectoryRoles : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-002",
            Title = "Agents hold no privileged Microsoft Entra roles",
            Pillar = Pillar.AI,
            Principle = Principle.LeastPrivilege,
            Severity = Severity.Critical,
            Description = "No agent identity, blueprint principal, agentic app or AI-resource managed identity reaches an active or PIM-eligible directory role rated tier 0 or 1 (the privilege tier table, such as Global Administrator or Application Administrator; a tenant's isPrivileged=true raises a role, isPrivileged=false never lowers it), held itself or through a group, an owned application or an identity it can act as.",
            Rationale = """
            A directory role held by an agent applies to every request the agent makes, including the ones an attacker steers
            through indirect prompt injection. An agent in Global Administrator, Privileged Role Administrator or Application
            Administrator can take over the tenant; even a PIM-eligible assignment can be activated by the agent itself.
            """,
            Checks = """
            - Agents as in [ZTAI-AI-001](ZTAI-AI-001.md).
            - Directory roles: `graph/roleManagement.directory.roleAssignments` (active) and, when present,
              `graph/roleManagement.directory.roleEligibilityScheduleInstances` (eligible), matched on `principalId`.
            - Effective roles: the agent's own, those of the groups it belongs to (`graph/servicePrincipals.transitiveMemberOf`,
              each group with `memberObjectId`), and those of the applications and service principals it owns or can act as,
              up to 5 identities deep ([privilege tiers](../privilege-tiers.md), `Test-ZtaiAgentPrivilege` shows the paths).
            - A role is privileged when the privilege tier table rates its template id (the definition's `templateId` in
              `graph/roleManagement.directory.roleDefinitions`, else the role definition id) tier 0 or 1. The definition's
              `isPrivileged: true` makes an unrated or tier-2 role tier 1; `isPrivileged: false` never lowers a rated role.
              A role neither rated nor flagged is unknown and not counted.
            - Pass: the agent reaches no privileged role, active or eligible. The reason and evidence give each role's path.
              One result per agent; no agents → NotApplicable.
            """,
            Remediation = """
            Remove the assignment (Entra admin center > Roles and administrators > the role > Assignments), or
            ```powershell
            Get-MgRoleManagementDirectoryRoleAssignment -Filter "principalId eq '<agentId>'" |
                ForEach-Object { Remove-MgRoleManagementDirectoryRoleAssignment -UnifiedRoleAssignmentId $_.Id }
            ```
            For eligible assignments, remove the eligibility in Privileged Identity Management. If the agent needs directory
            access, grant a specific Microsoft Graph permission or a custom role scoped to an administrative unit.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/entra/identity/role-based-access-control/privileged-roles-permissions",
                "https://learn.microsoft.com/graph/api/resources/agentid-platform-overview",
                "https://learn.microsoft.com/graph/api/resources/unifiedroleassignment",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_084", "AI_149" },
                zeroTrustAssessment: new[] { "21836" },
                mcsb: new[] { "PA-1", "PA-7" },
                owaspLlm: new[] { "LLM06:2025 Excessive Agency" }),
            RequiredData = new[] { DataSets.Graph(GraphSetNames.ServicePrincipals), DataSets.Graph(GraphSetNames.RoleAssignments) },
            Uses = new[] { AgentPrivilegeAnalyzer.Data },
        };

        /// <summary>The role assignments (active or eligible) behind the privileged roles, on whichever principal holds them.</summary>
        private static IEnumerable<DirectoryRoleAssignment> RoleAssignmentsBehind(GraphDirectory directory, DirectoryAgent agent, IEnumerable<PermissionEntry> roles) =>
            roles.SelectMany(role =>
            {
                var holder = role.ReachedBy.Count == 0 ? agent.Id : role.ReachedBy[role.ReachedBy.Count - 1].FromId;
                return directory.DirectoryRolesOf(holder).Where(r => r.RoleDefinitionId.EqualsIgnoreCase(role.Id));
            }).Distinct();

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var directory = GraphDirectory.For(snapshot);
            foreach (var agent in directory.Agents)
            {
                var privileged = AgentPrivilegeAnalyzer.Analyze(snapshot, agent).Permissions
                    .Where(p => p.Kind == PermissionKind.DirectoryRole && p.Tier <= GraphPermissionCatalog.SensitiveDataTier)
                    .ToList();
                var evidence = AgentFindings.PermissionEvidence("roleAssignments[principalId].roleDefinitionId", privileged, "no directory role rated tier 0 or 1 (or flagged isPrivileged)");
                var target = AgentFindings.Target(agent);
                yield return privileged.Count == 0
                    ? Pass(target, $"{AgentFindings.Describe(agent)} holds no privileged directory role.", evidence)
                    : Fail(target, $"{AgentFindings.Describe(agent)} holds privileged directory roles: {AgentFindings.Names(privileged)}.", evidence)
                        .WithFix(GraphFixes.RemoveDirectoryRoles(directory, agent.DisplayName, RoleAssignmentsBehind(directory, agent, privileged)));
            }
        }
    }

    /// <summary>Evidence and wording for directory role assignments.</summary>
    internal static class DirectoryRoleEvidence
    {
        public static Evidence Of(GraphDirectory directory, IReadOnlyCollection<DirectoryRoleAssignment> privileged) =>
            new Evidence(
                "roleAssignments[principalId].roleDefinitionId",
                privileged.Count == 0 ? null : JsonText.StringArray(privileged.Select(r => $"{directory.RoleName(r.RoleDefinitionId)} ({r.RoleDefinitionId}){(r.IsEligible ? " eligible" : string.Empty)}")),
                "no role rated tier 0 or 1 by the privilege tier table, or flagged isPrivileged");

        public static string Names(GraphDirectory directory, IEnumerable<DirectoryRoleAssignment> assignments) =>
            string.Join(", ", assignments.Select(r => directory.RoleName(r.RoleDefinitionId) + (r.IsEligible ? " (eligible)" : string.Empty)).Distinct());
    }
}
