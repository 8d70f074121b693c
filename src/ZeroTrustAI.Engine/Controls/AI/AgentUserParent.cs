using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Every enabled agent user belongs to an agent identity that exists and is enabled.</summary>
    public sealed class AgentUserParent : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-101",
            Title = "Enabled agent users belong to an existing, enabled agent identity",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Each enabled agent user (beta users/microsoft.graph.agentUser) names in identityParentId an agent identity that is in the tenant and enabled; an agent user whose agent was deleted or disabled is itself disabled.",
            Rationale = """
            An agent user is the user account an agent identity signs in as when it works like a person: it has a mailbox, a
            Teams presence, group memberships and licences. Disabling or deleting the agent identity is how an owner retires
            an agent, but the agent user keeps its memberships and data access. An enabled agent user whose parent is gone or
            disabled is an orphan: nobody governs it, its sponsor reviews the agent that no longer exists, and it is exactly the
            leftover account an attacker looks for.
            """,
            Checks = """
            - Reads `graph/users.microsoft.graph.agentUser` (beta: `id`, `displayName`, `accountEnabled`, `identityParentId`)
              and the agent identities (`graph/servicePrincipals.microsoft.graph.agentIdentity`).
            - Targets: agent users with `accountEnabled` not `false` (a disabled agent user is retired; absent counts as enabled).
            - Pass: `identityParentId` is the id of an agent identity in the snapshot whose `accountEnabled` is not `false`.
            - Fail: `identityParentId` is absent, names no agent identity in the snapshot (deleted, or never an agent), or names
              a disabled one. A snapshot without the agent identity set is Skipped, not judged on nothing.
            """,
            Remediation = """
            Review the agent user with its sponsor. If its agent was retired, disable the agent user (the fix), remove its
            group memberships and licences, then delete it. If the agent is still in use, re-enable the agent identity or
            recreate the agent user for the agent that now does the work.
            ```powershell
            Invoke-MgGraphRequest -Method PATCH -Uri 'https://graph.microsoft.com/beta/users/<id>' -Body '{"accountEnabled":false}' -ContentType 'application/json'
            ```
            """,
            References = new[]
            {
                "https://learn.microsoft.com/graph/api/resources/agentuser?view=graph-rest-beta",
                "https://learn.microsoft.com/entra/agent-id/agent-users",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_118", "AI_002" },
                zeroTrustAssessment: new[] { "61014" },
                mcsb: new[] { "PA-4" }),
            RequiredData = new[] { DataSets.Graph(GraphSetNames.AgentUsers), DataSets.Graph(GraphSetNames.AgentIdentities) },
            Uses = new[] { GraphDirectory.Data },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var directory = GraphDirectory.For(snapshot);
            foreach (var user in snapshot.GraphItems(GraphSetNames.AgentUsers).Where(u => u.GetBool("accountEnabled") != false))
            {
                var target = ResultTarget.FromGraph(user, "microsoft.graph.agentUser");
                var parentId = user.GetString("identityParentId");
                var parent = directory.FindAgent(parentId);
                var evidence = new Evidence("identityParentId", user.GetRawText("identityParentId"), "the id of an enabled agent identity in the tenant");
                string? problem = null;
                if (string.IsNullOrEmpty(parentId))
                {
                    problem = "has no identityParentId";
                }
                else if (parent == null || parent.Kind != AgentKind.AgentIdentity || parent.IsBlueprintPrincipal)
                {
                    problem = $"names agent identity {parentId}, which is not in the tenant";
                }
                else if (parent.AccountEnabled == false)
                {
                    problem = $"belongs to agent identity '{parent.DisplayName}', which is disabled";
                }

                if (problem == null)
                {
                    yield return Pass(target, $"Agent user '{target.Name}' belongs to the enabled agent identity '{parent!.DisplayName}'.", evidence);
                    continue;
                }

                yield return Fail(target, $"Agent user '{target.Name}' is enabled but {problem}.", evidence)
                    .WithFix(GraphFixes.Script(
                        "# Retire the orphaned agent user: disable it now, then remove its memberships and licences and delete it.",
                        GraphFixes.Request("PATCH", "beta/users/" + target.Id, new JsonObject { ["accountEnabled"] = false })));
            }
        }
    }
}
