using System;
using System.Security;
using System.Threading;
using System.Threading.Tasks;

namespace ZeroTrustAI.Collector.Connection
{
    /// <summary>How the connection signs in.</summary>
    public enum AuthMethod
    {
        Interactive,
        DeviceCode,
        ClientSecret,
        Certificate,
        ManagedIdentity,
        WorkloadIdentity,
        AzureCli,
        AccessToken,
    }

    /// <summary>
    /// Everything needed to sign in. Secrets are SecureString so they are not left as plain strings in a PowerShell
    /// session; they are turned into plain text only where Azure.Identity needs it.
    /// </summary>
    public sealed class ConnectionOptions
    {
        public AuthMethod Method { get; set; } = AuthMethod.Interactive;

        public CloudEnvironment Environment { get; set; } = CloudEnvironment.Global;

        /// <summary>Tenant id or verified domain; required for client secret, certificate and workload identity.</summary>
        public string? TenantId { get; set; }

        /// <summary>Application (client) id; for managed identity, the user-assigned identity's client id.</summary>
        public string? ClientId { get; set; }

        public SecureString? ClientSecret { get; set; }

        /// <summary>A PFX/PKCS#12 (or PEM) file holding the certificate and its private key.</summary>
        public string? CertificatePath { get; set; }

        public SecureString? CertificatePassword { get; set; }

        /// <summary>A certificate in the CurrentUser\My store (works on Windows, Linux and macOS).</summary>
        public string? CertificateThumbprint { get; set; }

        /// <summary>A user-assigned managed identity by its ARM resource id.</summary>
        public string? ManagedIdentityResourceId { get; set; }

        /// <summary>A file holding the federated (OIDC) token, as GitHub Actions and Azure DevOps provide.</summary>
        public string? FederatedTokenFile { get; set; }

        public SecureString? GraphAccessToken { get; set; }

        public SecureString? ArmAccessToken { get; set; }

        /// <summary>Private or test Graph endpoint (https, or http on a loopback host).</summary>
        public Uri? GraphEndpoint { get; set; }

        /// <summary>Private or test ARM endpoint (https; Azure.Core sends bearer tokens over TLS only).</summary>
        public Uri? ArmEndpoint { get; set; }

        /// <summary>Shows the device code sign-in message (URL and code) to the user.</summary>
        public Func<string, CancellationToken, Task>? DeviceCodeCallback { get; set; }

        public CloudEndpoints Endpoints => CloudEndpoints.For(Environment, GraphEndpoint, ArmEndpoint);
    }
}
