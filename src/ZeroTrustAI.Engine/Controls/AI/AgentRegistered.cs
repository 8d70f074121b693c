using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Every agent identity is listed in the agent registry, the inventory the rest of agent governance starts from.</summary>
    public sealed class AgentRegistered : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-321",
            Title = "Every agent identity is registered in the agent registry",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Each agent identity in the tenant is linked from an agent instance of the Microsoft Entra agent registry (an agentInstance whose agentIdentityId is the agent identity's object id).",
            Rationale = """
            The agent registry is the tenant's inventory of agents: what each one is, where it came from (Copilot Studio,
            Foundry, Security Copilot, a third party), who owns it and how to reach it. Agent discovery, collections, the
            registry's access rules and Agent 365's views start from it. An agent identity that signs in but is not registered
            is a shadow agent: it holds permissions and tokens, yet no inventory, review or collection policy knows what it is.
            """,
            Checks = """
            - Reads the agent identities (`graph/servicePrincipals.microsoft.graph.agentIdentity`) and the registry's agent
              instances (`graph/agentRegistry.agentInstances`, beta `GET /agentRegistry/agentInstances` with `$select` of
              `agentIdentityId`, `agentIdentityBlueprintId`, `agentUserId`, `originatingStore`; permission
              AgentInstance.Read.All; global cloud only).
            - Targets: every agent identity (not blueprint principals).
            - Pass: an agent instance has `agentIdentityId` equal to the agent identity's `id`. Fail: none does.
            - Microsoft announced that from May 2026 the Graph agent registry APIs are replaced by the registry APIs of
              Microsoft Agent 365; where the beta API no longer answers the set is recorded as not collected and the control is
              Skipped, never passed.
            """,
            Remediation = """
            Register the agent in the agent registry (Entra admin center > Agent ID > Agent registry, or Agent 365), or with
            Graph as an Agent Registry Administrator:
            ```http
            POST https://graph.microsoft.com/beta/agentRegistry/agentInstances
            { "displayName": "...", "ownerIds": [ "{ownerId}" ], "agentIdentityId": "{agentId}", "agentIdentityBlueprintId": "{blueprintAppId}" }
            ```
            The fix on a failed result registers the agent with its owners from the snapshot (or asks for one).
            """,
            References = new[]
            {
                "https://learn.microsoft.com/graph/api/resources/agentinstance?view=graph-rest-beta",
                "https://learn.microsoft.com/graph/api/agentregistry-post-agentinstances?view=graph-rest-beta",
                "https://learn.microsoft.com/entra/agent-id/identity-platform/what-is-agent-registry",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_001", "AI_010" },
                mcsb: new[] { "AM-1" }),
            RequiredData = new[] { DataSets.Graph(GraphSetNames.AgentIdentities), DataSets.Graph(GraphSetNames.AgentInstances) },
            Uses = new[] { GraphDirectory.Data },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var registry = new AgentRegistry(snapshot);
            var directory = GraphDirectory.For(snapshot);
            foreach (var agent in AgentRegistry.AgentIdentities(snapshot))
            {
                var target = AgentFindings.Target(agent);
                var instance = registry.InstanceOf(agent);
                var evidence = new Evidence("agentRegistry.agentInstances[agentIdentityId]", instance?.GetString("id"), "an agent instance linked to the agent identity");
                if (instance.HasValue)
                {
                    var store = instance.Value.GetString("originatingStore");
                    yield return Pass(target, $"{AgentFindings.Describe(agent)} is registered as agent instance '{instance.Value.GetString("displayName") ?? instance.Value.GetString("id")}'{(store == null ? string.Empty : " from " + store)}.", evidence);
                    continue;
                }

                var owners = (directory.OwnersOf(agent.Id) ?? new List<System.Text.Json.JsonElement>()).Select(o => o.GetString("id")).OfType<string>().ToList();
                var lines = new List<string>
                {
                    GraphFixes.Comment($"Register '{agent.DisplayName}' in the agent registry (run as an Agent Registry Administrator)."),
                    GraphFixes.Connect("AgentInstance.ReadWrite.All"),
                };
                lines.Add(owners.Count > 0
                    ? "$ownerIds = @(" + string.Join(", ", owners.Select(Quote.PowerShell)) + ")"
                    : "$ownerIds = @(Read-Host 'Object id of the owning user')");
                var blueprint = agent.BlueprintAppId;
                lines.Add("Invoke-MgGraphRequest -Method POST -Uri " + Quote.PowerShell(GraphFixes.Beta + "agentRegistry/agentInstances")
                    + " -Body @{ displayName = " + Quote.PowerShell(agent.DisplayName) + "; ownerIds = $ownerIds; agentIdentityId = " + Quote.PowerShell(agent.Id)
                    + (blueprint == null ? string.Empty : "; agentIdentityBlueprintId = " + Quote.PowerShell(blueprint)) + " }");
                yield return Fail(target, $"{AgentFindings.Describe(agent)} is in no agent instance of the agent registry: a shadow agent no inventory or collection policy knows.", evidence)
                    .WithFix(RemediationFix.PowerShell(lines.ToArray()));
            }
        }
    }
}
