using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>The "double agent": an agent that holds a Microsoft Graph application permission with a path to Global Administrator.</summary>
    public sealed class AgentTier0GraphPermissions : Control
    {
        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-AI-001",
            Title = "Agents hold no tier-0 Microsoft Graph application permissions",
            Pillar = Pillar.AI,
            Principle = Principle.LeastPrivilege,
            Severity = Severity.Critical,
            Description = "No agent identity, agent blueprint principal, agentic app or AI-resource managed identity holds a Microsoft Graph application permission (app role) rated tier 0, such as RoleManagement.ReadWrite.Directory or Application.ReadWrite.All.",
            Rationale = "Tier-0 Graph permissions have a known path to Global Administrator. An agent acts on untrusted input: a prompt injection or a stolen agent token turns such an agent into a \"double agent\" that can grant itself any role and take over the tenant, with no user in the loop.",
            Remediation = "Remove the app role assignment (Entra admin center > Enterprise applications > the agent > Permissions, or Remove-MgServicePrincipalAppRoleAssignment), give the agent the narrowest permission its task needs (e.g. a *.Selected permission), and move administrative automation to a separate, non-agent identity under change control.",
            References = new[]
            {
                "https://learn.microsoft.com/graph/api/resources/agentid-platform-overview",
                "https://learn.microsoft.com/graph/permissions-reference",
                "https://learn.microsoft.com/entra/identity/enterprise-apps/manage-application-permissions",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_084", "AI_149" },
                ZeroTrustAssessment = new[] { "21770", "21867" },
                Mcsb = new[] { "PA-7", "IM-3" },
                OwaspLlm = new[] { "LLM06:2025 Excessive Agency" },
            },
            RequiredData = new[] { DataSets.Graph(GraphSetNames.ServicePrincipals) },
            OptionalData = GraphSetNames.DirectoryDataSets,
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var directory = GraphDirectory.For(snapshot);
            if (directory.Agents.Count == 0)
            {
                yield break;
            }

            if (!directory.HasAppRoleAssignmentData)
            {
                yield return AgentFindings.AssignmentsNotCollected(snapshot);
                yield break;
            }

            foreach (var agent in directory.Agents)
            {
                var tier0 = directory.AppRoleAssignmentsOf(agent.Id)
                    .Select(a => AgentPrivilegeAnalyzer.ResolveAppRole(directory, a))
                    .Where(p => p.Tier == GraphPermissionCatalog.TakeoverTier)
                    .ToList();
                var evidence = AgentFindings.PermissionEvidence("appRoleAssignments[].appRoleId", tier0, "no tier-0 Microsoft Graph application permission");
                var target = AgentFindings.Target(agent);
                yield return tier0.Count == 0
                    ? Pass(target, $"{AgentFindings.Describe(agent)} holds no tier-0 Microsoft Graph application permission.", evidence)
                    : Fail(target, $"{AgentFindings.Describe(agent)} holds tier-0 Microsoft Graph permissions: {string.Join(", ", tier0.Select(p => p.Name))}.", evidence);
            }
        }
    }
}
