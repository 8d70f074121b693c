using System.Text.Json;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>
    /// A property rule on the tenant's SharePoint and OneDrive settings (v1.0 <c>GET /admin/sharepoint/settings</c>, one
    /// object with no id of its own): the target is the tenant's settings, and a failed setting is fixed by a PATCH of it.
    /// </summary>
    public abstract class SharePointSettingsControl : GraphObjectPropertyControl
    {
        protected const string SettingsUri = "v1.0/admin/sharepoint/settings";

        protected sealed override string GraphSet => GraphSetNames.SharePointSettings;

        protected sealed override string ObjectType => "microsoft.graph.sharepointSettings";

        protected sealed override ResultTarget TargetOf(TenantSnapshot snapshot, JsonElement item)
        {
            var tenant = ResultTarget.Tenant(snapshot);
            return new ResultTarget(tenant.Id + "/sharepoint-settings", "SharePoint and OneDrive settings", tenant.Type);
        }

        protected sealed override string Subject(TenantSnapshot snapshot, JsonElement item) => "SharePoint and OneDrive";

        protected sealed override string UpdateUri(JsonElement item) => SettingsUri;

        /// <summary>The tenant's sharing level (sharingCapabilities: disabled, externalUserSharingOnly, externalUserAndGuestSharing, existingExternalUserSharingOnly).</summary>
        protected static string? SharingCapability(JsonElement item) => item.GetString("sharingCapability");
    }
}
