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
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-010",
            Title = "Risk-based Conditional Access blocks every agent identity",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Each agent identity is included (by \"All\" or by id, and not excluded) in an enabled Conditional Access policy whose conditions.agentIdRiskLevels contains high and whose grant control is block.",
            Rationale = """
            When Microsoft Entra ID Protection finds that an agent identity is compromised — leaked credentials, anomalous token
            use — only Conditional Access stops its next token request. A tenant-level "we have a policy" check misses the agents
            that matter most: the ones excluded from the policy "for now", and the ones covered only by a report-only policy. This
            control judges each agent identity.
            """,
            Checks = """
            - Reads `graph/identity.conditionalAccess.policies` (beta) and `graph/servicePrincipals.microsoft.graph.agentIdentity`.
            - A policy counts when `state` is `enabled` (report-only `enabledForReportingButNotEnforced` does not count),
              `grantControls.builtInControls` contains `block`, and `conditions.agentIdRiskLevels` (a comma-separated string in
              beta; an array is accepted) contains `high` — all compared ignoring case.
            - It must also apply to every resource: `conditions.applications.includeApplications` contains `All`, with no
              `excludeApplications` and no `applicationFilter`. A policy for one application leaves the agent free everywhere else.
            - Targets: agent identities (not blueprint principals). Pass: at least one counting policy has
              `conditions.clientApplications.includeAgentIdServicePrincipals` containing `All` or the agent's id, its
              `excludeAgentIdServicePrincipals` does not contain the agent's id, and it has no `agentIdServicePrincipalFilter`.
            - A filter (`agentIdServicePrincipalFilter`, custom security attributes) decides scope by attribute values that the
              filter rule language evaluates in Entra; it is not interpreted offline. In `exclude` mode it may exclude the agent,
              in `include` mode without `All` it may not include it, so such a policy does not count and the reason says so.
            """,
            Remediation = """
            Entra admin center > Conditional Access > New policy: Agents (Preview) > include All agent identities; Conditions >
            Agent risk > High; Grant > Block access; Enable policy > On. Remove per-agent exclusions; if one is unavoidable, cover
            the excluded agent with its own policy. Via Graph: `PATCH /beta/identity/conditionalAccess/policies/{id}` with
            `conditions.clientApplications.excludeAgentIdServicePrincipals: []`.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/entra/identity/conditional-access/policy-agent-block-high-risk",
                "https://learn.microsoft.com/graph/api/resources/conditionalaccessconditionset?view=graph-rest-beta",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_003", "AI_006" },
                zeroTrustAssessment: new[] { "61009", "61012" },
                mcsb: new[] { "IM-7", "IM-3" }),
            RequiredData = new[] { DataSets.Graph(GraphSetNames.AgentIdentities), DataSets.Graph(GraphSetNames.ConditionalAccessPolicies) },
            Uses = new[] { GraphDirectory.Data },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var directory = GraphDirectory.For(snapshot);
            var riskBlockPolicies = snapshot.GraphItems(GraphSetNames.ConditionalAccessPolicies).Where(IsEnforcedHighRiskBlock).ToList();

            foreach (var agent in directory.Agents.Where(a => a.Kind == AgentKind.AgentIdentity && !a.IsBlueprintPrincipal))
            {
                var judged = riskBlockPolicies
                    .Select(p => (Policy: p, Gap: AgentConditionalAccess.ResourceGap(p) ?? AgentConditionalAccess.AgentIdentityGap(p, agent.Id)))
                    .ToList();
                var covering = judged.Where(p => p.Gap == null).Select(p => AgentConditionalAccess.NameOf(p.Policy)).ToList();
                var evidence = new Evidence(
                    "identity/conditionalAccess/policies[state=enabled, agentIdRiskLevels∋high, block].conditions",
                    judged.Count == 0 ? null : AgentConditionalAccess.Describe(judged),
                    "at least one enforced policy for All resources that includes the agent (All or its id), does not exclude it and decides no scope by filter");
                var target = AgentFindings.Target(agent);
                if (covering.Count > 0)
                {
                    yield return Pass(target, $"{AgentFindings.Describe(agent)} is blocked at high risk by: {string.Join(", ", covering)}.", evidence);
                }
                else if (judged.Count > 0)
                {
                    var excluding = judged.Select(p => p.Policy).Where(p => p.GetStrings("conditions.clientApplications.excludeAgentIdServicePrincipals").Any(i => i.EqualsIgnoreCase(agent.Id))).ToList();
                    yield return Fail(target, $"{AgentFindings.Describe(agent)} is not covered by the agent-risk block policies: {string.Join("; ", judged.Select(p => $"{AgentConditionalAccess.NameOf(p.Policy)} ({p.Gap})"))}.", evidence)
                        .WithFix(excluding.Count > 0 ? RemoveExclusion(agent, excluding) : CreateBlockPolicy(agent));
                }
                else
                {
                    yield return Fail(target, $"{AgentFindings.Describe(agent)} is not protected: no enabled Conditional Access policy blocks agents at high agent risk.", evidence)
                        .WithFix(CreateBlockPolicy(agent));
                }
            }
        }

        private static RemediationFix RemoveExclusion(DirectoryAgent agent, IEnumerable<JsonElement> policies) =>
            AgentConditionalAccess.RemoveExclusion($"Stop excluding '{agent.DisplayName}' from the agent-risk block policies.", agent.Id, "excludeAgentIdServicePrincipals", policies);

        private static RemediationFix CreateBlockPolicy(DirectoryAgent agent) =>
            AgentConditionalAccess.CreateReportOnlyBlockPolicy(
                $"Block agent identities at high agent risk ('{agent.DisplayName}' among them). Created report-only: review its sign-in impact, then set state to 'enabled'.",
                "Block agent identities at high agent risk",
                "agentIdRiskLevels = 'high'",
                "includeAgentIdServicePrincipals = @('All')");

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
    }
}
