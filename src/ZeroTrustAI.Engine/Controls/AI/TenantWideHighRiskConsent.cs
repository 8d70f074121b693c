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
        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-AI-007",
            Title = "No tenant-wide consent to high-risk delegated permissions",
            Pillar = Pillar.AI,
            Principle = Principle.LeastPrivilege,
            Severity = Severity.High,
            Description = "No OAuth2 permission grant with consentType AllPrincipals includes a scope rated High by the Zero Trust Assessment consent table: the Mail, Contacts, MailboxSettings, People, Files, AllSites, Notes and Policy families, Directory.AccessAsUser.All, user_impersonation, RoleManagement.ReadWrite.Directory and the directory-wide ReadWrite.All scopes.",
            Rationale = "A tenant-wide grant lets the app (often an AI assistant or agent acting on behalf of users) use the scope for every user who signs in, without asking. A prompt-injected assistant with Mail.ReadWrite or Files.ReadWrite.All for everyone can read and send the whole organisation's mail and files.",
            Remediation = "Revoke the grant (Entra admin center > Enterprise applications > the app > Permissions > Review permissions, or Remove-MgOauth2PermissionGrant) and re-consent with only low-risk scopes; let users consent individually where needed, and require the admin consent workflow for high-risk scopes.",
            References = new[]
            {
                "https://learn.microsoft.com/entra/identity/enterprise-apps/manage-application-permissions",
                "https://learn.microsoft.com/entra/identity/enterprise-apps/configure-user-consent",
                "https://learn.microsoft.com/graph/api/resources/oauth2permissiongrant",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_004" },
                ZeroTrustAssessment = new[] { "21776" },
                Mcsb = new[] { "PA-7", "IM-3" },
                OwaspLlm = new[] { "LLM06:2025 Excessive Agency", "LLM02:2025 Sensitive Information Disclosure" },
            },
            RequiredData = new[] { DataSets.Graph(GraphSetNames.OAuth2PermissionGrants) },
            OptionalData = GraphSetNames.DirectoryDataSets,
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var directory = GraphDirectory.For(snapshot);
            foreach (var grant in directory.OAuth2PermissionGrants.Where(g => g.GetString("consentType").EqualsIgnoreCase("AllPrincipals")))
            {
                var client = directory.NameOf(grant.GetString("clientId"));
                var resource = directory.NameOf(grant.GetString("resourceId"));
                var target = new ResultTarget(grant.GetString("id") ?? $"{grant.GetString("clientId")}/{grant.GetString("resourceId")}", $"{client} → {resource}", "microsoft.graph.oAuth2PermissionGrant");
                var highRisk = AgentPrivilegeAnalyzer.SplitScopes(grant.GetString("scope")).Where(GraphPermissionCatalog.IsHighRiskDelegatedScope).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                var evidence = Observed(grant, "scope", "no high-risk scope when consentType is AllPrincipals");
                yield return highRisk.Count == 0
                    ? Pass(target, $"Tenant-wide consent for '{client}' on {resource} has no high-risk scope.", evidence)
                    : Fail(target, $"'{client}' has tenant-wide consent on {resource} to high-risk scopes: {string.Join(", ", highRisk)}.", evidence);
            }
        }
    }
}
