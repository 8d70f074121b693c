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
    /// <summary>Every agent identity is in scope of an enforced Conditional Access policy that blocks it at high agent risk.</summary>
    public sealed class AgentRiskConditionalAccess : Control
    {
        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-AI-010",
            Title = "Risk-based Conditional Access blocks every agent identity",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Each agent identity is included (by \"All\" or by id, and not excluded) in an enabled Conditional Access policy whose conditions.agentIdRiskLevels contains high and whose grant control is block.",
            Rationale = "When Microsoft Entra ID Protection detects that an agent is compromised (leaked credentials, anomalous token use), only a Conditional Access policy stops its next token request. An agent excluded from that policy, or covered only by a report-only policy, keeps working for the attacker.",
            Remediation = "Create or fix a Conditional Access policy: Target resources as needed, Agents (Preview) > include All agent identities, Conditions > Agent risk > High, Grant > Block access, state On. Remove per-agent exclusions; if one is unavoidable, cover the excluded agent with its own policy.",
            References = new[]
            {
                "https://learn.microsoft.com/entra/identity/conditional-access/policy-agent-block-high-risk",
                "https://learn.microsoft.com/graph/api/resources/conditionalaccessconditionset?view=graph-rest-beta",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_003", "AI_006" },
                ZeroTrustAssessment = new[] { "61009", "61012" },
                Mcsb = new[] { "IM-7", "IM-3" },
            },
            RequiredData = new[] { DataSets.Graph(GraphSetNames.AgentIdentities), DataSets.Graph(GraphSetNames.ConditionalAccessPolicies) },
            OptionalData = GraphSetNames.DirectoryDataSets,
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var directory = GraphDirectory.For(snapshot);
            var riskBlockPolicies = snapshot.GraphItems(GraphSetNames.ConditionalAccessPolicies).Where(IsEnforcedHighRiskBlock).ToList();

            foreach (var agent in directory.Agents.Where(a => a.Kind == AgentKind.AgentIdentity && !a.IsBlueprintPrincipal))
            {
                var covering = riskBlockPolicies.Where(p => Covers(p, agent.Id)).Select(p => p.GetString("displayName") ?? p.GetString("id") ?? "?").ToList();
                var excludedBy = riskBlockPolicies.Where(p => Excludes(p, agent.Id)).Select(p => p.GetString("displayName") ?? p.GetString("id") ?? "?").ToList();
                var evidence = new Evidence(
                    "identity/conditionalAccess/policies[state=enabled, agentIdRiskLevels∋high, block].conditions.clientApplications",
                    covering.Count == 0 ? null : JsonSerializer.Serialize(covering.ToArray()),
                    "at least one enforced policy that includes the agent (All or its id) and does not exclude it");
                var target = AgentFindings.Target(agent);
                if (covering.Count > 0)
                {
                    yield return Pass(target, $"{AgentFindings.Describe(agent)} is blocked at high risk by: {string.Join(", ", covering)}.", evidence);
                }
                else if (excludedBy.Count > 0)
                {
                    yield return Fail(target, $"{AgentFindings.Describe(agent)} is excluded from the agent-risk block policy: {string.Join(", ", excludedBy)}.", evidence);
                }
                else
                {
                    yield return Fail(target, riskBlockPolicies.Count == 0
                        ? $"{AgentFindings.Describe(agent)} is not protected: no enabled Conditional Access policy blocks agents at high agent risk."
                        : $"{AgentFindings.Describe(agent)} is not included in any enabled policy that blocks high-risk agents.", evidence);
                }
            }
        }

        /// <summary>Enabled (not report-only), blocks, and has agent risk level high among its conditions.</summary>
        private static bool IsEnforcedHighRiskBlock(JsonElement policy) =>
            policy.GetString("state").EqualsIgnoreCase("enabled")
            && policy.GetStrings("grantControls.builtInControls").Any(c => c.EqualsIgnoreCase("block"))
            && RiskLevels(policy).Any(level => level.EqualsIgnoreCase("high"));

        /// <summary>agentIdRiskLevels is a comma-separated string in beta; an array is accepted as well.</summary>
        private static IEnumerable<string> RiskLevels(JsonElement policy)
        {
            var value = policy.Get("conditions.agentIdRiskLevels");
            if (!value.HasValue)
            {
                return Array.Empty<string>();
            }

            return value.Value.ValueKind == JsonValueKind.Array
                ? policy.GetStrings("conditions.agentIdRiskLevels")
                : (value.Value.GetString() ?? string.Empty).Split(',').Select(s => s.Trim());
        }

        private static bool Covers(JsonElement policy, string agentId) =>
            policy.GetStrings("conditions.clientApplications.includeAgentIdServicePrincipals").Any(i => i.EqualsIgnoreCase("All") || i.EqualsIgnoreCase(agentId))
            && !Excludes(policy, agentId);

        private static bool Excludes(JsonElement policy, string agentId) =>
            policy.GetStrings("conditions.clientApplications.excludeAgentIdServicePrincipals").Any(i => i.EqualsIgnoreCase(agentId));
    }
}
