using System;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ZeroTrustAI.Emulator
{
    /// <summary>The per-run self-signed TLS certificate for the ARM endpoint, and the one validation rule that trusts it.</summary>
    public static class EmulatorCertificate
    {
        /// <summary>A new self-signed server certificate for 127.0.0.1 and localhost, valid for one day.</summary>
        public static X509Certificate2 Create()
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=ZeroTrustAI Emulator " + Guid.NewGuid().ToString("N")[..8], key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication") }, false));

            var now = DateTimeOffset.UtcNow;
            using var ephemeral = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

            // Windows' TLS stack cannot use an ephemeral key; a PKCS#12 round trip gives the key a home on every platform.
            return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        }

        /// <summary>
        /// True only for exactly <paramref name="trusted"/> (compared by SHA-256 thumbprint): no other certificate,
        /// not even one the machine trusts, is accepted.
        /// </summary>
        public static bool IsTrusted(X509Certificate2 trusted, X509Certificate? presented)
        {
            ArgumentNullException.ThrowIfNull(trusted);
            if (presented == null)
            {
                return false;
            }

            var expected = trusted.GetCertHash(HashAlgorithmName.SHA256);
            var actual = presented.GetCertHash(HashAlgorithmName.SHA256);
            return CryptographicOperations.FixedTimeEquals(expected, actual);
        }

        /// <summary>An <see cref="HttpClientHandler"/> that trusts exactly <paramref name="trusted"/>.</summary>
        public static HttpClientHandler CreateHttpClientHandler(X509Certificate2 trusted)
        {
            ArgumentNullException.ThrowIfNull(trusted);
            return new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, certificate, _, _) => IsTrusted(trusted, certificate),
            };
        }

        /// <summary>A <see cref="SocketsHttpHandler"/> that trusts exactly <paramref name="trusted"/>.</summary>
        public static SocketsHttpHandler CreateSocketsHttpHandler(X509Certificate2 trusted)
        {
            ArgumentNullException.ThrowIfNull(trusted);
            return new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions
                {
                    RemoteCertificateValidationCallback = (_, certificate, _, _) => IsTrusted(trusted, certificate),
                },
            };
        }
    }
}
