using System.Net;

namespace ZeroTrustAI.Emulator.Tests;

public sealed class AuthAndCountTests : EmulatorTestBase
{
    protected override EmulatorOptions CreateOptions() => new() { GraphPageSize = 10 };

    [Fact]
    public async Task Requests_without_a_bearer_token_are_401_on_both_endpoints()
    {
        var anonymous = NewClient(Emulator.CreateTrustingHandler(), token: null);

        var graph = await anonymous.GetAsync(Graph("/v1.0/organization"));
        var arm = await anonymous.GetAsync(Arm("/subscriptions?api-version=2022-12-01"));

        Assert.Equal(HttpStatusCode.Unauthorized, graph.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, arm.StatusCode);
        Assert.Contains("Authorization", await arm.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.All(Emulator.RequestLog.Entries, e => Assert.Equal(401, e.Status));
    }

    [Fact]
    public async Task An_expected_token_is_enforced_when_configured()
    {
        Emulator.Options.ExpectedToken = "the-right-token";
        var wrong = await Client.GetAsync(Graph("/v1.0/organization"));
        var right = await NewClient(new HttpClientHandler(), "the-right-token").GetAsync(Graph("/v1.0/organization"));

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task Requests_are_counted_per_route_and_method_faulted_ones_included()
    {
        var principals = SnapshotItems("graph/servicePrincipals.json");
        Emulator.Options.AddFault(FaultRule.ServiceUnavailable("/beta/servicePrincipals", firstRequest: 1, times: 1));

        await Client.GetAsync(Graph("/beta/servicePrincipals"));
        await GetAllPagesAsync(Graph("/beta/servicePrincipals"));
        await Client.GetAsync(Graph($"/beta/servicePrincipals/{Id(principals[0])}/owners"));
        await Client.GetAsync(Graph($"/beta/servicePrincipals/{Id(principals[1])}/owners"));
        await Client.GetAsync(Graph($"/beta/servicePrincipals/{Id(principals[1])}"));
        await Client.GetAsync(Arm("/subscriptions?api-version=2022-12-01"));
        using (var content = new StringContent("{\"query\":\"resources | where type =~ 'microsoft.keyvault/vaults'\"}", System.Text.Encoding.UTF8, "application/json"))
        {
            await Client.PostAsync(Arm("/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01"), content);
        }

        var pages = (principals.Count + 9) / 10;
        var expected = new Dictionary<(string, string), int>
        {
            [("GET", "/beta/servicePrincipals")] = 1 + pages,
            [("GET", "/beta/servicePrincipals/{id}/owners")] = 2,
            [("GET", "/beta/servicePrincipals/{id}")] = 1,
            [("GET", "/subscriptions")] = 1,
            [("POST", "/providers/Microsoft.ResourceGraph/resources")] = 1,
        };
        Assert.Equal(expected.OrderBy(p => p.Key.Item2), Emulator.RequestLog.CountsByRoute.OrderBy(p => p.Key.Route).Select(p => new KeyValuePair<(string, string), int>((p.Key.Method, p.Key.Route), p.Value)));
        Assert.Equal(503, Emulator.RequestLog.Entries[0].Status);
        Assert.Equal(new[] { "GET", "POST" }, Emulator.RequestLog.Methods.Order());
        Assert.Equal(1, Emulator.RequestLog.Count("GET", $"/beta/servicePrincipals/{Id(principals[1])}/owners"));
    }
}
