using ZeroTrustAI.Collector.Connection;

namespace ZeroTrustAI.Collector.Tests;

public class CloudEndpointsTests
{
    [Theory]
    [InlineData(CloudEnvironment.Global, "https://login.microsoftonline.com/", "https://graph.microsoft.com/", "https://management.azure.com/")]
    [InlineData(CloudEnvironment.USGovernment, "https://login.microsoftonline.us/", "https://graph.microsoft.us/", "https://management.usgovcloudapi.net/")]
    [InlineData(CloudEnvironment.USGovernmentDoD, "https://login.microsoftonline.us/", "https://dod-graph.microsoft.us/", "https://management.usgovcloudapi.net/")]
    [InlineData(CloudEnvironment.China, "https://login.chinacloudapi.cn/", "https://microsoftgraph.chinacloudapi.cn/", "https://management.chinacloudapi.cn/")]
    public void Each_cloud_has_its_own_sign_in_Graph_and_ARM_hosts_and_scopes(CloudEnvironment environment, string login, string graph, string arm)
    {
        var endpoints = CloudEndpoints.For(environment);

        Assert.Equal(login, endpoints.AuthorityHost.AbsoluteUri);
        Assert.Equal(graph, endpoints.Graph.AbsoluteUri);
        Assert.Equal(arm, endpoints.Arm.AbsoluteUri);
        Assert.Equal(graph + ".default", endpoints.GraphScope);
        Assert.Equal(arm + ".default", endpoints.ArmScope);
        Assert.Equal(graph + "v1.0", endpoints.GraphBaseUrl(GraphApiVersion.V1).AbsoluteUri);
        Assert.Equal(graph + "beta", endpoints.GraphBaseUrl(GraphApiVersion.Beta).AbsoluteUri);
        Assert.False(endpoints.IsOverridden);
    }

    [Fact]
    public void An_override_changes_where_requests_go_but_not_the_token_scope()
    {
        var endpoints = CloudEndpoints.For(CloudEnvironment.USGovernment, new Uri("http://127.0.0.1:5123"), new Uri("https://127.0.0.1:5124/arm/"));

        Assert.Equal("http://127.0.0.1:5123/v1.0", endpoints.GraphBaseUrl(GraphApiVersion.V1).AbsoluteUri);
        Assert.Equal("https://127.0.0.1:5124/arm/", endpoints.Arm.AbsoluteUri);
        Assert.Equal("https://graph.microsoft.us/.default", endpoints.GraphScope);
        Assert.Equal("https://management.usgovcloudapi.net/.default", endpoints.ArmScope);
        Assert.True(endpoints.IsOverridden);
    }

    [Theory]
    [InlineData("http://graph.contoso.example")]
    [InlineData("http://10.0.0.5:8080")]
    [InlineData("ftp://127.0.0.1")]
    [InlineData("https://graph.contoso.example/?code=1")]
    public void An_override_that_would_send_tokens_unencrypted_off_this_machine_is_refused(string endpoint)
    {
        Assert.Throws<ArgumentException>(() => CloudEndpoints.For(CloudEnvironment.Global, new Uri(endpoint)));
    }

    [Fact]
    public void A_refused_override_is_named_without_its_credentials()
    {
        var error = Assert.Throws<ArgumentException>(() => CloudEndpoints.For(CloudEnvironment.Global, new Uri("http://graph.contoso.example/?client_secret=abc123")));

        Assert.DoesNotContain("abc123", error.Message, StringComparison.Ordinal);
        Assert.Contains("graph.contoso.example", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:8080")]
    [InlineData("http://[::1]:8080")]
    [InlineData("https://graph.private.contoso.example")]
    public void Https_anywhere_and_plain_http_on_loopback_are_accepted(string endpoint)
    {
        var endpoints = CloudEndpoints.For(CloudEnvironment.Global, new Uri(endpoint));
        Assert.StartsWith(endpoint, endpoints.Graph.AbsoluteUri, StringComparison.Ordinal);
    }
}
