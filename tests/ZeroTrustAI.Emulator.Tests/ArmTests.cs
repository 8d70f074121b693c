using System.Net;
using System.Security.Authentication;
using System.Text.Json;

namespace ZeroTrustAI.Emulator.Tests;

public sealed class ArmTests : EmulatorTestBase
{
    private const string ApiVersion = "api-version=2024-10-01";
    private const string ProdSubscription = "b1e0d1a2-0001-4c3b-9a7e-100000000001";
    private const string DevSubscription = "b1e0d1a2-0002-4c3b-9a7e-100000000002";
    private const string OpenAiAccount = "/subscriptions/b1e0d1a2-0001-4c3b-9a7e-100000000001/resourceGroups/rg-ai-prod/providers/Microsoft.CognitiveServices/accounts/oai-contoso-prod";

    protected override EmulatorOptions CreateOptions() => new() { ArmPageSize = 1 };

    [Fact]
    public async Task Subscriptions_are_served_over_https_to_a_client_that_trusts_the_run_certificate()
    {
        var (items, pages) = await GetAllPagesAsync(Arm("/subscriptions?api-version=2022-12-01"));

        Assert.Equal(new[] { ProdSubscription, DevSubscription }, items.Select(s => s.GetProperty("subscriptionId").GetString()));
        Assert.Equal(2, pages);
        Assert.Equal("https", Emulator.ArmBaseUri.Scheme);
        Assert.Equal(2, Emulator.RequestLog.Count("GET", "/subscriptions"));
    }

    [Fact]
    public async Task A_default_handler_does_not_trust_the_emulator_certificate()
    {
        var client = NewClient(new HttpClientHandler());

        var exception = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(Arm("/subscriptions?" + ApiVersion)));

        Assert.IsType<AuthenticationException>(exception.InnerException);
    }

    [Fact]
    public async Task A_handler_trusting_another_run_certificate_is_refused_too()
    {
        await using var other = await EmulatorHost.StartAsync(SampleTenantPath);
        var client = NewClient(other.CreateTrustingHandler());

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(Arm("/subscriptions?" + ApiVersion)));
        Assert.NotEqual(other.ServerCertificate.Thumbprint, Emulator.ServerCertificate.Thumbprint);
        Assert.Contains(Emulator.ServerCertificate.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509SubjectAlternativeNameExtension>().Single().EnumerateIPAddresses(), ip => IPAddress.IsLoopback(ip));
    }

    [Fact]
    public async Task Any_resource_id_is_served_ignoring_case_in_ARM_shape()
    {
        const string storage = "/subscriptions/b1e0d1a2-0001-4c3b-9a7e-100000000001/resourceGroups/rg-data-prod/providers/Microsoft.Storage/storageAccounts/stcontosoragdocs";

        var (account, accountBody) = await GetJsonAsync(Arm(OpenAiAccount.ToUpperInvariant() + "?" + ApiVersion));
        var (_, storageBody) = await GetJsonAsync(Arm(storage + "?" + ApiVersion));

        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
        Assert.Equal(OpenAiAccount, accountBody.GetProperty("id").GetString());
        Assert.False(accountBody.TryGetProperty("resources", out _), "Nested children have their own URLs.");
        // The sample stores storage accounts in Get-AzResource's PascalCase shape; ARM answers camelCase.
        Assert.Equal(storage, storageBody.GetProperty("id").GetString());
        Assert.Equal("Microsoft.Storage/storageAccounts", storageBody.GetProperty("type").GetString());
        Assert.Equal("Disabled", storageBody.GetProperty("properties").GetProperty("publicNetworkAccess").GetString());
        Assert.False(storageBody.TryGetProperty("ResourceId", out _));
    }

    /// <summary>The sample's Defender pricings of a subscription, in snapshot order (files read by name).</summary>
    private static IEnumerable<JsonElement> SamplePricings(string subscription) =>
        new[] { "arm/defender.json", "arm/sentinel2.json" }
            .SelectMany(SnapshotItems)
            .Where(p => string.Equals(p.GetProperty("type").GetString(), "microsoft.security/pricings", StringComparison.OrdinalIgnoreCase)
                        && p.TryGetProperty("subscriptionId", out var id) && id.GetString() == subscription);

    [Fact]
    public async Task Child_and_extension_collections_list_their_members()
    {
        var (deployments, _) = await GetAllPagesAsync(Arm(OpenAiAccount + "/deployments?" + ApiVersion));
        var (raiPolicies, _) = await GetAllPagesAsync(Arm(OpenAiAccount + "/raiPolicies?" + ApiVersion));
        var (diagnostics, _) = await GetAllPagesAsync(Arm(OpenAiAccount + "/providers/Microsoft.Insights/diagnosticSettings?" + ApiVersion));
        var (pricings, _) = await GetAllPagesAsync(Arm($"/subscriptions/{DevSubscription}/providers/Microsoft.Security/pricings?" + ApiVersion));
        var noDiagnostics = "/subscriptions/b1e0d1a2-0002-4c3b-9a7e-100000000002/resourceGroups/rg-ai-dev/providers/Microsoft.CognitiveServices/accounts/ais-contoso-dev/providers/Microsoft.Insights/diagnosticSettings";
        var (empty, emptyBody) = await GetJsonAsync(Arm(noDiagnostics + "?" + ApiVersion));

        Assert.Equal(new[] { "gpt-4o", "text-embedding-3-large" }, deployments.Select(d => d.GetProperty("name").GetString()).Order());
        Assert.Equal(new[] { "cf-contoso-strict" }, raiPolicies.Select(d => d.GetProperty("name").GetString()));
        // A diagnostic setting nested without an id gets ARM's extension-resource id.
        Assert.Equal(OpenAiAccount + "/providers/Microsoft.Insights/diagnosticSettings/diag-to-law-contoso-prod", Id(Assert.Single(diagnostics)));
        var expectedPricings = SamplePricings(DevSubscription).Select(Id);
        Assert.Equal(expectedPricings, pricings.Select(Id));
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Equal(0, emptyBody.GetProperty("value").GetArrayLength());
    }

    [Fact]
    public async Task Provider_metadata_lists_the_namespace_types_for_api_version_discovery()
    {
        var (response, body) = await GetJsonAsync(Arm($"/subscriptions/{ProdSubscription}/providers/microsoft.cognitiveservices?api-version=2022-09-01"));
        var (unknown, _) = await GetJsonAsync(Arm($"/subscriptions/{ProdSubscription}/providers/Microsoft.Nothing?api-version=2022-09-01"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Microsoft.CognitiveServices", body.GetProperty("namespace").GetString());
        var types = body.GetProperty("resourceTypes").EnumerateArray().ToDictionary(t => t.GetProperty("resourceType").GetString()!);
        Assert.Contains("accounts", types.Keys);
        Assert.Contains("accounts/deployments", types.Keys);
        Assert.NotEmpty(types["accounts"].GetProperty("apiVersions").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Unknown_resources_are_404_unknown_types_and_a_missing_api_version_400()
    {
        var (missing, missingBody) = await GetJsonAsync(Arm("/subscriptions/b1e0d1a2-0001-4c3b-9a7e-100000000001/resourceGroups/rg-none/providers/Microsoft.KeyVault/vaults/kv-none?" + ApiVersion));
        var (noVersion, noVersionBody) = await GetJsonAsync(Arm(OpenAiAccount));

        var (typo, typoBody) = await GetJsonAsync(Arm(OpenAiAccount + "/deploymentz?" + ApiVersion));

        Assert.Equal(HttpStatusCode.BadRequest, typo.StatusCode);
        Assert.Equal("InvalidResourceType", typoBody.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("ResourceNotFound", missingBody.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, noVersion.StatusCode);
        Assert.Equal("MissingApiVersionParameter", noVersionBody.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Resource_Graph_pages_with_skipToken_and_returns_every_row_once()
    {
        const string query = "resources | where type in~ ('microsoft.cognitiveservices/accounts', 'Microsoft.Search/searchServices', 'microsoft.storage/storageaccounts') | project id, name, type, properties";
        var rows = new List<JsonElement>();
        string? skipToken = null;
        var pages = 0;
        int? total = null;
        do
        {
            var (response, body) = await PostJsonAsync(
                Arm("/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01"),
                new { subscriptions = new[] { ProdSubscription, DevSubscription }, query, options = new Dictionary<string, object?> { ["$top"] = 2, ["$skipToken"] = skipToken } });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            pages++;
            total ??= body.GetProperty("totalRecords").GetInt32();
            Assert.Equal(body.GetProperty("data").GetArrayLength(), body.GetProperty("count").GetInt32());
            rows.AddRange(body.GetProperty("data").EnumerateArray());
            skipToken = body.TryGetProperty("$skipToken", out var token) ? token.GetString() : null;
        }
        while (skipToken != null);

        var wanted = new[] { "microsoft.cognitiveservices/accounts", "microsoft.search/searchservices", "microsoft.storage/storageaccounts" };
        // Every arm/ file of the sample, so objects added in a new file are expected too; extension resources (a role
        // assignment or Sentinel setting on a resource) are not Resource Graph rows.
        var expected = Directory.EnumerateFiles(Path.Combine(SampleTenantPath, "arm"), "*.json").SelectMany(f => SnapshotItems(Path.Combine("arm", Path.GetFileName(f))))
            .Select(r => r.TryGetProperty("id", out var id) ? id.GetString()! : r.GetProperty("ResourceId").GetString()!)
            .Where(id => id.Split("/providers/").Length == 2)
            .Where(id => TopLevelType(id) is { } type && wanted.Contains(type))
            .ToList();
        Assert.Equal(expected.Count, total);
        Assert.Equal(expected.Order(), rows.Select(Id).Order());
        Assert.Equal((expected.Count + 1) / 2, pages);
        Assert.All(rows, r => Assert.Equal(r.GetProperty("type").GetString()!.ToLowerInvariant(), r.GetProperty("type").GetString()));
        Assert.DoesNotContain(rows, r => r.GetProperty("type").GetString()!.EndsWith("/deployments", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resource_Graph_serves_role_assignments_and_pricings_filtered_by_subscription()
    {
        var uri = Arm("/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01");
        var (_, assignments) = await PostJsonAsync(uri, new { subscriptions = new[] { ProdSubscription, DevSubscription }, query = "authorizationresources | where type =~ 'microsoft.authorization/roleassignments'" });
        var (_, pricings) = await PostJsonAsync(uri, new { subscriptions = new[] { DevSubscription }, query = "securityresources | where type =~ 'microsoft.security/pricings' | project id, name, properties" });

        var sampleAssignments = SnapshotItems("arm/roleAssignments.json")
            .Concat(SnapshotItems("arm/data-depth.json").Where(r => r.GetProperty("type").GetString() == "Microsoft.Authorization/roleAssignments"));
        Assert.Equal(sampleAssignments.Select(Id).Order(StringComparer.OrdinalIgnoreCase), assignments.GetProperty("data").EnumerateArray().Select(Id).Order(StringComparer.OrdinalIgnoreCase));
        var devPricings = SamplePricings(DevSubscription).Select(Id).ToList();
        Assert.Equal(devPricings, pricings.GetProperty("data").EnumerateArray().Select(Id));
        Assert.Equal(devPricings.Count, pricings.GetProperty("totalRecords").GetInt32());
    }

    [Theory]
    [InlineData("resources")]
    [InlineData("resources | where name =~ 'x'")]
    [InlineData("resources | where type =~ 'microsoft.keyvault/vaults' | summarize count()")]
    [InlineData("resourcecontainers | where type =~ 'microsoft.resources/subscriptions'")]
    public async Task Resource_Graph_refuses_queries_outside_its_grammar(string query)
    {
        var (response, body) = await PostJsonAsync(Arm("/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01"), new { query });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("supports only", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    /// <summary>The lower-case type of a top-level resource id (…/providers/ns/type/name); null for child and extension ids.</summary>
    private static string? TopLevelType(string id)
    {
        var segments = id.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var providers = Array.FindLastIndex(segments, s => s.Equals("providers", StringComparison.OrdinalIgnoreCase));
        var isTopLevel = providers >= 0 && segments.Length - providers == 4 &&
            !segments.Take(providers).Contains("providers", StringComparer.OrdinalIgnoreCase);
        return isTopLevel ? (segments[providers + 1] + "/" + segments[providers + 2]).ToLowerInvariant() : null;
    }
}
