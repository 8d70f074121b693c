using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Graph;
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
            Description = "No agent identity, blueprint principal, agentic app or AI-resource managed identity has an active or PIM-eligible assignment to a directory role that is privileged (isPrivileged on the role definition, else the built-in list such as Global Administrator or Application Administrator).",
            Rationale = """
            A directory role held by an agent applies to every request the agent makes, including the ones an attacker steers
            through indirect prompt injection. An agent in Global Administrator, Privileged Role Administrator or Application
            Administrator can take over the tenant; even a PIM-eligible assignment can be activated by the agent itself.
            """,
            Checks = """
            - Agents as in [ZTAI-AI-001](ZTAI-AI-001.md).
            - Directory roles: `graph/roleManagement.directory.roleAssignments` (active) and, when present,
              `graph/roleManagement.directory.roleEligibilityScheduleInstances` (eligible), matched on `principalId`.
            - A role is privileged when its definition in `graph/roleManagement.directory.roleDefinitions` (matched on `id` or
              `templateId`) has `isPrivileged: true`; the tenant's flag wins. Without a definition, the built-in list of privileged
              role template ids is used (Global Administrator 62e90394-…, Privileged Role Administrator e8611ab8-…, Privileged
              Authentication Administrator 7be44c8a-…, Application Administrator 9b895d92-…, Cloud Application Administrator
              158c047a-…, Hybrid Identity Administrator, Security Administrator, User Administrator, AI Administrator, Agent ID
              Administrator and others).
            - Pass: the agent holds no privileged role, active or eligible. One result per agent; no agents → NotApplicable.
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
            Uses = new[] { GraphDirectory.Data },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var directory = GraphDirectory.For(snapshot);
            foreach (var agent in directory.Agents)
            {
                var privileged = directory.DirectoryRolesOf(agent.Id).Where(r => directory.IsPrivilegedRole(r.RoleDefinitionId)).ToList();
                var evidence = DirectoryRoleEvidence.Of(directory, privileged);
                var target = AgentFindings.Target(agent);
                yield return privileged.Count == 0
                    ? Pass(target, $"{AgentFindings.Describe(agent)} holds no privileged directory role.", evidence)
                    : Fail(target, $"{AgentFindings.Describe(agent)} holds privileged directory roles: {DirectoryRoleEvidence.Names(directory, privileged)}.", evidence)
                        .WithFix(GraphFixes.RemoveDirectoryRoles(directory, agent.DisplayName, privileged));
            }
        }
    }

    /// <summary>Evidence and wording for directory role assignments.</summary>
    internal static class DirectoryRoleEvidence
    {
        public static Evidence Of(GraphDirectory directory, IReadOnlyCollection<DirectoryRoleAssignment> privileged) =>
            new Evidence(
                "roleAssignments[principalId].roleDefinitionId",
                privileged.Count == 0 ? null : System.Text.Json.JsonSerializer.Serialize(privileged.Select(r => $"{directory.RoleName(r.RoleDefinitionId)} ({r.RoleDefinitionId}){(r.IsEligible ? " eligible" : string.Empty)}").ToArray()),
                "no role with isPrivileged true (or in the built-in privileged list)");

        public static string Names(GraphDirectory directory, IEnumerable<DirectoryRoleAssignment> assignments) =>
            string.Join(", ", assignments.Select(r => directory.RoleName(r.RoleDefinitionId) + (r.IsEligible ? " (eligible)" : string.Empty)).Distinct());
    }
}
