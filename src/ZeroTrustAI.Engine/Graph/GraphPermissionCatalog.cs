using System;
using System.Collections.Generic;
using System.Linq;

namespace ZeroTrustAI.Engine.Graph
{
    /// <summary>
    /// What the engine knows about permissions besides their tiers (which are data: <see cref="Agents.PrivilegeTierTable"/>):
    /// well-known ids, the families of bulk-data permissions and the high-risk delegated scopes (the Zero Trust
    /// Assessment consent table).
    /// </summary>
    public static class GraphPermissionCatalog
    {
        /// <summary>The appId of Microsoft Graph (the resource of its app roles and scopes).</summary>
        public const string MicrosoftGraphAppId = "00000003-0000-0000-c000-000000000000";

        /// <summary>The tenant that owns Microsoft's first-party applications (appOwnerOrganizationId).</summary>
        public const string MicrosoftTenantId = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";

        /// <summary>The app role id Graph uses for "default access" to an app that defines no roles.</summary>
        public const string DefaultAccessAppRoleId = "00000000-0000-0000-0000-000000000000";

        public const int TakeoverTier = 0;
        public const int SensitiveDataTier = 1;
        public const int LimitedTier = 2;

        // Families whose tenant-wide permissions read or move user content in bulk (catalog row 19). "*.Selected"
        // permissions are excluded: they reach only resources an admin granted one by one.
        private static readonly string[] BulkDataFamilies =
        {
            "Mail", "Files", "Sites", "Chat", "ChannelMessage", "Calendars", "Contacts", "MailboxSettings", "Notes",
        };

        // Catalog row 24 (ZTA consent table): delegated scopes rated High by family (root before the first '.').
        private static readonly HashSet<string> HighRiskScopeFamilies = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Mail", "Contacts", "MailboxSettings", "People", "Files", "AllSites", "Notes", "Policy",
        };

        private static readonly HashSet<string> HighRiskScopeNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Directory.AccessAsUser.All", "user_impersonation", "AppRoleAssignment.ReadWrite.All", "Application.ReadWrite.All",
            "Directory.ReadWrite.All", "Domain.ReadWrite.All", "Group.ReadWrite.All", "User.ReadWrite.All",
            "RoleManagement.ReadWrite.Directory",
        };

        /// <summary>The tier of a Microsoft Graph application permission by name: the table, else 1 for a bulk-data family, else unknown (null).</summary>
        public static int? GraphAppRoleTier(Agents.PrivilegeTierTable table, string name)
        {
            var known = table.Find(Agents.TierTableSection.GraphApplicationPermissions, name);
            if (known != null)
            {
                return known.Tier;
            }

            return IsBulkDataAppRole(name) ? SensitiveDataTier : (int?)null;
        }

        /// <summary>True for tenant-wide mail, file, site, chat, calendar and contact permissions (not "*.Selected").</summary>
        public static bool IsBulkDataAppRole(string name)
        {
            if (string.IsNullOrEmpty(name) || name.IndexOf("Selected", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return false;
            }

            var family = FamilyOf(name);
            return BulkDataFamilies.Any(f => string.Equals(f, family, StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>True when a bulk-data permission can change or send content, not only read it.</summary>
        public static bool IsWritingPermission(string name) =>
            name.IndexOf("Write", StringComparison.OrdinalIgnoreCase) >= 0
            || name.IndexOf("Send", StringComparison.OrdinalIgnoreCase) >= 0
            || name.IndexOf("FullControl", StringComparison.OrdinalIgnoreCase) >= 0
            || name.IndexOf("Manage", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>True for a delegated scope rated High by the Zero Trust Assessment consent table (catalog row 24).</summary>
        public static bool IsHighRiskDelegatedScope(string scope) =>
            !string.IsNullOrEmpty(scope) && (HighRiskScopeNames.Contains(scope) || HighRiskScopeFamilies.Contains(FamilyOf(scope)));

        /// <summary>True for "/", a management group or a subscription (not a resource group or resource).</summary>
        public static bool IsSubscriptionOrWiderScope(string scope)
        {
            var segments = scope.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
            if (segments.Length == 0)
            {
                return true;
            }

            if (segments.Length == 2 && string.Equals(segments[0], "subscriptions", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            return segments.Length == 4
                   && string.Equals(segments[0], "providers", StringComparison.OrdinalIgnoreCase)
                   && string.Equals(segments[1], "Microsoft.Management", StringComparison.OrdinalIgnoreCase)
                   && string.Equals(segments[2], "managementGroups", StringComparison.OrdinalIgnoreCase);
        }

        private static string FamilyOf(string name)
        {
            var dot = name.IndexOf('.');
            return dot < 0 ? name : name.Substring(0, dot);
        }
    }
}
