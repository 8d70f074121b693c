using System;
using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>
    /// The family of agent permission checks: every agent is judged on the application permissions (app roles) it
    /// holds, each resolved to its name and tier. No agents gives nothing (NotApplicable); no app role assignment data
    /// at all gives Skipped, since nothing could be ruled out.
    /// </summary>
    public abstract class AgentAppRoleControl : Control
    {
        protected sealed override DataRequirement ImpliedData { get; } =
            DataRequirement.Requires(DataSets.Graph(GraphSetNames.ServicePrincipals)).And(GraphDirectory.Data);

        /// <summary>Judges one agent on its resolved application permissions.</summary>
        protected abstract Finding Judge(DirectoryAgent agent, IReadOnlyList<PermissionEntry> appRoles);

        /// <summary>The fix: remove the assignments whose permissions the finding's evidence lists ("Name (appRoleId)").</summary>
        private static RemediationFix? RemoveFlagged(DirectoryAgent agent, IReadOnlyList<AppRoleAssignment> assignments, List<PermissionEntry> appRoles, Finding finding)
        {
            var flagged = assignments
                .Select((assignment, i) => (assignment, permission: appRoles[i]))
                .Where(p => finding.Evidence.Any(e => e.Actual != null && e.Actual.IndexOf(p.assignment.AppRoleId, StringComparison.OrdinalIgnoreCase) >= 0))
                .Where(p => p.assignment.Raw.GetString("id") != null)
                .Select(p => (p.assignment.Raw.GetString("id")!, $"{p.permission.Name} on {p.permission.Resource}"))
                .ToList();
            return flagged.Count == 0 ? null : GraphFixes.RemoveAppRoleAssignments(agent.Id, agent.DisplayName, flagged);
        }

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
                var assignments = directory.AppRoleAssignmentsOf(agent.Id);
                var appRoles = assignments.Select(a => AgentPrivilegeAnalyzer.ResolveAppRole(directory, a)).ToList();
                var finding = Judge(agent, appRoles);
                yield return finding.Status == ResultStatus.Fail || finding.Status == ResultStatus.Warning
                    ? finding.WithFix(RemoveFlagged(agent, assignments, appRoles, finding))
                    : finding;
            }
        }
    }
}
