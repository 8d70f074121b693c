using System.Globalization;
using System.Text;
using ZeroTrustAI.Collector.Collection;
using ZeroTrustAI.Collector.Http;
using ZeroTrustAI.Collector.Requests;

namespace ZeroTrustAI.Collector.Tests;

/// <summary>The request layer Graph and ARM share (<see cref="ServiceRequestSender"/>), over a scripted transport.</summary>
public class RequestSenderTests
{
    private const string Url = "https://graph.microsoft.com/v1.0/users?$skiptoken=abc";
    private readonly List<TimeSpan> _waits = new();
    private readonly List<string> _verbose = new();
    private readonly CollectionStatistics _statistics = new();

    private RequestSettings Settings(int maxRetries = 3, double random = 0.5, TimeSpan? timeout = null) => new()
    {
        RequestTimeout = timeout ?? TimeSpan.FromSeconds(20),
        Retry = new RetryPolicy
        {
            MaxRetries = maxRetries,
            BaseDelay = TimeSpan.FromSeconds(2),
            MaxDelay = TimeSpan.FromSeconds(10),
            MaxRetryAfter = TimeSpan.FromSeconds(120),
            Delay = (delay, _) => { _waits.Add(delay); return Task.CompletedTask; },
            NextRandom = () => random,
        },
    };

    private ServiceRequestSender Sender(ScriptedTransport transport, RequestSettings? settings = null) =>
        new(transport, settings ?? Settings(), _statistics, new CollectionCallbacks { Verbose = _verbose.Add });

    private static TransportResponse Answer(int status, string body = "{\"value\":[]}", params (string Name, string Value)[] headers) =>
        new(status, Encoding.UTF8.GetBytes(body), headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)));

    [Fact]
    public async Task A_429_waits_exactly_the_Retry_After_then_succeeds()
    {
        var transport = new ScriptedTransport(n => n == 1 ? Answer(429, "{}", ("Retry-After", "7")) : Answer(200));
        var tally = new RequestTally();

        using var response = await Sender(transport).GetAsync(new Uri(Url), tally, CancellationToken.None);

        Assert.True(response.IsSuccess);
        Assert.Equal(2, transport.Attempts);
        Assert.Equal(2, tally.Count);
        Assert.Equal(new[] { TimeSpan.FromSeconds(7) }, _waits);
        Assert.Equal((2L, 1L, 1L, TimeSpan.FromSeconds(7)), (_statistics.Requests, _statistics.Retries, _statistics.ThrottledWaits, _statistics.ThrottledWaitTime));
        Assert.Matches(@"^GET /v1\.0/users -> 429 \(\d+ ms\); retry 1 of 3 after 7 s \(Retry-After\)$", _verbose[0]);
        Assert.Matches(@"^GET /v1\.0/users -> 200 \(\d+ ms\)$", _verbose[1]);
        Assert.DoesNotContain(_verbose, line => line.Contains("skiptoken", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_Retry_After_beyond_the_cap_is_cut_to_the_cap_and_an_HTTP_date_is_honoured()
    {
        var now = new DateTimeOffset(2026, 12, 3, 7, 0, 0, TimeSpan.Zero);
        var settings = Settings();
        settings.Retry.UtcNow = () => now;
        var transport = new ScriptedTransport(n => n switch
        {
            1 => Answer(503, "{}", ("Retry-After", "3600")),
            2 => Answer(503, "{}", ("Retry-After", now.AddSeconds(42).ToString("r", CultureInfo.InvariantCulture))),
            _ => Answer(200),
        });

        using var _ = await Sender(transport, settings).GetAsync(new Uri(Url), new RequestTally(), CancellationToken.None);

        Assert.Equal(new[] { TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(42) }, _waits);
    }

    [Theory]
    [InlineData(0.0, new[] { 1.0, 2.0, 4.0, 5.0 })]
    [InlineData(0.999, new[] { 1.999, 3.998, 7.996, 9.995 })]
    public async Task Without_Retry_After_the_back_off_doubles_with_jitter_within_the_bound(double random, double[] expectedSeconds)
    {
        var transport = new ScriptedTransport(_ => Answer(503, """{"error":{"code":"ServiceUnavailable","message":"busy"}}"""));

        using var response = await Sender(transport, Settings(maxRetries: 4, random: random)).GetAsync(new Uri(Url), new RequestTally(), CancellationToken.None);

        // Retries run out: the last 503 is the caller's to handle, with the service's error read.
        Assert.Equal(503, response.Status);
        Assert.Equal("ServiceUnavailable", response.Error!.Code);
        Assert.Equal(5, transport.Attempts);
        Assert.Equal(expectedSeconds, _waits.Select(w => Math.Round(w.TotalSeconds, 3)));
        Assert.EndsWith("; no retry left", _verbose[^1], StringComparison.Ordinal);
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
        var transport = new ScriptedTransport(n => n == 1 ? Answer(status, "{}") : Answer(200));

        using var response = await Sender(transport).GetAsync(new Uri(Url), new RequestTally(), CancellationToken.None);

        Assert.True(response.IsSuccess);
        Assert.Equal(2, transport.Attempts);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(501)]
    public async Task Other_failures_are_answered_at_once_with_the_service_error(int status)
    {
        var transport = new ScriptedTransport(_ => Answer(status, """{"error":{"code":"Denied","message":"No client_secret=s3cr3t here"}}""", ("x-ms-request-id", "r-1")));

        using var response = await Sender(transport).GetAsync(new Uri(Url), new RequestTally(), CancellationToken.None);

        Assert.Equal(1, transport.Attempts);
        Assert.Empty(_waits);
        Assert.Equal(status, response.Status);
        Assert.Equal($"{status} Denied: No client_secret=*** here (request id r-1)", response.Error!.ToString());
    }

    [Fact]
    public void Graph_and_ARM_error_bodies_read_alike()
    {
        var graph = ServiceError.Read(403, Encoding.UTF8.GetBytes("""{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges.","innerError":{"request-id":"g-1"}}}"""), null);
        var arm = ServiceError.Read(403, Encoding.UTF8.GetBytes("""{"error":{"code":"AuthorizationFailed","message":"No access."}}"""), "a-1");
        var neither = ServiceError.Read(502, Encoding.UTF8.GetBytes("<html>bad gateway</html>"), null);

        Assert.Equal(("Authorization_RequestDenied", "Insufficient privileges.", "g-1"), (graph.Code, graph.Message, graph.RequestId));
        Assert.Equal(("AuthorizationFailed", "No access.", "a-1"), (arm.Code, arm.Message, arm.RequestId));
        Assert.Equal("502", neither.ToString());
    }

    [Fact]
    public async Task A_cut_body_and_a_reset_are_retried_under_the_same_count_and_then_fail_naming_the_cause()
    {
        var transport = new ScriptedTransport(n => n % 2 == 1 ? Answer(200, "{\"value\":[{\"id\":") : throw new IOException("connection reset"));
        var tally = new RequestTally();

        var error = await Assert.ThrowsAsync<ServiceRequestException>(() => Sender(transport).GetAsync(new Uri(Url), tally, CancellationToken.None));

        Assert.Equal(4, transport.Attempts);
        Assert.Equal(4, tally.Count);
        Assert.Equal(3, _statistics.Retries);
        Assert.Equal(0, _statistics.ThrottledWaits);
        Assert.StartsWith("GET /v1.0/users failed 4 times: IOException: connection reset", error.Message, StringComparison.Ordinal);
        Assert.Contains(_verbose, line => line.StartsWith("GET /v1.0/users -> 200, body not complete JSON (", StringComparison.Ordinal));
        Assert.Contains(_verbose, line => line.StartsWith("GET /v1.0/users -> no response: IOException: connection reset (", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_attempt_that_outlives_the_timeout_is_retried_then_fails_as_a_timeout()
    {
        var transport = new ScriptedTransport(async (_, token) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), token);
            return Answer(200);
        });

        var error = await Assert.ThrowsAsync<ServiceRequestException>(() =>
            Sender(transport, Settings(maxRetries: 1, timeout: TimeSpan.FromMilliseconds(100))).GetAsync(new Uri(Url), new RequestTally(), CancellationToken.None));

        Assert.Equal(2, transport.Attempts);
        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.Contains("no complete response within 0.1 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_caller_s_own_cancellation_stays_a_cancellation_and_is_not_retried()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var transport = new ScriptedTransport(async (_, token) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), token);
            return Answer(200);
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Sender(transport).GetAsync(new Uri(Url), new RequestTally(), cancel.Token));

        Assert.Equal(1, transport.Attempts);
        Assert.Empty(_waits);
    }

    [Fact]
    public async Task A_refused_write_is_never_retried()
    {
        var transport = new ScriptedTransport(_ => throw new WriteRequestRefusedException("POST", Url, "POST is sent only to $batch"));

        await Assert.ThrowsAsync<WriteRequestRefusedException>(() => Sender(transport).PostJsonAsync(new Uri(Url), new byte[] { 1 }, new RequestTally(), CancellationToken.None));

        Assert.Equal(1, transport.Attempts);
    }

    [Fact]
    public void Retry_After_is_read_in_seconds_as_an_HTTP_date_and_as_ARM_milliseconds()
    {
        var now = new DateTimeOffset(2026, 12, 3, 7, 0, 0, TimeSpan.Zero);
        var policy = Settings().Retry;
        policy.UtcNow = () => now;
        Dictionary<string, string> headers = new(StringComparer.OrdinalIgnoreCase);
        string? Header(string name) => headers.TryGetValue(name, out var value) ? value : null;

        headers["Retry-After"] = "7";
        Assert.Equal(TimeSpan.FromSeconds(7), policy.RetryAfter(Header));
        headers["Retry-After"] = now.AddSeconds(42).ToString("r", CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromSeconds(42), policy.RetryAfter(Header));
        headers["Retry-After"] = now.AddSeconds(-5).ToString("r", CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.Zero, policy.RetryAfter(Header));
        headers["retry-after-ms"] = "1500";
        Assert.Equal(TimeSpan.FromMilliseconds(1500), policy.RetryAfter(Header));
        headers.Clear();
        headers["Retry-After"] = "soon";
        Assert.Null(policy.RetryAfter(Header));
    }

    [Fact]
    public void Out_of_range_settings_are_refused()
    {
        var transport = new ScriptedTransport(_ => Answer(200));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sender(transport, new RequestSettings { Retry = new RetryPolicy { MaxRetries = 11 } }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sender(transport, new RequestSettings { Retry = new RetryPolicy { BaseDelay = TimeSpan.FromSeconds(5), MaxDelay = TimeSpan.FromSeconds(1) } }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sender(transport, new RequestSettings { RequestTimeout = TimeSpan.Zero }));
    }

    /// <summary>Answers attempt n (1-based) from a script; counts attempts.</summary>
    private sealed class ScriptedTransport : IRequestTransport
    {
        private readonly Func<int, CancellationToken, Task<TransportResponse>> _answer;

        public ScriptedTransport(Func<int, TransportResponse> answer)
            : this((n, _) => Task.FromResult(answer(n)))
        {
        }

        public ScriptedTransport(Func<int, CancellationToken, Task<TransportResponse>> answer) => _answer = answer;

        public int Attempts { get; private set; }

        public Task<TransportResponse> SendAsync(string method, Uri uri, byte[]? body, CancellationToken cancellationToken) =>
            _answer(++Attempts, cancellationToken);
    }
}
