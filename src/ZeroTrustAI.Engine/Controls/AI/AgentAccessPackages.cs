using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Agent identities that hold access get it through entitlement management access packages: approved, time-bound, reviewed.</summary>
    public sealed class AgentAccessPackages : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-325",
            Title = "Agent identities that hold access are governed by access packages",
            Pillar = Pillar.AI,
            Principle = Principle.LeastPrivilege,
            Severity = Severity.Medium,
            Description = "Each agent identity that holds application permissions, delegated grants, directory roles or group memberships of its own has at least one delivered Microsoft Entra entitlement management access package assignment.",
            Rationale = """
            Access packages are how Microsoft Entra ID Governance gives agents access on purpose: a request by the agent, its
            sponsor or an administrator, an approval, an expiry and access reviews. Permissions granted to an agent directly
            (an app role assignment, a consent, a role, a group) have none of that: nobody approved them against a policy, they
            never expire and no review revisits them. An agent that holds access with no access package is governed by
            nothing but whoever granted it.
            """,
            Checks = """
            - Reads the agent identities, their own permissions from the directory index (app role assignments not inherited
              from the blueprint, delegated grants, directory roles and PIM eligibilities, group memberships) and the access
              package assignments (`graph/identityGovernance.entitlementManagement.assignments`, v1.0
              `GET /identityGovernance/entitlementManagement/assignments` with `$expand=target,accessPackage`; permission
              EntitlementManagement.Read.All; Microsoft Entra ID Governance).
            - Targets: agent identities (not blueprint principals) that hold at least one such permission; the others need no
              access package and are not judged.
            - Pass: an assignment whose `target.objectId` is the agent's id has `state` `delivered`. Fail: none does (expired
              or pending assignments do not count); the reason names what the agent holds.
            """,
            Remediation = """
            Create an access package with the resources the agent needs (app roles, groups, roles, OAuth grants) and a policy
            for "All agents", then assign the agent to it (or let its sponsor request it) and remove the grants it held
            directly. The fix on a failed result assigns the agent to the access package and policy you name:
            ```http
            POST https://graph.microsoft.com/v1.0/identityGovernance/entitlementManagement/assignmentRequests
            { "requestType": "adminAdd", "assignment": { "targetId": "{agentId}", "accessPackageId": "{packageId}", "assignmentPolicyId": "{policyId}" } }
            ```
            """,
            References = new[]
            {
                "https://learn.microsoft.com/entra/agent-id/agent-access-packages",
                "https://learn.microsoft.com/graph/api/entitlementmanagement-list-assignments?view=graph-rest-1.0",
                "https://learn.microsoft.com/graph/api/resources/accesspackagesubject?view=graph-rest-1.0",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_013" },
                mcsb: new[] { "PA-4", "PA-7" }),
            RequiredData = new[] { DataSets.Graph(GraphSetNames.AgentIdentities), DataSets.Graph(GraphSetNames.AccessPackageAssignments) },
            Uses = new[] { GraphDirectory.Data, AgentPrivilegeAnalyzer.GroupMembershipData },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var directory = GraphDirectory.For(snapshot);
            var delivered = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (var assignment in snapshot.GraphItems(GraphSetNames.AccessPackageAssignments).Where(a => a.GetString("state").EqualsIgnoreCase("delivered")))
            {
                if (assignment.GetString("target.objectId") is string target)
                {
                    if (!delivered.TryGetValue(target, out var packages))
                    {
                        packages = new List<string>();
                        delivered[target] = packages;
                    }

                    packages.Add(assignment.GetString("accessPackage.displayName") ?? assignment.GetString("accessPackage.id") ?? assignment.GetString("id") ?? "?");
                }
            }

            foreach (var agent in directory.Agents.Where(a => a.Kind == AgentKind.AgentIdentity && !a.IsBlueprintPrincipal))
            {
                var held = Held(directory, agent.Id).ToList();
                if (held.Count == 0)
                {
                    continue;
                }

                var target = AgentFindings.Target(agent);
                var holds = string.Join(", ", held);
                var packages = delivered.TryGetValue(agent.Id, out var found) ? found : null;
                var evidence = new Evidence("identityGovernance/entitlementManagement/assignments[target.objectId, state=delivered]", packages == null ? null : string.Join(", ", packages), "at least one delivered access package assignment");
                if (packages != null)
                {
                    yield return Pass(target, $"{AgentFindings.Describe(agent)} holds {holds} and is governed by access package(s) {string.Join(", ", packages)}.", evidence);
                    continue;
                }

                yield return Fail(target, $"{AgentFindings.Describe(agent)} holds {holds} with no delivered access package: nothing approved, expires or reviews that access.", evidence)
                    .WithFix(RemediationFix.PowerShell(
                        GraphFixes.Comment($"Assign '{agent.DisplayName}' to the access package that carries the access it needs, then remove the grants it holds directly."),
                        GraphFixes.Connect("EntitlementManagement.ReadWrite.All"),
                        "$accessPackageId = Read-Host 'Id of the access package'",
                        "$policyId = Read-Host 'Id of its assignment policy for agents'",
                        "Invoke-MgGraphRequest -Method POST -Uri " + Quote.PowerShell(GraphFixes.V1 + "identityGovernance/entitlementManagement/assignmentRequests")
                            + " -Body @{ requestType = 'adminAdd'; assignment = @{ targetId = " + Quote.PowerShell(agent.Id) + "; accessPackageId = $accessPackageId; assignmentPolicyId = $policyId } }"));
            }
        }

        /// <summary>What the agent holds itself, in words: not what it inherits from its blueprint (the blueprint's grants).</summary>
        private static IEnumerable<string> Held(GraphDirectory directory, string agentId)
        {
            var appRoles = directory.AppRoleAssignmentsOf(agentId).Count(a => !a.IsInherited);
            var grants = directory.GrantRecordsOf(agentId).Count;
            var roles = directory.DirectoryRolesOf(agentId).Count;
            var groups = directory.GroupsOf(agentId).Count;
            if (appRoles > 0)
            {
                yield return $"{appRoles} application permission(s)";
            }

            if (grants > 0)
            {
                yield return $"{grants} delegated grant(s)";
            }

            if (roles > 0)
            {
                yield return $"{roles} directory role(s)";
            }

            if (groups > 0)
            {
                yield return $"{groups} group membership(s)";
            }
        }
    }
}
