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

    private static GraphClientSettings Settings(StubHandler wire) => new() { Transport = wire };

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
    public void The_middleware_leaves_retries_to_the_request_layer_and_checks_reads_innermost()
    {
        var handlers = GraphClientFactory.CreateHandlers();

        Assert.DoesNotContain(handlers, h => h is Microsoft.Kiota.Http.HttpClientLibrary.Middleware.RetryHandler);
        Assert.IsType<ReadOnlyHandler>(handlers[^1]);
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
        var arm = ArmClientFactory.Create(await Connect(arm: "https://127.0.0.1:5124"), new ArmClientSettings { Transport = wire });
        var subscription = arm.GetSubscriptionResource(SubscriptionResource.CreateResourceIdentifier("b1e0d1a2-0001-4c3b-9a7e-100000000001"));

        var error = await Assert.ThrowsAsync<WriteRequestRefusedException>(() => subscription.GetResourceGroups().CreateOrUpdateAsync(Azure.WaitUntil.Completed, "rg-new", new ResourceGroupData(Azure.Core.AzureLocation.WestEurope)));

        Assert.Equal("PUT", error.Method);
        Assert.Contains("/resourcegroups/rg-new", error.Url, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(wire.Requests);
    }

    [Fact]
    public async Task Neither_client_retries_on_its_own()
    {
        var throttled = new StubHandler((_, _) => StubHandler.Json((HttpStatusCode)429, """{"error":{"code":"TooManyRequests"}}"""));
        var graph = GraphClientFactory.CreateClient(await Connect("http://127.0.0.1:5123"), settings: Settings(throttled));
        await Assert.ThrowsAnyAsync<Exception>(() => graph.ServicePrincipals.GetAsync());
        Assert.Single(throttled.Requests);

        var armThrottled = new StubHandler((_, _) => StubHandler.Json((HttpStatusCode)429, "{}"));
        var arm = ArmClientFactory.Create(await Connect(arm: "https://127.0.0.1:5124"), new ArmClientSettings { Transport = armThrottled });
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await foreach (var _ in arm.GetSubscriptions().GetAllAsync())
            {
            }
        });
        Assert.Single(armThrottled.Requests);
    }
}
