using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure.Identity;
using ZeroTrustAI.Collector.Connection;

namespace ZeroTrustAI.Collector.Tests;

public sealed class ConnectionFactoryTests : IDisposable
{
    private const string ClientId = "a0b1c2d3-0000-4000-8000-00000000c0de";
    private readonly string _folder = Directory.CreateTempSubdirectory("ztai-connect-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Each_sign_in_method_builds_its_Azure_Identity_credential()
    {
        var tokenFile = Path.Combine(_folder, "oidc.jwt");
        File.WriteAllText(tokenFile, "federated-token");
        var pfx = WritePfx("p@ss");

        Assert.IsType<InteractiveBrowserCredential>(Create(new ConnectionOptions { Method = AuthMethod.Interactive }));
        Assert.IsType<DeviceCodeCredential>(Create(new ConnectionOptions { Method = AuthMethod.DeviceCode, DeviceCodeCallback = (_, _) => Task.CompletedTask }));
        Assert.IsType<ClientSecretCredential>(Create(new ConnectionOptions { Method = AuthMethod.ClientSecret, TenantId = TestJwt.TenantId, ClientId = ClientId, ClientSecret = TestJwt.Secure("s3cret") }));
        Assert.IsType<ClientCertificateCredential>(Create(new ConnectionOptions { Method = AuthMethod.Certificate, TenantId = TestJwt.TenantId, ClientId = ClientId, CertificatePath = pfx, CertificatePassword = TestJwt.Secure("p@ss") }));
        Assert.IsType<ManagedIdentityCredential>(Create(new ConnectionOptions { Method = AuthMethod.ManagedIdentity }));
        Assert.IsType<ManagedIdentityCredential>(Create(new ConnectionOptions { Method = AuthMethod.ManagedIdentity, ClientId = ClientId }));
        Assert.IsType<ManagedIdentityCredential>(Create(new ConnectionOptions { Method = AuthMethod.ManagedIdentity, ManagedIdentityResourceId = "/subscriptions/b1e0d1a2-0001-4c3b-9a7e-100000000001/resourceGroups/rg-ai-prod/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-ztai" }));
        Assert.IsType<WorkloadIdentityCredential>(Create(new ConnectionOptions { Method = AuthMethod.WorkloadIdentity, TenantId = TestJwt.TenantId, ClientId = ClientId, FederatedTokenFile = tokenFile }));
        Assert.IsType<AzureCliCredential>(Create(new ConnectionOptions { Method = AuthMethod.AzureCli }));
        Assert.IsType<AccessTokenCredential>(Create(new ConnectionOptions { Method = AuthMethod.AccessToken, ArmAccessToken = TestJwt.Secure("t") }));
    }

    public static TheoryData<ConnectionOptions> Incomplete => new()
    {
        new ConnectionOptions { Method = AuthMethod.DeviceCode },
        new ConnectionOptions { Method = AuthMethod.ClientSecret, ClientId = ClientId, ClientSecret = TestJwt.Secure("s") },
        new ConnectionOptions { Method = AuthMethod.ClientSecret, TenantId = TestJwt.TenantId, ClientId = ClientId },
        new ConnectionOptions { Method = AuthMethod.Certificate, TenantId = TestJwt.TenantId, ClientId = ClientId },
        new ConnectionOptions { Method = AuthMethod.Certificate, TenantId = TestJwt.TenantId, ClientId = ClientId, CertificatePath = "a.pfx", CertificateThumbprint = "AB" },
        new ConnectionOptions { Method = AuthMethod.ManagedIdentity, ClientId = ClientId, ManagedIdentityResourceId = "/subscriptions/x" },
        new ConnectionOptions { Method = AuthMethod.WorkloadIdentity, TenantId = TestJwt.TenantId, ClientId = ClientId },
        new ConnectionOptions { Method = AuthMethod.WorkloadIdentity, TenantId = TestJwt.TenantId, ClientId = ClientId, FederatedTokenFile = "/nonexistent/oidc.jwt" },
        new ConnectionOptions { Method = AuthMethod.AccessToken },
    };

    [Theory]
    [MemberData(nameof(Incomplete))]
    public void Options_missing_what_the_method_needs_fail_with_InvalidConnectionOptions(ConnectionOptions options)
    {
        var error = Assert.Throws<ConnectionException>(() => ConnectionFactory.CreateCredential(options));
        Assert.Equal(ConnectionErrorIds.InvalidConnectionOptions, error.ErrorId);
    }

    [Fact]
    public void A_certificate_file_with_the_wrong_password_fails_with_CertificateNotFound()
    {
        var pfx = WritePfx("right");
        var error = Assert.Throws<ConnectionException>(() => ConnectionFactory.CreateCredential(new ConnectionOptions
        {
            Method = AuthMethod.Certificate, TenantId = TestJwt.TenantId, ClientId = ClientId, CertificatePath = pfx, CertificatePassword = TestJwt.Secure("wrong"),
        }));

        Assert.Equal(ConnectionErrorIds.CertificateNotFound, error.ErrorId);
    }

    [Fact]
    public void A_certificate_is_found_in_the_CurrentUser_My_store_by_thumbprint()
    {
        using var certificate = CreateCertificate();
        using var store = new X509Store(StoreName.My, StoreLocation.CurrentUser);
        store.Open(OpenFlags.ReadWrite);
        using var persisted = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.PersistKeySet | X509KeyStorageFlags.Exportable);
        store.Add(persisted);
        try
        {
            using var loaded = ConnectionFactory.LoadCertificate(new ConnectionOptions { CertificateThumbprint = certificate.Thumbprint.ToLowerInvariant() });
            Assert.Equal(certificate.Thumbprint, loaded.Thumbprint);
            Assert.True(loaded.HasPrivateKey);
        }
        finally
        {
            store.Remove(persisted);
        }

        var error = Assert.Throws<ConnectionException>(() => ConnectionFactory.LoadCertificate(new ConnectionOptions { CertificateThumbprint = "00112233445566778899AABBCCDDEEFF00112233" }));
        Assert.Equal(ConnectionErrorIds.CertificateNotFound, error.ErrorId);
    }

    private static Azure.Core.TokenCredential Create(ConnectionOptions options) => ConnectionFactory.CreateCredential(options);

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=ztai-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    private string WritePfx(string password)
    {
        using var certificate = CreateCertificate();
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return path;
    }
}
