using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Graph
{
    /// <summary>Federated identity credentials of agent blueprints: who, by issuer and subject, signs in as the application.</summary>
    public static class FederatedCredentials
    {
        /// <summary>The parent annotation the collector adds to each credential (Graph's response does not name the application).</summary>
        public const string ParentProperty = "applicationObjectId";

        /// <summary>Sign-in hosts of Entra ID in the public and sovereign clouds.</summary>
        private static readonly string[] EntraHosts =
        {
            "login.microsoftonline.com", "login.microsoftonline.us", "login.partner.microsoftonline.cn", "sts.windows.net",
        };

        /// <summary>
        /// Every credential with the object id of its application: the separate set's items (<c>applicationObjectId</c>)
        /// and credentials expanded inline on the blueprints given.
        /// </summary>
        public static IEnumerable<(string ApplicationId, JsonElement Credential)> Of(TenantSnapshot snapshot, IEnumerable<JsonElement> blueprints) =>
            snapshot.GraphItems(GraphSetNames.BlueprintFederatedCredentials)
                .Select(c => (Application: c.GetString(ParentProperty), Credential: c))
                .Concat(blueprints.SelectMany(b => b.GetArray("federatedIdentityCredentials").Select(c => (Application: b.GetString("id"), Credential: c))))
                .Where(c => c.Application != null)
                .Select(c => (c.Application!, c.Credential));

        /// <summary>The subject a credential matches: <c>subject</c>, else its flexible <c>claimsMatchingExpression</c>.</summary>
        public static string SubjectOf(JsonElement credential) =>
            credential.GetString("subject") ?? credential.GetString("claimsMatchingExpression.value") ?? "?";

        /// <summary>An https issuer on an Entra ID sign-in host (any tenant).</summary>
        public static bool IsEntraIssuer(string? issuer) => EntraIssuerUri(issuer) != null;

        /// <summary>https://&lt;Entra host&gt;/&lt;tenant id&gt;/v2.0 (or the v1 sts.windows.net/&lt;tenant id&gt;/ form).</summary>
        public static bool IsTenantIssuer(string? issuer, string tenantId)
        {
            var uri = EntraIssuerUri(issuer);
            if (uri == null)
            {
                return false;
            }

            var segments = uri.AbsolutePath.Trim('/').Split('/');
            return segments.Length >= 1 && segments[0].EqualsIgnoreCase(tenantId)
                && (segments.Length == 1 || (segments.Length == 2 && segments[1].EqualsIgnoreCase("v2.0")));
        }

        private static Uri? EntraIssuerUri(string? issuer) =>
            issuer != null && Uri.TryCreate(issuer, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && EntraHosts.Any(h => h.EqualsIgnoreCase(uri.Host))
                ? uri
                : null;
    }
}
