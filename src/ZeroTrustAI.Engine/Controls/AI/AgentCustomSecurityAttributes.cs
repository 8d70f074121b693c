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
    /// <summary>Every agent identity is classified with at least one custom security attribute (lifecycle, data class, owner unit).</summary>
    public sealed class AgentCustomSecurityAttributes : Control
    {
        private const string Property = "customSecurityAttributes";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-320",
            Title = "Agent identities carry custom security attributes",
            Pillar = Pillar.AI,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.Medium,
            Description = "Every agent identity has at least one custom security attribute assigned (for example its lifecycle stage, the data it may touch or the business unit that answers for it), so policies and reviews can tell agents apart.",
            Rationale = """
            Custom security attributes are the tenant's own, protected labels: only attribute administrators can set or read
            them, so an agent's owner cannot relabel it to escape a rule. They are how Conditional Access (filter for agents),
            Azure ABAC conditions and access reviews select "production agents that touch confidential data" rather than every
            agent or one by name. An agent with no attribute falls outside every such rule and every report that counts agents
            by class: it is invisible to the governance built on the classification.
            """,
            Checks = """
            - Reads the agent identities (`graph/servicePrincipals.microsoft.graph.agentIdentity`) and their custom security
              attributes, listed again with `$select=id,displayName,customSecurityAttributes` (beta; the property "requires
              `$select` to retrieve") into `graph/servicePrincipals.microsoft.graph.agentIdentity.customSecurityAttributes`.
              That read needs CustomSecAttributeAssignment.Read.All; without it the set is recorded as not collected and the
              control is Skipped. The property read inline on the agent identities counts too.
            - Targets: every agent identity (not blueprint principals).
            - Pass: `customSecurityAttributes` holds at least one attribute set with at least one attribute (`@odata.type`
              does not count). Fail: absent, `null` or empty. Skipped: neither the separate set nor any agent identity carries
              the property (the attributes were not read).
            """,
            Remediation = """
            Define an attribute set for agents (for example `AgentGovernance` with `Lifecycle`, `DataClass`, `OwningUnit`) in
            Entra ID > Custom security attributes, then assign values to each agent identity (Agent ID > the agent > Custom
            security attributes), or with Graph as an Attribute Assignment Administrator:
            ```http
            PATCH https://graph.microsoft.com/beta/servicePrincipals/{agentId}
            { "customSecurityAttributes": { "AgentGovernance": { "@odata.type": "#Microsoft.DirectoryServices.CustomSecurityAttributeValue", "Lifecycle": "Production" } } }
            ```
            The fix on a failed result asks for the attribute set, name and value and assigns them.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/graph/api/resources/agentidentity?view=graph-rest-beta",
                "https://learn.microsoft.com/graph/custom-security-attributes-examples",
                "https://learn.microsoft.com/entra/fundamentals/custom-security-attributes-overview",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_005" },
                zeroTrustAssessment: new[] { "61008" },
                mcsb: new[] { "AM-2" }),
            RequiredData = new[] { DataSets.Graph(GraphSetNames.AgentIdentities) },
            OptionalData = new[] { DataSets.Graph(GraphSetNames.AgentIdentityCustomSecurityAttributes) },
            Uses = new[] { GraphDirectory.Data },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var agents = GraphDirectory.For(snapshot).Agents.Where(a => a.Kind == AgentKind.AgentIdentity && !a.IsBlueprintPrincipal).ToList();
            var listed = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
            foreach (var item in snapshot.GraphItems(GraphSetNames.AgentIdentityCustomSecurityAttributes))
            {
                if (item.GetString("id") is string id)
                {
                    listed[id] = item;
                }
            }

            var collected = snapshot.GetGraphSet(GraphSetNames.AgentIdentityCustomSecurityAttributes) != null
                || agents.Any(a => a.Raw.TryGetProperty(Property, out _));
            foreach (var agent in agents)
            {
                var target = AgentFindings.Target(agent);
                var source = listed.TryGetValue(agent.Id, out var item) ? item : agent.Raw;
                var evidence = new Evidence(Property, source.GetRawText(Property), "at least one attribute assigned");
                if (!collected)
                {
                    yield return new Finding(ResultStatus.Skipped, target, $"{AgentFindings.Describe(agent)} is not judged: custom security attributes were not read (they need CustomSecAttributeAssignment.Read.All).", new[] { evidence });
                    continue;
                }

                var assigned = Assigned(source).ToList();
                yield return assigned.Count > 0
                    ? Pass(target, $"{AgentFindings.Describe(agent)} is classified: {string.Join(", ", assigned)}.", evidence)
                    : Fail(target, $"{AgentFindings.Describe(agent)} carries no custom security attribute: no Conditional Access filter, ABAC condition or review that selects agents by class reaches it.", evidence)
                        .WithFix(FixFor(agent));
            }
        }

        /// <summary>The attributes assigned, as set.attribute names (the @odata.type of each set is not an attribute).</summary>
        private static IEnumerable<string> Assigned(JsonElement agent)
        {
            if (!agent.TryGetProperty(Property, out var sets) || sets.ValueKind != JsonValueKind.Object)
            {
                yield break;
            }

            foreach (var set in sets.EnumerateObject().Where(s => s.Value.ValueKind == JsonValueKind.Object))
            {
                foreach (var attribute in set.Value.EnumerateObject().Where(a => !a.Name.StartsWith("@", StringComparison.Ordinal)))
                {
                    yield return set.Name + "." + attribute.Name;
                }
            }
        }

        private static RemediationFix FixFor(DirectoryAgent agent) => RemediationFix.PowerShell(
            GraphFixes.Comment($"Classify '{agent.DisplayName}' with an attribute of the set your agent policies use (run as an Attribute Assignment Administrator)."),
            GraphFixes.Connect("CustomSecAttributeAssignment.ReadWrite.All", "Application.Read.All"),
            "$set = Read-Host 'Attribute set (e.g. AgentGovernance)'",
            "$attribute = Read-Host 'Attribute name (e.g. Lifecycle)'",
            "$value = Read-Host 'Value'",
            "Invoke-MgGraphRequest -Method PATCH -Uri " + Quote.PowerShell(GraphFixes.Beta + "servicePrincipals/" + agent.Id)
                + " -Body @{ customSecurityAttributes = @{ $set = @{ '@odata.type' = '#Microsoft.DirectoryServices.CustomSecurityAttributeValue'; $attribute = $value } } }");
    }
}
