using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>
    /// Enforced Conditional Access policies that reach Microsoft Rights Management Services do not also reach external
    /// users without a guest account, who then cannot open the content the organization encrypts for them.
    /// </summary>
    public sealed class ConditionalAccessRightsManagement : Control
    {
        /// <summary>Microsoft Rights Management Services (Microsoft Azure Information Protection), the encryption service's app.</summary>
        public const string RightsManagementAppId = "00000012-0000-0000-c000-000000000000";

        private const string ExternalUsersKeyword = "GuestsOrExternalUsers";
        private const string ExternalUserWithoutGuestAccount = "otherExternalUser";
        private static readonly string[] ModernClients = { "all", "browser", "mobileAppsAndDesktopClients" };

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-134",
            Title = "Conditional Access does not lock external recipients out of encrypted content",
            Pillar = Pillar.Data,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.High,
            Description = "Every enforced Conditional Access policy that applies to Microsoft Rights Management Services (app 00000012-0000-0000-c000-000000000000, through All resources or by id) either excludes that app or does not apply to external users who have no guest account in the tenant.",
            Rationale = """
            Opening a file or email encrypted by a sensitivity label means signing in to Microsoft Rights Management Services.
            Microsoft Purview documents that when a Conditional Access policy includes that service and extends to external
            users, those users need a guest account in the tenant; without one they cannot open the encrypted content, and the
            fix it names is to remove the service from the policy or exclude the external users. A partner who cannot open the
            protected copy asks for an unprotected one, and that copy is what ends up in other tenants' Copilot answers and
            agents' knowledge. So an MFA-for-everyone policy on All resources quietly defeats label encryption for external
            sharing.
            """,
            Checks = """
            - Reads `graph/identity.conditionalAccess.policies`. Judged: policies with `state` `enabled` (report-only and
              disabled policies enforce nothing) whose `conditions.applications.includeApplications` contains `All` or
              `00000012-0000-0000-c000-000000000000`. Other policies are not listed.
            - Pass: `excludeApplications` contains `00000012-0000-0000-c000-000000000000`; or the policy does not reach
              external users without a guest account: `conditions.users.includeUsers` has neither `All` nor
              `GuestsOrExternalUsers` and `includeGuestsOrExternalUsers.guestOrExternalUserTypes` lacks `otherExternalUser`,
              or `excludeUsers` has `GuestsOrExternalUsers`, or `excludeGuestsOrExternalUsers` excludes `otherExternalUser`
              for all external tenants; or `conditions.clientAppTypes` names only legacy clients (`exchangeActiveSync`,
              `other`), which are not the modern clients that open protected content.
            - Fail: otherwise (any grant: block, MFA, compliant device). The reason names the policy's grant controls.
            - The checks follow the documented cause; whether the organization gives every external recipient a guest account
              (which also avoids the lockout) is not in the snapshot.
            """,
            Remediation = """
            Entra admin center > Conditional Access > the policy > Target resources > Exclude: select "Microsoft Rights
            Management Services". Alternatively exclude Users > Guest or external users > Other external users. The fix on a
            failed result adds the exclusion with Microsoft Graph, keeping the policy's other resources.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/purview/encryption-azure-ad-configuration",
                "https://learn.microsoft.com/graph/api/resources/conditionalaccessusers",
                "https://learn.microsoft.com/graph/api/conditionalaccesspolicy-update",
            },
            Mappings = new ControlMappings(
                zeroTrustAssessment: new[] { "35001" },
                mcsb: new[] { "DP-4", "IM-7" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure" }),
            RequiredData = new[] { DataSets.Graph(GraphSetNames.ConditionalAccessPolicies) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var policy in snapshot.GraphItems(GraphSetNames.ConditionalAccessPolicies))
            {
                var included = policy.GetStrings("conditions.applications.includeApplications").ToList();
                if (!AI.AgentConditionalAccess.IsEnforced(policy)
                    || !included.Any(a => a.EqualsIgnoreCase("All") || a.EqualsIgnoreCase(RightsManagementAppId)))
                {
                    continue;
                }

                var target = ResultTarget.FromGraph(policy, "microsoft.graph.conditionalAccessPolicy");
                var name = policy.GetString("displayName") ?? target.Id;
                var evidence = new[]
                {
                    Observed(policy, "conditions.applications.includeApplications", "All or " + RightsManagementAppId),
                    Observed(policy, "conditions.applications.excludeApplications", "contains " + RightsManagementAppId),
                    Observed(policy, "conditions.users", "no external users without a guest account"),
                    Observed(policy, "grantControls.builtInControls", "any"),
                };
                var excluded = policy.GetStrings("conditions.applications.excludeApplications").ToList();
                if (excluded.Any(a => a.EqualsIgnoreCase(RightsManagementAppId)))
                {
                    yield return Pass(target, $"Policy '{name}' excludes Microsoft Rights Management Services.", evidence);
                    continue;
                }

                var clients = policy.GetStrings("conditions.clientAppTypes").ToList();
                if (clients.Count > 0 && !clients.Any(c => ModernClients.Any(m => m.EqualsIgnoreCase(c))))
                {
                    yield return Pass(target, $"Policy '{name}' applies only to legacy clients ({string.Join(", ", clients)}), not to the clients that open protected content.", evidence);
                    continue;
                }

                var reach = ExternalReach(policy);
                if (reach == null)
                {
                    yield return Pass(target, $"Policy '{name}' does not apply to external users without a guest account.", evidence);
                    continue;
                }

                var grants = policy.GetStrings("grantControls.builtInControls").ToList();
                yield return Fail(
                        target,
                        $"Policy '{name}' applies to Microsoft Rights Management Services ({(included.Any(a => a.EqualsIgnoreCase("All")) ? "All resources" : "by id")}) and to {reach}, with {(grants.Count > 0 ? string.Join(", ", grants) : "its session controls")}: external recipients without a guest account cannot open content encrypted for them.",
                        evidence)
                    .WithFix(ExcludeRightsManagement(policy, included, excluded));
            }
        }

        /// <summary>Which external users without a guest account the policy reaches, in words; null when none.</summary>
        private static string? ExternalReach(JsonElement policy)
        {
            var includeUsers = policy.GetStrings("conditions.users.includeUsers").ToList();
            var reach = includeUsers.Any(u => u.EqualsIgnoreCase("All")) ? "all users (external users included)"
                : includeUsers.Any(u => u.EqualsIgnoreCase(ExternalUsersKeyword)) ? "guests and external users"
                : Types(policy, "conditions.users.includeGuestsOrExternalUsers").Contains(ExternalUserWithoutGuestAccount, StringComparer.OrdinalIgnoreCase) ? "other external users"
                : null;
            if (reach == null)
            {
                return null;
            }

            if (policy.GetStrings("conditions.users.excludeUsers").Any(u => u.EqualsIgnoreCase(ExternalUsersKeyword)))
            {
                return null;
            }

            // An exclusion limited to some external tenants leaves the others' users in scope.
            var exclusion = "conditions.users.excludeGuestsOrExternalUsers";
            var allTenants = policy.Get(exclusion + ".externalTenants") is not JsonElement tenants
                || tenants.ValueKind == JsonValueKind.Null
                || policy.GetString(exclusion + ".externalTenants.membershipKind").EqualsIgnoreCase("all");
            return allTenants && Types(policy, exclusion).Contains(ExternalUserWithoutGuestAccount, StringComparer.OrdinalIgnoreCase) ? null : reach;
        }

        /// <summary>guestOrExternalUserTypes is one string of comma-separated flags ("internalGuest,otherExternalUser").</summary>
        private static List<string> Types(JsonElement policy, string path) =>
            (policy.GetString(path + ".guestOrExternalUserTypes") ?? string.Empty)
                .Split(',')
                .Select(t => t.Trim())
                .Where(t => t.Length > 0)
                .ToList();

        private static RemediationFix ExcludeRightsManagement(JsonElement policy, IReadOnlyList<string> included, IReadOnlyList<string> excluded)
        {
            JsonNode? List(IEnumerable<string> values) => new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
            return GraphFixes.Script(
                "# Excludes Microsoft Rights Management Services from the policy, keeping its other resources, as Microsoft Purview documents for encrypted content.",
                GraphFixes.Patch("v1.0/identity/conditionalAccess/policies/" + policy.GetString("id"), new[]
                {
                    new KeyValuePair<string, JsonNode?>("conditions.applications.includeApplications", List(included)),
                    new KeyValuePair<string, JsonNode?>("conditions.applications.excludeApplications", List(excluded.Append(RightsManagementAppId))),
                }));
        }
    }
}
