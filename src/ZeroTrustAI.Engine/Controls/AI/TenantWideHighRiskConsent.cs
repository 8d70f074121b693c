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
    /// <summary>No admin consent on behalf of all users to delegated scopes rated high risk.</summary>
    public sealed class TenantWideHighRiskConsent : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-007",
            Title = "No tenant-wide consent to high-risk delegated permissions",
            Pillar = Pillar.AI,
            Principle = Principle.LeastPrivilege,
            Severity = Severity.High,
            Description = "No OAuth2 permission grant with consentType AllPrincipals includes a scope rated High by the Zero Trust Assessment consent table: the Mail, Contacts, MailboxSettings, People, Files, AllSites, Notes and Policy families, Directory.AccessAsUser.All, user_impersonation, RoleManagement.ReadWrite.Directory and the directory-wide ReadWrite.All scopes.",
            Rationale = """
            Admin consent "on behalf of your organization" lets the app use the scope for every user who signs in, without asking
            them. AI assistants and agents acting on behalf of users are often consented this way. With Mail.ReadWrite or
            Files.ReadWrite.All for everyone, one indirect prompt injection can read, forward or plant content across the
            organisation's mailboxes and files.
            """,
            Checks = """
            - Reads `graph/oauth2PermissionGrants`; targets are the grants with `consentType` `AllPrincipals` (any casing), named
              "client → resource".
            - The space-separated `scope` is split; a scope is high risk (Zero Trust Assessment consent table) when its family —
              the text before the first `.` — is Mail, Contacts, MailboxSettings, People, Files, AllSites, Notes or Policy, or it is
              one of Directory.AccessAsUser.All, user_impersonation, AppRoleAssignment.ReadWrite.All, Application.ReadWrite.All,
              Directory.ReadWrite.All, Domain.ReadWrite.All, Group.ReadWrite.All, User.ReadWrite.All,
              RoleManagement.ReadWrite.Directory (names compared ignoring case).
            - Pass: the grant has no high-risk scope. Grants to single users (`Principal`) are not targets.
            """,
            Remediation = """
            Revoke the grant (Entra admin center > Enterprise applications > the app > Permissions > Review permissions), or
            ```powershell
            Remove-MgOauth2PermissionGrant -OAuth2PermissionGrantId <grantId>
            ```
            then re-consent with low-risk scopes only. Restrict user consent to verified publishers and low-risk permissions, and
            turn on the admin consent workflow so high-risk requests are reviewed.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/entra/identity/enterprise-apps/manage-application-permissions",
                "https://learn.microsoft.com/entra/identity/enterprise-apps/configure-user-consent",
                "https://learn.microsoft.com/graph/api/resources/oauth2permissiongrant",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_004" },
                zeroTrustAssessment: new[] { "21776" },
                mcsb: new[] { "PA-7", "IM-3" },
                owaspLlm: new[] { "LLM06:2025 Excessive Agency", "LLM02:2025 Sensitive Information Disclosure" }),
            RequiredData = new[] { DataSets.Graph(GraphSetNames.OAuth2PermissionGrants) },
            Uses = new[] { GraphDirectory.Data },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var directory = GraphDirectory.For(snapshot);
            var tenantWide = directory.OAuth2PermissionGrantRecords().Where(g => g.GetString("consentType").EqualsIgnoreCase("AllPrincipals"));
            foreach (var grant in tenantWide.Select(g => g.ToElement()))
            {
                var client = directory.NameOf(grant.GetString("clientId"));
                var resource = directory.NameOf(grant.GetString("resourceId"));
                var target = new ResultTarget(grant.GetString("id") ?? $"{grant.GetString("clientId")}/{grant.GetString("resourceId")}", $"{client} → {resource}", "microsoft.graph.oAuth2PermissionGrant");
                var highRisk = AgentPrivilegeAnalyzer.SplitScopes(grant.GetString("scope")).Where(GraphPermissionCatalog.IsHighRiskDelegatedScope).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                var evidence = Observed(grant, "scope", "no high-risk scope when consentType is AllPrincipals");
                yield return highRisk.Count == 0
                    ? Pass(target, $"Tenant-wide consent for '{client}' on {resource} has no high-risk scope.", evidence)
                    : Fail(target, $"'{client}' has tenant-wide consent on {resource} to high-risk scopes: {string.Join(", ", highRisk)}.", evidence)
                        .WithFix(RemoveScopes(grant, client, highRisk));
            }
        }

        /// <summary>Keeps the grant's other scopes, or deletes the grant when only high-risk ones remain.</summary>
        private static RemediationFix? RemoveScopes(JsonElement grant, string client, List<string> highRisk)
        {
            var id = grant.GetString("id");
            if (id == null)
            {
                return null;
            }

            var remaining = AgentPrivilegeAnalyzer.SplitScopes(grant.GetString("scope")).Where(s => !highRisk.Contains(s, StringComparer.OrdinalIgnoreCase)).ToList();
            return RemediationFix.PowerShell(
                GraphFixes.Comment($"Withdraw the tenant-wide consent of '{client}' to {string.Join(", ", highRisk)}; users consent for themselves where the app needs it."),
                GraphFixes.Connect("DelegatedPermissionGrant.ReadWrite.All"),
                remaining.Count == 0
                    ? "Remove-MgOauth2PermissionGrant -OAuth2PermissionGrantId " + Quote.PowerShell(id)
                    : "Update-MgOauth2PermissionGrant -OAuth2PermissionGrantId " + Quote.PowerShell(id) + " -Scope " + Quote.PowerShell(string.Join(" ", remaining)));
        }
    }
}
