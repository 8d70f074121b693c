using System;
using System.Collections.Generic;
using ZeroTrustAI.Engine.Graph;

namespace ZeroTrustAI.Engine.Snapshot.Compact
{
    /// <summary>
    /// The Graph sets held as compact records, with the properties the collector selects for them
    /// (Collection/GraphSelectCatalog.cs). These are the sets that grow to millions of objects in a large tenant.
    /// </summary>
    internal static class CompactSchemas
    {
        /// <summary>
        /// Also the properties Graph returns without <c>$select</c> (createdDateTime, deletedDateTime, principalDisplayName,
        /// principalType): a snapshot written by another tool has them on each of its millions of assignments, which
        /// would otherwise keep every assignment as JSON. Added after the selected ones, whose field numbers stay.
        /// </summary>
        public static readonly RecordSchema AppRoleAssignment =
            new RecordSchema(
                "id",
                new[] { "createdDateTime", "deletedDateTime" },
                new[] { "principalId" },
                new[] { ("resourceDisplayName", "resourceId") },
                "id", "appRoleId", "principalId", "resourceId", "resourceDisplayName", "createdDateTime", "deletedDateTime", "principalDisplayName", "principalType");

        public static readonly RecordSchema OAuth2PermissionGrant =
            new RecordSchema("id", Array.Empty<string>(), new[] { "clientId", "resourceId", "principalId" }, "id", "clientId", "consentType", "principalId", "resourceId", "scope");

        public static readonly RecordSchema Owner =
            new RecordSchema(null, "@odata.type", "id", "displayName", "userPrincipalName", "userType", "ownedObjectId");

        private static readonly Dictionary<string, RecordSchema> BySet = new Dictionary<string, RecordSchema>(StringComparer.OrdinalIgnoreCase)
        {
            [GraphSetNames.AppRoleAssignments] = AppRoleAssignment,
            [GraphSetNames.OAuth2PermissionGrants] = OAuth2PermissionGrant,
            [GraphSetNames.ServicePrincipalOwners] = Owner,
            [GraphSetNames.ApplicationOwners] = Owner,
        };

        public static RecordSchema? Find(string setName) => BySet.TryGetValue(setName, out var schema) ? schema : null;
    }
}
