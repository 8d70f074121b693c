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

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>
    /// New AI apps and agents reach tenant data only through review: user consent is limited to low-risk permissions,
    /// the admin consent workflow routes the rest to reviewers, and ordinary users cannot register applications.
    /// </summary>
    public sealed class AppConsentGovernance : Control
    {
        private const string SelfConsentPrefix = "ManagePermissionGrantsForSelf.";
        private const string LowRiskPolicy = "microsoft-user-default-low";
        private const string RecommendedPolicy = "microsoft-user-default-recommended";
        private const string LegacyPolicy = "microsoft-user-default-legacy";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-103",
            Title = "AI apps and agents reach tenant data only through reviewed consent",
            Pillar = Pillar.AI,
            Principle = Principle.LeastPrivilege,
            Severity = Severity.High,
            Description = "Three tenant settings, each a target: users may consent only under Microsoft's low-risk or recommended app consent policy (or not at all), the admin consent workflow is on with reviewers, and the default user role cannot register applications.",
            Rationale = """
            The fastest way to give an AI tool the tenant's mail, files and chats is a user clicking "Accept". Consent phishing
            and shadow-AI apps both rely on user consent being open; a self-registered app is a new identity outside every
            review. Restricting user consent sends the request to the admin consent workflow, where a reviewer sees which
            permissions the agent asks for before anything is granted; without the workflow, users are simply blocked and find a
            way around it. App registration by ordinary users lets anyone create an agent-like workload identity with its own
            credentials.
            """,
            Checks = """
            - Reads `graph/policies.authorizationPolicy` (v1.0 `defaultUserRolePermissions`) and
              `graph/policies.adminConsentRequestPolicy`.
            - User consent: the entries of `defaultUserRolePermissions.permissionGrantPoliciesAssigned` that start with
              `ManagePermissionGrantsForSelf.` (compared ignoring case; `ManagePermissionGrantsForOwnedResource.` entries are
              resource-specific consent and not judged here). Pass: none (user consent off), or only
              `microsoft-user-default-low` / `microsoft-user-default-recommended`. Fail: `microsoft-user-default-legacy` (users
              consent to any app for any permission). Warning: another (custom) policy, whose conditions are not collected.
            - Admin consent workflow: pass when `isEnabled` is `true` and `reviewers` is not empty.
            - App registration: pass when `defaultUserRolePermissions.allowedToCreateApps` is `false`.
            - A property absent from a collected policy (not selected) is Skipped for that setting, not judged.
            """,
            Remediation = """
            Entra admin center > Enterprise apps > Consent and permissions: "Allow user consent for apps from verified
            publishers, for selected permissions" (or Microsoft's recommended setting); Admin consent settings: Users can request
            admin consent > Yes, with reviewers; User settings: Users can register applications > No (grant Application
            Developer to those who build apps). The fix of each failed setting is the Microsoft Graph request that sets it.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/entra/identity/enterprise-apps/configure-user-consent",
                "https://learn.microsoft.com/entra/identity/enterprise-apps/configure-admin-consent-workflow",
                "https://learn.microsoft.com/graph/api/resources/defaultuserrolepermissions",
                "https://learn.microsoft.com/graph/api/resources/adminconsentrequestpolicy",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_154" },
                zeroTrustAssessment: new[] { "21776", "21809", "21807" },
                mcsb: new[] { "PA-1", "IM-1" },
                owaspLlm: new[] { "LLM06:2025 Excessive Agency" }),
            RequiredData = new[] { DataSets.Graph(GraphSetNames.AuthorizationPolicy), DataSets.Graph(GraphSetNames.AdminConsentRequestPolicy) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var tenant = ResultTarget.Tenant(snapshot);
            var authorization = snapshot.GraphItems(GraphSetNames.AuthorizationPolicy).Cast<JsonElement?>().FirstOrDefault();
            var adminConsent = snapshot.GraphItems(GraphSetNames.AdminConsentRequestPolicy).Cast<JsonElement?>().FirstOrDefault();

            yield return UserConsent(Setting(tenant, "User consent to apps"), authorization);
            yield return AdminConsentWorkflow(Setting(tenant, "Admin consent workflow"), adminConsent);
            yield return AppRegistration(Setting(tenant, "App registration by users"), authorization);
        }

        private static ResultTarget Setting(ResultTarget tenant, string name) =>
            new ResultTarget(tenant.Id + "/" + name.Replace(' ', '-').ToLowerInvariant(), name, tenant.Type);

        private static Finding NotCollected(ResultTarget target, string what) => NotCollected(target, target.Name, new[] { what });

        private static Finding UserConsent(ResultTarget target, JsonElement? policy)
        {
            const string path = "defaultUserRolePermissions.permissionGrantPoliciesAssigned";
            if (policy?.Get(path)?.ValueKind != JsonValueKind.Array)
            {
                return NotCollected(target, "authorizationPolicy." + path);
            }

            var assigned = policy.Value.GetStrings(path).ToList();
            var selfConsent = assigned
                .Where(a => a.StartsWith(SelfConsentPrefix, StringComparison.OrdinalIgnoreCase))
                .Select(a => a.Substring(SelfConsentPrefix.Length))
                .ToList();
            var evidence = new Evidence(path, policy.Value.GetRawText(path), $"no {SelfConsentPrefix}* entry, or only {LowRiskPolicy} / {RecommendedPolicy}");
            if (selfConsent.Count == 0)
            {
                return Pass(target, "Users cannot consent to apps: every request goes to an administrator.", evidence);
            }

            var custom = selfConsent.Where(p => !p.EqualsIgnoreCase(LowRiskPolicy) && !p.EqualsIgnoreCase(RecommendedPolicy)).ToList();
            if (custom.Count == 0)
            {
                return Pass(target, $"User consent is limited by Microsoft's policy: {string.Join(", ", selfConsent)}.", evidence);
            }

            // The fix replaces every other self-consent policy with the low-risk one, keeping resource-specific consent.
            var kept = assigned
                .Where(a => !custom.Any(c => a.EqualsIgnoreCase(SelfConsentPrefix + c)))
                .Append(SelfConsentPrefix + LowRiskPolicy)
                .Distinct(StringComparer.OrdinalIgnoreCase);
            var fix = GraphFixes.Script(
                "# Limits user consent to low-risk permissions of verified publishers; other requests go to the admin consent workflow.",
                GraphFixes.Patch("v1.0/policies/authorizationPolicy", new[] { Pair(path, new JsonArray(kept.Select(k => (JsonNode?)JsonValue.Create(k)).ToArray())) }));
            return custom.Any(p => p.EqualsIgnoreCase(LegacyPolicy))
                ? Fail(target, $"Users can consent to any app for any permission it asks ({SelfConsentPrefix}{LegacyPolicy}).", evidence).WithFix(fix)
                : Warn(target, $"User consent is governed by custom app consent policies ({string.Join(", ", custom)}), whose conditions are not collected: review that they allow only low-risk permissions.", evidence).WithFix(fix);
        }

        private static Finding AdminConsentWorkflow(ResultTarget target, JsonElement? policy)
        {
            if (policy?.Get("isEnabled") == null || policy.Value.Get("reviewers") == null)
            {
                return NotCollected(target, "adminConsentRequestPolicy.isEnabled and reviewers");
            }

            var enabled = policy.Value.GetBool("isEnabled") == true;
            var reviewers = policy.Value.GetArray("reviewers").Count();
            var evidence = new[]
            {
                Observed(policy.Value, "isEnabled", "true"),
                Observed(policy.Value, "reviewers", "at least one reviewer"),
            };
            if (enabled && reviewers > 0)
            {
                return Pass(target, $"The admin consent workflow is on with {reviewers} reviewer scope(s).", evidence);
            }

            var body = new JsonObject
            {
                ["isEnabled"] = true,
                ["notifyReviewers"] = true,
                ["remindersEnabled"] = true,
                ["requestDurationInDays"] = 30,
                ["reviewers"] = reviewers > 0
                    ? JsonNode.Parse(policy.Value.GetRawText("reviewers")!)
                    : new JsonArray(new JsonObject { ["query"] = "/users/<reviewer-user-id>", ["queryType"] = "MicrosoftGraph" }),
            };
            return Fail(target, enabled ? "The admin consent workflow is on but has no reviewers: requests reach nobody." : "The admin consent workflow is off: users who may not consent are blocked with no way to ask.", evidence)
                .WithFix(GraphFixes.Script(
                    "# PUT replaces the whole policy." + (reviewers > 0 ? " The current reviewers are kept." : " Replace <reviewer-user-id> with a reviewer (repeat the entry for more, or use a group or role query)."),
                    GraphFixes.Request("PUT", "v1.0/policies/adminConsentRequestPolicy", body)));
        }

        private static Finding AppRegistration(ResultTarget target, JsonElement? policy)
        {
            const string path = "defaultUserRolePermissions.allowedToCreateApps";
            var value = policy?.GetBool(path);
            if (value == null)
            {
                return NotCollected(target, "authorizationPolicy." + path);
            }

            var evidence = Observed(policy!.Value, path, "false");
            return value == false
                ? Pass(target, "Ordinary users cannot register applications.", evidence)
                : Fail(target, "Every user can register applications, and so create workload identities with their own credentials outside review.", evidence)
                    .WithFix(GraphFixes.Script(
                        "# Grant the Application Developer role to the people who build apps before turning this off.",
                        GraphFixes.Patch("v1.0/policies/authorizationPolicy", new[] { Pair(path, JsonValue.Create(false)) })));
        }

        private static KeyValuePair<string, JsonNode?> Pair(string path, JsonNode? value) => new KeyValuePair<string, JsonNode?>(path, value);
    }
}
