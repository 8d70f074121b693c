using System;
using System.Collections.Generic;
using System.Linq;

namespace ZeroTrustAI.Engine.Graph
{
    /// <summary>A well-known permission or role and its privilege tier (0 = takeover, 1 = broad sensitive data, 2 = limited).</summary>
    public sealed class KnownRight
    {
        public KnownRight(string id, string name, int tier)
        {
            Id = id;
            Name = name;
            Tier = tier;
        }

        public string Id { get; }

        public string Name { get; }

        public int Tier { get; }

        public override string ToString() => $"{Name} (tier {Tier})";
    }

    /// <summary>
    /// What the engine knows without asking the tenant: Microsoft Graph application permissions (app roles) with their
    /// tier, high-risk delegated scopes, privileged Entra directory roles and privileged Azure roles.
    /// Sources: emiliensocchi/azure-tiering (tier-0 and tier-1 Graph permissions, Entra roles), the Zero Trust
    /// Assessment consent table (high-risk delegated scopes), and the Microsoft Graph permissions reference (ids).
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

        private static readonly KnownRight[] GraphAppRoleList =
        {
            // Tier 0: a known path to Global Administrator (azure-tiering, catalog table F).
            new KnownRight("9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8", "RoleManagement.ReadWrite.Directory", 0),
            new KnownRight("06b708a9-e830-4db3-a914-8e69da51d44f", "AppRoleAssignment.ReadWrite.All", 0),
            new KnownRight("1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9", "Application.ReadWrite.All", 0),
            new KnownRight("18a4783c-866b-4cc7-a460-3d5e5662c884", "Application.ReadWrite.OwnedBy", 0),
            new KnownRight("fc023787-fd04-4e44-9bc7-d454f00c0f0a", "Application.ReadUpdate.All", 0),
            new KnownRight("19dbc75e-c2e2-444c-a770-ec69d8559fc7", "Directory.ReadWrite.All", 0),
            new KnownRight("62a82d76-70ea-41e2-9197-370581804d09", "Group.ReadWrite.All", 0),
            new KnownRight("dbaae8cf-10b5-4b86-a4a1-f871c94c6695", "GroupMember.ReadWrite.All", 0),
            new KnownRight("741f803b-c850-494e-b5df-cde7c675a1ca", "User.ReadWrite.All", 0),
            new KnownRight("50483e42-d915-4231-9639-7fdb7fd190e5", "UserAuthenticationMethod.ReadWrite.All", 0),
            new KnownRight("01c0a623-fc9b-48e9-b794-0756f8e8f067", "Policy.ReadWrite.ConditionalAccess", 0),
            new KnownRight("a402ca1c-2696-4531-972d-6e5ee4aa11ea", "Policy.ReadWrite.PermissionGrant", 0),
            new KnownRight("29c18626-4985-4dcd-85c0-193eef327366", "Policy.ReadWrite.AuthenticationMethod", 0),
            new KnownRight("dd199f4a-f148-40a4-a2ec-f0069cc799ec", "RoleAssignmentSchedule.ReadWrite.Directory", 0),
            new KnownRight("fee28b28-e1f3-4841-818e-2704dc62245f", "RoleEligibilitySchedule.ReadWrite.Directory", 0),
            new KnownRight("31e08e0a-d3f7-4ca2-ac39-7343fb83e8ad", "RoleManagementPolicy.ReadWrite.Directory", 0),
            new KnownRight("2f6817f8-7b12-4f0f-bc18-eeaf60705a9e", "PrivilegedAccess.ReadWrite.AzureADGroup", 0),
            new KnownRight("9acd699f-1e81-4958-b001-93b1d2506e19", "EntitlementManagement.ReadWrite.All", 0),
            new KnownRight("7e05723c-0bb0-42da-be95-ae9f08a6e53c", "Domain.ReadWrite.All", 0),
            new KnownRight("292d869f-3427-49a8-9dab-8c70152b74e9", "Organization.ReadWrite.All", 0),
            new KnownRight("5eb59dd3-1da2-4329-8733-9dabdc435916", "AdministrativeUnit.ReadWrite.All", 0),
            new KnownRight("e330c4f0-4170-414e-a55a-2f022ec2b57b", "DeviceManagementRBAC.ReadWrite.All", 0),
            new KnownRight("9241abd9-d0e6-425a-bd4f-47ba86e767a4", "DeviceManagementConfiguration.ReadWrite.All", 0),
            new KnownRight("cc117bb9-00cf-4eb8-b580-ea2a878fe8f7", "User-PasswordProfile.ReadWrite.All", 0),
            new KnownRight("627169a8-8c15-451c-861a-5b80e383de5c", "UserAuthMethod-TAP.ReadWrite.All", 0),

            // Agent ID administration: untiered upstream; adding credentials to a blueprint impersonates every agent
            // created from it, the same path as Application.ReadWrite.All, so we rate these tier 0 (our judgement).
            new KnownRight("7fddd33b-d884-4ec0-8696-72cff90ff825", "AgentIdentityBlueprint.ReadWrite.All", 0),
            new KnownRight("0510736e-bdfb-4b37-9a1f-89b4a074763a", "AgentIdentityBlueprint.AddRemoveCreds.All", 0),
            new KnownRight("dcf7150a-88d4-4fe6-9be1-c2744c455397", "AgentIdentity.ReadWrite.All", 1),
            new KnownRight("b782c9ad-6f2b-4894-a21b-72bf22417f0a", "AgentIdUser.ReadWrite.All", 1),

            // Tier 1: bulk access to mail, files, sites and chats (data-exfiltration set, catalog table F).
            new KnownRight("e2a3a72e-5f79-4c64-b1b1-878b674786c9", "Mail.ReadWrite", 1),
            new KnownRight("810c84a8-4a9e-49e6-bf7d-12d183f40d01", "Mail.Read", 1),
            new KnownRight("b633e1c5-b582-4048-a93e-9f11b44c7e96", "Mail.Send", 1),
            new KnownRight("75359482-378d-4052-8f01-80520e7db3cd", "Files.ReadWrite.All", 1),
            new KnownRight("01d4889c-1287-42c6-ac1f-5d1e02578ef6", "Files.Read.All", 1),
            new KnownRight("a82116e5-55eb-4c41-a434-62fe8a61c773", "Sites.FullControl.All", 1),
            new KnownRight("9492366f-7969-46a4-8d15-ed1a20078fff", "Sites.ReadWrite.All", 1),
            new KnownRight("332a536c-c7ef-4017-ab91-336970924f0d", "Sites.Read.All", 1),
            new KnownRight("6b7d71aa-70aa-4810-a8d9-5d9fb2830017", "Chat.Read.All", 1),
            new KnownRight("294ce7c9-31ba-490a-ad7d-97a7d075e4ed", "Chat.ReadWrite.All", 1),
            new KnownRight("7b2449af-6ccd-4f4d-9f78-e550c193f0d1", "ChannelMessage.Read.All", 1),

            // Tier 2: reads of directory metadata and selected-resource permissions.
            new KnownRight("df021288-bdef-4463-88db-98f22de89214", "User.Read.All", 2),
            new KnownRight("7ab1d382-f21e-4acd-a863-ba3e13f7da61", "Directory.Read.All", 2),
            new KnownRight("5b567255-7703-4780-807c-7be8301ae99b", "Group.Read.All", 2),
            new KnownRight("9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30", "Application.Read.All", 2),
            new KnownRight("b0afded3-3588-46d8-8b3d-9842eff778da", "AuditLog.Read.All", 2),
            new KnownRight("883ea226-0bf2-4a8f-9f9d-92c9162a727d", "Sites.Selected", 2),
            new KnownRight("246dd0d5-5bd0-4def-940b-0421030a5b68", "Policy.Read.All", 2),
            new KnownRight("b2b8f011-2898-4234-9092-5059f6c1ebfa", "AgentIdentity.Read.All", 2),
        };

        private static readonly Dictionary<string, KnownRight> GraphAppRolesById =
            GraphAppRoleList.ToDictionary(p => p.Id, StringComparer.OrdinalIgnoreCase);

        private static readonly Dictionary<string, KnownRight> GraphAppRolesByName =
            GraphAppRoleList.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

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

        private static readonly KnownRight[] DirectoryRoleList =
        {
            // Tier 0 (azure-tiering Entra roles): a direct or known path to Global Administrator.
            new KnownRight("62e90394-69f5-4237-9190-012177145e10", "Global Administrator", 0),
            new KnownRight("e8611ab8-c189-46e8-94e1-60213ab1f814", "Privileged Role Administrator", 0),
            new KnownRight("7be44c8a-adaf-4e2a-84d6-ab2649e08a13", "Privileged Authentication Administrator", 0),
            new KnownRight("9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "Application Administrator", 0),
            new KnownRight("158c047a-c907-4556-b7ef-446551a6b5f7", "Cloud Application Administrator", 0),
            new KnownRight("8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2", "Hybrid Identity Administrator", 0),
            new KnownRight("8329153b-31d0-4727-b945-745eb3bc5f31", "Domain Name Administrator", 0),
            new KnownRight("be2f45a1-457d-42af-a067-6ec1fa63bc45", "External Identity Provider Administrator", 0),
            new KnownRight("e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8", "Partner Tier2 Support", 0),
            new KnownRight("3a2c62db-5318-420d-8d74-23affee5d9d5", "Intune Administrator", 0),
            new KnownRight("d2562ede-74db-457e-a7b6-544e236ebb61", "AI Administrator", 0),
            new KnownRight("db506228-d27e-4b7d-95e5-295956d6615f", "Agent ID Administrator", 0),

            // Tier 1: privileged, but the path to the tenant needs more than the role itself.
            new KnownRight("194ae4cb-b126-40b2-bd5b-6091b380977d", "Security Administrator", 1),
            new KnownRight("b1be1c3e-b65d-4f19-8427-f6fa0d97feb9", "Conditional Access Administrator", 1),
            new KnownRight("c4e39bd9-1100-46d3-8c65-fb160da0071f", "Authentication Administrator", 1),
            new KnownRight("fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator", 1),
            new KnownRight("729827e3-9c14-49f7-bb1b-9608f156bbb8", "Helpdesk Administrator", 1),
            new KnownRight("29232cdf-9323-42fd-ade2-1d097af3e4de", "Exchange Administrator", 1),
            new KnownRight("f28a1f50-f6e7-4571-818b-6a12f2af6b6c", "SharePoint Administrator", 1),
            new KnownRight("fdd7a751-b60b-444a-984c-02652fe8fa1c", "Groups Administrator", 1),
            new KnownRight("9360feb5-f418-4baa-8175-e2a00bac4301", "Directory Writers", 1),
            new KnownRight("f2ef992c-3afb-46b9-b7cf-a126ee74c451", "Global Reader", 1),
        };

        private static readonly Dictionary<string, KnownRight> DirectoryRolesById =
            DirectoryRoleList.ToDictionary(p => p.Id, StringComparer.OrdinalIgnoreCase);

        // Names of common non-privileged roles, so reports show a name even without roleDefinitions.
        private static readonly Dictionary<string, string> OtherDirectoryRoleNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["88d8e3e3-8f55-4a1e-953a-9b9898b8876b"] = "Directory Readers",
            ["4a5d8f65-41da-4de4-8968-e035b65339cf"] = "Reports Reader",
            ["adb2368d-a9be-41b5-8667-d96778e081b0"] = "Agent ID Developer",
            ["6b942400-691f-4bf0-9d12-d8a254a2baf5"] = "Agent Registry Administrator",
        };

        /// <summary>Azure roles that grant control of access (or everything) at their scope (azure-tiering tier 0).</summary>
        private static readonly Dictionary<string, string> PrivilegedAzureRoles = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["8e3af657-a8ff-443c-a75c-2fe8c4bcb635"] = "Owner",
            ["b24988ac-6180-42a0-ab88-20f7382dd24c"] = "Contributor",
            ["18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"] = "User Access Administrator",
            ["f58310d9-a9f6-439a-9e8d-f62e7b41a168"] = "Role Based Access Control Administrator",
        };

        /// <summary>Azure data-plane roles that read or write AI grounding data in bulk.</summary>
        private static readonly Dictionary<string, string> DataAzureRoles = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["ba92f5b4-2d11-453d-a403-e96b0029c9fe"] = "Storage Blob Data Contributor",
            ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner",
            ["2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"] = "Storage Blob Data Reader",
            ["8ebe5a00-799e-43f5-93ac-243d3dce84a7"] = "Search Index Data Contributor",
            ["1407120a-92aa-4202-b7e9-c0e197c71c8f"] = "Search Index Data Reader",
            ["4633458b-17de-408a-b874-0445c86b69e6"] = "Key Vault Secrets User",
        };

        private static readonly Dictionary<string, string> OtherAzureRoles = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["acdd72a7-3385-48ef-bd42-f606fba81ae7"] = "Reader",
            ["5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"] = "Cognitive Services OpenAI User",
            ["a001fd3d-188f-4b5d-821b-7da978bf7442"] = "Cognitive Services OpenAI Contributor",
            ["a97b65f3-24c7-4388-baec-2e87135dc908"] = "Cognitive Services User",
            ["64702f94-c441-49e6-a78b-ef80e0188fee"] = "Azure AI Developer",
            ["7ca78c08-252a-4471-8644-bb5ff32d4ba0"] = "Search Service Contributor",
        };

        /// <summary>Every Microsoft Graph application permission the engine knows.</summary>
        public static IReadOnlyList<KnownRight> GraphAppRoles => GraphAppRoleList;

        /// <summary>Every directory role the engine treats as privileged when the tenant does not say.</summary>
        public static IReadOnlyList<KnownRight> PrivilegedDirectoryRoles => DirectoryRoleList;

        /// <summary>A Microsoft Graph app role by id, or null when unknown.</summary>
        public static KnownRight? FindGraphAppRole(string? appRoleId) =>
            appRoleId != null && GraphAppRolesById.TryGetValue(appRoleId, out var role) ? role : null;

        /// <summary>The tier of a Microsoft Graph application permission by name: the table first, then its family.</summary>
        public static int GraphAppRoleTier(string name)
        {
            if (GraphAppRolesByName.TryGetValue(name, out var known))
            {
                return known.Tier;
            }

            return IsBulkDataAppRole(name) ? SensitiveDataTier : LimitedTier;
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

        /// <summary>A built-in directory role treated as privileged, by template id; null when not in the table.</summary>
        public static KnownRight? FindPrivilegedDirectoryRole(string? roleTemplateId) =>
            roleTemplateId != null && DirectoryRolesById.TryGetValue(roleTemplateId, out var role) ? role : null;

        /// <summary>The name of a built-in directory role by template id, or null.</summary>
        public static string? DirectoryRoleName(string? roleTemplateId)
        {
            if (roleTemplateId == null)
            {
                return null;
            }

            return FindPrivilegedDirectoryRole(roleTemplateId)?.Name
                ?? (OtherDirectoryRoleNames.TryGetValue(roleTemplateId, out var name) ? name : null);
        }

        /// <summary>The name of a built-in Azure role by its definition GUID, or null.</summary>
        public static string? AzureRoleName(string roleDefinitionGuid) =>
            PrivilegedAzureRoles.TryGetValue(roleDefinitionGuid, out var name) ? name
            : DataAzureRoles.TryGetValue(roleDefinitionGuid, out name) ? name
            : OtherAzureRoles.TryGetValue(roleDefinitionGuid, out name) ? name
            : null;

        /// <summary>
        /// The tier of an Azure role assignment: a privileged role at subscription, management group or root scope is
        /// tier 0 (it controls every resource and identity below), at a narrower scope tier 1; a data role over a
        /// subscription or wider is tier 1; anything else tier 2.
        /// </summary>
        public static int AzureRoleTier(string roleDefinitionGuid, string scope)
        {
            var broad = IsSubscriptionOrWiderScope(scope);
            if (PrivilegedAzureRoles.ContainsKey(roleDefinitionGuid))
            {
                return broad ? TakeoverTier : SensitiveDataTier;
            }

            return DataAzureRoles.ContainsKey(roleDefinitionGuid) && broad ? SensitiveDataTier : LimitedTier;
        }

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
