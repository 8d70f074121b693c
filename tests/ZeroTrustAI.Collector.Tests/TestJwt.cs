using System.Security;
using System.Text;
using System.Text.Json;

namespace ZeroTrustAI.Collector.Tests;

/// <summary>Made-up, unsigned JWTs: the collector reads claims without validating, which is all these test.</summary>
internal static class TestJwt
{
    public const string TenantId = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";

    public static string Create(IDictionary<string, object> claims)
        => Encode(new { alg = "none", typ = "JWT" }) + "." + Encode(claims) + ".c2lnbmF0dXJl";

    public static string User(string upn = "adele@contoso.onmicrosoft.com", string scopes = "Directory.Read.All Policy.Read.All", DateTimeOffset? expires = null, string tenant = TenantId)
        => Create(new Dictionary<string, object>
        {
            ["aud"] = "https://graph.microsoft.com",
            ["tid"] = tenant,
            ["upn"] = upn,
            ["oid"] = "11111111-2222-4333-8444-555555555555",
            ["appid"] = "14d82eec-204b-4c2f-b7e8-296a70dab67e",
            ["scp"] = scopes,
            ["exp"] = (expires ?? DateTimeOffset.UtcNow.AddHours(1)).ToUnixTimeSeconds(),
        });

    public static string App(string[] roles, DateTimeOffset? expires = null, string audience = "https://graph.microsoft.com")
        => Create(new Dictionary<string, object>
        {
            ["aud"] = audience,
            ["tid"] = TenantId,
            ["appid"] = "a0b1c2d3-0000-4000-8000-00000000c0de",
            ["oid"] = "a0b1c2d3-0000-4000-8000-0000000000ff",
            ["roles"] = roles,
            ["exp"] = (expires ?? DateTimeOffset.UtcNow.AddHours(1)).ToUnixTimeSeconds(),
        });

    public static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text)
        {
            secure.AppendChar(c);
        }

        secure.MakeReadOnly();
        return secure;
    }

    private static string Encode(object value)
        => Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
