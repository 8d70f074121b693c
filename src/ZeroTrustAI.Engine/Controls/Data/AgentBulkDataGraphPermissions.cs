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
    public sealed class AgentBulkDataGraphPermissions : Control
    {
        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-DATA-001",
            Title = "Agents and AI apps hold no bulk-data Microsoft Graph permissions",
            Pillar = Pillar.Data,
            Principle = Principle.LeastPrivilege,
            Severity = Severity.High,
            Description = "Agents, agentic apps and AI-resource managed identities hold no tenant-wide application permission to mail, files, SharePoint sites, chats, calendars or contacts (Mail.*, Files.*.All, Sites.*.All, Chat.*.All ...; *.Selected permissions are fine). A permission that writes or sends fails; a read-only one is a warning to justify or narrow.",
            Rationale = "An application permission is not limited to a user: Mail.Read reads every mailbox, Files.Read.All every OneDrive. An agent that processes untrusted content with such a permission is one indirect prompt injection away from exfiltrating the organisation's data, and with Mail.Send or Files.ReadWrite.All it can also send it out or plant content.",
            Remediation = "Replace the permission with Sites.Selected / Files.SelectedOperations.Selected / Mail application access policies (RBAC for Applications in Exchange Online) limited to the mailboxes and sites the agent needs, or use delegated permissions on behalf of the signed-in user. Suppress with a recorded justification only when the tenant-wide scope is truly required.",
            References = new[]
            {
                "https://learn.microsoft.com/graph/permissions-selected-overview",
                "https://learn.microsoft.com/exchange/permissions-exo/application-rbac",
                "https://learn.microsoft.com/graph/permissions-reference",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_140", "AI_179" },
                ZeroTrustAssessment = new[] { "21867" },
                Mcsb = new[] { "PA-7", "DP-2" },
                OwaspLlm = new[] { "LLM06:2025 Excessive Agency", "LLM02:2025 Sensitive Information Disclosure" },
            },
            RequiredData = new[] { DataSets.Graph(GraphSetNames.ServicePrincipals) },
            OptionalData = GraphSetNames.DirectoryDataSets,
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var directory = GraphDirectory.For(snapshot);
            if (directory.Agents.Count == 0)
            {
                yield break;
            }

            if (!directory.HasAppRoleAssignmentData)
            {
                yield return AgentFindings.AssignmentsNotCollected(snapshot);
                yield break;
            }

            foreach (var agent in directory.Agents)
            {
                var bulk = directory.AppRoleAssignmentsOf(agent.Id)
                    .Select(a => AgentPrivilegeAnalyzer.ResolveAppRole(directory, a))
                    .Where(p => p.Tier <= GraphPermissionCatalog.SensitiveDataTier && GraphPermissionCatalog.IsBulkDataAppRole(p.Name))
                    .ToList();
                var writing = bulk.Where(p => GraphPermissionCatalog.IsWritingPermission(p.Name)).ToList();
                var evidence = AgentFindings.PermissionEvidence("appRoleAssignments[].appRoleId", bulk, "no tenant-wide Mail/Files/Sites/Chat application permission (*.Selected is fine)");
                var target = AgentFindings.Target(agent);
                var who = AgentFindings.Describe(agent);
                if (writing.Count > 0)
                {
                    yield return Fail(target, $"{who} can change or send organisation data tenant-wide: {string.Join(", ", writing.Select(p => p.Name))}.", evidence);
                }
                else if (bulk.Count > 0)
                {
                    yield return Warn(target, $"{who} can read organisation data tenant-wide: {string.Join(", ", bulk.Select(p => p.Name))}; narrow it or record a justification.", evidence);
                }
                else
                {
                    yield return Pass(target, $"{who} holds no tenant-wide mail, file, site or chat permission.", evidence);
                }
            }
        }
    }
}
