using System.Net;
using Azure.ResourceManager.Resources;
using Microsoft.Graph.Models;
using ZeroTrustAI.Collector.Connection;
using ZeroTrustAI.Collector.Http;

namespace ZeroTrustAI.Collector.Tests;

public class ClientFactoryTests
{
    private static readonly string GraphToken = TestJwt.App(new[] { "Directory.Read.All" });
    private static readonly string ArmToken = TestJwt.App(Array.Empty<string>(), audience: "https://management.azure.com");

    private static Task<ZtaiConnection> Connect(string? graph = null, string? arm = null)
        => ZtaiConnector.ConnectAsync(
            new ConnectionOptions
            {
                Method = AuthMethod.AccessToken,
                GraphAccessToken = TestJwt.Secure(GraphToken),
                ArmAccessToken = TestJwt.Secure(ArmToken),
                GraphEndpoint = graph == null ? null : new Uri(graph),
                ArmEndpoint = arm == null ? null : new Uri(arm),
            },
            skipValidation: false,
            CancellationToken.None);

    private static GraphClientSettings Settings(StubHandler wire) => new()
    {
        Transport = wire,
        Retry = new RetryPolicy { Delay = (_, _) => Task.CompletedTask },
    };

    [Fact]
    public async Task Graph_requests_go_to_a_plain_http_loopback_override_with_the_Graph_token()
    {
        var wire = new StubHandler((_, _) => StubHandler.Json(HttpStatusCode.OK, """{"value":[{"id":"6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b","displayName":"Contoso"}]}"""));
        var client = GraphClientFactory.CreateClient(await Connect("http://127.0.0.1:5123"), settings: Settings(wire));

        var organizations = await client.Organization.GetAsync();

        Assert.Equal("Contoso", Assert.Single(organizations!.Value!).DisplayName);
        var sent = Assert.Single(wire.Requests);
        Assert.Equal("http://127.0.0.1:5123/v1.0/organization", sent.Uri.GetLeftPart(UriPartial.Path));
        Assert.Equal("Bearer " + GraphToken, sent.Authorization);
    }

    [Fact]
    public async Task The_Graph_token_is_sent_only_to_the_Graph_host_in_use()
    {
        var wire = new StubHandler();
        var client = GraphClientFactory.CreateClient(await Connect("http://127.0.0.1:5123"), settings: Settings(wire));

        // As a nextLink pointing elsewhere would: the request goes out, the token does not.
        await client.Users.WithUrl("https://other.contoso.example/v1.0/users").GetAsync();

        var sent = Assert.Single(wire.Requests);
        Assert.Equal("other.contoso.example", sent.Uri.Host);
        Assert.Null(sent.Authorization);
    }

    [Fact]
    public async Task The_beta_adapter_uses_the_beta_base_URL()
    {
        var adapter = GraphClientFactory.CreateRequestAdapter(await Connect(), GraphApiVersion.Beta);
        Assert.Equal("https://graph.microsoft.com/beta", adapter.BaseUrl);
    }

    [Fact]
    public async Task A_write_through_the_Graph_client_is_refused_and_never_sent()
    {
        var wire = new StubHandler();
        var client = GraphClientFactory.CreateClient(await Connect("http://127.0.0.1:5123"), settings: Settings(wire));

        var error = await Assert.ThrowsAsync<WriteRequestRefusedException>(() => client.Users["1"].PatchAsync(new User { AccountEnabled = false }));

        Assert.Equal("PATCH", error.Method);
        Assert.Empty(wire.Requests);
    }

    [Fact]
    public async Task A_throttled_Graph_request_is_retried_after_Retry_After()
    {
        var waits = new List<TimeSpan>();
        var wire = new StubHandler((_, n) =>
        {
            var response = n == 1 ? StubHandler.Json((HttpStatusCode)429, """{"error":{"code":"TooManyRequests"}}""") : StubHandler.Json(HttpStatusCode.OK, """{"value":[]}""");
            if (n == 1)
            {
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(3));
            }

            return response;
        });
        var settings = Settings(wire);
        settings.Retry.Delay = (delay, _) => { waits.Add(delay); return Task.CompletedTask; };
        var client = GraphClientFactory.CreateClient(await Connect("http://127.0.0.1:5123"), settings: settings);

        await client.ServicePrincipals.GetAsync();

        Assert.Equal(2, wire.Requests.Count);
        Assert.Equal(new[] { TimeSpan.FromSeconds(3) }, waits);
    }

    [Fact]
    public void The_middleware_has_one_retry_handler_ours_and_the_read_only_check_innermost()
    {
        var handlers = GraphClientFactory.CreateHandlers(new GraphClientSettings());

        Assert.Single(handlers, h => h is ThrottleRetryHandler);
        Assert.DoesNotContain(handlers, h => h is Microsoft.Kiota.Http.HttpClientLibrary.Middleware.RetryHandler);
        Assert.IsType<ReadOnlyHandler>(handlers[^1]);
        Assert.IsType<RequestTimeoutHandler>(handlers[^2]);
    }

    [Fact]
    public async Task ARM_requests_go_to_the_override_with_the_ARM_token()
    {
        var wire = new StubHandler((_, _) => StubHandler.Json(HttpStatusCode.OK, """{"value":[{"id":"/subscriptions/b1e0d1a2-0001-4c3b-9a7e-100000000001","subscriptionId":"b1e0d1a2-0001-4c3b-9a7e-100000000001","displayName":"Contoso AI Production","state":"Enabled"}]}"""));
        var arm = ArmClientFactory.Create(await Connect(arm: "https://127.0.0.1:5124"), new ArmClientSettings { Transport = wire });

        var subscriptions = new List<SubscriptionResource>();
        await foreach (var subscription in arm.GetSubscriptions().GetAllAsync())
        {
            subscriptions.Add(subscription);
        }

        Assert.Equal("Contoso AI Production", Assert.Single(subscriptions).Data.DisplayName);
        var sent = Assert.Single(wire.Requests);
        Assert.Equal("https://127.0.0.1:5124/subscriptions", sent.Uri.GetLeftPart(UriPartial.Path));
        Assert.Equal("Bearer " + ArmToken, sent.Authorization);
    }

    [Fact]
    public async Task A_write_through_ArmClient_is_refused_and_never_sent()
    {
        var wire = new StubHandler((_, _) => StubHandler.Json(HttpStatusCode.OK, """{"id":"/subscriptions/b1e0d1a2-0001-4c3b-9a7e-100000000001","subscriptionId":"b1e0d1a2-0001-4c3b-9a7e-100000000001","displayName":"Contoso AI Production","state":"Enabled"}"""));
        var arm = ArmClientFactory.Create(await Connect(arm: "https://127.0.0.1:5124"), new ArmClientSettings { Transport = wire, MaxRetries = 0 });
        var subscription = arm.GetSubscriptionResource(SubscriptionResource.CreateResourceIdentifier("b1e0d1a2-0001-4c3b-9a7e-100000000001"));

        var error = await Assert.ThrowsAsync<WriteRequestRefusedException>(() => subscription.GetResourceGroups().CreateOrUpdateAsync(Azure.WaitUntil.Completed, "rg-new", new ResourceGroupData(Azure.Core.AzureLocation.WestEurope)));

        Assert.Equal("PUT", error.Method);
        Assert.Contains("/resourcegroups/rg-new", error.Url, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(wire.Requests);
    }

    [Fact]
    public async Task ARM_retries_a_throttled_request()
    {
        var wire = new StubHandler((_, n) =>
        {
            if (n == 1)
            {
                var throttled = StubHandler.Json((HttpStatusCode)429, "{}");
                throttled.Headers.TryAddWithoutValidation("Retry-After", "0");
                return throttled;
            }

            return StubHandler.Json(HttpStatusCode.OK, """{"value":[]}""");
        });
        var arm = ArmClientFactory.Create(await Connect(arm: "https://127.0.0.1:5124"), new ArmClientSettings { Transport = wire, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) });

        await foreach (var _ in arm.GetSubscriptions().GetAllAsync())
        {
        }

        Assert.Equal(2, wire.Requests.Count);
    }
}
