using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace ZeroTrustAI.Collector.Connection
{
    /// <summary>
    /// The claims of a JWT access token, read from its payload WITHOUT validating the signature: they only describe
    /// the connection (account, tenant, scopes, expiry); Microsoft Graph and ARM validate the token themselves.
    /// </summary>
    public sealed class JwtClaims
    {
        private JwtClaims(string? tenantId, string? userPrincipalName, string? appId, string? objectId, DateTimeOffset? expiresOn, IReadOnlyList<string> scopes, IReadOnlyList<string> roles, string? audience)
        {
            TenantId = tenantId;
            UserPrincipalName = userPrincipalName;
            AppId = appId;
            ObjectId = objectId;
            ExpiresOn = expiresOn;
            Scopes = scopes;
            Roles = roles;
            Audience = audience;
        }

        public string? TenantId { get; }

        /// <summary>upn, else preferred_username, else unique_name: absent for app-only tokens.</summary>
        public string? UserPrincipalName { get; }

        /// <summary>appid (v1 tokens) or azp (v2 tokens): the client application.</summary>
        public string? AppId { get; }

        public string? ObjectId { get; }

        public DateTimeOffset? ExpiresOn { get; }

        /// <summary>Delegated permissions, from the space-separated <c>scp</c> claim.</summary>
        public IReadOnlyList<string> Scopes { get; }

        /// <summary>Application permissions (app roles), from the <c>roles</c> claim.</summary>
        public IReadOnlyList<string> Roles { get; }

        public string? Audience { get; }

        /// <summary>The account to show: the user's UPN, else the app id, else the object id.</summary>
        public string? Account => UserPrincipalName ?? AppId ?? ObjectId;

        /// <summary>Reads the claims of a JWT, or returns null when the text is not a JWT with a JSON payload.</summary>
        public static JwtClaims? TryParse(string? token)
        {
            if (string.IsNullOrWhiteSpace(token))
            {
                return null;
            }

            var parts = token!.Trim().Split('.');
            if (parts.Length < 2)
            {
                return null;
            }

            byte[] payload;
            try
            {
                payload = Base64UrlDecode(parts[1]);
            }
            catch (FormatException)
            {
                return null;
            }

            try
            {
                using var document = JsonDocument.Parse(payload);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return null;
                }

                return new JwtClaims(
                    String(root, "tid"),
                    String(root, "upn") ?? String(root, "preferred_username") ?? String(root, "unique_name"),
                    String(root, "appid") ?? String(root, "azp"),
                    String(root, "oid"),
                    Expiry(root),
                    (String(root, "scp") ?? string.Empty).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries),
                    Strings(root, "roles"),
                    ReadAudience(root));
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static string? String(JsonElement root, string name)
            => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

        private static List<string> Strings(JsonElement root, string name)
        {
            var list = new List<string>();
            if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String && item.GetString() is { Length: > 0 } text)
                    {
                        list.Add(text);
                    }
                }
            }

            return list;
        }

        private static string? ReadAudience(JsonElement root)
        {
            if (!root.TryGetProperty("aud", out var value))
            {
                return null;
            }

            return value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Array => value.GetArrayLength() > 0 && value[0].ValueKind == JsonValueKind.String ? value[0].GetString() : null,
                _ => null,
            };
        }

        private static DateTimeOffset? Expiry(JsonElement root)
        {
            if (root.TryGetProperty("exp", out var exp) && exp.ValueKind == JsonValueKind.Number && exp.TryGetInt64(out var seconds)
                && seconds > 0 && seconds < 253402300799)
            {
                return DateTimeOffset.FromUnixTimeSeconds(seconds);
            }

            return null;
        }

        private static byte[] Base64UrlDecode(string text)
        {
            var builder = new StringBuilder(text.Length + 3);
            builder.Append(text.Replace('-', '+').Replace('_', '/'));
            switch (text.Length % 4)
            {
                case 2: builder.Append("=="); break;
                case 3: builder.Append('='); break;
                case 1: throw new FormatException("Not base64url.");
            }

            return Convert.FromBase64String(builder.ToString());
        }
    }
}
