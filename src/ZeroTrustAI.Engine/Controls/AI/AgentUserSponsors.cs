using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Every agent user has at least one sponsor: a person accountable for it.</summary>
    public sealed class AgentUserSponsors : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-102",
            Title = "Agent users have a sponsor",
            Pillar = Pillar.AI,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.Medium,
            Description = "Each agent user (beta users/microsoft.graph.agentUser) has at least one sponsor, the person or group accountable for it in access reviews and lifecycle workflows.",
            Rationale = """
            Agent users hold the access of a person — mailbox, files, Teams, group memberships — without being one. Entra ID
            Governance asks the sponsor to confirm that access in reviews, and lifecycle workflows act on the sponsor's moves
            and departure. An agent user without a sponsor drops out of all of it: nobody is asked, nobody is told, and its
            access outlives the project that created it.
            """,
            Checks = """
            - Reads `graph/users.microsoft.graph.agentUser` with `sponsors` expanded (`$expand=sponsors($select=id,displayName)`).
            - Targets: every agent user, enabled or not.
            - Pass: `sponsors` holds at least one entry. Fail: `sponsors` is an empty array. An agent user without the
              `sponsors` property (not expanded when collected) is Skipped: no sponsor cannot be told from not collected.
            - Sponsors of agent identities and blueprints are [ZTAI-AI-004](ZTAI-AI-004.md).
            """,
            Remediation = """
            Add a sponsor, usually the sponsor or owner of the agent identity the agent user belongs to:
            ```powershell
            Invoke-MgGraphRequest -Method POST -Uri 'https://graph.microsoft.com/beta/users/<agent-user-id>/sponsors/$ref' -Body '{"@odata.id":"https://graph.microsoft.com/beta/users/<sponsor-id>"}' -ContentType 'application/json'
            ```
            """,
            References = new[]
            {
                "https://learn.microsoft.com/graph/api/user-post-sponsors?view=graph-rest-beta",
                "https://learn.microsoft.com/entra/agent-id/identity-governance/agent-sponsors",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_012", "AI_014" },
                zeroTrustAssessment: new[] { "61013" },
                mcsb: new[] { "PA-4" }),
            RequiredData = new[] { DataSets.Graph(GraphSetNames.AgentUsers) },
            Uses = new[] { GraphDirectory.Data },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var user in snapshot.GraphItems(GraphSetNames.AgentUsers))
            {
                var target = ResultTarget.FromGraph(user, "microsoft.graph.agentUser");
                var sponsors = GraphDirectory.SponsorsOf(user);
                var evidence = new Evidence("sponsors", user.GetRawText("sponsors"), "at least one sponsor");
                if (sponsors == null)
                {
                    yield return new Finding(ResultStatus.Skipped, target, $"Agent user '{target.Name}' is not judged: sponsors were not collected (expand sponsors).", new[] { evidence });
                }
                else if (sponsors.Count > 0)
                {
                    yield return Pass(target, $"Agent user '{target.Name}' is sponsored by {string.Join(", ", sponsors.Select(s => s.GetString("displayName") ?? s.GetString("id") ?? "?"))}.", evidence);
                }
                else
                {
                    var parent = GraphDirectory.For(snapshot).FindAgent(user.GetString("identityParentId"));
                    var parentSponsors = parent == null ? null : GraphDirectory.SponsorsOf(parent.Raw);
                    var suggested = parentSponsors?.Select(s => s.GetString("id")).FirstOrDefault(id => !string.IsNullOrEmpty(id));
                    var sponsorRef = "https://graph.microsoft.com/beta/users/" + (suggested ?? "<sponsor-user-id>");
                    yield return Fail(target, $"Agent user '{target.Name}' has no sponsor.", evidence)
                        .WithFix(GraphFixes.Script(
                            suggested != null
                                ? "# Adds the first sponsor of the agent identity this agent user belongs to; confirm they accept the role."
                                : "# Replace <sponsor-user-id> with the object id of the person accountable for this agent user.",
                            GraphFixes.Request("POST", "beta/users/" + target.Id + "/sponsors/$ref", new JsonObject { ["@odata.id"] = sponsorRef })));
                }
            }
        }
    }
}
