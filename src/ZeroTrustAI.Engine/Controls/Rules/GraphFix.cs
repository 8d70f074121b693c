using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.Rules
{
    /// <summary>
    /// Microsoft Graph PowerShell fixes: one <c>Invoke-MgGraphRequest</c> per change, so every fix names one command
    /// whose parameters are checked, and the request says exactly what changes. Tenant values are quoted.
    /// </summary>
    public static class GraphFix
    {
        public const string GraphRoot = "https://graph.microsoft.com/";

        /// <summary>
        /// A PATCH of the object at <paramref name="relativeUri"/> (after the host, e.g. <c>v1.0/applications/{id}</c>) setting
        /// each dotted path to its JSON value: <c>("defaultUserRolePermissions.allowedToCreateApps", false)</c> becomes
        /// <c>{"defaultUserRolePermissions":{"allowedToCreateApps":false}}</c>.
        /// </summary>
        public static string Patch(string relativeUri, IEnumerable<KeyValuePair<string, JsonNode?>> values)
        {
            var body = new JsonObject();
            foreach (var pair in values)
            {
                var parts = pair.Key.Split('.');
                var node = body;
                foreach (var part in parts.Take(parts.Length - 1))
                {
                    if (!(node[part] is JsonObject child))
                    {
                        child = new JsonObject();
                        node[part] = child;
                    }

                    node = child;
                }

                node[parts[parts.Length - 1]] = pair.Value;
            }

            return Request("PATCH", relativeUri, body);
        }

        /// <summary>One request line: method, absolute URI and, when given, the JSON body.</summary>
        public static string Request(string method, string relativeUri, JsonNode? body = null) =>
            $"Invoke-MgGraphRequest -Method {method} -Uri {Quote.PowerShell(GraphRoot + relativeUri)}"
            + (body == null ? string.Empty : $" -Body {Quote.PowerShell(body.ToJsonString())} -ContentType 'application/json'");

        /// <summary>The JSON value of a <see cref="PropertyExpectation"/>'s fix value: a literal when it parses as JSON, else a string.</summary>
        public static JsonNode? Value(string text)
        {
            try
            {
                return JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                return JsonValue.Create(text);
            }
        }

        /// <summary>A script of fix lines, comments first.</summary>
        public static RemediationFix Script(params string[] lines) => RemediationFix.PowerShell(lines);
    }
}
