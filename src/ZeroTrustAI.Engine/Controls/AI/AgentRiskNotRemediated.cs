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
    /// <summary>No agent or AI identity is left at medium or high risk that no one has closed.</summary>
    public sealed class AgentRiskNotRemediated : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-200",
            Title = "Agents at medium or high risk are remediated",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "No agent or AI-app identity that Microsoft Entra ID Protection rates at medium or high risk is left open (riskState atRisk or confirmedCompromised); each is remediated, dismissed or confirmed safe.",
            Rationale = """
            ID Protection flags an agent when it behaves unlike itself: resources it never touched, a burst of sign-ins,
            failed access attempts. A flag that no one triages is a compromised agent that keeps its tokens, and its
            permissions, until someone looks. Risk-based Conditional Access blocks only at high risk, so medium-risk agents
            run on unchallenged.
            """,
            Checks = """
            - Reads `graph/identityProtection.riskyAgents` (beta; Microsoft Entra ID P2) and, for AI apps and managed
              identities, `graph/identityProtection.riskyServicePrincipals` (Workload ID Premium; when it was not collected
              the agents are still judged and a Skipped result names it). The latest detection of each failing identity
              (`graph/identityProtection.agentRiskDetections`, `servicePrincipalRiskDetections`: `riskEventType`,
              `detectedDateTime`) is named in the reason.
            - Targets: agents and AI identities that have a risk record (matched by object id).
            - Fail: `riskLevel` is `medium` or `high` and `riskState` is `atRisk` or `confirmedCompromised`. Pass: any other
              level or state (`remediated`, `dismissed`, `confirmedSafe`, `none`).
            - An agent without a record has no risk to judge; when no agent has one the control is NotApplicable (an empty
              list is also what a tenant without the licence gets, so it never passes on it).
            """,
            Remediation = """
            Investigate the agent in Entra admin center > ID Protection > Risky agents: its risk detections, its sign-ins and
            what it accessed. Contain it first (disable it or confirm it compromised so risk-based Conditional Access blocks
            it), rotate or remove its credentials, then close the risk: **Dismiss** after remediation, **Confirm safe** for a
            false positive (`POST /beta/identityProtection/riskyAgents/dismiss` or `.../confirmSafe` with `agentIds`;
            `riskyServicePrincipals/dismiss` with `servicePrincipalIds` for workload identities).
            """,
            References = new[]
            {
                "https://learn.microsoft.com/entra/id-protection/concept-risky-agents",
                "https://learn.microsoft.com/graph/api/resources/riskyagent?view=graph-rest-beta",
                "https://learn.microsoft.com/graph/api/resources/riskyserviceprincipal",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_006", "AI_151" },
                zeroTrustAssessment: new[] { "21862" },
                mcsb: new[] { "IM-7", "LT-1" }),
            RequiredData = new[] { DataSets.Graph(BehaviourSetNames.RiskyAgents) },
            // Workload ID Premium is rarer than P2: without it the agent identities are still judged. The detections only
            // add what was detected to the reason, so without them the judgement stands and a Skipped result names them.
            Uses = new[]
            {
                GraphDirectory.Data,
                DataRequirement.FindsTargetsIn(
                    DataSets.Graph(BehaviourSetNames.RiskyServicePrincipals),
                    DataSets.Graph(BehaviourSetNames.AgentRiskDetections),
                    DataSets.Graph(BehaviourSetNames.ServicePrincipalRiskDetections)),
            },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var index = AgentActivityIndex.For(snapshot);
            var judged = 0;
            foreach (var agent in GraphDirectory.For(snapshot).Agents)
            {
                var risk = index.RiskOf(agent.Id);
                if (risk == null)
                {
                    continue;
                }

                judged++;
                var target = AgentFindings.Target(agent);
                var evidence = new Evidence($"{risk.Set}[id={agent.Id}].riskLevel, riskState", JsonSerializer.Serialize(new { riskLevel = risk.RiskLevel, riskState = risk.RiskState, riskDetail = risk.RiskDetail }), "riskLevel low/none, or riskState remediated, dismissed or confirmedSafe");
                if (risk.IsOpenMediumOrHigh)
                {
                    var detection = index.LatestDetectionOf(agent.Id);
                    var detected = detection == null ? string.Empty : $" Latest detection: {detection.Value.GetString("riskEventType") ?? "unknown"} on {BehaviourFindings.Date(detection.Value.GetDateTime("detectedDateTime"))}.";
                    yield return Fail(target, $"{AgentFindings.Describe(agent)} is at {risk.RiskLevel} risk ({risk.RiskState}, last changed {BehaviourFindings.Date(risk.LastModified)}) and no one has closed it.{detected}", evidence)
                        .WithFix(CloseRisk(agent, risk));
                }
                else
                {
                    yield return Pass(target, $"{AgentFindings.Describe(agent)} has risk {risk.RiskLevel} in state {risk.RiskState}.", evidence);
                }
            }

            if (judged == 0)
            {
                yield return NotApplicable(ResultTarget.Tenant(snapshot), "No agent has an ID Protection risk record (an empty riskyAgents list is also what a tenant without Microsoft Entra ID P2 gets, so nothing is passed on it).");
            }
        }

        private static RemediationFix CloseRisk(DirectoryAgent agent, RiskRecord risk)
        {
            var isAgent = risk.Set == BehaviourSetNames.RiskyAgents;
            var uri = isAgent
                ? "https://graph.microsoft.com/beta/identityProtection/riskyAgents/dismiss"
                : "https://graph.microsoft.com/v1.0/identityProtection/riskyServicePrincipals/dismiss";
            var body = isAgent
                ? JsonSerializer.Serialize(new { agentIds = new[] { agent.Id } })
                : JsonSerializer.Serialize(new { servicePrincipalIds = new[] { agent.Id } });
            return RemediationFix.PowerShell(
                "# Contain the identity while you investigate its risk detections: disable it.",
                $"Update-MgServicePrincipal -ServicePrincipalId {Quote.PowerShell(agent.Id)} -AccountEnabled:$false",
                "# Once investigated and its credentials rotated, close the risk (use .../confirmSafe for a false positive on agents):",
                $"Invoke-MgGraphRequest -Method POST -Uri {Quote.PowerShell(uri)} -Body {Quote.PowerShell(body)} -ContentType 'application/json'");
        }
    }
}
