using System;
using System.Collections.Generic;
using System.Linq;
using Azure.Core;

namespace ZeroTrustAI.Collector.Connection
{
    /// <summary>
    /// An open connection: who is signed in, to which tenant and cloud, through which endpoints, with which
    /// permissions. Its public properties and ToString carry no secret and no token; the credential that acquires
    /// tokens stays internal to the collector.
    /// </summary>
    public sealed class ZtaiConnection
    {
        internal ZtaiConnection(ConnectionOptions options, TokenCredential credential, JwtClaims? graphClaims, JwtClaims? armClaims, bool validated)
        {
            Credential = credential;
            Endpoints = options.Endpoints;
            AuthMethod = options.Method;
            Environment = options.Environment;
            var claims = graphClaims ?? armClaims;
            TenantId = graphClaims?.TenantId ?? armClaims?.TenantId ?? options.TenantId;
            Account = claims?.Account ?? (options.Method == AuthMethod.ManagedIdentity ? "managed identity" : options.ClientId);
            AccountType = claims == null ? null : claims.UserPrincipalName != null ? "User" : "Application";
            ObjectId = claims?.ObjectId;
            ClientId = claims?.AppId ?? options.ClientId;
            Scopes = (graphClaims?.Scopes ?? Array.Empty<string>()).OrderBy(s => s, StringComparer.OrdinalIgnoreCase).ToArray();
            Roles = (graphClaims?.Roles ?? Array.Empty<string>()).OrderBy(s => s, StringComparer.OrdinalIgnoreCase).ToArray();
            GraphTokenExpiresOn = graphClaims?.ExpiresOn;
            ArmTokenExpiresOn = armClaims?.ExpiresOn;
            Validated = validated;
            ConnectedOn = DateTimeOffset.UtcNow;
        }

        public string? TenantId { get; }

        /// <summary>The signed-in user's UPN, or the application's client id for app-only sign-in.</summary>
        public string? Account { get; }

        /// <summary>User or Application (read from the token); null when the token was not read.</summary>
        public string? AccountType { get; }

        public string? ObjectId { get; }

        public string? ClientId { get; }

        public CloudEnvironment Environment { get; }

        public AuthMethod AuthMethod { get; }

        public Uri GraphEndpoint => Endpoints.Graph;

        public Uri ArmEndpoint => Endpoints.Arm;

        /// <summary>Delegated Graph permissions granted (the token's scp claim).</summary>
        public IReadOnlyList<string> Scopes { get; }

        /// <summary>Graph application permissions granted (the token's roles claim).</summary>
        public IReadOnlyList<string> Roles { get; }

        public DateTimeOffset? GraphTokenExpiresOn { get; }

        public DateTimeOffset? ArmTokenExpiresOn { get; }

        /// <summary>False when the connection was opened with -SkipValidation: no token was acquired or read.</summary>
        public bool Validated { get; }

        public DateTimeOffset ConnectedOn { get; }

        /// <summary>Every Graph permission granted, delegated or application.</summary>
        public IEnumerable<string> GrantedPermissions => Scopes.Concat(Roles);

        internal TokenCredential Credential { get; }

        public CloudEndpoints Endpoints { get; }

        public override string ToString()
            => $"{Account ?? "(unknown account)"} in tenant {TenantId ?? "(unknown)"} ({Environment}, {AuthMethod})";
    }
}
