using System.Net;
using System.Text.Json;
using ZeroTrustAI.Engine.Collection;

namespace ZeroTrustAI.Emulator.Tests;

/// <summary>The emulator charges Graph requests as Graph documents: costs, $batch items, headers, 429s, CA spacing, $expand caps.</summary>
public sealed class ChargingTests : EmulatorTestBase
{
    private const int Budget = 10;

    protected override EmulatorOptions CreateOptions() => new() { GraphThrottle = new GraphThrottle(Budget, TimeSpan.FromHours(1)) };

    [Theory]
    [InlineData("/v1.0/servicePrincipals", 1)]
    [InlineData("/v1.0/applications", 2)]
    [InlineData("/v1.0/applications?$select=id", 1)]
    [InlineData("/v1.0/servicePrincipals/x/appRoleAssignments?$select=id&$top=999", 1)]
    [InlineData("/v1.0/servicePrincipals/x/appRoleAssignments", 2)]
    [InlineData("/v1.0/servicePrincipals?$select=id&$expand=owners", 1)]
    [InlineData("/v1.0/users?$expand=manager", 3)]
    [InlineData("/v1.0/users?$top=5", 1)]
    [InlineData("/v1.0/groups/x/transitiveMembers", 5)]
    [InlineData("/v1.0/servicePrincipals?$select=id&$expand=memberOf($select=id,displayName)&$top=100", 1)]
    [InlineData("/v1.0/groups/x/transitiveMemberOf?$select=id,displayName&$top=999", 1)]
    public void Costs_follow_the_published_table(string url, int cost) =>
        Assert.Equal(cost, GraphResourceUnits.CostOfUrl("GET", url));

    [Fact]
    public async Task Each_GET_inside_a_batch_is_charged_and_reports_its_units()
    {
        var ids = SnapshotItems("graph/servicePrincipals.json").Select(Id).Take(3).ToList();
        var (response, body) = await PostJsonAsync(Graph("/v1.0/$batch"), new
        {
            requests = ids.Select((id, i) => new { id = i.ToString(System.Globalization.CultureInfo.InvariantCulture), method = "GET", url = $"/servicePrincipals/{id}/appRoleAssignments" }).ToArray(),
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All(body.GetProperty("responses").EnumerateArray(), r => Assert.Equal("2", r.GetProperty("headers").GetProperty("x-ms-resource-unit").GetString()));
        Assert.Equal(6, Emulator.Options.GraphThrottle!.UnitsCharged);
    }

    [Fact]
    public async Task An_empty_bucket_answers_429_with_Retry_After_and_the_limit_percentage_comes_first()
    {
        var headers = new List<string?>();
        HttpResponseMessage last;
        do
        {
            (last, _) = await GetJsonAsync(Graph("/v1.0/applications"));
            headers.Add(last.Headers.TryGetValues("x-ms-throttle-limit-percentage", out var values) ? values.Single() : null);
        }
        while (last.StatusCode == HttpStatusCode.OK);

        Assert.Equal((HttpStatusCode)429, last.StatusCode);
        Assert.NotNull(last.Headers.RetryAfter);
        Assert.Equal(Budget / 2, headers.Count - 1);
        Assert.Null(headers[0]);
        Assert.Equal("1.0", headers[^2]);
    }

    [Fact]
    public async Task Service_principal_reads_of_keyCredentials_are_limited_per_minute_and_answer_429_with_Retry_After()
    {
        Emulator.Options.GraphThrottle = new GraphThrottle(1_000, TimeSpan.FromHours(1)) { KeyCredentialReadsPerMinute = 2 };
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            (last, _) = await GetJsonAsync(Graph("/v1.0/servicePrincipals?$select=id,keyCredentials"));
            statuses.Add(last.StatusCode);
        }

        var (other, _) = await GetJsonAsync(Graph("/v1.0/servicePrincipals?$select=id,appId"));

        Assert.Equal(new[] { HttpStatusCode.OK, HttpStatusCode.OK, (HttpStatusCode)429 }, statuses);
        Assert.True(last!.Headers.RetryAfter?.Delta > TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Conditional_Access_allows_one_request_a_second_and_throttles_without_Retry_After()
    {
        var (first, _) = await GetJsonAsync(Graph("/beta/identity/conditionalAccess/policies"));
        var (second, _) = await GetJsonAsync(Graph("/beta/identity/conditionalAccess/policies"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal((HttpStatusCode)429, second.StatusCode);
        Assert.Null(second.Headers.RetryAfter);
    }

    [Fact]
    public async Task Expand_returns_100_objects_a_page_and_20_items_a_relation()
    {
        Emulator.Options.GraphThrottle = null;
        var (_, page) = await GetJsonAsync(Graph("/v1.0/servicePrincipals?$select=id&$expand=owners&$top=999"));
        var served = SnapshotItems("graph/servicePrincipals.json").Count;
        Assert.Equal(Math.Min(served, GraphResourceUnits.MaxPageSizeWithExpand), page.GetProperty("value").GetArrayLength());
        Assert.All(page.GetProperty("value").EnumerateArray(), sp => Assert.True(sp.GetProperty("owners").GetArrayLength() <= GraphResourceUnits.MaxExpandedItems));
    }
}
