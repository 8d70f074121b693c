using ZeroTrustAI.Collector.Connection;

namespace ZeroTrustAI.Collector.Tests;

public class RedactingLogTests
{
    [Theory]
    [InlineData("Authorization: Bearer abc.def-ghi_jkl", "Authorization: Bearer ***")]
    [InlineData("client_id=app&client_secret=s3cr3t~x&scope=x", "client_id=app&client_secret=***&scope=x")]
    [InlineData("grant_type=authorization_code&code=0.AAAbbb&redirect_uri=http://localhost", "grant_type=authorization_code&code=***&redirect_uri=http://localhost")]
    [InlineData("client_assertion_type=jwt-bearer&client_assertion=abc123", "client_assertion_type=jwt-bearer&client_assertion=***")]
    [InlineData("{\"password\": \"P@ss w0rd\", \"user\": \"adele\"}", "{\"password\": \"***\", \"user\": \"adele\"}")]
    [InlineData("{\"client_secret\":\"x\\\"y\"}", "{\"client_secret\":\"***\"}")]
    [InlineData("password: hunter2", "password: ***")]
    [InlineData("https://x.blob.core.windows.net/c?sv=2024&sig=AbC%2Bdef", "https://x.blob.core.windows.net/c?sv=2024&sig=***")]
    public void Credential_values_are_masked(string input, string expected)
    {
        Assert.Equal(expected, RedactingLog.Redact(input));
    }

    [Fact]
    public void A_bare_JWT_anywhere_in_the_text_is_masked()
    {
        var jwt = TestJwt.User();
        var redacted = RedactingLog.Redact($"token was {jwt} and more");

        Assert.Equal("token was *** and more", redacted);
    }

    [Theory]
    [InlineData("GET https://graph.microsoft.com/v1.0/servicePrincipals?$top=999 200 in 120 ms")]
    [InlineData("{\"error\":{\"code\":\"Authorization_RequestDenied\",\"message\":\"Insufficient privileges\"}}")]
    [InlineData("errorCode=AADSTS700016")]
    public void Ordinary_diagnostics_and_error_codes_are_left_alone(string input)
    {
        Assert.Equal(input, RedactingLog.Redact(input));
    }

    [Fact]
    public void Null_and_empty_stay_as_they_are()
    {
        Assert.Null(RedactingLog.Redact((string?)null));
        Assert.Equal(string.Empty, RedactingLog.Redact(string.Empty));
    }
}
