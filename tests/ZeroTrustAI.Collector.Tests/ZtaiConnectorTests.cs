using ZeroTrustAI.Collector.Connection;

namespace ZeroTrustAI.Collector.Tests;

public class ZtaiConnectorTests
{
    private static Task<ZtaiConnection> Connect(string? graph, string? arm = null, string? tenant = null, bool skip = false)
        => ZtaiConnector.ConnectAsync(
            new ConnectionOptions
            {
                Method = AuthMethod.AccessToken,
                TenantId = tenant,
                GraphAccessToken = graph == null ? null : TestJwt.Secure(graph),
                ArmAccessToken = arm == null ? null : TestJwt.Secure(arm),
            },
            skip,
            CancellationToken.None);

    [Fact]
    public async Task A_delegated_connection_describes_the_user_tenant_endpoints_and_scopes()
    {
        var graph = TestJwt.User(scopes: "Policy.Read.All Directory.Read.All");
        var connection = await Connect(graph, TestJwt.User(), tenant: TestJwt.TenantId);

        Assert.Equal(TestJwt.TenantId, connection.TenantId);
        Assert.Equal("adele@contoso.onmicrosoft.com", connection.Account);
        Assert.Equal("User", connection.AccountType);
        Assert.Equal(new[] { "Directory.Read.All", "Policy.Read.All" }, connection.Scopes);
        Assert.Empty(connection.Roles);
        Assert.Equal(AuthMethod.AccessToken, connection.AuthMethod);
        Assert.Equal("https://graph.microsoft.com/", connection.GraphEndpoint.AbsoluteUri);
        Assert.Equal("https://management.azure.com/", connection.ArmEndpoint.AbsoluteUri);
        Assert.True(connection.Validated);
        Assert.NotNull(connection.GraphTokenExpiresOn);
    }

    [Fact]
    public async Task An_app_only_connection_shows_the_app_and_its_roles()
    {
        var connection = await Connect(TestJwt.App(new[] { "Policy.Read.All", "Application.Read.All" }));

        Assert.Equal("a0b1c2d3-0000-4000-8000-00000000c0de", connection.Account);
        Assert.Equal("Application", connection.AccountType);
        Assert.Equal(new[] { "Application.Read.All", "Policy.Read.All" }, connection.Roles);
        Assert.Null(connection.ArmTokenExpiresOn);
    }

    [Fact]
    public async Task No_property_and_not_ToString_carry_a_token()
    {
        var graph = TestJwt.User();
        var arm = TestJwt.App(Array.Empty<string>(), audience: "https://management.azure.com");
        var connection = await Connect(graph, arm);

        var texts = typeof(ZtaiConnection).GetProperties()
            .Where(p => p.GetMethod?.IsPublic == true)
            .Select(p => Convert.ToString(p.GetValue(connection), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty)
            .Append(connection.ToString());
        foreach (var text in texts)
        {
            Assert.DoesNotContain(graph, text, StringComparison.Ordinal);
            Assert.DoesNotContain(arm, text, StringComparison.Ordinal);
            Assert.DoesNotContain(graph.Split('.')[1], text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(typeof(ZtaiConnection).GetProperties(), p => p.PropertyType == typeof(Azure.Core.TokenCredential) && p.GetMethod!.IsPublic);
    }

    [Fact]
    public async Task An_expired_token_fails_with_TokenExpired()
    {
        var error = await Assert.ThrowsAsync<ConnectionException>(() => Connect(TestJwt.User(expires: DateTimeOffset.UtcNow.AddMinutes(-1))));
        Assert.Equal(ConnectionErrorIds.TokenExpired, error.ErrorId);
    }

    [Fact]
    public async Task A_token_for_another_tenant_than_asked_fails_with_TenantMismatch()
    {
        var error = await Assert.ThrowsAsync<ConnectionException>(() => Connect(TestJwt.User(tenant: "00000000-0000-4000-8000-000000000001"), tenant: TestJwt.TenantId));
        Assert.Equal(ConnectionErrorIds.TenantMismatch, error.ErrorId);
    }

    [Fact]
    public async Task An_opaque_token_needs_SkipValidation()
    {
        var error = await Assert.ThrowsAsync<ConnectionException>(() => Connect("opaque-token"));
        Assert.Equal(ConnectionErrorIds.InvalidAccessToken, error.ErrorId);
        Assert.DoesNotContain("opaque-token", error.Message, StringComparison.Ordinal);

        var connection = await Connect("opaque-token", tenant: TestJwt.TenantId, skip: true);
        Assert.False(connection.Validated);
        Assert.Equal(TestJwt.TenantId, connection.TenantId);
        Assert.Null(connection.Account);
    }
}
