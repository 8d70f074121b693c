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
    /// <summary>No agent received privileged power in the audit window (shown with who granted it).</summary>
    public sealed class AgentPrivilegedGrantsInWindow : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-203",
            Title = "Privileged grants to agents in the audit window are reviewed",
            Pillar = Pillar.AI,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.High,
            Description = "No agent or AI identity was granted tier-0 or tier-1 power in the last 30 days before collection: a privileged application permission or directory role, or a credential, owner or consent on an agent that holds such privilege. Each grant is shown with who made it.",
            Rationale = """
            Attackers who reach an admin or an over-privileged app do not attack the agent: they give it more. An app role
            assignment of RoleManagement.ReadWrite.Directory, a new secret or an extra owner on a privileged agent turns it
            into a persistent backdoor that looks like ordinary automation. Configuration checks see the result; the audit
            log says when it happened and who did it.
            """,
            Checks = """
            - Reads `graph/auditLogs.directoryAudits`, collected with a server-side filter on `activityDateTime` (the window,
              `Save-ZtaiSnapshot -AuditWindowDays`, default 30) and `activityDisplayName` (Add app role assignment to service
              principal, Consent to application, Add service principal credentials, Update application – Certificates and
              secrets management, Add owner to application / service principal, Add member to role); successful events only.
            - The grantee: `ServicePrincipal.ObjectID` of the modified properties for app role assignments, else the
              target resources of type ServicePrincipal or Application. Who: `initiatedBy.user.userPrincipalName`, else
              `initiatedBy.app.displayName`.
            - Targets: every agent and AI identity. Fail: an event within `windowDays` (default 30) of the snapshot's
              `collectedAt` granted it a tier-0/1 Microsoft Graph application permission (`AppRole.Value`) or directory
              role (`Role.TemplateId`), or a credential, owner or consent while the agent holds tier-0/1 privilege.
              Pass: no such event. Audit logs are kept 7 days on Entra ID Free and 30 days with P1/P2, so a longer
              window sees no more than that.
            """,
            Remediation = """
            Ask the person or app that made each change why. If it is not explained, remove the grant (the fix lists the
            privileged assignments of the agent by id), rotate the agent's credentials, and review what the initiator did
            else in the same session. Route future grants through an approval (PIM for workload identities, access packages).
            """,
            References = new[]
            {
                "https://learn.microsoft.com/graph/api/resources/directoryaudit",
                "https://learn.microsoft.com/entra/identity/monitoring-health/reference-audit-activities",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_096", "AI_151", "AI_162" },
                mcsb: new[] { "LT-1", "PA-1" }),
            RequiredData = new[] { DataSets.Graph(BehaviourSetNames.DirectoryAudits) },
            Uses = new[] { AgentPrivilegeAnalyzer.Data },
            Parameters = new[]
            {
                BehaviourFindings.WindowDays(BehaviourSetNames.DefaultAuditWindowDays, "Days before collection in which grants are reported.", 365),
            },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var days = Parameters.GetWholeNumber(BehaviourFindings.WindowDaysParameter);
            var index = AgentActivityIndex.For(snapshot);
            var directory = GraphDirectory.For(snapshot);
            foreach (var privilege in AgentPrivilegeAnalyzer.AnalyzeEach(snapshot))
            {
                var agent = directory.FindAgent(privilege.Id);
                if (agent == null)
                {
                    continue;
                }

                var grants = index.GrantsTo(agent.Id, days);
                var privileged = grants.Where(g => IsPrivilegedGrant(directory, privilege, g)).ToList();
                var target = AgentFindings.Target(agent);
                var evidence = new Evidence(
                    $"auditLogs/directoryAudits[grantee={agent.Id}]",
                    grants.Count == 0 ? null : JsonText.StringArray(grants.Select(g => g.ToString())),
                    $"no privileged grant within {days} days of {BehaviourFindings.Date(index.ReferenceTime)}");
                if (privileged.Count > 0)
                {
                    yield return Fail(target, $"{AgentFindings.Describe(agent)} was granted power in the last {days} days: {string.Join("; ", privileged.Select(g => g.ToString()))}.", evidence)
                        .WithFix(BehaviourFindings.RemovePrivilege(snapshot, agent, Granted(privilege, privileged)));
                }
                else
                {
                    yield return Pass(target, grants.Count == 0
                        ? $"{AgentFindings.Describe(agent)} received no grant of power in the last {days} days."
                        : $"{AgentFindings.Describe(agent)} received {grants.Count} grant(s) in the last {days} days, none privileged.", evidence);
                }
            }
        }

        /// <summary>A tier-0/1 permission or role; or a credential, owner or consent on an agent that holds tier-0/1 privilege.</summary>
        private static bool IsPrivilegedGrant(GraphDirectory directory, AgentPrivilege privilege, GrantEvent grant)
        {
            var table = PrivilegeTierTable.Default;
            var appRole = grant.AppRoleId != null ? table.Find(TierTableSection.GraphApplicationPermissions, grant.AppRoleId)?.Name : null;
            appRole ??= grant.RoleTemplateId == null ? grant.Permission : null;
            if (appRole is { Length: > 0 } && table.Find(TierTableSection.GraphApplicationPermissions, appRole)?.Tier <= GraphPermissionCatalog.SensitiveDataTier)
            {
                return true;
            }

            if (grant.RoleTemplateId != null)
            {
                return directory.RoleTier(grant.RoleTemplateId) <= GraphPermissionCatalog.SensitiveDataTier;
            }

            return grant.AppRoleId == null && BehaviourFindings.IsPrivileged(privilege);
        }

        /// <summary>The permissions held now that the grants gave; all privileged ones when the grants name none (credentials, owners).</summary>
        private static IEnumerable<PermissionEntry> Granted(AgentPrivilege privilege, IReadOnlyCollection<GrantEvent> grants)
        {
            var named = privilege.Permissions.Where(p =>
            {
                // An app role or role definition id can match a grant's; a delegated scope's id is its grant's (made on each read).
                var id = p.Kind == PermissionKind.DelegatedScope ? null : p.Id;
                return grants.Any(g =>
                    (id != null && g.AppRoleId != null && g.AppRoleId.EqualsIgnoreCase(id))
                    || (id != null && g.RoleTemplateId != null && g.RoleTemplateId.EqualsIgnoreCase(id))
                    || (g.Permission != null && g.Permission.EqualsIgnoreCase(p.Name)));
            }).ToList();
            return named.Count > 0 ? named : BehaviourFindings.PrivilegedPermissions(privilege);
        }
    }
}
