using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>Sharing with new guests is limited to an allow-list of domains.</summary>
    public sealed class SharePointSharingDomainsAllowed : SharePointSettingsControl
    {
        private static readonly string[] GuestSharingLevels = { "externalUserSharingOnly", "externalUserAndGuestSharing" };

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-132",
            Title = "SharePoint and OneDrive share with new guests only from allowed domains",
            Pillar = Pillar.Data,
            Principle = Principle.LeastPrivilege,
            Severity = Severity.Medium,
            Description = "When users may invite new guests (sharingCapability externalUserSharingOnly or externalUserAndGuestSharing), sharingDomainRestrictionMode is allowList, so content goes only to the partner domains the organization named.",
            Rationale = """
            Every guest invited to a file becomes someone the file's Copilot answers and agent outputs can reach. With sharing
            open to any domain, a user can send tenant content to a personal mailbox or a competitor in two clicks; a block
            list only stops the domains someone thought of. An allow-list turns "who outside may read our content" into a
            decision the organization made, which is the boundary AI grounded on that content inherits.
            """,
            Checks = """
            - Reads `graph/admin.sharepoint.settings` (v1.0 `GET /admin/sharepoint/settings`).
            - Not applicable: `sharingCapability` is `disabled` or `existingExternalUserSharingOnly` (no new guests can be
              invited, so there is no domain to restrict).
            - Pass: `sharingDomainRestrictionMode` is `allowList`.
            - Fail: `none` (any domain) or `blockList` (any domain but the listed ones).
            - Settings collected without `sharingDomainRestrictionMode` or `sharingCapability` are Skipped.
            """,
            Remediation = """
            SharePoint admin center > Policies > Sharing > More external sharing settings: "Limit external sharing by domain",
            allow only the partner domains. The fix on a failed result is the Microsoft Graph PATCH; replace the placeholder
            with the domains (an allow-list with no domain lets no new guest in):
            ```powershell
            Invoke-MgGraphRequest -Method PATCH -Uri 'https://graph.microsoft.com/v1.0/admin/sharepoint/settings' -Body '{"sharingDomainRestrictionMode":"allowList","sharingAllowedDomainList":["<partner domain>"]}' -ContentType 'application/json'
            ```
            """,
            References = new[]
            {
                "https://learn.microsoft.com/graph/api/resources/sharepointsettings",
                "https://learn.microsoft.com/sharepoint/restricted-domains-sharing",
            },
            Mappings = new ControlMappings(
                mcsb: new[] { "DP-2" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure" }),
        };

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("sharingDomainRestrictionMode", "allowList"),
        };

        protected override IReadOnlyList<string> CollectedProperties { get; } = new[] { "sharingDomainRestrictionMode", "sharingCapability" };

        protected override string PassText => "invite new guests only from allowed domains";

        protected override string FailText => "let users invite guests from any domain";

        protected override string? NotApplicableBecause(JsonElement item)
        {
            var level = SharingCapability(item);
            return GuestSharingLevels.Any(l => l.EqualsIgnoreCase(level))
                ? null
                : $"sharingCapability is {level ?? "null"}: no new guest can be invited";
        }

        protected override RemediationFix FixOf(JsonElement item, IReadOnlyList<PropertyExpectation> failed)
        {
            // A block list names domains to keep out, not partners to let in, so only an existing allow-list is kept.
            var allowed = item.GetStrings("sharingAllowedDomainList").ToList();
            var domains = new JsonArray((allowed.Count > 0 ? allowed : new List<string> { "<partner domain>" }).Select(d => (JsonNode?)JsonValue.Create(d)).ToArray());
            return GraphFixes.Script(
                allowed.Count > 0
                    ? "# Keeps the allowed domains already listed; review them."
                    : "# Replace <partner domain> with the domains guests may come from (repeat the entry). An empty allow-list lets no new guest in.",
                GraphFixes.Patch(SettingsUri, new[]
                {
                    new KeyValuePair<string, JsonNode?>("sharingDomainRestrictionMode", JsonValue.Create("allowList")),
                    new KeyValuePair<string, JsonNode?>("sharingAllowedDomainList", domains),
                }));
        }
    }
}
