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
    /// <summary>Every AI app's own service principal is blocked by Conditional Access at high and medium service principal risk.</summary>
    public sealed class WorkloadRiskConditionalAccess : Control
    {
        private const string AllInTenant = "ServicePrincipalsInMyTenant";
        private static readonly string[] RequiredLevels = { "high", "medium" };

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-323",
            Title = "Risk-based Conditional Access blocks risky AI workload identities",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Each AI app service principal registered in the tenant is included in an enabled Conditional Access policy for workload identities whose conditions.servicePrincipalRiskLevels contains high and medium and whose grant control is block.",
            Rationale = """
            AI apps that are not Agent ID agents still sign in as ordinary service principals: the app behind a copilot plugin, a
            RAG pipeline, an automation that calls a model. When Microsoft Entra ID Protection rates such a workload identity
            risky (leaked credentials, anomalous sign-ins, a token from an unfamiliar place), only a risk-based Conditional
            Access policy for workload identities stops its next token. The agent-risk policies of ZTAI-AI-010 do not reach
            them: agent identities and service principals are separate conditions. Microsoft's guidance blocks at high and
            medium risk.
            """,
            Checks = """
            - Reads `graph/identity.conditionalAccess.policies` (beta) and the AI-app service principals of the directory index.
            - Targets: AI-app service principals (not agent identities, which ZTAI-AI-010 judges, and not managed identities,
              which Conditional Access for workload identities does not cover) whose `appOwnerOrganizationId` is the
              snapshot's tenant (the feature covers single-tenant apps registered in the tenant; all AI apps when the snapshot
              names no tenant).
            - A policy counts when `state` is `enabled`, `grantControls.builtInControls` contains `block`,
              `conditions.servicePrincipalRiskLevels` contains `high` and `medium`, and it applies to every resource
              (`conditions.applications.includeApplications` `All`, no exclusions, no application filter).
            - Pass: a counting policy has `conditions.clientApplications.includeServicePrincipals` containing
              `ServicePrincipalsInMyTenant` or the service principal's id, does not list it in `excludeServicePrincipals` and
              decides no scope by `servicePrincipalFilter`. Fail otherwise; the reason names each risk policy's gap.
            - Conditional Access for workload identities needs Microsoft Entra Workload ID Premium licences.
            """,
            Remediation = """
            Entra admin center > Conditional Access > New policy: Workload identities > include All owned service principals;
            Target resources > All resources; Conditions > Service principal risk > High and Medium; Grant > Block access; turn the
            policy on after a report-only period. The fix on a failed result creates that policy report-only, or removes the
            service principal from the exclusions of the existing ones.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/entra/identity/conditional-access/workload-identity",
                "https://learn.microsoft.com/graph/api/resources/conditionalaccessconditionset?view=graph-rest-beta",
                "https://learn.microsoft.com/graph/api/resources/conditionalaccessclientapplications?view=graph-rest-beta",
            },
            Mappings = new ControlMappings(
                zeroTrustAssessment: new[] { "21883" },
                mcsb: new[] { "IM-3", "IM-7" }),
            RequiredData = new[] { DataSets.Graph(GraphSetNames.ServicePrincipals), DataSets.Graph(GraphSetNames.ConditionalAccessPolicies) },
            Uses = new[] { GraphDirectory.Data },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var riskPolicies = snapshot.GraphItems(GraphSetNames.ConditionalAccessPolicies)
                .Where(p => RiskLevels(p).Any(l => l.EqualsIgnoreCase("high")))
                .ToList();
            var tenantId = snapshot.TenantId;
            var workloads = GraphDirectory.For(snapshot).Agents
                .Where(a => a.Kind == AgentKind.ServicePrincipal && (string.IsNullOrEmpty(tenantId) || a.AppOwnerOrganizationId.EqualsIgnoreCase(tenantId)));
            foreach (var workload in workloads)
            {
                var judged = riskPolicies.Select(p => (Policy: p, Gap: Gap(p, workload.Id))).ToList();
                var covering = judged.Where(p => p.Gap == null).Select(p => AgentConditionalAccess.NameOf(p.Policy)).ToList();
                var evidence = new Evidence(
                    "identity/conditionalAccess/policies[servicePrincipalRiskLevels∋high].conditions",
                    judged.Count == 0 ? null : AgentConditionalAccess.Describe(judged),
                    "an enforced block policy at high and medium service principal risk, for All resources, that includes the service principal and does not exclude it");
                var target = AgentFindings.Target(workload);
                if (covering.Count > 0)
                {
                    yield return Pass(target, $"{AgentFindings.Describe(workload)} is blocked at high and medium service principal risk by: {string.Join(", ", covering)}.", evidence);
                    continue;
                }

                var excluding = riskPolicies.Where(p => p.GetStrings("conditions.clientApplications.excludeServicePrincipals").Any(i => i.EqualsIgnoreCase(workload.Id))).ToList();
                var reason = judged.Count == 0
                    ? $"{AgentFindings.Describe(workload)} is not protected: no Conditional Access policy acts on service principal risk."
                    : $"{AgentFindings.Describe(workload)} is not covered by the service principal risk policies: {string.Join("; ", judged.Select(p => $"{AgentConditionalAccess.NameOf(p.Policy)} ({p.Gap})"))}.";
                yield return Fail(target, reason, evidence).WithFix(excluding.Count > 0 ? RemoveExclusion(workload, excluding) : CreateBlockPolicy(workload));
            }
        }

        /// <summary>Why the policy does not block the service principal at high and medium risk (null when it does).</summary>
        private static string? Gap(JsonElement policy, string servicePrincipalId)
        {
            if (!AgentConditionalAccess.IsEnforced(policy))
            {
                return $"state is {policy.GetString("state") ?? "absent"}, not enabled";
            }

            if (!AgentConditionalAccess.Blocks(policy))
            {
                return "it does not block";
            }

            var missing = RequiredLevels.Where(level => !RiskLevels(policy).Any(l => l.EqualsIgnoreCase(level))).ToList();
            if (missing.Count > 0)
            {
                return $"it does not act on {string.Join(" and ", missing)} risk";
            }

            var resources = AgentConditionalAccess.ResourceGap(policy);
            if (resources != null)
            {
                return resources;
            }

            if (policy.GetStrings("conditions.clientApplications.excludeServicePrincipals").Any(i => i.EqualsIgnoreCase(servicePrincipalId)))
            {
                return "it excludes the service principal by id";
            }

            if (policy.Get("conditions.clientApplications.servicePrincipalFilter.rule")?.ValueKind == JsonValueKind.String)
            {
                return "a servicePrincipalFilter decides its scope, which is not evaluated offline";
            }

            var included = policy.GetStrings("conditions.clientApplications.includeServicePrincipals").ToList();
            return included.Any(i => i.EqualsIgnoreCase(AllInTenant) || i.EqualsIgnoreCase(servicePrincipalId))
                ? null
                : "it does not include the service principal (neither ServicePrincipalsInMyTenant nor its id)";
        }

        private static IEnumerable<string> RiskLevels(JsonElement policy) => policy.GetStrings("conditions.servicePrincipalRiskLevels");

        private static RemediationFix RemoveExclusion(DirectoryAgent workload, IEnumerable<JsonElement> policies) =>
            AgentConditionalAccess.RemoveExclusion($"Stop excluding '{workload.DisplayName}' from the service principal risk policies.", workload.Id, "excludeServicePrincipals", policies);

        private static RemediationFix CreateBlockPolicy(DirectoryAgent workload) =>
            AgentConditionalAccess.CreateReportOnlyBlockPolicy(
                $"Block the tenant's workload identities at high and medium risk ('{workload.DisplayName}' among them). Created report-only: review its impact, then set state to 'enabled'.",
                "Block workload identities at high and medium risk",
                "servicePrincipalRiskLevels = @('high', 'medium')",
                "includeServicePrincipals = @('" + AllInTenant + "')");
    }
}
