using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace ZeroTrustAI.Emulator.Tests;

public sealed class FaultTests : EmulatorTestBase
{
    private const string ServicePrincipals = "/v1.0/servicePrincipals";

    [Fact]
    public async Task Throttle_answers_429_with_Retry_After_for_the_configured_requests_only()
    {
        var rule = FaultRule.Throttle(ServicePrincipals, TimeSpan.FromSeconds(7), firstRequest: 2);
        Emulator.Options.AddFault(rule);

        var first = await Client.GetAsync(Graph(ServicePrincipals));
        var (second, body) = await GetJsonAsync(Graph(ServicePrincipals));
        var third = await Client.GetAsync(Graph(ServicePrincipals));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), second.Headers.RetryAfter?.Delta);
        Assert.Equal("TooManyRequests", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal((3, 1), (rule.MatchedCount, rule.FiredCount));
        Assert.Equal(new FaultKind?[] { null, FaultKind.Throttle, null }, Emulator.RequestLog.Entries.Select(e => e.Fault));
    }

    [Fact]
    public async Task Service_unavailable_comes_with_or_without_Retry_After()
    {
        Emulator.Options.AddFault(FaultRule.ServiceUnavailable("/v1.0/organization", TimeSpan.FromSeconds(2)));
        Emulator.Options.AddFault(FaultRule.ServiceUnavailable("/v1.0/applications"));

        var withRetry = await Client.GetAsync(Graph("/v1.0/organization"));
        var without = await Client.GetAsync(Graph("/v1.0/applications"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, withRetry.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), withRetry.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, without.StatusCode);
        Assert.Null(without.Headers.RetryAfter);
    }

    [Fact]
    public async Task Drop_mid_body_ends_the_connection_after_part_of_the_body()
    {
        Emulator.Options.AddFault(FaultRule.DropMidBody(ServicePrincipals));

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => Client.GetAsync(Graph(ServicePrincipals)));
        var retry = await Client.GetAsync(Graph(ServicePrincipals));

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(2, Emulator.RequestLog.Count("GET", ServicePrincipals));
    }

    [Fact]
    public async Task Drop_mid_body_is_seen_while_streaming_the_body()
    {
        Emulator.Options.AddFault(FaultRule.DropMidBody(ServicePrincipals));

        using var response = await Client.GetAsync(Graph(ServicePrincipals), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var declared = response.Content.Headers.ContentLength;
        await using var stream = await response.Content.ReadAsStreamAsync();

        var exception = await Record.ExceptionAsync(async () => await stream.CopyToAsync(Stream.Null));

        Assert.True(declared > 0);
        Assert.True(exception is IOException or HttpRequestException, $"Expected the body to fail, got {exception?.GetType().Name ?? "no exception"}.");
    }

    [Fact]
    public async Task Drop_mid_body_works_over_TLS_on_ARM()
    {
        Emulator.Options.AddFault(FaultRule.DropMidBody("/subscriptions"));

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => Client.GetAsync(Arm("/subscriptions?api-version=2022-12-01")));
        var retry = await Client.GetAsync(Arm("/subscriptions?api-version=2022-12-01"));

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
    }

    [Fact]
    public async Task Truncated_JSON_completes_the_exchange_with_half_a_document()
    {
        Emulator.Options.AddFault(FaultRule.TruncatedJson(ServicePrincipals));

        var truncated = await Client.GetAsync(Graph(ServicePrincipals));
        var text = await truncated.Content.ReadAsStringAsync();
        var whole = await (await Client.GetAsync(Graph(ServicePrincipals))).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, truncated.StatusCode);
        Assert.True(text.Length < whole.Length && text.Length > 0);
        Assert.StartsWith(text, whole, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));
    }

    [Fact]
    public async Task Slow_response_delays_the_headers()
    {
        // The delay is far beyond the client's timeout, so the outcome does not depend on how busy the machine is.
        var rule = FaultRule.SlowResponse(ServicePrincipals, TimeSpan.FromSeconds(30));
        Emulator.Options.AddFault(rule);
        var client = NewClient(new HttpClientHandler());
        client.Timeout = TimeSpan.FromMilliseconds(150);

        await Assert.ThrowsAsync<TaskCanceledException>(() => client.GetAsync(Graph(ServicePrincipals)));
        var after = await Client.GetAsync(Graph(ServicePrincipals));

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal((2, 1), (rule.MatchedCount, rule.FiredCount));
    }

    [Fact]
    public async Task Token_expiry_answers_401_for_N_requests_then_recovers()
    {
        Emulator.Options.AddFault(FaultRule.TokenExpired("*", firstRequest: 2, times: 2));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await Client.GetAsync(Graph(ServicePrincipals))).StatusCode);
        }

        var (_, body) = await GetJsonAsync(Graph(ServicePrincipals));
        Assert.Equal(new[] { HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.OK }, statuses);
        Assert.True(body.TryGetProperty("value", out _));
    }

    [Fact]
    public async Task Token_expiry_on_ARM_has_an_ARM_error_and_challenge()
    {
        Emulator.Options.AddFault(FaultRule.TokenExpired("/subscriptions"));

        var (response, body) = await GetJsonAsync(Arm("/subscriptions?api-version=2022-12-01"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("ExpiredAuthenticationToken", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task Forbidden_on_a_named_set_denies_that_set_in_both_versions_only()
    {
        Emulator.Options.AddFault(FaultRule.ForbiddenGraphSet("servicePrincipals.microsoft.graph.agentIdentity"));

        var (beta, body) = await GetJsonAsync(Graph("/beta/servicePrincipals/microsoft.graph.agentIdentity"));
        var (v1, _) = await GetJsonAsync(Graph("/v1.0/servicePrincipals/microsoft.graph.agentIdentity?$top=2"));
        var others = await Client.GetAsync(Graph("/beta/servicePrincipals"));

        Assert.Equal(HttpStatusCode.Forbidden, beta.StatusCode);
        Assert.Equal("Authorization_RequestDenied", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, v1.StatusCode);
        Assert.Equal(HttpStatusCode.OK, others.StatusCode);
    }

    [Fact]
    public async Task Latency_applies_to_every_request_and_can_change_while_running()
    {
        // Lower bounds only: a busy machine can make a request slower than its latency, never faster.
        Emulator.Options.Latency = TimeSpan.FromMilliseconds(250);
        var watch = Stopwatch.StartNew();
        await Client.GetAsync(Graph("/v1.0/organization"));
        await Client.GetAsync(Arm("/subscriptions?api-version=2022-12-01"));
        var slow = watch.Elapsed;

        // A latency far beyond the client's timeout set while the emulator runs applies to the next request.
        Emulator.Options.Latency = TimeSpan.FromSeconds(60);
        var client = NewClient(new HttpClientHandler());
        client.Timeout = TimeSpan.FromSeconds(2);
        await Assert.ThrowsAsync<TaskCanceledException>(() => client.GetAsync(Graph("/v1.0/organization")));

        Assert.True(slow >= TimeSpan.FromMilliseconds(500 - (2 * 16)), $"Two requests with 250 ms latency took {slow.TotalMilliseconds} ms.");
    }

    [Fact]
    public async Task Status_faults_apply_to_the_GETs_inside_a_batch()
    {
        var agent = Id(SnapshotItems("graph/servicePrincipals.microsoft.graph.agentIdentity.json").First());
        Emulator.Options.AddFault(FaultRule.Throttle("/v1.0/servicePrincipals/{id}/owners", TimeSpan.FromSeconds(5)));

        var (response, body) = await PostJsonAsync(Graph("/v1.0/$batch"), new
        {
            requests = new object[]
            {
                new { id = "a", method = "GET", url = $"/servicePrincipals/{agent}/owners" },
                new { id = "b", method = "GET", url = $"/servicePrincipals/{agent}/owners" },
            },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var responses = body.GetProperty("responses").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!);
        Assert.Equal(429, responses["a"].GetProperty("status").GetInt32());
        Assert.Equal("5", responses["a"].GetProperty("headers").GetProperty("Retry-After").GetString());
        Assert.Equal(200, responses["b"].GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Resource_Graph_can_be_throttled()
    {
        Emulator.Options.AddFault(new FaultRule(FaultKind.Throttle, "/providers/Microsoft.ResourceGraph/*") { Method = "POST", RetryAfter = TimeSpan.FromSeconds(3) });

        var (response, body) = await PostJsonAsync(
            Arm("/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01"),
            new { query = "securityresources | where type =~ 'microsoft.security/pricings'" });

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
        Assert.True(body.GetProperty("error").TryGetProperty("code", out _));
    }

    [Fact]
    public async Task Faults_can_be_cleared_while_running()
    {
        Emulator.Options.AddFault(FaultRule.Forbidden("*") );
        var denied = await Client.GetAsync(Graph("/v1.0/organization"));
        Emulator.Options.ClearFaults();
        var allowed = await Client.GetAsync(Graph("/v1.0/organization"));

        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }
}
