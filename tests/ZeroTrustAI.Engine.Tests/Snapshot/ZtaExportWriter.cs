using System.Text.Json;
using System.Text.Json.Nodes;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Tests.Snapshot;

/// <summary>
/// Writes a snapshot's Graph data as Microsoft's Zero Trust Assessment 2.6 writes its export: zt-export/&lt;Entity&gt;/
/// &lt;Entity&gt;-&lt;n&gt;.json pages, service principals with their relations inline (app role assignments expanded, so
/// always an array; delegated grants and owners fetched per object and assigned as PowerShell unrolls them: null, one
/// object or an array), sponsors expanded with only their id, role assignment principals cut to type, id and name,
/// ztConfig.json marking each entity done and the report JSON naming the tenant.
/// </summary>
public static class ZtaExportWriter
{
    public const int PageSize = 10;
    public const string ExecutedAt = "2026-11-21T10:15:00+00:00";

    public static void Write(TenantSnapshot snapshot, string outputFolder)
    {
        var export = Path.Combine(outputFolder, "zt-export");
        var done = new JsonObject();

        JsonObject Item(JsonElement e) => JsonNode.Parse(e.GetRawText())!.AsObject();
        List<JsonObject> Items(string set) => snapshot.GraphItems(set).Select(Item).ToList();

        var assignments = Items(GraphSetNames.AppRoleAssignments);
        var grants = Items(GraphSetNames.OAuth2PermissionGrants);
        var owners = Items(GraphSetNames.ServicePrincipalOwners);

        // GET /servicePrincipals lists agent identities and blueprint principals too; its $select has no sponsors.
        var principals = Items(GraphSetNames.ServicePrincipals)
            .Concat(Items(GraphSetNames.AgentIdentities))
            .Concat(Items(GraphSetNames.AgentBlueprintPrincipals))
            .ToList();
        foreach (var principal in principals)
        {
            principal.Remove("sponsors");
            var id = principal["id"]!.GetValue<string>();
            principal["appRoleAssignments"] = new JsonArray(assignments.Where(a => Is(a, "principalId", id)).Select(a => (JsonNode)a.DeepClone()).ToArray());
            principal["oauth2PermissionGrants"] = Unrolled(grants.Where(g => Is(g, "clientId", id)));
            principal["owners"] = Unrolled(owners.Where(o => Is(o, "ownedObjectId", id)).Select(o =>
            {
                var owner = (JsonObject)o.DeepClone();
                owner.Remove("ownedObjectId");
                return owner;
            }));
        }

        WritePages(export, "ServicePrincipal", principals, context: null, done);
        WritePages(export, "Application", Items(GraphSetNames.Applications), "applications", done);
        WritePages(export, "AgentIdentity", WithSponsorIds(Items(GraphSetNames.AgentIdentities)), "servicePrincipals/microsoft.graph.agentIdentity", done);
        WritePages(export, "AgentIdentityBlueprint", WithSponsorIds(Items(GraphSetNames.AgentBlueprints)), "applications/microsoft.graph.agentIdentityBlueprint", done);
        WritePages(export, "AgentIdentityBlueprintPrincipal", WithSponsorIds(Items(GraphSetNames.AgentBlueprintPrincipals)), "servicePrincipals/microsoft.graph.agentIdentityBlueprintPrincipal", done);
        WritePages(export, "RoleDefinition", Items(GraphSetNames.RoleDefinitions), "roleManagement/directory/roleDefinitions", done);
        var roleAssignments = Items(GraphSetNames.RoleAssignments);
        foreach (var assignment in roleAssignments)
        {
            if (assignment["principal"] is JsonObject principal)
            {
                assignment["principal"] = new JsonObject
                {
                    ["@odata.type"] = principal["@odata.type"]?.DeepClone(),
                    ["id"] = principal["id"]?.DeepClone(),
                    ["displayName"] = principal["displayName"]?.DeepClone(),
                };
            }
        }

        WritePages(export, "RoleAssignment", roleAssignments, "roleManagement/directory/roleAssignments", done);
        done["Pillar"] = "All";
        File.WriteAllText(Path.Combine(export, ZtaExportLayout.ConfigFileName), done.ToJsonString());

        var report = new JsonObject
        {
            ["ExecutedAt"] = ExecutedAt,
            ["TenantId"] = snapshot.TenantId,
            ["TenantName"] = snapshot.TenantName,
            ["Domain"] = "contoso.onmicrosoft.com",
            ["Account"] = "admin@contoso.onmicrosoft.com",
            ["CurrentVersion"] = "2.6.0",
            ["LatestVersion"] = "2.6.0",
            ["TestResultSummary"] = new JsonObject(),
            ["Tests"] = new JsonArray(),
            ["TenantInfo"] = new JsonObject(),
            ["EndOfJson"] = "EndOfJson",
        };
        File.WriteAllText(Path.Combine(export, ZtaExportLayout.ReportFileName), report.ToJsonString());
    }

    /// <summary>A relation's response as PowerShell assigns it: nothing is null, one item is the item itself.</summary>
    public static JsonNode? Unrolled(IEnumerable<JsonObject> items)
    {
        var list = items.Select(i => (JsonNode)i.DeepClone()).ToList();
        return list.Count switch
        {
            0 => null,
            1 => list[0],
            _ => new JsonArray(list.ToArray()),
        };
    }

    private static bool Is(JsonObject item, string property, string value) => item[property]?.GetValue<string>() == value;

    private static List<JsonObject> WithSponsorIds(List<JsonObject> items)
    {
        foreach (var item in items)
        {
            if (item["sponsors"] is JsonArray sponsors)
            {
                item["sponsors"] = new JsonArray(sponsors.Select(s => (JsonNode)new JsonObject
                {
                    ["@odata.type"] = s?["@odata.type"]?.DeepClone(),
                    ["id"] = s?["id"]?.DeepClone(),
                }).ToArray());
            }
        }

        return items;
    }

    /// <summary>
    /// One file per page, n from 0. Entities with per-object relations are written as {"value": [...]} only; the others
    /// as the Graph response ("@odata.context", "value", "@odata.nextLink" on all but the last).
    /// </summary>
    private static void WritePages(string export, string entity, List<JsonObject> items, string? context, JsonObject done)
    {
        var folder = Path.Combine(export, entity);
        Directory.CreateDirectory(folder);
        var pages = Math.Max(1, (items.Count + PageSize - 1) / PageSize);
        for (var page = 0; page < pages; page++)
        {
            var value = new JsonArray(items.Skip(page * PageSize).Take(PageSize).Select(i => (JsonNode)i.DeepClone()).ToArray());
            var response = new JsonObject();
            if (context != null)
            {
                response["@odata.context"] = $"https://graph.microsoft.com/beta/$metadata#{context.Replace('/', '.')}";
            }

            response["value"] = value;
            if (context != null && page < pages - 1)
            {
                response["@odata.nextLink"] = $"https://graph.microsoft.com/beta/{context}?$skiptoken={page + 1}";
            }

            File.WriteAllText(Path.Combine(folder, $"{entity}-{page}.json"), response.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }

        done[entity] = true;
    }
}
