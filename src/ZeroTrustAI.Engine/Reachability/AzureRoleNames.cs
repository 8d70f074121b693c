using System;
using System.Collections.Generic;

namespace ZeroTrustAI.Engine.Reachability
{
    /// <summary>Built-in Azure role definition ids (the GUID after /roleDefinitions/) that reasons name in words.</summary>
    public static class AzureRoleNames
    {
        private static readonly Dictionary<string, string> Names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["8e3af657-a8ff-443c-a75c-2fe8c4bcb635"] = "Owner",
            ["b24988ac-6180-42a0-ab88-20f7382dd24c"] = "Contributor",
            ["acdd72a7-3385-48ef-bd42-f606fba81ae7"] = "Reader",
            ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner",
            ["ba92f5b4-2d11-453d-a403-e96b0029c9fe"] = "Storage Blob Data Contributor",
            ["2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"] = "Storage Blob Data Reader",
            ["17d1049b-9a84-46fb-8f53-869881c3d3ab"] = "Storage Account Contributor",
            ["00482a5a-887f-4fb3-b363-3b7fe8e74483"] = "Key Vault Administrator",
            ["b86a8fe4-44ce-4948-aee5-eccb2c155cd7"] = "Key Vault Secrets Officer",
            ["4633458b-17de-408a-b874-0445c86b69e6"] = "Key Vault Secrets User",
            ["8ebe5a00-799e-43f5-93ac-243d3dce84a7"] = "Search Index Data Contributor",
            ["1407120a-92aa-4202-b7e9-c0e197c71c8f"] = "Search Index Data Reader",
        };

        /// <summary>
        /// Roles that give full control of a store's data, or of the store itself (and so its keys): more than an AI
        /// workload that reads grounding data or writes its own outputs needs.
        /// </summary>
        public static readonly IReadOnlyCollection<string> BroadDataRoles = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
            "b24988ac-6180-42a0-ab88-20f7382dd24c",
            "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
            "17d1049b-9a84-46fb-8f53-869881c3d3ab",
            "00482a5a-887f-4fb3-b363-3b7fe8e74483",
        };

        /// <summary>The built-in role's name, or the id itself for a role this table does not name (custom roles).</summary>
        public static string NameOf(string roleDefinitionId) =>
            Names.TryGetValue(roleDefinitionId, out var name) ? name : "role " + roleDefinitionId;
    }
}
