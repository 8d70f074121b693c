using System.Collections.Generic;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>Guests cannot reshare files, folders and sites they do not own.</summary>
    public sealed class SharePointGuestResharingDisabled : SharePointSettingsControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-131",
            Title = "Guests cannot reshare SharePoint and OneDrive content they don't own",
            Pillar = Pillar.Data,
            Principle = Principle.LeastPrivilege,
            Severity = Severity.Medium,
            Description = "The tenant's SharePoint and OneDrive settings have isResharingByExternalUsersEnabled false, so a guest cannot share on files, folders and sites that were shared with them.",
            Rationale = """
            Whoever can open a file can also have Copilot or an agent read it. When guests may reshare, the people who reach the
            tenant's content are no longer the ones its owners chose: every guest becomes an inviter, outside the owners'
            review. Keeping resharing with the owners keeps the set of readers, and so the reach of AI grounded on that content,
            decided inside the organization.
            """,
            Checks = """
            - Reads `graph/admin.sharepoint.settings` (v1.0 `GET /admin/sharepoint/settings`).
            - Pass: `isResharingByExternalUsersEnabled` is `false`. Fail: `true`.
            - Not applicable: `sharingCapability` is `disabled` (no sharing outside the organization, so there are no guests
              to reshare).
            - Settings collected without `isResharingByExternalUsersEnabled` or `sharingCapability` are Skipped.
            """,
            Remediation = """
            SharePoint admin center > Policies > Sharing > More external sharing settings: clear "Allow guests to share items
            they don't own". With Microsoft Graph (the fix on a failed result):
            ```powershell
            Invoke-MgGraphRequest -Method PATCH -Uri 'https://graph.microsoft.com/v1.0/admin/sharepoint/settings' -Body '{"isResharingByExternalUsersEnabled":false}' -ContentType 'application/json'
            ```
            """,
            References = new[]
            {
                "https://learn.microsoft.com/graph/api/resources/sharepointsettings",
                "https://learn.microsoft.com/graph/api/sharepointsettings-update",
            },
            Mappings = new ControlMappings(
                mcsb: new[] { "DP-2" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure" }),
        };

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("isResharingByExternalUsersEnabled", "false"),
        };

        protected override IReadOnlyList<string> CollectedProperties { get; } = new[] { "isResharingByExternalUsersEnabled", "sharingCapability" };

        protected override string PassText => "keep resharing with the content's owners";

        protected override string FailText => "let guests reshare content they don't own";

        protected override string? NotApplicableBecause(System.Text.Json.JsonElement item) =>
            SharingCapability(item).EqualsIgnoreCase("disabled") ? "sharingCapability is disabled: nothing is shared outside the organization" : null;
    }
}
