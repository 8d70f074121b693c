using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Enforced Conditional Access reaches both kinds of agent actor: all agent identities and all agent users.</summary>
    public sealed class AgentConditionalAccessCoverage : Control
    {
        private const string AgentIdentitiesTarget = "Agent identities";
        private const string AgentUsersTarget = "Agent users";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-100",
            Title = "Conditional Access covers all agent identities and all agent users",
            Pillar = Pillar.AI,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.High,
            Description = "An enabled Conditional Access policy with the block grant applies to all agent identities for all resources, and another (or the same) to all agent users, so that agents can be stopped by policy rather than by deleting them one by one.",
            Rationale = """
            An agent acts in two ways: as its agent identity (app-only or on behalf of a user) and, for digital-worker scenarios,
            as its agent user. Conditional Access for agents is how a tenant turns risk signals, approval attributes and locations
            into a decision at token issuance. A tenant whose policies reach only one of the two actors, only some resources, or
            only in report-only mode has agents that no policy can stop. Agent policies allow only the block grant, so the
            measure of coverage is an enforced block policy that reaches every agent and every resource.
            """,
            Checks = """
            - Reads `graph/identity.conditionalAccess.policies` (beta).
            - Two targets, the tenant's agent identities and its agent users, each judged on the policies that are enforced
              (`state` `enabled`; report-only does not count), block (`grantControls.builtInControls` contains `block`) and apply
              to every resource (`conditions.applications.includeApplications` contains `All`, no `excludeApplications`, no
              `applicationFilter`).
            - Agent identities pass when such a policy has `conditions.clientApplications.includeAgentIdServicePrincipals`
              containing `All`, no `excludeAgentIdServicePrincipals` and no `agentIdServicePrincipalFilter` in `exclude` mode. A
              policy that selects agents only through the filter (custom security attributes) is reported, not counted: the
              filter is evaluated in Entra, not offline.
            - Agent users pass when such a policy has `conditions.users.includeUsers` containing `AllAgentIdUsers` and excludes no
              users, groups or roles.
            - The evidence lists every policy that targets agents with the reason it does or does not count. Per-agent coverage
              of the risk-based policy is [ZTAI-AI-010](ZTAI-AI-010.md).
            """,
            Remediation = """
            Create the policy in report-only mode, review its impact in the sign-in logs, then turn it on. Entra admin center >
            Conditional Access > New policy: Agents (Preview) > All agent identities (or All agent users); Target resources > All
            resources; Grant > Block access. To block only agents that are not approved, exclude the approved ones with an agent
            filter on a custom security attribute in a second policy, and keep the first for high agent risk. With Microsoft
            Graph PowerShell (the fix on a failed result):
            ```powershell
            Invoke-MgGraphRequest -Method POST -Uri 'https://graph.microsoft.com/beta/identity/conditionalAccess/policies' -Body '{...}' -ContentType 'application/json'
            ```
            """,
            References = new[]
            {
                "https://learn.microsoft.com/entra/identity/conditional-access/agent-id",
                "https://learn.microsoft.com/graph/api/resources/conditionalaccessclientapplications?view=graph-rest-beta",
                "https://learn.microsoft.com/graph/api/conditionalaccessroot-list-policies?view=graph-rest-beta",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_003", "AI_008" },
                zeroTrustAssessment: new[] { "61009" },
                mcsb: new[] { "IM-7" },
                owaspLlm: new[] { "LLM06:2025 Excessive Agency" }),
            RequiredData = new[] { DataSets.Graph(GraphSetNames.ConditionalAccessPolicies) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var policies = snapshot.GraphItems(GraphSetNames.ConditionalAccessPolicies);
            yield return Judge(
                snapshot,
                AgentIdentitiesTarget,
                policies.Where(TargetsAgentIdentities),
                p => AgentConditionalAccess.EnforcedBlockGap(p) ?? AgentConditionalAccess.AllAgentIdentitiesGap(p),
                "conditions.clientApplications.includeAgentIdServicePrincipals",
                new JsonObject
                {
                    ["clientApplications"] = new JsonObject
                    {
                        ["includeAgentIdServicePrincipals"] = new JsonArray("All"),
                        ["excludeAgentIdServicePrincipals"] = new JsonArray(),
                    },
                    ["users"] = new JsonObject { ["includeUsers"] = new JsonArray("None") },
                });
            yield return Judge(
                snapshot,
                AgentUsersTarget,
                policies.Where(p => p.GetStrings("conditions.users.includeUsers").Any(u => u.EqualsIgnoreCase(AgentConditionalAccess.AllAgentIdUsers))),
                p => AgentConditionalAccess.EnforcedBlockGap(p) ?? AgentConditionalAccess.AllAgentUsersGap(p),
                "conditions.users.includeUsers",
                new JsonObject
                {
                    ["users"] = new JsonObject { ["includeUsers"] = new JsonArray(AgentConditionalAccess.AllAgentIdUsers) },
                });
        }

        private static bool TargetsAgentIdentities(JsonElement policy) =>
            policy.GetStrings("conditions.clientApplications.includeAgentIdServicePrincipals").Any()
            || policy.GetStrings("conditions.clientApplications.excludeAgentIdServicePrincipals").Any()
            || !string.IsNullOrWhiteSpace(policy.GetString("conditions.clientApplications.agentIdServicePrincipalFilter.rule"));

        private static Finding Judge(
            TenantSnapshot snapshot,
            string actors,
            IEnumerable<JsonElement> targeting,
            Func<JsonElement, string?> gapOf,
            string path,
            JsonObject subjectConditions)
        {
            var tenant = ResultTarget.Tenant(snapshot);
            var target = new ResultTarget(tenant.Id + "/" + actors.Replace(' ', '-').ToLowerInvariant(), actors, tenant.Type);
            var judged = targeting.Select(p => (Policy: p, Gap: gapOf(p))).ToList();
            var counting = judged.Where(p => p.Gap == null).Select(p => AgentConditionalAccess.NameOf(p.Policy)).ToList();
            var evidence = new Evidence(
                "identity/conditionalAccess/policies[" + path + "]",
                judged.Count == 0 ? null : AgentConditionalAccess.Describe(judged),
                "an enabled block policy for All resources that reaches all " + actors.ToLowerInvariant() + " with no exclusions");
            if (counting.Count > 0)
            {
                return Pass(target, $"{actors} are covered by the enforced block policy: {string.Join(", ", counting)}.", evidence);
            }

            var reason = judged.Count == 0
                ? $"{actors}: no Conditional Access policy targets them."
                : $"{actors}: no policy reaches all of them, enforced, for all resources: {string.Join("; ", judged.Select(p => $"{AgentConditionalAccess.NameOf(p.Policy)} ({p.Gap})"))}.";
            var conditions = (JsonObject)subjectConditions.DeepClone();
            conditions["applications"] = new JsonObject { ["includeApplications"] = new JsonArray("All") };
            var body = new JsonObject
            {
                ["displayName"] = "Block " + actors.ToLowerInvariant() + " (review before enabling)",
                ["state"] = "enabledForReportingButNotEnforced",
                ["conditions"] = conditions,
                ["grantControls"] = new JsonObject { ["operator"] = "OR", ["builtInControls"] = new JsonArray("block") },
            };
            return Fail(target, reason, evidence).WithFix(GraphFixes.Script(
                "# Creates the policy in report-only mode: review its impact in the sign-in logs, add the exclusions you need",
                "# (for example approved agents through an agent filter), then set state to 'enabled'.",
                GraphFixes.Request("POST", "beta/identity/conditionalAccess/policies", body)));
        }
    }
}
