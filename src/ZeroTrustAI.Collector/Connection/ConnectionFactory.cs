using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Identity;

namespace ZeroTrustAI.Collector.Connection
{
    /// <summary>Turns <see cref="ConnectionOptions"/> into an Azure.Core TokenCredential for the chosen sign-in method.</summary>
    public static class ConnectionFactory
    {
        public static TokenCredential CreateCredential(ConnectionOptions options)
        {
            if (options == null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            var endpoints = options.Endpoints;
            var authority = endpoints.AuthorityHost;
            switch (options.Method)
            {
                case AuthMethod.Interactive:
                    return new InteractiveBrowserCredential(new InteractiveBrowserCredentialOptions
                    {
                        AuthorityHost = authority,
                        TenantId = Blank(options.TenantId),
                        // Without a client id Azure.Identity uses its own public developer client.
                        ClientId = Blank(options.ClientId),
                    });

                case AuthMethod.DeviceCode:
                    var callback = options.DeviceCodeCallback
                        ?? throw Invalid("Device code sign-in needs a callback that shows the user the sign-in message.");
                    return new DeviceCodeCredential(new DeviceCodeCredentialOptions
                    {
                        AuthorityHost = authority,
                        TenantId = Blank(options.TenantId),
                        ClientId = Blank(options.ClientId),
                        DeviceCodeCallback = (info, cancellationToken) => callback(info.Message, cancellationToken),
                    });

                case AuthMethod.ClientSecret:
                    Require(options.TenantId, "TenantId", options.Method);
                    Require(options.ClientId, "ClientId", options.Method);
                    var secret = SecureStrings.ToPlainText(options.ClientSecret);
                    Require(secret, "ClientSecret", options.Method);
                    return new ClientSecretCredential(options.TenantId, options.ClientId, secret, new ClientSecretCredentialOptions { AuthorityHost = authority });

                case AuthMethod.Certificate:
                    Require(options.TenantId, "TenantId", options.Method);
                    Require(options.ClientId, "ClientId", options.Method);
                    return new ClientCertificateCredential(options.TenantId, options.ClientId, LoadCertificate(options), new ClientCertificateCredentialOptions { AuthorityHost = authority });

                case AuthMethod.ManagedIdentity:
                    return CreateManagedIdentity(options);

                case AuthMethod.WorkloadIdentity:
                    Require(options.TenantId, "TenantId", options.Method);
                    Require(options.ClientId, "ClientId", options.Method);
                    Require(options.FederatedTokenFile, "FederatedTokenFile", options.Method);
                    if (!File.Exists(options.FederatedTokenFile))
                    {
                        throw Invalid($"The federated token file '{options.FederatedTokenFile}' does not exist.");
                    }

                    // WorkloadIdentityCredential re-reads the file for each token, so a rotated OIDC token is picked up.
                    return new WorkloadIdentityCredential(new WorkloadIdentityCredentialOptions
                    {
                        AuthorityHost = authority,
                        TenantId = options.TenantId,
                        ClientId = options.ClientId,
                        TokenFilePath = options.FederatedTokenFile,
                    });

                case AuthMethod.AzureCli:
                    // The CLI signs in to the cloud chosen with 'az cloud set'; it takes no authority host.
                    return new AzureCliCredential(new AzureCliCredentialOptions { TenantId = Blank(options.TenantId) });

                case AuthMethod.AccessToken:
                    var tokens = new Dictionary<string, System.Security.SecureString>(StringComparer.OrdinalIgnoreCase);
                    if (options.GraphAccessToken != null && options.GraphAccessToken.Length > 0)
                    {
                        tokens[endpoints.GraphScope] = options.GraphAccessToken;
                    }

                    if (options.ArmAccessToken != null && options.ArmAccessToken.Length > 0)
                    {
                        tokens[endpoints.ArmScope] = options.ArmAccessToken;
                    }

                    if (tokens.Count == 0)
                    {
                        throw Invalid("Access token sign-in needs a Graph access token, an ARM access token or both.");
                    }

                    return new AccessTokenCredential(tokens);

                default:
                    throw Invalid($"Unknown sign-in method '{options.Method}'.");
            }
        }

        private static ManagedIdentityCredential CreateManagedIdentity(ConnectionOptions options)
        {
            var byClientId = !string.IsNullOrWhiteSpace(options.ClientId);
            var byResourceId = !string.IsNullOrWhiteSpace(options.ManagedIdentityResourceId);
            if (byClientId && byResourceId)
            {
                throw Invalid("Name a user-assigned managed identity by its client id or by its resource id, not both.");
            }

            var identity = byClientId ? ManagedIdentityId.FromUserAssignedClientId(options.ClientId)
                : byResourceId ? ManagedIdentityId.FromUserAssignedResourceId(new ResourceIdentifier(options.ManagedIdentityResourceId!))
                : ManagedIdentityId.SystemAssigned;
            return new ManagedIdentityCredential(new ManagedIdentityCredentialOptions(identity) { AuthorityHost = options.Endpoints.AuthorityHost });
        }

        /// <summary>The certificate with its private key, from a PFX/PEM file or from the CurrentUser\My store.</summary>
        internal static X509Certificate2 LoadCertificate(ConnectionOptions options)
        {
            var hasPath = !string.IsNullOrWhiteSpace(options.CertificatePath);
            var hasThumbprint = !string.IsNullOrWhiteSpace(options.CertificateThumbprint);
            if (hasPath == hasThumbprint)
            {
                throw Invalid("Certificate sign-in needs either a certificate file path or a certificate thumbprint.");
            }

            if (hasPath)
            {
                if (!File.Exists(options.CertificatePath))
                {
                    throw new ConnectionException(ConnectionErrorIds.CertificateNotFound, $"The certificate file '{options.CertificatePath}' does not exist.");
                }

                try
                {
#pragma warning disable SYSLIB0057 // X509CertificateLoader is not in netstandard2.0; this constructor is the portable way.
                    var certificate = new X509Certificate2(options.CertificatePath, SecureStrings.ToPlainText(options.CertificatePassword), X509KeyStorageFlags.UserKeySet);
#pragma warning restore SYSLIB0057
                    if (!certificate.HasPrivateKey)
                    {
                        certificate.Dispose();
                        throw new ConnectionException(ConnectionErrorIds.CertificateNotFound, $"The certificate file '{options.CertificatePath}' has no private key; a PFX with the key is needed.");
                    }

                    return certificate;
                }
                catch (CryptographicException exception)
                {
                    throw new ConnectionException(ConnectionErrorIds.CertificateNotFound, $"The certificate file '{options.CertificatePath}' could not be read (wrong password or not a PFX): {exception.Message}", exception);
                }
            }

            var thumbprint = options.CertificateThumbprint!.Replace(" ", string.Empty).Trim();
            using var store = new X509Store(StoreName.My, StoreLocation.CurrentUser);
            store.Open(OpenFlags.ReadOnly);
            var found = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint, validOnly: false);
            foreach (var candidate in found)
            {
                if (candidate.HasPrivateKey)
                {
                    return candidate;
                }
            }

            throw new ConnectionException(ConnectionErrorIds.CertificateNotFound, $"No certificate with the thumbprint '{thumbprint}' and a private key is in the CurrentUser\\My store.");
        }

        private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

        private static void Require(string? value, string name, AuthMethod method)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw Invalid($"{method} sign-in needs {name}.");
            }
        }

        private static ConnectionException Invalid(string message) => new ConnectionException(ConnectionErrorIds.InvalidConnectionOptions, message);
    }
}
