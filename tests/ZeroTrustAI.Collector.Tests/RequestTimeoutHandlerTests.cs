using System.Net;
using ZeroTrustAI.Collector.Http;

namespace ZeroTrustAI.Collector.Tests;

public class RequestTimeoutHandlerTests
{
    private sealed class SlowHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task An_attempt_that_outlives_the_timeout_fails_with_a_TimeoutException_naming_the_request()
    {
        using var client = new HttpClient(new RequestTimeoutHandler(TimeSpan.FromMilliseconds(200)) { InnerHandler = new SlowHandler() });

        var started = DateTime.UtcNow;
        var error = await Assert.ThrowsAsync<TimeoutException>(() => client.GetAsync(new Uri("https://graph.microsoft.com/v1.0/users?code=x")));

        Assert.InRange(DateTime.UtcNow - started, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Contains("GET https://graph.microsoft.com/v1.0/users?code=***", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_caller_s_own_cancellation_stays_a_cancellation()
    {
        using var client = new HttpClient(new RequestTimeoutHandler(TimeSpan.FromSeconds(20)) { InnerHandler = new SlowHandler() });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync(new Uri("https://graph.microsoft.com/v1.0/users"), cancel.Token));
    }

    [Fact]
    public async Task A_fast_response_passes_with_its_body()
    {
        using var client = new HttpClient(new RequestTimeoutHandler(TimeSpan.FromSeconds(5)) { InnerHandler = new StubHandler() });

        using var response = await client.GetAsync(new Uri("https://graph.microsoft.com/v1.0/users"));

        Assert.Equal("{\"value\":[]}", await response.Content.ReadAsStringAsync());
    }
}
