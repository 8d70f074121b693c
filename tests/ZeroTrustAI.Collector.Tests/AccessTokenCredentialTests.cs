using Azure.Core;
using ZeroTrustAI.Collector.Connection;

namespace ZeroTrustAI.Collector.Tests;

public class AccessTokenCredentialTests
{
    private static readonly string GraphToken = TestJwt.User(expires: DateTimeOffset.UtcNow.AddMinutes(30));
    private static readonly string ArmToken = TestJwt.App(Array.Empty<string>(), DateTimeOffset.UtcNow.AddMinutes(50), "https://management.azure.com");

    private static TokenCredential Create(bool withArm = true)
    {
        var options = new ConnectionOptions { Method = AuthMethod.AccessToken, GraphAccessToken = TestJwt.Secure(GraphToken) };
        if (withArm)
        {
            options.ArmAccessToken = TestJwt.Secure(ArmToken);
        }

        return ConnectionFactory.CreateCredential(options);
    }

    [Theory]
    [InlineData("https://graph.microsoft.com/.default", true)]
    [InlineData("https://graph.microsoft.com//.default", true)]
    [InlineData("https://management.azure.com/.default", false)]
    [InlineData("https://management.azure.com//.default", false)]
    [InlineData("https://management.azure.com", false)]
    public async Task Each_scope_gets_its_own_token_with_expiry_from_the_exp_claim(string scope, bool graph)
    {
        var token = await Create().GetTokenAsync(new TokenRequestContext(new[] { scope }), CancellationToken.None);

        Assert.Equal(graph ? GraphToken : ArmToken, token.Token);
        Assert.Equal(JwtClaims.TryParse(token.Token)!.ExpiresOn, token.ExpiresOn);
    }

    [Fact]
    public void A_scope_without_a_token_fails_with_NoTokenForScope_naming_the_scope_and_no_token()
    {
        var error = Assert.Throws<ConnectionException>(() => Create(withArm: false).GetToken(new TokenRequestContext(new[] { "https://management.azure.com/.default" }), CancellationToken.None));

        Assert.Equal(ConnectionErrorIds.NoTokenForScope, error.ErrorId);
        Assert.Contains("https://management.azure.com/.default", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(GraphToken, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_opaque_token_is_handed_back_with_an_assumed_lifetime()
    {
        var credential = new AccessTokenCredential(new Dictionary<string, System.Security.SecureString> { ["https://graph.microsoft.com/.default"] = TestJwt.Secure("opaque") });

        var token = credential.GetToken(new TokenRequestContext(new[] { "https://graph.microsoft.com/.default" }), CancellationToken.None);

        Assert.Equal("opaque", token.Token);
        Assert.InRange(token.ExpiresOn, DateTimeOffset.UtcNow.AddMinutes(55), DateTimeOffset.UtcNow.AddMinutes(65));
    }

    [Fact]
    public void National_cloud_tokens_are_keyed_by_that_cloud_s_scopes()
    {
        var credential = ConnectionFactory.CreateCredential(new ConnectionOptions { Method = AuthMethod.AccessToken, Environment = CloudEnvironment.China, GraphAccessToken = TestJwt.Secure(GraphToken) });

        Assert.Equal(GraphToken, credential.GetToken(new TokenRequestContext(new[] { "https://microsoftgraph.chinacloudapi.cn/.default" }), CancellationToken.None).Token);
        Assert.Throws<ConnectionException>(() => credential.GetToken(new TokenRequestContext(new[] { "https://graph.microsoft.com/.default" }), CancellationToken.None));
    }
}
