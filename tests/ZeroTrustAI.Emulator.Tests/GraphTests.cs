using System.Net;
using System.Text.Json;

namespace ZeroTrustAI.Emulator.Tests;

public sealed class GraphTests : EmulatorTestBase
{
    protected override EmulatorOptions CreateOptions() => new() { GraphPageSize = 7 };

    [Fact]
    public async Task Paging_returns_every_service_principal_once_across_pages()
    {
        var expected = SnapshotItems("graph/servicePrincipals.json").Select(Id).ToList();

        var (items, pages) = await GetAllPagesAsync(Graph("/v1.0/servicePrincipals"));

        var ids = items.Select(Id).ToList();
        Assert.Equal(expected.Count, ids.Count);
        Assert.Equal(expected.OrderBy(i => i), ids.OrderBy(i => i));
        Assert.Equal((expected.Count + 6) / 7, pages);
        Assert.True(pages > 1, "The sample must span several pages for this test to mean anything.");
        Assert.Equal(pages, Emulator.RequestLog.Count("GET", "/v1.0/servicePrincipals"));
    }

    [Fact]
    public async Task Next_links_carry_an_opaque_skiptoken_and_keep_the_other_options()
    {
        var (_, body) = await GetJsonAsync(Graph("/beta/servicePrincipals?$select=displayName&$top=3"));

        var next = body.GetProperty("@odata.nextLink").GetString()!;
        Assert.StartsWith(Emulator.GraphBaseUri + "beta/servicePrincipals?", next, StringComparison.Ordinal);
        Assert.Contains("$skiptoken=", next, StringComparison.Ordinal);
        Assert.Contains("$select=displayName", next, StringComparison.Ordinal);
        var (_, second) = await GetJsonAsync(new Uri(next));
        Assert.Equal(3, second.GetProperty("value").GetArrayLength());
        Assert.All(second.GetProperty("value").EnumerateArray(), o => Assert.Equal(new[] { "id", "displayName" }, o.EnumerateObject().Select(p => p.Name)));
    }

    [Fact]
    public async Task A_next_link_still_works_on_a_restarted_emulator()
    {
        var (_, first) = await GetJsonAsync(Graph("/v1.0/servicePrincipals"));
        var next = new Uri(first.GetProperty("@odata.nextLink").GetString()!);
        var (_, expected) = await GetJsonAsync(next);

        await using var restarted = await EmulatorHost.StartAsync(SampleTenantPath, new EmulatorOptions { GraphPageSize = 7 });
        var (response, replayed) = await GetJsonAsync(new Uri(restarted.GraphBaseUri, next.PathAndQuery));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected.GetProperty("value").EnumerateArray().Select(Id), replayed.GetProperty("value").EnumerateArray().Select(Id));
    }

    [Fact]
    public async Task Top_sets_the_page_size_up_to_999()
    {
        var (items, pages) = await GetAllPagesAsync(Graph("/v1.0/servicePrincipals?$top=999"));
        Assert.Equal(1, pages);
        Assert.Equal(SnapshotItems("graph/servicePrincipals.json").Count, items.Count);

        var (tooMany, error) = await GetJsonAsync(Graph("/v1.0/servicePrincipals?$top=1000"));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("999", error.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_skiptoken_from_another_set_or_a_made_up_one_is_refused()
    {
        var (_, page) = await GetJsonAsync(Graph("/v1.0/servicePrincipals"));
        var token = Uri.UnescapeDataString(page.GetProperty("@odata.nextLink").GetString()!.Split("skiptoken=")[1]);

        var (otherSet, _) = await GetJsonAsync(Graph("/v1.0/applications?$skiptoken=" + Uri.EscapeDataString(token)));
        var (madeUp, _) = await GetJsonAsync(Graph("/v1.0/servicePrincipals?$skiptoken=abc"));

        Assert.Equal(HttpStatusCode.BadRequest, otherSet.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, madeUp.StatusCode);
    }

    [Theory]
    [InlineData("/beta/servicePrincipals/microsoft.graph.agentIdentity", "graph/servicePrincipals.microsoft.graph.agentIdentity.json")]
    [InlineData("/v1.0/servicePrincipals/microsoft.graph.agentIdentityBlueprintPrincipal", "graph/servicePrincipals.microsoft.graph.agentIdentityBlueprintPrincipal.json")]
    [InlineData("/beta/applications/microsoft.graph.agentIdentityBlueprint", "graph/applications.microsoft.graph.agentIdentityBlueprint.json")]
    [InlineData("/v1.0/roleManagement/directory/roleDefinitions", "graph/roleManagement.directory.roleDefinitions.json")]
    [InlineData("/beta/identity/conditionalAccess/policies", "graph/identity.conditionalAccess.policies.json")]
    [InlineData("/v1.0/organization", "graph/organization.json")]
    public async Task Every_set_is_served_at_the_path_its_file_name_encodes(string path, string file)
    {
        var (items, _) = await GetAllPagesAsync(Graph(path));

        Assert.Equal(SnapshotItems(file).Select(Id).OrderBy(i => i), items.Select(Id).OrderBy(i => i));
    }

    [Fact]
    public async Task The_route_table_is_built_from_the_snapshot_set_names()
    {
        Assert.Contains("/servicePrincipals/microsoft.graph.agentIdentity", Emulator.GraphSetPaths);
        Assert.Contains("/roleManagement/directory/roleAssignments", Emulator.GraphSetPaths);
        Assert.DoesNotContain("/servicePrincipals/owners", Emulator.GraphSetPaths);
    }

    [Fact]
    public async Task An_unknown_set_is_404_with_a_Graph_error_body()
    {
        var (response, body) = await GetJsonAsync(Graph("/v1.0/identityGovernance/lifecycleWorkflows/workflows"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Request_ResourceNotFound", body.GetProperty("error").GetProperty("code").GetString());
        Assert.True(body.GetProperty("error").GetProperty("innerError").TryGetProperty("request-id", out _));
    }

    [Fact]
    public async Task Select_keeps_only_the_named_properties_plus_id_and_odata_type_ignoring_case()
    {
        var (_, body) = await GetJsonAsync(Graph("/beta/servicePrincipals/microsoft.graph.agentIdentity?$select=DISPLAYNAME,accountEnabled"));

        var objects = body.GetProperty("value").EnumerateArray().ToList();
        Assert.NotEmpty(objects);
        Assert.All(objects, o => Assert.Equal(
            new[] { "@odata.type", "accountEnabled", "displayName", "id" },
            o.EnumerateObject().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal)));
    }

    [Fact]
    public async Task Filter_supports_the_collector_forms()
    {
        var principals = SnapshotItems("graph/servicePrincipals.json");
        var managed = principals.Where(p => p.GetProperty("servicePrincipalType").GetString() == "ManagedIdentity").Select(Id).ToList();
        var grants = SnapshotItems("graph/oauth2PermissionGrants.json").Where(g => g.GetProperty("consentType").GetString() == "AllPrincipals").Select(Id).ToList();
        var agentic = SnapshotItems("graph/applications.json").Where(a => a.TryGetProperty("tags", out var tags) && tags.EnumerateArray().Any(t => t.GetString() == "AgenticApp")).Select(Id).ToList();
        Assert.NotEmpty(managed);
        Assert.NotEmpty(grants);
        Assert.NotEmpty(agentic);

        var (managedItems, _) = await GetAllPagesAsync(Graph("/v1.0/servicePrincipals?$filter=" + Uri.EscapeDataString("servicePrincipalType eq 'ManagedIdentity'")));
        var (grantItems, _) = await GetAllPagesAsync(Graph("/v1.0/oauth2PermissionGrants?$filter=" + Uri.EscapeDataString("consentType eq 'AllPrincipals'")));
        var (agenticItems, _) = await GetAllPagesAsync(Graph("/beta/applications?$filter=" + Uri.EscapeDataString("tags/any(t:t eq 'AgenticApp')")));

        Assert.Equal(managed, managedItems.Select(Id));
        Assert.Equal(grants, grantItems.Select(Id));
        Assert.Equal(agentic, agenticItems.Select(Id));
    }

    [Fact]
    public async Task The_audit_log_is_filtered_by_time_window_and_activity_names()
    {
        // The sample's grants are on 2026-11-10 and 2026-11-17: a window from 2026-11-15 keeps only the later one.
        var filter = "activityDateTime ge 2026-11-15T00:00:00Z and (activityDisplayName eq 'Consent to application' or activityDisplayName eq 'Add app role assignment to service principal')";
        var (items, _) = await GetAllPagesAsync(Graph("/v1.0/auditLogs/directoryAudits?$filter=" + Uri.EscapeDataString(filter)));
        var item = Assert.Single(items);
        Assert.Equal("2026-11-17T09:30:00Z", item.GetProperty("activityDateTime").GetString());

        var (none, _) = await GetAllPagesAsync(Graph("/v1.0/auditLogs/directoryAudits?$filter=" + Uri.EscapeDataString("activityDateTime ge 2026-11-15T00:00:00Z and (activityDisplayName eq 'Consent to application')")));
        Assert.Empty(none);
    }

    [Fact]
    public async Task Filter_forms_the_emulator_does_not_implement_are_400()
    {
        var (response, body) = await GetJsonAsync(Graph("/v1.0/servicePrincipals?$filter=" + Uri.EscapeDataString("startswith(displayName,'Contoso')")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("filter", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Expand_inlines_relations_from_the_separate_sets_and_sponsors_only_when_asked()
    {
        var assignments = SnapshotItems("graph/servicePrincipals.appRoleAssignments.json");
        var principals = SnapshotItems("graph/servicePrincipals.json").Select(Id).ToHashSet();
        var assigned = assignments.GroupBy(a => a.GetProperty("principalId").GetString()!).First(g => g.Count() > 1 && principals.Contains(g.Key));

        var (items, _) = await GetAllPagesAsync(Graph("/beta/servicePrincipals?$expand=appRoleAssignments&$top=999"));
        var withAssignments = items.Single(i => Id(i) == assigned.Key);
        Assert.Equal(assigned.Select(Id).OrderBy(i => i), withAssignments.GetProperty("appRoleAssignments").EnumerateArray().Select(Id).OrderBy(i => i));

        var (plain, _) = await GetAllPagesAsync(Graph("/beta/servicePrincipals/microsoft.graph.agentIdentity"));
        Assert.All(plain, a => Assert.False(a.TryGetProperty("sponsors", out _)));

        var (expanded, _) = await GetAllPagesAsync(Graph("/beta/servicePrincipals/microsoft.graph.agentIdentity?$expand=sponsors($select=id)"));
        var source = SnapshotItems("graph/servicePrincipals.microsoft.graph.agentIdentity.json");
        Assert.All(expanded, agent =>
        {
            var sponsors = agent.GetProperty("sponsors").EnumerateArray().ToList();
            var expectedSponsors = source.Single(s => Id(s) == Id(agent)).GetProperty("sponsors").EnumerateArray().Select(Id);
            Assert.Equal(expectedSponsors, sponsors.Select(Id));
            Assert.All(sponsors, s => Assert.All(s.EnumerateObject(), p => Assert.Contains(p.Name, new[] { "id", "@odata.type" })));
        });
    }

    [Fact]
    public async Task Per_object_relations_come_from_the_separate_sets_without_the_snapshot_annotation()
    {
        var owners = SnapshotItems("graph/servicePrincipals.owners.json");
        var owned = owners.GroupBy(o => o.GetProperty("ownedObjectId").GetString()!).First();
        var grant = SnapshotItems("graph/oauth2PermissionGrants.json").First();
        var clientId = grant.GetProperty("clientId").GetString()!;
        var application = Id(SnapshotItems("graph/applications.json").First());

        var (ownerItems, _) = await GetAllPagesAsync(Graph($"/v1.0/servicePrincipals/{owned.Key}/owners"));
        var (grantItems, _) = await GetAllPagesAsync(Graph($"/v1.0/servicePrincipals/{clientId}/oauth2PermissionGrants"));
        var (appOwners, _) = await GetAllPagesAsync(Graph($"/v1.0/applications/{application}/owners"));
        var (missing, _) = await GetJsonAsync(Graph("/v1.0/servicePrincipals/00000000-0000-0000-0000-000000000000/owners"));

        Assert.Equal(owned.Select(Id), ownerItems.Select(Id));
        Assert.All(ownerItems, o => Assert.False(o.TryGetProperty("ownedObjectId", out _)));
        Assert.Contains(Id(grant), grantItems.Select(Id));
        Assert.All(grantItems, g => Assert.Equal(clientId, g.GetProperty("clientId").GetString()));
        Assert.Empty(appOwners);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(1, Emulator.RequestLog.Count("GET", "/v1.0/servicePrincipals/{id}/oauth2PermissionGrants"));
    }

    [Fact]
    public async Task Batch_answers_each_GET_and_logs_them_as_batched()
    {
        var agent = Id(SnapshotItems("graph/servicePrincipals.microsoft.graph.agentIdentity.json").First());
        var (response, body) = await PostJsonAsync(Graph("/beta/$batch"), new
        {
            requests = new object[]
            {
                new { id = "1", method = "GET", url = $"/servicePrincipals/{agent}/owners?$select=id" },
                new { id = "2", method = "GET", url = "organization" },
                new { id = "3", method = "GET", url = "/nothingHere" },
            },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var responses = body.GetProperty("responses").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!);
        Assert.Equal(200, responses["1"].GetProperty("status").GetInt32());
        Assert.NotEmpty(responses["1"].GetProperty("body").GetProperty("value").EnumerateArray());
        Assert.Equal(200, responses["2"].GetProperty("status").GetInt32());
        Assert.Equal(404, responses["3"].GetProperty("status").GetInt32());
        Assert.Equal(1, Emulator.RequestLog.Count("POST", "/beta/$batch"));
        Assert.Equal(0, Emulator.RequestLog.Count("GET", "/beta/servicePrincipals/{id}/owners"));
        Assert.Equal(1, Emulator.RequestLog.Count("GET", "/beta/servicePrincipals/{id}/owners", includeBatched: true));
    }

    [Fact]
    public async Task Batch_rejects_non_GET_inner_requests_and_more_than_20()
    {
        var (post, postBody) = await PostJsonAsync(Graph("/v1.0/$batch"), new
        {
            requests = new object[]
            {
                new { id = "1", method = "GET", url = "/organization" },
                new { id = "2", method = "POST", url = "/servicePrincipals", body = new { displayName = "x" }, headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" } },
            },
        });
        var (tooMany, _) = await PostJsonAsync(Graph("/v1.0/$batch"), new
        {
            requests = Enumerable.Range(1, 21).Select(i => new { id = i.ToString(System.Globalization.CultureInfo.InvariantCulture), method = "GET", url = "/organization" }).ToArray(),
        });

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Contains("POST", postBody.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal(0, Emulator.RequestLog.Count("GET", "/v1.0/organization", includeBatched: true));
    }

    [Fact]
    public async Task Writes_are_refused()
    {
        using var content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        var response = await Client.PostAsync(Graph("/v1.0/servicePrincipals"), content);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("POST", Emulator.RequestLog.Methods);
    }
}
