using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>A disabled agent keeps no tier-0 or tier-1 privilege.</summary>
    public sealed class DisabledAgentHoldsPrivilege : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-204",
            Title = "Disabled agents hold no privilege",
            Pillar = Pillar.AI,
            Principle = Principle.LeastPrivilege,
            Severity = Severity.Medium,
            Description = "Every disabled agent or AI identity (accountEnabled false) holds no tier-0 or tier-1 permission, role or grant.",
            Rationale = """
            Disabling an agent is how incidents and retirements are handled, and it is one click from being undone. An agent
            disabled with its privilege intact is a loaded backdoor: whoever can re-enable it (an owner, an application
            administrator, an attacker with either) gets all of it back at once, with no new grant to alert on.
            """,
            Checks = """
            - Targets: agents and AI identities whose `accountEnabled` is `false` (service principals and agent identities).
            - Privilege from the agent privilege analysis (Test-ZtaiAgentPrivilege).
            - Fail: it holds any tier-0 or tier-1 permission (application permission, directory role, delegated grant or
              Azure role). Pass: it holds only tier-2 permissions or none.
            """,
            Remediation = """
            Remove the privileged assignments of the disabled agent (the fix lists each by id) or delete the agent if it is
            retired. If it was disabled during an incident, keep it disabled and strip its privilege before anyone
            re-enables it.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/entra/identity/enterprise-apps/disable-user-sign-in-portal",
                "https://learn.microsoft.com/entra/agent-id/identity-professional/microsoft-entra-agent-identities-for-ai-agents",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_118", "AI_002" },
                zeroTrustAssessment: new[] { "61014" },
                mcsb: new[] { "PA-4" }),
            RequiredData = new[] { DataSets.Graph(GraphSetNames.ServicePrincipals) },
            Uses = new[] { AgentPrivilegeAnalyzer.Data },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var directory = GraphDirectory.For(snapshot);
            foreach (var agent in directory.Agents.Where(a => a.AccountEnabled == false))
            {
                var privilege = AgentPrivilegeAnalyzer.Analyze(snapshot, agent);
                var held = BehaviourFindings.PrivilegedPermissions(privilege).ToList();
                var target = AgentFindings.Target(agent);
                var evidence = AgentFindings.PermissionEvidence("accountEnabled=false; tier-0/1 permissions", held, "no tier-0 or tier-1 permission");
                if (held.Count > 0)
                {
                    yield return Fail(target, $"{AgentFindings.Describe(agent)} is disabled but still holds tier-{privilege.PrivilegeTier} privilege: {string.Join(", ", held.Select(p => p.ToString()))}.", evidence)
                        .WithFix(BehaviourFindings.RemovePrivilege(snapshot, agent, held));
                }
                else
                {
                    yield return Pass(target, $"{AgentFindings.Describe(agent)} is disabled and holds no tier-0 or tier-1 privilege.", evidence);
                }
            }
        }
    }
}
