using System.Collections.Generic;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>SharePoint and OneDrive allow no "Anyone" links, which open a file to whoever holds the link.</summary>
    public sealed class SharePointAnyoneLinksDisabled : SharePointSettingsControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-130",
            Title = "SharePoint and OneDrive allow no \"Anyone\" links",
            Pillar = Pillar.Data,
            Principle = Principle.LeastPrivilege,
            Severity = Severity.High,
            Description = "The tenant's SharePoint sharing capability is not externalUserAndGuestSharing, the level at which users can share files and folders with links that need no sign-in.",
            Rationale = """
            Microsoft 365 Copilot and agents ground their answers on whatever their user can open, and a file shared with an
            "Anyone" link can be opened by whoever holds the link, with no sign-in and no record of who they are. Oversharing is
            what Copilot surfaces first; an anonymous link is oversharing that leaves the tenant, and agents that summarize or
            forward content can hand such links on. Requiring guests to sign in (or a verification code) keeps every external
            reader a known identity that access reviews, Conditional Access and audit logs see.
            """,
            Checks = """
            - Reads `graph/admin.sharepoint.settings` (v1.0 `GET /admin/sharepoint/settings`, the tenant-level settings of
              SharePoint and OneDrive).
            - Pass: `sharingCapability` is `disabled` (only people in the organization), `existingExternalUserSharingOnly`
              (existing guests) or `externalUserSharingOnly` (new and existing guests, who must sign in or enter a code).
            - Fail: `externalUserAndGuestSharing` (anyone, with links that don't require sign-in).
            - Microsoft Graph exposes the organization-level SharePoint setting only. OneDrive's own level and each site's level
              can be more restrictive than it, never more permissive, so a Pass bounds them too; a Fail does not say which sites
              or OneDrives use "Anyone" links.
            - Settings collected without `sharingCapability` are Skipped.
            """,
            Remediation = """
            SharePoint admin center > Policies > Sharing: move the SharePoint slider to "New and existing guests" (or lower);
            OneDrive follows. With Microsoft Graph (the fix on a failed result, permission SharePointTenantSettings.ReadWrite.All):
            ```powershell
            Invoke-MgGraphRequest -Method PATCH -Uri 'https://graph.microsoft.com/v1.0/admin/sharepoint/settings' -Body '{"sharingCapability":"externalUserSharingOnly"}' -ContentType 'application/json'
            ```
            Existing "Anyone" links stop working when the level is lowered.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/graph/api/resources/sharepointsettings",
                "https://learn.microsoft.com/graph/api/sharepointsettings-update",
                "https://learn.microsoft.com/sharepoint/turn-external-sharing-on-or-off",
            },
            Mappings = new ControlMappings(
                mcsb: new[] { "DP-2" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure" }),
        };

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("sharingCapability", "disabled", "existingExternalUserSharingOnly", "externalUserSharingOnly")
            {
                ExpectedText = "not externalUserAndGuestSharing (Anyone links)",
                FixValue = "externalUserSharingOnly",
            },
        };

        protected override string PassText => "require every external reader to sign in";

        protected override string FailText => "let users share files with links that need no sign-in";
    }
}
