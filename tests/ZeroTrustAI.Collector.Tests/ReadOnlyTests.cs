using System.Net;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;
using ZeroTrustAI.Collector.Connection;
using ZeroTrustAI.Collector.Http;

namespace ZeroTrustAI.Collector.Tests;

/// <summary>
/// The same cases through both enforcement points: the Graph DelegatingHandler and the ARM pipeline policy. A
/// refused request must never reach the wire (the stub transport records what does).
/// </summary>
public class ReadOnlyTests
{
    private const string Graph = "https://graph.microsoft.com/v1.0";
    private const string Arm = "https://management.azure.com";

    public static TheoryData<string, string, string?> Allowed => new()
    {
        { "GET", Graph + "/servicePrincipals?$top=999", null },
        { "get", Graph + "/users", null },
        { "GET", Arm + "/subscriptions?api-version=2022-12-01", null },
        { "POST", Graph + "/$batch", """{"requests":[{"id":"1","method":"GET","url":"/users/1/owners"},{"id":"2","method":"get","url":"/users/2/owners"}]}""" },
        { "POST", "https://graph.microsoft.com/beta/%24batch", """{"requests":[{"id":"1","method":"GET","url":"/applications"}]}""" },
        { "POST", Arm + "/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01", """{"query":"resources | project id"}""" },
        { "POST", Arm + "/providers/microsoft.resourcegraph/resources/?api-version=2022-10-01", """{"query":"authorizationresources"}""" },
    };

    public static TheoryData<string, string, string?, string> Refused => new()
    {
        { "PATCH", Graph + "/users/1", """{"accountEnabled":false}""", "only GET" },
        { "PUT", Arm + "/subscriptions/s/resourceGroups/rg?api-version=2022-09-01", """{"location":"westeurope"}""", "only GET" },
        { "DELETE", Graph + "/applications/1", null, "only GET" },
        { "HEAD", Graph + "/users", null, "only GET" },
        { "OPTIONS", Graph + "/users", null, "only GET" },
        { "POST", Graph + "/users", """{"displayName":"x"}""", "POST is sent only to" },
        { "POST", Arm + "/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/a/listKeys?api-version=2023-05-01", null, "POST is sent only to" },
        { "POST", Arm + "/providers/Microsoft.ResourceGraph/resourcesHistory?api-version=2021-06-01-preview", "{}", "POST is sent only to" },
        { "POST", Graph + "/$batch", """{"requests":[{"id":"1","method":"GET","url":"/users"},{"id":"2","method":"PATCH","url":"/users/1","body":{"accountEnabled":false},"headers":{"Content-Type":"application/json"}}]}""", "$batch request '2' is a PATCH" },
        { "POST", Graph + "/$batch", """{"requests":[{"id":"7","method":"DELETE","url":"/applications/1"}]}""", "$batch request '7' is a DELETE" },
        { "POST", Graph + "/$batch", """{"requests":[{"id":"3","url":"/users"}]}""", "$batch request '3' has no method" },
        { "POST", Graph + "/$batch", """{"requests":{"id":"1"}}""", "no requests array" },
        { "POST", Graph + "/$batch", "not json", "not JSON" },
        { "POST", Graph + "/$batch", null, "no body" },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public async Task The_Graph_handler_lets_reads_through(string method, string url, string? body)
    {
        var (client, wire) = GraphChain();

        using var response = await client.SendAsync(Request(method, url, body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(wire.Requests);
        Assert.Equal(body, sent.Body);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task The_Graph_handler_refuses_writes_before_they_reach_the_wire(string method, string url, string? body, string reason)
    {
        var (client, wire) = GraphChain();

        var error = await Assert.ThrowsAsync<WriteRequestRefusedException>(() => client.SendAsync(Request(method, url, body)));

        Assert.Equal("WriteRequestRefused", error.ErrorId);
        Assert.Equal(method.ToUpperInvariant(), error.Method);
        Assert.Contains(method.ToUpperInvariant(), error.Message, StringComparison.Ordinal);
        Assert.Contains(new Uri(url).AbsolutePath, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Empty(wire.Requests);
    }

    [Theory]
    [MemberData(nameof(Allowed))]
    public async Task The_ARM_policy_lets_reads_through(string method, string url, string? body)
    {
        var (pipeline, wire) = ArmPipeline();

        using var message = ArmMessage(pipeline, method, url, body);
        await pipeline.SendAsync(message, CancellationToken.None);

        Assert.Equal(200, message.Response.Status);
        Assert.Single(wire.Requests);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task The_ARM_policy_refuses_writes_before_they_reach_the_wire(string method, string url, string? body, string reason)
    {
        var (pipeline, wire) = ArmPipeline();

        using var message = ArmMessage(pipeline, method, url, body);
        var error = await Assert.ThrowsAsync<WriteRequestRefusedException>(async () => await pipeline.SendAsync(message, CancellationToken.None));

        Assert.Equal("WriteRequestRefused", error.ErrorId);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Empty(wire.Requests);
    }

    [Fact]
    public async Task The_refusal_names_the_URL_with_credentials_masked()
    {
        var (client, _) = GraphChain();

        var error = await Assert.ThrowsAsync<WriteRequestRefusedException>(() => client.SendAsync(Request("DELETE", Graph + "/things?code=authcode123&sig=abc", null)));

        Assert.DoesNotContain("authcode123", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=abc", error.Message, StringComparison.Ordinal);
        Assert.Contains("/things?code=***", error.Url, StringComparison.Ordinal);
    }

    private static (HttpClient Client, StubHandler Wire) GraphChain()
    {
        var wire = new StubHandler();
        return (new HttpClient(new ReadOnlyHandler(wire)), wire);
    }

    private static HttpRequestMessage Request(string method, string url, string? body)
        => new(new HttpMethod(method), url) { Content = body == null ? null : new StringContent(body, Encoding.UTF8, "application/json") };

    private static (HttpPipeline Pipeline, StubHandler Wire) ArmPipeline()
    {
        var wire = new StubHandler();
        var options = ArmClientFactory.CreateOptions(CloudEndpoints.For(CloudEnvironment.Global), new ArmClientSettings { Transport = wire });
        return (HttpPipelineBuilder.Build(options), wire);
    }

    private static HttpMessage ArmMessage(HttpPipeline pipeline, string method, string url, string? body)
    {
        var message = pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Parse(method.ToUpperInvariant());
        message.Request.Uri.Reset(new Uri(url));
        if (body != null)
        {
            message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(body));
        }

        return message;
    }
}
