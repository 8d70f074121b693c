using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;
using ZeroTrustAI.Engine.Json;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Targets, wording and evidence shared by the agent and workload-identity controls.</summary>
    internal static class AgentFindings
    {
        public static ResultTarget Target(Graph.DirectoryAgent agent) =>
            Target(agent, agent.Kind == AgentKind.AgentIdentity ? "microsoft.graph.agentIdentity" : "microsoft.graph.servicePrincipal");

        /// <summary>
        /// <see cref="ResultTarget.FromGraph"/> of the agent's JSON, from what the agent kept of it: a service principal
        /// agent's names are read as FromGraph reads them (an agent user's name falls back differently, so its kept JSON is read).
        /// </summary>
        public static ResultTarget Target(Graph.DirectoryAgent agent, string fallbackType) =>
            agent.Kind == AgentKind.AgentUser
                ? ResultTarget.FromGraph(agent.Raw, fallbackType)
                : new ResultTarget(agent.Id, agent.DisplayName, agent.ODataType ?? fallbackType);

        /// <summary>"Agent identity 'X'", "Managed identity 'Y'", ... for reasons.</summary>
        public static string Describe(Graph.DirectoryAgent agent) => agent.Kind switch
        {
            AgentKind.AgentIdentity => $"Agent '{agent.DisplayName}'",
            AgentKind.ManagedIdentity => $"AI managed identity '{agent.DisplayName}'",
            _ => $"AI app '{agent.DisplayName}'",
        };

        /// <summary>Evidence listing the permissions found (null actual when there are none).</summary>
        public static Evidence PermissionEvidence(string path, IReadOnlyCollection<PermissionEntry> found, string expected) =>
            new Evidence(
                path,
                found.Count == 0 ? null : JsonText.StringArray(found.Select(Described)),
                expected);

        /// <summary>A permission with its id and, when reached through other identities, its path.</summary>
        public static string Described(PermissionEntry permission)
        {
            // Read once: a delegated scope's id (its grant's) is made on each read.
            var id = permission.Id;
            var text = id != null ? $"{permission.Describe()} ({id})" : permission.Describe();
            return permission.IsDirect ? text : $"{text} via {permission.Via}";
        }

        /// <summary>The names of permissions for a reason, each with its route when it is not held directly.</summary>
        public static string Names(IEnumerable<PermissionEntry> permissions) =>
            string.Join(", ", permissions.Select(p => p.IsDirect ? p.Describe() : $"{p.Describe()} (via {p.Via})").Distinct());

        /// <summary>The control cannot judge: app role assignments were neither expanded nor collected separately.</summary>
        public static Finding AssignmentsNotCollected(TenantSnapshot snapshot) =>
            new Finding(
                ResultStatus.Skipped,
                ResultTarget.Tenant(snapshot),
                "App role assignments were not collected: servicePrincipals carry no appRoleAssignments and graph/servicePrincipals.appRoleAssignments is absent.",
                Array.Empty<Evidence>());
    }
}
