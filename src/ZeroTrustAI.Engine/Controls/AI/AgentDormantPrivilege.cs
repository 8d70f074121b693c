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
    /// <summary>No agent holds tier-0 or tier-1 privilege without having signed in within the window (dormant privilege).</summary>
    public sealed class AgentDormantPrivilege : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-201",
            Title = "Privileged agents that no longer sign in lose their privilege",
            Pillar = Pillar.AI,
            Principle = Principle.LeastPrivilege,
            Severity = Severity.High,
            Description = "Every enabled agent or AI identity holding tier-0 or tier-1 privilege signed in as a client (app-only or delegated) within the last 90 days before collection.",
            Rationale = """
            An agent that stopped running keeps every permission it was given. No one watches it, its owner may have left,
            and its credentials still work: a dormant privileged identity is the quietest way into a tenant. Privilege that is
            not exercised is privilege to remove.
            """,
            Checks = """
            - Privilege from the agent privilege analysis (Test-ZtaiAgentPrivilege): targets are enabled agents whose tier is
              0 or 1. Disabled ones are judged by [ZTAI-AI-204](ZTAI-AI-204.md).
            - Reads `graph/reports.servicePrincipalSignInActivities` (beta; Microsoft Entra ID P1 or P2) by `appId`: the later
              of `applicationAuthenticationClientSignInActivity.lastSignInDateTime` and
              `delegatedClientSignInActivity.lastSignInDateTime` (as a client: being called as a resource is not the agent
              using its privilege).
            - Fail: no client sign-in recorded, or the last one more than 90 days (parameter `windowDays`) before the
              snapshot's `collectedAt`. Pass otherwise.
            - A report that lists no application at all is Skipped: it cannot be told from a tenant without the licence.
              An agent without `appId` in the snapshot cannot be matched and is NotApplicable.
            """,
            Remediation = """
            Confirm with the agent's owner or sponsor that it is retired, then remove its privileged app role assignments,
            directory roles, delegated grants and Azure roles (the fix lists each by id), or delete the agent. If it runs
            rarely by design, keep the privilege in PIM for workload identities instead of standing.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/graph/api/resources/serviceprincipalsigninactivity?view=graph-rest-beta",
                "https://learn.microsoft.com/entra/identity/monitoring-health/concept-usage-insights-report",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_118", "AI_004" },
                zeroTrustAssessment: new[] { "21770", "21771" },
                mcsb: new[] { "PA-4", "PA-7" }),
            RequiredData = new[] { DataSets.Graph(BehaviourSetNames.ServicePrincipalSignInActivities) },
            Uses = new[] { AgentPrivilegeAnalyzer.Data },
            Parameters = new[]
            {
                BehaviourFindings.WindowDays(AgentActivityIndex.DefaultWindowDays, "Days without a client sign-in after which a privileged agent counts as dormant."),
            },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var index = AgentActivityIndex.For(snapshot);
            if (!index.SignInDataAvailable)
            {
                yield return BehaviourFindings.EmptyReport(snapshot, BehaviourSetNames.ServicePrincipalSignInActivities, BehaviourFindings.UsageReportsLicence);
                yield break;
            }

            var days = Parameters.GetWholeNumber(BehaviourFindings.WindowDaysParameter);
            var directory = GraphDirectory.For(snapshot);
            foreach (var privilege in AgentPrivilegeAnalyzer.AnalyzeEach(snapshot).Where(BehaviourFindings.IsPrivileged))
            {
                var agent = directory.FindAgent(privilege.Id);
                if (agent == null || agent.AccountEnabled == false)
                {
                    continue;
                }

                var target = AgentFindings.Target(agent);
                if (agent.AppId == null)
                {
                    yield return NotApplicable(target, $"{AgentFindings.Describe(agent)} has no appId in the snapshot, and the sign-in report is keyed by appId.");
                    continue;
                }

                var (application, delegated) = index.ClientSignInsOf(agent.AppId);
                var last = application > delegated || delegated == null ? application : delegated;
                var held = string.Join(", ", BehaviourFindings.PrivilegedPermissions(privilege).Select(p => p.ToString()));
                var evidence = new Evidence(
                    $"reports/servicePrincipalSignInActivities[appId={agent.AppId}].(applicationAuthentication|delegated)ClientSignInActivity.lastSignInDateTime",
                    JsonSerializer.Serialize(new { application = BehaviourFindings.Date(application), delegated = BehaviourFindings.Date(delegated) }),
                    $"a client sign-in within {days} days of {BehaviourFindings.Date(index.ReferenceTime)}");
                var idle = last == null ? (double?)null : (index.ReferenceTime - last.Value).TotalDays;
                if (idle == null || idle > days)
                {
                    var since = last == null ? "has no recorded sign-in" : $"last signed in {BehaviourFindings.Date(last)} ({(int)idle!.Value} days before collection)";
                    yield return Fail(target, $"{AgentFindings.Describe(agent)} holds tier-{privilege.PrivilegeTier} privilege ({held}) but {since}.", evidence)
                        .WithFix(BehaviourFindings.RemovePrivilege(snapshot, agent, BehaviourFindings.PrivilegedPermissions(privilege)));
                }
                else
                {
                    yield return Pass(target, $"{AgentFindings.Describe(agent)} holds tier-{privilege.PrivilegeTier} privilege and signed in {BehaviourFindings.Date(last)}.", evidence);
                }
            }
        }
    }
}
