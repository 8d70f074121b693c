using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure;
using Azure.ResourceManager.Resources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ZeroTrustAI.Collector.Connection;
using ZeroTrustAI.Collector.Http;

namespace ZeroTrustAI.Collector.Tests;

/// <summary>
/// The clients over real sockets on 127.0.0.1: Graph over plain http, ARM over https with a self-signed certificate
/// made for this run and trusted only by the test's own transport.
/// </summary>
public sealed class LoopbackServerTests : IAsyncLifetime
{
    private readonly X509Certificate2 _certificate = CreateCertificate();
    private readonly List<string> _seen = new();
    private WebApplication? _app;
    private Uri _http = null!;
    private Uri _https = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(_certificate));
        });
        _app = builder.Build();
        _app.Run(async context =>
        {
            lock (_seen)
            {
                _seen.Add($"{context.Request.Method} {context.Request.Scheme} {context.Request.Path} {context.Request.Headers.Authorization}");
            }

            context.Response.ContentType = "application/json";
            var body = context.Request.Path.StartsWithSegments("/subscriptions", StringComparison.OrdinalIgnoreCase)
                ? """{"value":[{"id":"/subscriptions/b1e0d1a2-0001-4c3b-9a7e-100000000001","subscriptionId":"b1e0d1a2-0001-4c3b-9a7e-100000000001","displayName":"Contoso AI Production","state":"Enabled"}]}"""
                : """{"value":[{"id":"6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b","displayName":"Contoso"}]}""";
            await context.Response.WriteAsync(body);
        });
        await _app.StartAsync();
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        _http = addresses.Single(a => a.Scheme == "http");
        _https = addresses.Single(a => a.Scheme == "https");
    }

    public async Task DisposeAsync()
    {
        if (_app != null)
        {
            await _app.DisposeAsync();
        }

        _certificate.Dispose();
    }

    private Task<ZtaiConnection> Connect(string graphToken, string armToken) => ZtaiConnector.ConnectAsync(
        new ConnectionOptions
        {
            Method = AuthMethod.AccessToken,
            GraphAccessToken = TestJwt.Secure(graphToken),
            ArmAccessToken = TestJwt.Secure(armToken),
            GraphEndpoint = new Uri($"http://127.0.0.1:{_http.Port}"),
            ArmEndpoint = new Uri($"https://127.0.0.1:{_https.Port}"),
        },
        skipValidation: false,
        CancellationToken.None);

    [Fact]
    public async Task Graph_reads_over_plain_http_on_loopback_with_the_default_transport()
    {
        var token = TestJwt.App(new[] { "Directory.Read.All" });
        var client = GraphClientFactory.CreateClient(await Connect(token, TestJwt.App(Array.Empty<string>())));

        var organizations = await client.Organization.GetAsync();

        Assert.Equal("Contoso", Assert.Single(organizations!.Value!).DisplayName);
        Assert.Contains($"GET http /v1.0/organization Bearer {token}", _seen);
    }

    [Fact]
    public async Task ARM_reads_over_https_when_the_transport_trusts_exactly_the_test_certificate()
    {
        var armToken = TestJwt.App(Array.Empty<string>(), audience: "https://management.azure.com");
        var connection = await Connect(TestJwt.App(Array.Empty<string>()), armToken);
        using var trusting = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == _certificate.Thumbprint,
        };
        var arm = ArmClientFactory.Create(connection, new ArmClientSettings { Transport = trusting });

        var names = new List<string>();
        await foreach (var subscription in arm.GetSubscriptions().GetAllAsync())
        {
            names.Add(subscription.Data.DisplayName);
        }

        Assert.Equal(new[] { "Contoso AI Production" }, names);
        Assert.Contains($"GET https /subscriptions Bearer {armToken}", _seen);
    }

    [Fact]
    public async Task ARM_over_the_default_transport_does_not_trust_the_test_certificate()
    {
        var connection = await Connect(TestJwt.App(Array.Empty<string>()), TestJwt.App(Array.Empty<string>()));
        var arm = ArmClientFactory.Create(connection, new ArmClientSettings());

        await Assert.ThrowsAsync<RequestFailedException>(async () =>
        {
            await foreach (var _ in arm.GetSubscriptions().GetAllAsync())
            {
            }
        });
        Assert.DoesNotContain(_seen, line => line.Contains("/subscriptions", StringComparison.Ordinal));
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // Kestrel needs the private key in a form SslStream can use on every platform: a PKCS#12 round trip.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
