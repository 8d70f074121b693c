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

        /// <summary>
        /// The fix: remove, from whichever principal holds it (the agent, or the app at the end of its path), each
        /// assignment whose permission the finding's evidence lists ("Name (appRoleId)"). The assignments are looked up
        /// when the control judges; the script is written when first read (most of a large tenant's fixes never are).
        /// </summary>
        private static RemediationFix? RemoveFlagged(GraphDirectory directory, DirectoryAgent agent, List<PermissionEntry> appRoles, Finding finding)
        {
            var removals = new List<Removal>();
            List<System.Text.Json.JsonElement>? inherited = null;
            // An app role's id is made on each read of Id (the graph keeps it as a GUID): each is read once.
            foreach (var (entry, appRoleId) in appRoles.Select(p => (Entry: p, Id: p.Id)).Where(p => p.Id != null && finding.Evidence.Any(e => e.Actual != null && e.Actual.IndexOf(p.Id!, StringComparison.OrdinalIgnoreCase) >= 0)))
            {
                var holder = entry.ReachedBy.Count == 0 ? agent.Id : entry.ReachedBy[entry.ReachedBy.Count - 1].FromId;
                var holderName = entry.ReachedBy.Count == 0 ? agent.DisplayName : entry.ReachedBy[entry.ReachedBy.Count - 1].FromName;
                var found = directory.AppRoleAssignmentsOf(holder, appRoleId!)
                    .Select(a => (Principal: holder, a.Id))
                    .ToList();

                // An assignment inherited from a blueprint lives on the blueprint's principal, as the agent's copy names it.
                // The directory indexes every object of the agent's inheritedAppRoleAssignments under the agent: with none
                // there, its JSON holds none to match, and is not parsed again.
                inherited ??= directory.HasInheritedAppRoleAssignment(agent.Id)
                    ? agent.Raw.GetArray("inheritedAppRoleAssignments").ToList()
                    : new List<System.Text.Json.JsonElement>();
                found.AddRange(inherited
                    .Where(a => a.GetString("appRoleId").EqualsIgnoreCase(appRoleId) && a.GetString("principalId") != null)
                    .Select(a => (Principal: a.GetString("principalId")!, Id: a.GetString("id"))));
                foreach (var (principal, assignmentId) in found.Where(f => f.Id != null).Distinct())
                {
                    removals.Add(new Removal(entry.Name, entry.Resource, entry.IsDirect ? null : holderName, entry.IsDirect ? null : entry.Via, principal, assignmentId!));
                }
            }

            return removals.Count == 0
                ? null
                : RemediationFix.Later(FixLanguage.PowerShell, (Name: agent.DisplayName, agent.Id, Removals: removals), RemovalScript);
        }

        private static IEnumerable<string> RemovalScript((string Name, string Id, List<Removal> Removals) fix)
        {
            yield return GraphFixes.Comment($"Remove the application permissions '{fix.Name}' ({fix.Id}) holds or reaches; grant a narrower (*.Selected or delegated) permission if it needs one.");
            yield return GraphFixes.Connect("AppRoleAssignment.ReadWrite.All");
            foreach (var removal in fix.Removals)
            {
                yield return GraphFixes.Comment(removal.Via == null
                    ? $"{removal.Permission} on {removal.Resource}"
                    : $"{removal.Permission} held by '{removal.HolderName}', reached through {removal.Via} (or cut that path instead)");
                yield return "Remove-MgServicePrincipalAppRoleAssignment -ServicePrincipalId " + Quote.PowerShell(removal.Principal) + " -AppRoleAssignmentId " + Quote.PowerShell(removal.AssignmentId);
            }
        }

        /// <summary>One assignment a fix removes, and what its comment line says (plain values, see <see cref="RemediationFix.Later"/>).</summary>
        private sealed class Removal
        {
            public Removal(string permission, string resource, string? holderName, string? via, string principal, string assignmentId)
            {
                Permission = permission;
                Resource = resource;
                HolderName = holderName;
                Via = via;
                Principal = principal;
                AssignmentId = assignmentId;
            }

            public string Permission { get; }

            public string Resource { get; }

            /// <summary>Who holds the permission, when the agent reaches it through a path (null when it holds it itself).</summary>
            public string? HolderName { get; }

            /// <summary>The path, for a permission reached through one.</summary>
            public string? Via { get; }

            public string Principal { get; }

            public string AssignmentId { get; }
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
                var appRoles = AgentPrivilegeAnalyzer.Analyze(snapshot, agent).Permissions.Where(p => p.Kind == PermissionKind.ApplicationRole).ToList();
                var finding = Judge(agent, appRoles);
                yield return finding.Status == ResultStatus.Fail || finding.Status == ResultStatus.Warning
                    ? finding.WithFix(RemoveFlagged(directory, agent, appRoles, finding))
                    : finding;
            }
        }
    }
}
