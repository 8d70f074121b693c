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
        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-AI-002",
            Title = "Agents hold no privileged Microsoft Entra roles",
            Pillar = Pillar.AI,
            Principle = Principle.LeastPrivilege,
            Severity = Severity.Critical,
            Description = "No agent identity, blueprint principal, agentic app or AI-resource managed identity has an active or PIM-eligible assignment to a directory role that is privileged (isPrivileged on the role definition, else the built-in list such as Global Administrator or Application Administrator).",
            Rationale = "A directory role held by an agent applies to every request the agent makes, including requests an attacker steers through prompt injection. An agent in Global Administrator or Privileged Role Administrator is a tenant takeover waiting for one malicious document.",
            Remediation = "Remove the role assignment (Entra admin center > Roles and administrators > the role > Assignments, or Remove-MgRoleManagementDirectoryRoleAssignment). If the agent truly needs directory access, give it a narrowly scoped custom role on an administrative unit, or a specific Graph permission.",
            References = new[]
            {
                "https://learn.microsoft.com/entra/identity/role-based-access-control/privileged-roles-permissions",
                "https://learn.microsoft.com/graph/api/resources/agentid-platform-overview",
                "https://learn.microsoft.com/graph/api/resources/unifiedroleassignment",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_084", "AI_149" },
                ZeroTrustAssessment = new[] { "21836" },
                Mcsb = new[] { "PA-1", "PA-7" },
                OwaspLlm = new[] { "LLM06:2025 Excessive Agency" },
            },
            RequiredData = new[] { DataSets.Graph(GraphSetNames.ServicePrincipals), DataSets.Graph(GraphSetNames.RoleAssignments) },
            OptionalData = GraphSetNames.DirectoryDataSets,
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
                    : Fail(target, $"{AgentFindings.Describe(agent)} holds privileged directory roles: {DirectoryRoleEvidence.Names(directory, privileged)}.", evidence);
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
