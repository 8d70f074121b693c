using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;

namespace ZeroTrustAI.Collector.Connection
{
    /// <summary>
    /// A TokenCredential over tokens acquired elsewhere (Connect-MgGraph, Connect-AzAccount, az account
    /// get-access-token): it hands back the Graph token for the Graph scope and the ARM token for the ARM scope, and
    /// fails clearly for a scope it has no token for. It cannot refresh: expiry is read from the token's exp claim.
    /// </summary>
    public sealed class AccessTokenCredential : TokenCredential
    {
        // When exp cannot be read, the token is treated as good for an hour (the usual Entra lifetime); the service
        // still rejects it if it has expired, so this only affects when Azure.Core would ask again.
        private static readonly TimeSpan AssumedLifetime = TimeSpan.FromHours(1);

        private readonly IReadOnlyDictionary<string, SecureString> _tokensByScope;

        /// <param name="tokensByScope">Each scope (e.g. https://graph.microsoft.com/.default) with its token.</param>
        public AccessTokenCredential(IReadOnlyDictionary<string, SecureString> tokensByScope)
        {
            if (tokensByScope == null)
            {
                throw new ArgumentNullException(nameof(tokensByScope));
            }

            _tokensByScope = new Dictionary<string, SecureString>(
                tokensByScope.ToDictionary(entry => NormalizeScope(entry.Key), entry => entry.Value),
                StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>The scopes this credential has a token for.</summary>
        public IEnumerable<string> Scopes => _tokensByScope.Keys;

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            var scopes = requestContext.Scopes ?? Array.Empty<string>();
            foreach (var scope in scopes)
            {
                if (_tokensByScope.TryGetValue(NormalizeScope(scope), out var secure))
                {
                    var token = SecureStrings.ToPlainText(secure) ?? string.Empty;
                    var expiresOn = JwtClaims.TryParse(token)?.ExpiresOn ?? DateTimeOffset.UtcNow.Add(AssumedLifetime);
                    return new AccessToken(token, expiresOn);
                }
            }

            var given = _tokensByScope.Count == 0 ? "none" : string.Join(", ", _tokensByScope.Keys);
            throw new ConnectionException(
                ConnectionErrorIds.NoTokenForScope,
                $"No access token was given for the scope '{string.Join(" ", scopes)}' (tokens were given for: {given}). Pass the matching -GraphAccessToken or -ArmAccessToken.");
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
            => new ValueTask<AccessToken>(GetToken(requestContext, cancellationToken));

        // https://graph.microsoft.com/.default, https://graph.microsoft.com//.default and https://graph.microsoft.com
        // name the same resource.
        private static string NormalizeScope(string scope)
        {
            var trimmed = (scope ?? string.Empty).Trim();
            if (trimmed.EndsWith("/.default", StringComparison.OrdinalIgnoreCase))
            {
                trimmed = trimmed.Substring(0, trimmed.Length - "/.default".Length);
            }

            return trimmed.TrimEnd('/');
        }
    }
}
