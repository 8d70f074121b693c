using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>
    /// The family of agent permission checks: every agent is judged on the application permissions (app roles) it
    /// reaches, each resolved to its name and tier: its own, those inherited from its blueprint, and those of the
    /// groups, applications and identities it owns or can act as (<see cref="AgentPrivilegeAnalyzer"/>), each with its path. No agents gives nothing (NotApplicable); no app role assignment data
    /// at all gives Skipped, since nothing could be ruled out.
    /// </summary>
    public abstract class AgentAppRoleControl : Control
    {
        protected sealed override DataRequirement ImpliedData { get; } =
            DataRequirement.Requires(DataSets.Graph(GraphSetNames.ServicePrincipals)).And(AgentPrivilegeAnalyzer.Data);

        /// <summary>Judges one agent on its resolved application permissions.</summary>
        protected abstract Finding Judge(DirectoryAgent agent, IReadOnlyList<PermissionEntry> appRoles);

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
                var appRoles = AgentPrivilegeAnalyzer.Analyze(snapshot, agent).Permissions.Where(p => p.Kind == PermissionKind.ApplicationRole).ToList();
                yield return Judge(agent, appRoles);
            }
        }
    }
}
