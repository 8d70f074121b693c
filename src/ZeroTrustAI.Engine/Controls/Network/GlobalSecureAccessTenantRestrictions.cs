using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>Universal tenant restrictions: Global Secure Access tags traffic and tenant restrictions v2 block other tenants by default.</summary>
    public sealed class GlobalSecureAccessTenantRestrictions : Control
    {
        private static readonly GlobalSecureAccessSetting Tagging = new GlobalSecureAccessSetting(
            GraphSetNames.NetworkAccessCrossTenantSettings, "networkAccess/settings/crossTenantAccess", "networkPacketTaggingStatus",
            "Universal tenant restrictions packet tagging", "microsoft.graph.networkaccess.crossTenantAccessSettings");

        private const string DefaultPolicyPath = "policies/crossTenantAccessPolicy/default";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-132",
            Title = "Universal tenant restrictions block sign-in to other tenants' AI and data services",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Global Secure Access network packet tagging is enabled (networkAccess/settings/crossTenantAccess networkPacketTaggingStatus 'enabled') and the default tenant restrictions v2 policy blocks all users (AllUsers) and all applications (AllApplications).",
            Rationale = """
            A user signed in with a personal or a foreign tenant's account can paste corporate data into that tenant's Copilot,
            Azure OpenAI or SharePoint, out of reach of the organization's DLP and audit. Tenant restrictions v2 say which
            tenants may be used from the corporate network; universal tenant restrictions make Global Secure Access tag every
            acquired sign-in so Entra ID enforces them on any device and network. Either half alone enforces nothing.
            """,
            Checks = """
            - Data sets: Microsoft Graph `GET /beta/networkAccess/settings/crossTenantAccess` (permission `NetworkAccess.Read.All`)
              and `GET /beta/policies/crossTenantAccessPolicy/default` (`Policy.Read.All`). Without them the control is Skipped,
              naming the permission.
            - Target "packet tagging": **Pass** when `networkPacketTaggingStatus` is `enabled`; absent counts as not enabled (no
              default is documented).
            - Target "tenant restrictions v2 default policy": **Pass** when `tenantRestrictions.usersAndGroups.accessType` is
              `blocked` with a target `AllUsers` and `tenantRestrictions.applications.accessType` is `blocked` with a target
              `AllApplications`. Absent `tenantRestrictions` (nothing configured) blocks nothing: **Fail**.
            - Partner-specific tenant restrictions that allow named tenants are not judged.
            """,
            Remediation = """
            - Entra admin center: External Identities > Cross-tenant access settings > Default settings > Tenant restrictions:
              block all users and groups and all applications (allow partner tenants under Organizational settings first);
              Global Secure Access > Settings > Session management > Universal tenant restrictions > Enable tagging.
            - Graph: `PATCH /beta/policies/crossTenantAccessPolicy/default` (Policy.ReadWrite.CrossTenantAccess) and
              `PATCH /beta/networkAccess/settings/crossTenantAccess` with `{ "networkPacketTaggingStatus": "enabled" }`.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/graph/api/networkaccess-crosstenantaccesssettings-update?view=graph-rest-beta",
                "https://learn.microsoft.com/graph/api/resources/crosstenantaccesspolicyconfigurationdefault?view=graph-rest-beta",
                "https://learn.microsoft.com/entra/global-secure-access/how-to-universal-tenant-restrictions",
            },
            Mappings = new ControlMappings(
                zeroTrustAssessment: new[] { "25377", "21793" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure" }),
            RequiredData = new[] { DataSets.Graph(GraphSetNames.NetworkAccessCrossTenantSettings), DataSets.Graph(GraphSetNames.CrossTenantAccessDefault) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var finding in Tagging.Judge(
                snapshot,
                "Global Secure Access tags acquired sign-ins, so Entra ID enforces tenant restrictions v2 on them.",
                "tenant restrictions v2 are not enforced on Global Secure Access traffic.",
                "Enable universal tenant restrictions: tag Global Secure Access traffic with the tenant id."))
            {
                yield return finding;
            }

            foreach (var policy in snapshot.GraphItems(GraphSetNames.CrossTenantAccessDefault).Take(1))
            {
                var target = new ResultTarget(DefaultPolicyPath, "Tenant restrictions v2 default policy", "microsoft.graph.crossTenantAccessPolicyConfigurationDefault");
                var evidence = new[]
                {
                    Observed(policy, "tenantRestrictions.usersAndGroups", "accessType blocked, targets AllUsers"),
                    Observed(policy, "tenantRestrictions.applications", "accessType blocked, targets AllApplications"),
                };
                var gaps = new List<string>();
                if (!BlocksAll(policy, "usersAndGroups", "AllUsers"))
                {
                    gaps.Add("users and groups are not blocked as AllUsers");
                }

                if (!BlocksAll(policy, "applications", "AllApplications"))
                {
                    gaps.Add("applications are not blocked as AllApplications");
                }

                yield return gaps.Count == 0
                    ? Pass(target, "Tenant restrictions v2 block all users from all applications of tenants not allowed by a partner policy.", evidence)
                    : Fail(target, $"The default tenant restrictions v2 policy lets users sign in to any other tenant: {string.Join("; ", gaps)}.", evidence)
                        .WithFix(RemediationFix.PowerShell(
                            GraphFixes.Comment("Block other tenants by default. First allow the partner tenants users need (policies/crossTenantAccessPolicy/partners)."),
                            GraphFixes.Connect("Policy.ReadWrite.CrossTenantAccess"),
                            "Invoke-MgGraphRequest -Method PATCH -Uri " + Quote.PowerShell(GraphFixes.Beta + DefaultPolicyPath) + " -Body @{",
                            "    tenantRestrictions = @{",
                            "        usersAndGroups = @{ accessType = 'blocked'; targets = @(@{ target = 'AllUsers'; targetType = 'user' }) }",
                            "        applications = @{ accessType = 'blocked'; targets = @(@{ target = 'AllApplications'; targetType = 'application' }) }",
                            "    }",
                            "}"));
            }
        }

        private static bool BlocksAll(JsonElement policy, string section, string allTarget) =>
            policy.GetString("tenantRestrictions." + section + ".accessType").EqualsIgnoreCase("blocked")
            && policy.GetArray("tenantRestrictions." + section + ".targets").Any(t => t.GetString("target").EqualsIgnoreCase(allTarget));
    }
}
