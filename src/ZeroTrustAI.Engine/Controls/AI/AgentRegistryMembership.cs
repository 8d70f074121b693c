using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Every registered agent belongs to a registry collection, the unit discovery and access rules are set on.</summary>
    public sealed class AgentRegistryMembership : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-322",
            Title = "Registered agents are organized in registry collections",
            Pillar = Pillar.AI,
            Principle = Principle.LeastPrivilege,
            Severity = Severity.Low,
            Description = "Each agent identity registered in the Microsoft Entra agent registry has an agent instance that belongs to at least one agent collection.",
            Rationale = """
            Collections group registered agents by purpose or trust (for example "HR agents" or "agents other agents may
            discover"). They are where the registry scopes discovery: which agents can find and call which. An agent in no
            collection is governed by nothing but the tenant default, and nobody has decided who may discover it.
            """,
            Checks = """
            - Reads the agent identities and the registry's agent instances with their collections expanded
              (`graph/agentRegistry.agentInstances`, beta `GET /agentRegistry/agentInstances?$expand=collections($select=id,displayName)`).
            - Targets: every agent identity (not blueprint principals) that an agent instance links by `agentIdentityId`
              (unregistered agents are ZTAI-AI-321's).
            - Pass: the instance's `collections` holds at least one collection. Fail: it is empty. Skipped: `collections` was
              not expanded.
            """,
            Remediation = """
            Add the agent instance to a collection that matches its purpose (Agent ID > Agent registry > Collections), or with
            Graph as an Agent Registry Administrator:
            ```http
            POST https://graph.microsoft.com/beta/agentRegistry/agentInstances/{agentInstanceId}/collections/{agentCollectionId}/members/$ref
            { "@odata.id": "https://graph.microsoft.com/beta/agentRegistry/agentInstances('{agentInstanceId}')" }
            ```
            """,
            References = new[]
            {
                "https://learn.microsoft.com/graph/api/resources/agentcollection?view=graph-rest-beta",
                "https://learn.microsoft.com/graph/api/agentcollection-post-members?view=graph-rest-beta",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_011" },
                mcsb: new[] { "AM-1" }),
            RequiredData = new[] { DataSets.Graph(GraphSetNames.AgentIdentities), DataSets.Graph(GraphSetNames.AgentInstances) },
            Uses = new[] { GraphDirectory.Data },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var registry = new AgentRegistry(snapshot);
            foreach (var agent in AgentRegistry.AgentIdentities(snapshot))
            {
                if (!(registry.InstanceOf(agent) is System.Text.Json.JsonElement instance))
                {
                    continue;
                }

                var target = AgentFindings.Target(agent);
                var instanceId = instance.GetString("id") ?? agent.Id;
                var collections = AgentRegistry.CollectionsOf(instance);
                var evidence = new Evidence("agentRegistry.agentInstances.collections", instance.GetRawText("collections"), "at least one collection");
                if (collections == null)
                {
                    yield return new Finding(ResultStatus.Skipped, target, $"{AgentFindings.Describe(agent)} is not judged: the collections of agent instance '{instanceId}' were not expanded.", new[] { evidence });
                }
                else if (collections.Count > 0)
                {
                    yield return Pass(target, $"{AgentFindings.Describe(agent)} is in collection(s) {string.Join(", ", collections.Select(c => c.GetString("displayName") ?? c.GetString("id")))}.", evidence);
                }
                else
                {
                    var instancePath = GraphFixes.Beta + "agentRegistry/agentInstances/" + System.Uri.EscapeDataString(instanceId);
                    yield return Fail(target, $"{AgentFindings.Describe(agent)} is registered (agent instance '{instanceId}') but in no collection: nobody decided who may discover it.", evidence)
                        .WithFix(RemediationFix.PowerShell(
                            GraphFixes.Comment($"Add agent instance '{instanceId}' of '{agent.DisplayName}' to the collection that matches its purpose (run as an Agent Registry Administrator)."),
                            GraphFixes.Connect("AgentInstance.ReadWrite.All"),
                            "$collectionId = Read-Host 'Id of the agent collection'",
                            "Invoke-MgGraphRequest -Method POST -Uri (" + Quote.PowerShell(instancePath + "/collections/") + " + $collectionId + '/members/$ref')"
                                + " -Body @{ '@odata.id' = " + Quote.PowerShell(GraphFixes.Beta + "agentRegistry/agentInstances('" + instanceId + "')") + " }"));
                }
            }
        }
    }
}
