using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Controls.AI;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>
    /// Agents and AI apps do not hold tenant-wide mail, file, site or chat application permissions. Writing or sending
    /// permissions fail; read-only ones warn, because a grounding or triage agent may need them, but they should be
    /// replaced by a *.Selected permission or a justified exception (suppression).
    /// </summary>
    public sealed class AgentBulkDataGraphPermissions : AgentAppRoleControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-001",
            Title = "Agents and AI apps hold no bulk-data Microsoft Graph permissions",
            Pillar = Pillar.Data,
            Principle = Principle.LeastPrivilege,
            Severity = Severity.High,
            Description = "Agents, agentic apps and AI-resource managed identities hold no tenant-wide application permission to mail, files, SharePoint sites, chats, calendars or contacts (Mail.*, Files.*.All, Sites.*.All, Chat.*.All ...; *.Selected permissions are fine). A permission that writes or sends fails; a read-only one is a warning to justify or narrow.",
            Rationale = """
            An application permission is not limited to one user: Mail.Read reads every mailbox, Files.Read.All every OneDrive,
            Sites.Read.All every SharePoint site. An agent that processes untrusted content with such a permission is one indirect
            prompt injection away from exfiltrating the organisation's data; with Mail.Send or Files.ReadWrite.All it can also send
            that data out or plant content others will trust.

            **Why Fail for writers and Warning for readers:** a permission that writes or sends (ReadWrite, Send, FullControl,
            Manage) turns a data leak into an action on the organisation's behalf, and no AI scenario needs it tenant-wide — Fail.
            A read-only permission is often the very purpose of a grounding, search or triage agent, so it is a Warning: narrow it
            to `*.Selected` or application access policies, or record the justification as a suppression.
            """,
            Checks = """
            - Agents as in [ZTAI-AI-001](ZTAI-AI-001.md); app role assignments from `appRoleAssignments` expanded on the service
              principal or `graph/servicePrincipals.appRoleAssignments`, named through the resource's `appRoles` or the built-in
              Microsoft Graph table.
            - Bulk data: a Microsoft Graph application permission of the Mail, Files, Sites, Chat, ChannelMessage, Calendars,
              Contacts, MailboxSettings or Notes family, except permissions containing "Selected" (Sites.Selected,
              Files.SelectedOperations.Selected).
            - Fail: any bulk-data permission whose name contains Write, Send, FullControl or Manage. Warning: only read-only
              bulk-data permissions. Pass: none. No agents → NotApplicable; no assignment data → Skipped.
            """,
            Remediation = """
            Replace the permission with `Sites.Selected` (then grant the agent only the sites it needs), with Exchange Online RBAC
            for Applications or an application access policy limited to the mailboxes it needs, or with delegated permissions on
            behalf of the signed-in user:
            ```powershell
            Remove-MgServicePrincipalAppRoleAssignment -ServicePrincipalId <agentId> -AppRoleAssignmentId <assignmentId>
            New-MgServicePrincipalAppRoleAssignment -ServicePrincipalId <agentId> -PrincipalId <agentId> `
                -ResourceId <graphServicePrincipalId> -AppRoleId 883ea226-0bf2-4a8f-9f9d-92c9162a727d  # Sites.Selected
            ```
            """,
            References = new[]
            {
                "https://learn.microsoft.com/graph/permissions-selected-overview",
                "https://learn.microsoft.com/exchange/permissions-exo/application-rbac",
                "https://learn.microsoft.com/graph/permissions-reference",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_140", "AI_179" },
                zeroTrustAssessment: new[] { "21867" },
                mcsb: new[] { "PA-7", "DP-2" },
                owaspLlm: new[] { "LLM06:2025 Excessive Agency", "LLM02:2025 Sensitive Information Disclosure" }),
        };

        protected override Finding Judge(DirectoryAgent agent, IReadOnlyList<PermissionEntry> appRoles)
        {
            var bulk = appRoles.Where(p => p.Tier <= GraphPermissionCatalog.SensitiveDataTier && GraphPermissionCatalog.IsBulkDataAppRole(p.Name)).ToList();
            var writing = bulk.Where(p => GraphPermissionCatalog.IsWritingPermission(p.Name)).ToList();
            var evidence = AgentFindings.PermissionEvidence("appRoleAssignments[].appRoleId", bulk, "no tenant-wide Mail/Files/Sites/Chat application permission (*.Selected is fine)");
            var target = AgentFindings.Target(agent);
            var who = AgentFindings.Describe(agent);
            if (writing.Count > 0)
            {
                return Fail(target, $"{who} can change or send organisation data tenant-wide: {AgentFindings.Names(writing)}.", evidence);
            }

            return bulk.Count > 0
                ? Warn(target, $"{who} can read organisation data tenant-wide: {AgentFindings.Names(bulk)}; narrow it or record a justification.", evidence)
                : Pass(target, $"{who} holds no tenant-wide mail, file, site or chat permission.", evidence);
        }
    }
}
