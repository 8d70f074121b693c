using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ZeroTrustAI.Collector.Http;

namespace ZeroTrustAI.Collector.Tests;

public class ThrottleRetryHandlerTests
{
    private readonly List<TimeSpan> _waits = new();
    private readonly List<RetryEvent> _events = new();

    private RetryPolicy Options(int maxRetries = 3, double random = 0.5) => new()
    {
        MaxRetries = maxRetries,
        BaseDelay = TimeSpan.FromSeconds(2),
        MaxDelay = TimeSpan.FromSeconds(10),
        MaxRetryAfter = TimeSpan.FromSeconds(120),
        Delay = (delay, _) => { _waits.Add(delay); return Task.CompletedTask; },
        NextRandom = () => random,
        OnRetry = _events.Add,
    };

    private static HttpResponseMessage Status(int status, TimeSpan? retryAfter = null)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent("{}") };
        if (retryAfter != null)
        {
            response.Headers.RetryAfter = new RetryConditionHeaderValue(retryAfter.Value);
        }

        return response;
    }

    [Fact]
    public async Task A_429_waits_exactly_the_Retry_After_then_succeeds()
    {
        var wire = new StubHandler((_, n) => n == 1 ? Status(429, TimeSpan.FromSeconds(7)) : Status(200));
        using var client = new HttpClient(new ThrottleRetryHandler(Options()) { InnerHandler = wire });

        using var response = await client.GetAsync(new Uri("https://graph.microsoft.com/v1.0/users"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, wire.Requests.Count);
        Assert.Equal(new[] { TimeSpan.FromSeconds(7) }, _waits);
        var retry = Assert.Single(_events);
        Assert.Equal(429, retry.StatusCode);
        Assert.True(retry.FromRetryAfter);
    }

    [Fact]
    public async Task A_Retry_After_beyond_the_cap_is_cut_to_the_cap()
    {
        var wire = new StubHandler((_, n) => n == 1 ? Status(503, TimeSpan.FromSeconds(3600)) : Status(200));
        using var client = new HttpClient(new ThrottleRetryHandler(Options()) { InnerHandler = wire });

        using var _ = await client.GetAsync(new Uri("https://graph.microsoft.com/v1.0/users"));

        Assert.Equal(new[] { TimeSpan.FromSeconds(120) }, _waits);
    }

    [Theory]
    [InlineData(0.0, new[] { 1.0, 2.0, 4.0, 5.0 })]
    [InlineData(0.999, new[] { 1.999, 3.998, 7.996, 9.995 })]
    public async Task Without_Retry_After_the_back_off_doubles_with_jitter_within_the_bound(double random, double[] expectedSeconds)
    {
        var wire = new StubHandler((_, _) => Status(503));
        using var client = new HttpClient(new ThrottleRetryHandler(Options(maxRetries: 4, random: random)) { InnerHandler = wire });

        using var response = await client.GetAsync(new Uri("https://management.azure.com/subscriptions"));

        // Retries run out: the last 503 is the caller's to handle.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(5, wire.Requests.Count);
        Assert.Equal(expectedSeconds, _waits.Select(w => Math.Round(w.TotalSeconds, 3)));
        Assert.All(_events, e => Assert.False(e.FromRetryAfter));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(501)]
    public async Task Other_failures_are_not_retried(int status)
    {
        var wire = new StubHandler((_, _) => Status(status));
        using var client = new HttpClient(new ThrottleRetryHandler(Options()) { InnerHandler = wire });

        using var response = await client.GetAsync(new Uri("https://graph.microsoft.com/v1.0/users"));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Single(wire.Requests);
        Assert.Empty(_waits);
    }

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task The_transient_statuses_of_Graph_and_ARM_are_retried(int status)
    {
        var wire = new StubHandler((_, n) => n == 1 ? Status(status) : Status(200));
        using var client = new HttpClient(new ThrottleRetryHandler(Options()) { InnerHandler = wire });

        using var response = await client.GetAsync(new Uri("https://graph.microsoft.com/v1.0/users"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, wire.Requests.Count);
    }

    [Fact]
    public void Retry_After_is_read_in_seconds_as_an_HTTP_date_and_as_ARM_milliseconds()
    {
        var now = new DateTimeOffset(2026, 12, 3, 7, 0, 0, TimeSpan.Zero);
        var policy = Options();
        policy.UtcNow = () => now;
        Dictionary<string, string> headers = new(StringComparer.OrdinalIgnoreCase);
        string? Header(string name) => headers.TryGetValue(name, out var value) ? value : null;

        headers["Retry-After"] = "7";
        Assert.Equal(TimeSpan.FromSeconds(7), policy.RetryAfter(Header));
        headers["Retry-After"] = now.AddSeconds(42).ToString("r", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromSeconds(42), policy.RetryAfter(Header));
        headers["Retry-After"] = now.AddSeconds(-5).ToString("r", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.Zero, policy.RetryAfter(Header));
        headers["retry-after-ms"] = "1500";
        Assert.Equal(TimeSpan.FromMilliseconds(1500), policy.RetryAfter(Header));
        headers.Clear();
        headers["Retry-After"] = "soon";
        Assert.Null(policy.RetryAfter(Header));

        // A Retry-After beyond the cap is cut to it; without one, the jittered back-off.
        Assert.Equal((TimeSpan.FromSeconds(120), true), policy.DelayFor(1, TimeSpan.FromHours(1)));
        Assert.Equal((TimeSpan.FromSeconds(3), false), policy.DelayFor(2, null));
    }

    [Fact]
    public async Task A_retried_batch_sends_the_same_body_again_with_a_Retry_Attempt_header()
    {
        var attempts = new List<string?>();
        var wire = new StubHandler((request, n) =>
        {
            attempts.Add(request.Headers.TryGetValues("Retry-Attempt", out var values) ? values.Single() : null);
            return n < 3 ? Status(429, TimeSpan.Zero) : Status(200);
        });
        using var client = new HttpClient(new ThrottleRetryHandler(Options()) { InnerHandler = wire });
        const string body = """{"requests":[{"id":"1","method":"GET","url":"/users"}]}""";

        using var _ = await client.PostAsync(new Uri("https://graph.microsoft.com/v1.0/$batch"), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(3, wire.Requests.Count);
        Assert.All(wire.Requests, r => Assert.Equal(body, r.Body));
        Assert.Equal(new string?[] { null, "1", "2" }, attempts);
    }

    [Fact]
    public void Out_of_range_settings_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThrottleRetryHandler(new RetryPolicy { MaxRetries = 11 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThrottleRetryHandler(new RetryPolicy { BaseDelay = TimeSpan.FromSeconds(5), MaxDelay = TimeSpan.FromSeconds(1) }));
    }
}
