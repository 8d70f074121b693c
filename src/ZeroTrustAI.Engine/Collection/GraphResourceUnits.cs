using System;
using System.Collections.Generic;
using System.Linq;

namespace ZeroTrustAI.Engine.Collection
{
    /// <summary>
    /// Microsoft Graph's published costs and limits for identity and access reads, in one place for the collector's
    /// pacing and planning, the emulator's charging and the benchmark's lower bound. Sources (docs/collection-plan.md
    /// gives each with where a real tenant can differ): "Microsoft Graph service-specific throttling limits", sections
    /// Identity and access service limits and Identity protection and conditional access service limits; "Use query
    /// parameters" ($expand); the servicePrincipal list page (page sizes).
    /// </summary>
    public static class GraphResourceUnits
    {
        /// <summary>Resource units per application+tenant pair per <see cref="Window"/> in a tenant of more than 500 users (L).</summary>
        public const int LargeTenantBudget = 8000;

        /// <summary>The window the budget refills over.</summary>
        public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

        /// <summary>The largest <c>$top</c> directory object lists honour.</summary>
        public const int MaxPageSize = 999;

        /// <summary>The most objects a directory object list returns per page when it has <c>$expand</c> (known issue: at most 100).</summary>
        public const int MaxPageSizeWithExpand = 100;

        /// <summary>The most items <c>$expand</c> returns of a collection relation of a directory object, with no next link.</summary>
        public const int MaxExpandedItems = 20;

        /// <summary>Requests per JSON <c>$batch</c>.</summary>
        public const int MaxBatchRequests = 20;

        /// <summary>The spacing of requests to Conditional Access and Identity Protection: one per second per tenant, all apps.</summary>
        public static readonly TimeSpan OncePerTenantInterval = TimeSpan.FromSeconds(1);

        /// <summary>
        /// GET paths whose base cost is not 1 ({id} stands for any one segment). Every other identity GET costs 1.
        /// </summary>
        private static readonly (string[] Segments, int Cost)[] GetCosts = new[]
        {
            ("applications", 2),
            ("applications/{id}/extensionProperties", 2),
            ("contracts", 3),
            ("domains/{id}/domainNameReferences", 4),
            ("groups/{id}/members", 3),
            ("groups/{id}/transitiveMembers", 5),
            ("oauth2PermissionGrants", 2),
            ("oauth2PermissionGrants/{id}", 2),
            ("servicePrincipals/{id}/appRoleAssignments", 2),
            ("subscribedSkus", 3),
            ("users", 2),
        }.Select(e => (e.Item1.Split('/'), e.Item2)).ToArray();

        /// <summary>
        /// Service principal reads that select <c>keyCredentials</c> are limited to 150 requests per minute per tenant
        /// (the servicePrincipal list page).
        /// </summary>
        public const int KeyCredentialReadsPerMinute = 150;

        private static readonly string[] OncePerTenantPrefixes =
        {
            "identity/conditionalAccess/", "identityProtection/", "riskDetections", "riskyUsers",
        };

        /// <summary>
        /// The resource units of one request. <paramref name="path"/> is the path with or without the version
        /// (<c>/v1.0/servicePrincipals/{id}/owners</c> or with a real id); <paramref name="hasQueryOption"/> says whether
        /// the query has an option ($select, $expand) and <paramref name="top"/> is its $top. A type cast segment
        /// (<c>microsoft.graph.agentIdentity</c>) prices as the list it narrows. A $batch envelope costs nothing: its
        /// requests are charged one by one.
        /// </summary>
        public static int CostOf(string method, string path, Func<string, bool> hasQueryOption, int? top)
        {
            if (hasQueryOption == null)
            {
                throw new ArgumentNullException(nameof(hasQueryOption));
            }

            var segments = RouteSegments(path);
            if (segments.Count == 1 && segments[0] == "$batch")
            {
                return 0;
            }

            var cost = 1;
            if (string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var (pattern, value) in GetCosts)
                {
                    if (Matches(pattern, segments))
                    {
                        cost = value;
                        break;
                    }
                }
            }

            if (hasQueryOption("$select"))
            {
                cost--;
            }

            if (hasQueryOption("$expand"))
            {
                cost++;
            }

            if (top is { } size && size < 20)
            {
                cost--;
            }

            return Math.Max(1, cost);
        }

        /// <summary>The cost of a relative or absolute Graph URL with its query (<c>/v1.0/users?$select=id&amp;$top=999</c>).</summary>
        public static int CostOfUrl(string method, string url)
        {
            var question = url.IndexOf('?');
            var path = question < 0 ? url : url.Substring(0, question);
            if (Uri.TryCreate(path, UriKind.Absolute, out var absolute))
            {
                path = absolute.AbsolutePath;
            }

            var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (question >= 0)
            {
                foreach (var pair in url.Substring(question + 1).Split('&'))
                {
                    var equals = pair.IndexOf('=');
                    var name = Uri.UnescapeDataString(equals < 0 ? pair : pair.Substring(0, equals));
                    options[name] = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair.Substring(equals + 1));
                }
            }

            int? top = options.TryGetValue("$top", out var text) && int.TryParse(text, out var value) ? value : (int?)null;
            return CostOf(method, path, options.ContainsKey, top);
        }

        /// <summary>
        /// True for a GET of service principals (a list, a cast list or one object) whose <c>$select</c> names
        /// <c>keyCredentials</c>: those count against <see cref="KeyCredentialReadsPerMinute"/>.
        /// </summary>
        public static bool ReadsServicePrincipalKeyCredentials(string method, string url)
        {
            if (!string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            var question = url.IndexOf('?');
            if (question < 0)
            {
                return false;
            }

            var path = url.Substring(0, question);
            if (Uri.TryCreate(path, UriKind.Absolute, out var absolute))
            {
                path = absolute.AbsolutePath;
            }

            var segments = RouteSegments(path);
            if (segments.Count == 0 || segments.Count > 2 || !string.Equals(segments[0], "servicePrincipals", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            return url.Substring(question + 1).Split('&')
                .Select(pair => Uri.UnescapeDataString(pair))
                .Where(pair => pair.StartsWith("$select=", StringComparison.OrdinalIgnoreCase))
                .SelectMany(pair => pair.Substring("$select=".Length).Split(','))
                .Any(name => string.Equals(name.Trim(), "keyCredentials", StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>True for Conditional Access and Identity Protection paths: one request per second per tenant.</summary>
        public static bool IsOncePerSecondPerTenant(string path)
        {
            var rest = string.Join("/", RouteSegments(path));
            return OncePerTenantPrefixes.Any(p => rest.StartsWith(p, StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>The path's segments after the version, without type cast segments.</summary>
        private static List<string> RouteSegments(string path)
        {
            var segments = path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries).ToList();
            if (segments.Count > 0 && (segments[0] == "v1.0" || segments[0] == "beta"))
            {
                segments.RemoveAt(0);
            }

            segments.RemoveAll(s => s.StartsWith("microsoft.graph.", StringComparison.OrdinalIgnoreCase));
            return segments;
        }

        private static bool Matches(string[] pattern, List<string> segments)
        {
            if (pattern.Length != segments.Count)
            {
                return false;
            }

            for (var i = 0; i < pattern.Length; i++)
            {
                if (pattern[i] != "{id}" && !string.Equals(pattern[i], segments[i], StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
