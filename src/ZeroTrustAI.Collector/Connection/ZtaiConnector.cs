using System;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Identity;

namespace ZeroTrustAI.Collector.Connection
{
    /// <summary>Opens a <see cref="ZtaiConnection"/>: builds the credential and proves it by acquiring the tokens it will need.</summary>
    public static class ZtaiConnector
    {
        /// <summary>
        /// Signs in. Unless <paramref name="skipValidation"/>, a Graph and an ARM token are acquired (for access
        /// token sign-in: the tokens given are read and checked for expiry) and their claims describe the connection.
        /// </summary>
        public static async Task<ZtaiConnection> ConnectAsync(ConnectionOptions options, bool skipValidation, CancellationToken cancellationToken)
        {
            if (options == null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            var credential = ConnectionFactory.CreateCredential(options);
            if (skipValidation)
            {
                return new ZtaiConnection(options, credential, null, null, validated: false);
            }

            var endpoints = options.Endpoints;
            JwtClaims? graph;
            JwtClaims? arm;
            if (options.Method == AuthMethod.AccessToken)
            {
                graph = ReadGivenToken(options.GraphAccessToken, "Graph");
                arm = ReadGivenToken(options.ArmAccessToken, "ARM");
            }
            else
            {
                graph = await AcquireAsync(credential, endpoints.GraphScope, "Microsoft Graph", cancellationToken).ConfigureAwait(false);
                arm = await AcquireAsync(credential, endpoints.ArmScope, "Azure Resource Manager", cancellationToken).ConfigureAwait(false);
            }

            var connection = new ZtaiConnection(options, credential, graph, arm, validated: true);
            if (!string.IsNullOrWhiteSpace(options.TenantId) && Guid.TryParse(options.TenantId, out var wanted)
                && Guid.TryParse(connection.TenantId, out var actual) && wanted != actual)
            {
                throw new ConnectionException(ConnectionErrorIds.TenantMismatch, $"The token is for tenant {actual}, not the tenant {wanted} that was asked for.");
            }

            return connection;
        }

        private static JwtClaims? ReadGivenToken(System.Security.SecureString? token, string name)
        {
            if (token == null || token.Length == 0)
            {
                return null;
            }

            var claims = JwtClaims.TryParse(SecureStrings.ToPlainText(token))
                ?? throw new ConnectionException(ConnectionErrorIds.InvalidAccessToken, $"The {name} access token is not a JWT whose claims can be read. Use -SkipValidation to connect with it anyway.");
            if (claims.ExpiresOn is { } expiresOn && expiresOn <= DateTimeOffset.UtcNow)
            {
                throw new ConnectionException(ConnectionErrorIds.TokenExpired, $"The {name} access token expired at {expiresOn:u}. Get a new one and connect again.");
            }

            return claims;
        }

        private static async Task<JwtClaims?> AcquireAsync(TokenCredential credential, string scope, string service, CancellationToken cancellationToken)
        {
            try
            {
                var token = await credential.GetTokenAsync(new TokenRequestContext(new[] { scope }), cancellationToken).ConfigureAwait(false);
                return JwtClaims.TryParse(token.Token);
            }
            catch (CredentialUnavailableException exception)
            {
                throw new ConnectionException(ConnectionErrorIds.ConnectionFailed, $"The sign-in method cannot be used here: {RedactingLog.Redact(exception.Message)}", exception);
            }
            catch (AuthenticationFailedException exception)
            {
                throw new ConnectionException(ConnectionErrorIds.ConnectionFailed, $"Could not get a token for {service} ({scope}): {RedactingLog.Redact(exception.Message)}", exception);
            }
        }
    }
}
