using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Every agent identity and blueprint has an accountable human: owners and sponsors, and no disabled leftovers.</summary>
    public sealed class AgentOwnersAndSponsors : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-004",
            Title = "Agent identities and blueprints have owners and sponsors",
            Pillar = Pillar.AI,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.Medium,
            Description = "Every agent identity has at least one owner and one sponsor and is not a disabled leftover; every agent blueprint principal has an owner and is enabled; every agent identity blueprint has a sponsor.",
            Rationale = """
            An agent nobody owns is an agent nobody reviews: its permissions drift, its credentials are never rotated, and nobody
            is told when it misbehaves. Owners are the technical contacts; sponsors carry the business accountability that
            lifecycle workflows and access reviews rely on. A disabled agent left in the directory is a dormant identity that an
            attacker with the right role can quietly re-enable.
            """,
            Checks = """
            - Requires `graph/servicePrincipals.microsoft.graph.agentIdentity` (an empty file means "no agents": NotApplicable).
            - Agent identity: at least one owner (from `graph/servicePrincipals.owners` entries whose `ownedObjectId` is the
              agent, or an inline `owners` array), at least one entry in the expanded `sponsors` array, and
              `accountEnabled` not `false`.
            - Agent identity blueprint principal: at least one owner (its own, or its blueprint application's from
              `graph/applications.owners` or inline `owners`) and `accountEnabled` not `false`.
            - Agent identity blueprint (`graph/applications.microsoft.graph.agentIdentityBlueprint`): at least one entry in the
              expanded `sponsors` array.
            - Absent `sponsors` (not collected with `$expand=sponsors`) fails; owners that were not collected at all (no owners set
              and no inline `owners`) fail with that reason.
            """,
            Remediation = """
            Assign owners and sponsors in the Entra admin center (Agent ID > the agent > Owners / Sponsors), or with Graph:
            ```http
            POST https://graph.microsoft.com/beta/servicePrincipals/{agentId}/owners/$ref
            POST https://graph.microsoft.com/beta/servicePrincipals/{agentId}/sponsors/$ref
            POST https://graph.microsoft.com/beta/applications/{blueprintId}/sponsors/$ref
            { "@odata.id": "https://graph.microsoft.com/beta/users/{userId}" }
            ```
            Delete agent identities that are disabled and no longer needed; add a lifecycle workflow that reassigns sponsors when
            a sponsor leaves.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/graph/api/resources/agentid-platform-overview",
                "https://learn.microsoft.com/graph/api/resources/agentidentity?view=graph-rest-beta",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_002", "AI_012" },
                zeroTrustAssessment: new[] { "61013", "61014" },
                mcsb: new[] { "IM-3", "PA-4" }),
            RequiredData = new[] { DataSets.Graph(GraphSetNames.AgentIdentities) },
            Uses = new[] { GraphDirectory.Data },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var directory = GraphDirectory.For(snapshot);
            foreach (var agent in directory.Agents.Where(a => a.Kind == AgentKind.AgentIdentity))
            {
                var isBlueprintPrincipal = agent.IsBlueprintPrincipal;
                var raw = agent.Raw;
                var problems = new List<string>();
                var evidence = new List<Evidence>();

                var owners = directory.OwnersOf(agent.Id);
                if (isBlueprintPrincipal && (owners == null || owners.Count == 0))
                {
                    // A blueprint principal's owners may be kept on its blueprint application.
                    var blueprint = directory.FindApplicationByAppId(agent.AppId);
                    var blueprintOwners = blueprint?.GetString("id") is string blueprintId ? directory.OwnersOf(blueprintId) : null;
                    owners = blueprintOwners ?? owners;
                }

                evidence.Add(new Evidence("owners", owners == null ? null : owners.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "at least 1 owner"));
                if (owners == null)
                {
                    problems.Add("owners were not collected");
                }
                else if (owners.Count == 0)
                {
                    problems.Add("no owner");
                }

                if (!isBlueprintPrincipal)
                {
                    var sponsors = GraphDirectory.SponsorsOf(raw);
                    evidence.Add(new Evidence("sponsors", sponsors?.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "at least 1 sponsor"));
                    if (sponsors == null || sponsors.Count == 0)
                    {
                        problems.Add(sponsors == null ? "sponsors not expanded (absent)" : "no sponsor");
                    }
                }

                var enabled = agent.AccountEnabled;
                evidence.Add(Observed(raw, "accountEnabled", "true (disabled agents are removed)"));
                if (enabled == false)
                {
                    problems.Add("disabled but still in the directory");
                }

                var target = AgentFindings.Target(agent);
                yield return problems.Count == 0
                    ? Pass(target, $"{AgentFindings.Describe(agent)} has {(isBlueprintPrincipal ? "an owner" : "an owner and a sponsor")} and is enabled.", evidence.ToArray())
                    : Fail(target, $"{AgentFindings.Describe(agent)}: {string.Join("; ", problems)}.", evidence.ToArray())
                        .WithFix(FixFor(agent, owners, isBlueprintPrincipal ? null : GraphDirectory.SponsorsOf(raw), enabled == false));
            }

            foreach (var blueprint in directory.AgentBlueprints)
            {
                var sponsors = GraphDirectory.SponsorsOf(blueprint);
                var target = ResultTarget.FromGraph(blueprint, "microsoft.graph.agentIdentityBlueprint");
                var evidence = new Evidence("sponsors", sponsors?.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "at least 1 sponsor");
                yield return sponsors != null && sponsors.Count > 0
                    ? Pass(target, $"Agent blueprint '{target.Name}' has {sponsors.Count} sponsor(s).", evidence)
                    : Fail(target, $"Agent blueprint '{target.Name}' has {(sponsors == null ? "no sponsors expanded (absent)" : "no sponsor")}.", evidence)
                        .WithFix(RemediationFix.PowerShell(new[] { GraphFixes.Connect("Application.ReadWrite.All") }
                            .Concat(GraphFixes.AddSponsor($"applications/{target.Id}/microsoft.graph.agentIdentityBlueprint", target.Name)).ToArray()));
            }
        }

        private static RemediationFix FixFor(DirectoryAgent agent, IReadOnlyList<System.Text.Json.JsonElement>? owners, IReadOnlyList<System.Text.Json.JsonElement>? sponsors, bool disabled)
        {
            var lines = new List<string>();
            if (disabled)
            {
                // A disabled agent needs no owner or sponsor: it needs to go once nothing depends on it.
                lines.Add(GraphFixes.Comment($"'{agent.DisplayName}' is disabled: confirm nothing depends on it, then delete it (restorable for 30 days)."));
                lines.Add(GraphFixes.Connect("AgentIdentity.DeleteRestore.All"));
                lines.Add("Invoke-MgGraphRequest -Method DELETE -Uri " + Quote.PowerShell(GraphFixes.Beta + "servicePrincipals/" + agent.Id));
                return RemediationFix.PowerShell(lines.ToArray());
            }

            // Agent identity writes are application-only: connect as an app that holds AgentIdentity.ReadWrite.All.
            lines.Add(GraphFixes.Comment("Connect-MgGraph as an app holding AgentIdentity.ReadWrite.All (delegated access is not supported for agent identities)."));
            if (owners != null && owners.Count == 0)
            {
                lines.AddRange(GraphFixes.AddOwner("servicePrincipals/" + agent.Id, agent.DisplayName));
            }

            if (!agent.IsBlueprintPrincipal && (sponsors == null || sponsors.Count == 0))
            {
                lines.AddRange(GraphFixes.AddSponsor($"servicePrincipals/{agent.Id}/Microsoft.Graph.AgentIdentity", agent.DisplayName));
            }

            return RemediationFix.PowerShell(lines.ToArray());
        }
    }
}
