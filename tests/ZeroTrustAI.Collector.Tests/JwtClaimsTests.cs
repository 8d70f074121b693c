using ZeroTrustAI.Collector.Connection;

namespace ZeroTrustAI.Collector.Tests;

public class JwtClaimsTests
{
    [Fact]
    public void A_delegated_token_gives_the_user_tenant_scopes_and_expiry()
    {
        var expires = DateTimeOffset.UtcNow.AddMinutes(42);
        var claims = JwtClaims.TryParse(TestJwt.User(scopes: "Policy.Read.All Directory.Read.All", expires: expires));

        Assert.NotNull(claims);
        Assert.Equal("adele@contoso.onmicrosoft.com", claims!.Account);
        Assert.Equal(TestJwt.TenantId, claims.TenantId);
        Assert.Equal(new[] { "Policy.Read.All", "Directory.Read.All" }, claims.Scopes);
        Assert.Empty(claims.Roles);
        Assert.Equal(expires.ToUnixTimeSeconds(), claims.ExpiresOn!.Value.ToUnixTimeSeconds());
        Assert.Equal("https://graph.microsoft.com", claims.Audience);
    }

    [Fact]
    public void An_app_only_token_gives_the_app_id_and_roles()
    {
        var claims = JwtClaims.TryParse(TestJwt.App(new[] { "Application.Read.All", "Policy.Read.All" }));

        Assert.Equal("a0b1c2d3-0000-4000-8000-00000000c0de", claims!.Account);
        Assert.Null(claims.UserPrincipalName);
        Assert.Equal(new[] { "Application.Read.All", "Policy.Read.All" }, claims.Roles);
        Assert.Empty(claims.Scopes);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("opaque-token-without-dots")]
    [InlineData("abc.%%%.def")]
    [InlineData("eyJhbGciOiJub25lIn0.bm90IGpzb24.x")]
    [InlineData("eyJhbGciOiJub25lIn0.WzEsMl0.x")]
    public void Text_that_is_not_a_JWT_with_a_JSON_object_payload_gives_null(string? token)
    {
        Assert.Null(JwtClaims.TryParse(token));
    }
}
