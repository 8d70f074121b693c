using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZeroTrustAI.Emulator.Graph;
using ZeroTrustAI.Emulator.Http;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Emulator.Arm
{
    /// <summary>
    /// Azure Resource Manager over a snapshot: GET /subscriptions, GET of any resource id, GET of child and extension
    /// collections (deployments, raiPolicies, diagnosticSettings, pricings, ...) and Resource Graph queries.
    /// </summary>
    internal sealed class ArmApi
    {
        public const string ResourceGraphPath = "/providers/Microsoft.ResourceGraph/resources";

        /// <summary>The api-versions advertised for every resource type, newest first.</summary>
        public static readonly IReadOnlyList<string> ProviderApiVersions = new[] { "2025-06-01", "2024-10-01", "2023-05-01" };

        private readonly EmulatorOptions _options;
        private readonly string? _tenantId;
        private readonly List<JsonElement> _subscriptions;
        private readonly Dictionary<string, ArmResource> _resources = new Dictionary<string, ArmResource>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, List<ArmResource>> _collections = new Dictionary<string, List<ArmResource>>(StringComparer.OrdinalIgnoreCase);
        private readonly List<ArmResource> _ordered = new List<ArmResource>();
        private readonly Dictionary<ArmResource, string> _canonicalIds = new Dictionary<ArmResource, string>();

        /// <summary>Types whose collections may be listed even when the snapshot has none of them.</summary>
        private readonly HashSet<string> _knownTypes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Microsoft.CognitiveServices/accounts/deployments",
            "Microsoft.CognitiveServices/accounts/raiPolicies",
            "Microsoft.CognitiveServices/accounts/privateEndpointConnections",
            "Microsoft.CognitiveServices/accounts/defenderForAISettings",
            "Microsoft.CognitiveServices/accounts/projects",
            "Microsoft.CognitiveServices/accounts/connections",
            "Microsoft.CognitiveServices/accounts/projects/connections",
            "Microsoft.Insights/diagnosticSettings",
            "Microsoft.Security/pricings",
            "Microsoft.MachineLearningServices/workspaces/connections",
            "Microsoft.MachineLearningServices/workspaces/computes",
            "Microsoft.MachineLearningServices/workspaces/onlineEndpoints",
            "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints",
            "Microsoft.Search/searchServices/privateEndpointConnections",
            "Microsoft.Search/searchServices/sharedPrivateLinkResources",
            "Microsoft.Authorization/roleAssignments",
            "Microsoft.SecurityInsights/onboardingStates",
            "Microsoft.SecurityInsights/dataConnectors",
            "Microsoft.SecurityInsights/contentPackages",
            "Microsoft.SecurityInsights/alertRules",
            "Microsoft.SecurityInsights/automationRules",
            "Microsoft.Security/governanceRules",
            "Microsoft.Storage/storageAccounts/blobServices",
            "Microsoft.Storage/storageAccounts/blobServices/containers",
            "Microsoft.Sql/servers/auditingSettings",
            "Microsoft.MachineLearningServices/workspaces/datastores",
            "Microsoft.Security/defenderForStorageSettings",
            "Microsoft.Network/privateEndpoints/privateDnsZoneGroups",
            "Microsoft.Cdn/profiles/securityPolicies",
            "Microsoft.ApiManagement/service/backends",
        };

        public ArmApi(TenantSnapshot snapshot, EmulatorOptions options)
        {
            _options = options;
            _tenantId = snapshot.TenantId;
            _subscriptions = snapshot.Subscriptions.ToList();
            foreach (var resource in snapshot.Resources)
            {
                var id = CanonicalId(resource);
                if (!_resources.TryAdd(id, resource))
                {
                    continue;
                }

                _canonicalIds[resource] = id;
                _ordered.Add(resource);
                _knownTypes.Add(resource.Type);
                var collection = id.Substring(0, id.LastIndexOf('/'));
                if (!_collections.TryGetValue(collection, out var members))
                {
                    members = new List<ArmResource>();
                    _collections[collection] = members;
                }

                members.Add(resource);
            }
        }

        public RoutedRequest Route(EmulatorRequest request)
        {
            var path = request.Path.Length > 1 ? request.Path.TrimEnd('/') : request.Path;
            if (string.Equals(path, ResourceGraphPath, StringComparison.OrdinalIgnoreCase))
            {
                return new RoutedRequest(ResourceGraphPath, () => request.Method == "POST" ? Checked(request, () => ResourceGraph.Query(request, this)) : MethodNotAllowed(request));
            }

            if (string.Equals(path, "/subscriptions", StringComparison.OrdinalIgnoreCase))
            {
                return new RoutedRequest("/subscriptions", () => Get(request, () => Page(request, _subscriptions.Select(s => (JsonNode)GraphJson.ToNode(s)!).ToList())));
            }

            var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (segments.Length == 2 && string.Equals(segments[0], "subscriptions", StringComparison.OrdinalIgnoreCase))
            {
                return new RoutedRequest("/subscriptions/{subscriptionId}", () => Get(request, () => GetSubscription(segments[1])));
            }

            if (segments.Length == 4 && string.Equals(segments[0], "subscriptions", StringComparison.OrdinalIgnoreCase) &&
                string.Equals(segments[2], "providers", StringComparison.OrdinalIgnoreCase))
            {
                return new RoutedRequest("/subscriptions/{subscriptionId}/providers/{namespace}", () => Get(request, () => GetProvider(segments[1], segments[3])));
            }

            if (_resources.TryGetValue(path, out var resource))
            {
                return new RoutedRequest(_canonicalIds[resource], () => Get(request, () => EmulatorResponse.Json(ToArmJson(resource))));
            }

            if (_collections.TryGetValue(path, out var members))
            {
                return new RoutedRequest(path, () => Get(request, () => Page(request, members.Select(m => (JsonNode)ToArmJson(m)).ToList())));
            }

            return new RoutedRequest(path, () => Get(request, () => EmptyCollectionOrNotFound(request, path, segments)));
        }

        /// <summary>
        /// An empty list for a collection of a known type under a scope that exists (an account without RAI policies),
        /// 400 InvalidResourceType for a type nobody knows (a typo in the collector), 404 otherwise.
        /// </summary>
        private EmulatorResponse EmptyCollectionOrNotFound(EmulatorRequest request, string path, string[] segments)
        {
            var type = CollectionType(segments);
            if (type == null || !ScopeExists(CollectionScope(segments)))
            {
                return ErrorBodies.Arm(404, "ResourceNotFound", $"The resource '{path}' was not found in the snapshot.");
            }

            return _knownTypes.Contains(type)
                ? Page(request, new List<JsonNode>())
                : ErrorBodies.Arm(400, "InvalidResourceType", $"The resource type '{type}' is not known to the emulator (not in the snapshot nor in its list of well-known child collections).");
        }

        /// <summary>The full type a collection path lists: {ns}/{type} after /providers/, else the parent resource's type plus the last segment.</summary>
        private string? CollectionType(string[] segments)
        {
            if (segments.Length >= 3 && string.Equals(segments[^3], "providers", StringComparison.OrdinalIgnoreCase))
            {
                return segments[^2] + "/" + segments[^1];
            }

            var parent = "/" + string.Join('/', segments.Take(segments.Length - 1));
            return segments.Length > 1 && _resources.TryGetValue(parent, out var resource) ? resource.Type + "/" + segments[^1] : null;
        }

        /// <summary>Every resource once, in snapshot order, for Resource Graph.</summary>
        internal IEnumerable<ArmResource> Resources => _ordered;

        internal string? TenantId => _tenantId;

        internal int ResourceGraphPageSize => _options.ResourceGraphPageSize;

        /// <summary>
        /// The resource as ARM returns it: camelCase top-level names whatever shape the snapshot stored
        /// (Get-AzResource's ResourceId/ResourceType/Properties included), nested children left out (they have their own URLs).
        /// </summary>
        internal JsonObject ToArmJson(ArmResource resource)
        {
            var result = new JsonObject
            {
                ["id"] = _canonicalIds[resource],
                ["name"] = resource.Name,
                ["type"] = resource.Type,
            };
            if (resource.Raw.ValueKind != JsonValueKind.Object)
            {
                return result;
            }

            foreach (var property in resource.Raw.EnumerateObject())
            {
                var name = ArmPropertyName(property.Name);
                if (name != null && !result.ContainsKey(name))
                {
                    result[name] = GraphJson.ToNode(property.Value);
                }
            }

            InlinePrivateEndpointConnections(resource, result);
            return result;
        }

        /// <summary>
        /// ARM (and Resource Graph) return a resource's private endpoint connections inline in
        /// properties.privateEndpointConnections; a snapshot may hold them as separate child resources instead.
        /// </summary>
        private void InlinePrivateEndpointConnections(ArmResource resource, JsonObject result)
        {
            var connections = resource.ChildrenOfType(resource.Type + "/privateEndpointConnections").ToList();
            if (connections.Count == 0 || (result["properties"] is JsonObject existing && existing.ContainsKey("privateEndpointConnections")))
            {
                return;
            }

            if (result["properties"] is not JsonObject properties)
            {
                properties = new JsonObject();
                result["properties"] = properties;
            }

            properties["privateEndpointConnections"] = new JsonArray(connections.Select(c => (JsonNode)ToArmJson(c)).ToArray());
        }

        private static string? ArmPropertyName(string name)
        {
            switch (name.ToUpperInvariant())
            {
                case "ID":
                case "NAME":
                case "TYPE":
                case "RESOURCEID":
                case "RESOURCENAME":
                case "RESOURCETYPE":
                case "EXTENSIONRESOURCENAME":
                case "EXTENSIONRESOURCETYPE":
                case "RESOURCES":
                    return null;
                case "RESOURCEGROUPNAME":
                    return "resourceGroup";
                default:
                    return char.ToLowerInvariant(name[0]) + name.Substring(1);
            }
        }

        /// <summary>
        /// A nested extension child in template form (a diagnostic setting inside its parent's <c>resources</c>, no id)
        /// gets the id ARM gives it: {parent}/providers/{namespace}/{type}/{name}.
        /// </summary>
        private static string CanonicalId(ArmResource resource)
        {
            var hasOwnId = resource.GetString("id") != null || resource.GetString("resourceId") != null;
            if (!hasOwnId && resource.Parent != null && resource.Type.Split('/').Length == 2 &&
                !string.Equals(Namespace(resource.Type), Namespace(resource.Parent.Type), StringComparison.OrdinalIgnoreCase))
            {
                return CanonicalId(resource.Parent) + "/providers/" + resource.Type + "/" + resource.Name;
            }

            return resource.Id.TrimEnd('/');
        }

        private static string Namespace(string type) => type.Split('/')[0];

        /// <summary>
        /// Resource provider metadata (GET /subscriptions/{s}/providers/{namespace}), which Azure.ResourceManager's generic
        /// resources read to pick an api-version: the namespace's types in the snapshot and the well-known child types,
        /// each with <see cref="ProviderApiVersions"/> (the emulator itself accepts any api-version).
        /// </summary>
        private EmulatorResponse GetProvider(string subscriptionId, string providerNamespace)
        {
            if (!ScopeExists("/subscriptions/" + subscriptionId))
            {
                return ErrorBodies.Arm(404, "SubscriptionNotFound", $"The subscription '{subscriptionId}' could not be found.");
            }

            var prefix = providerNamespace + "/";
            var types = _knownTypes.Where(t => t.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).Select(t => t.Substring(prefix.Length)).Order(StringComparer.OrdinalIgnoreCase).ToList();
            if (types.Count == 0)
            {
                return ErrorBodies.Arm(404, "InvalidResourceNamespace", $"The resource namespace '{providerNamespace}' has no types in the snapshot.");
            }

            var resourceTypes = new JsonArray();
            foreach (var type in types)
            {
                resourceTypes.Add(new JsonObject
                {
                    ["resourceType"] = type,
                    ["locations"] = new JsonArray(),
                    ["apiVersions"] = new JsonArray(ProviderApiVersions.Select(v => (JsonNode)v).ToArray()),
                    ["capabilities"] = "None",
                });
            }

            var canonicalNamespace = _knownTypes.First(t => t.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).Split('/')[0];
            return EmulatorResponse.Json(new JsonObject
            {
                ["id"] = $"/subscriptions/{subscriptionId}/providers/{canonicalNamespace}",
                ["namespace"] = canonicalNamespace,
                ["registrationState"] = "Registered",
                ["registrationPolicy"] = "RegistrationRequired",
                ["resourceTypes"] = resourceTypes,
            });
        }

        private EmulatorResponse GetSubscription(string subscriptionId)
        {
            var subscription = _subscriptions.FirstOrDefault(s => string.Equals(GraphJson.GetString(s, "subscriptionId"), subscriptionId, StringComparison.OrdinalIgnoreCase));
            return subscription.ValueKind == JsonValueKind.Object
                ? EmulatorResponse.Json(GraphJson.ToNode(subscription)!)
                : ErrorBodies.Arm(404, "SubscriptionNotFound", $"The subscription '{subscriptionId}' could not be found.");
        }

        /// <summary>The scope a collection path lists under: before /providers/{ns}/{type}, else the path minus its last segment.</summary>
        private static string CollectionScope(string[] segments)
        {
            if (segments.Length >= 3 && string.Equals(segments[^3], "providers", StringComparison.OrdinalIgnoreCase))
            {
                return "/" + string.Join('/', segments.Take(segments.Length - 3));
            }

            return "/" + string.Join('/', segments.Take(Math.Max(0, segments.Length - 1)));
        }

        private bool ScopeExists(string scope)
        {
            var segments = scope.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (segments.Length == 2 && string.Equals(segments[0], "subscriptions", StringComparison.OrdinalIgnoreCase))
            {
                return _subscriptions.Any(s => string.Equals(GraphJson.GetString(s, "subscriptionId"), segments[1], StringComparison.OrdinalIgnoreCase));
            }

            if (segments.Length == 4 && string.Equals(segments[2], "resourceGroups", StringComparison.OrdinalIgnoreCase))
            {
                return _resources.Keys.Any(id => id.StartsWith(scope + "/", StringComparison.OrdinalIgnoreCase));
            }

            return _resources.ContainsKey(scope);
        }

        private static EmulatorResponse Get(EmulatorRequest request, Func<EmulatorResponse> answer) =>
            request.Method == "GET" ? Checked(request, answer) : MethodNotAllowed(request);

        /// <summary>Every ARM request needs an api-version, as on the real service.</summary>
        private static EmulatorResponse Checked(EmulatorRequest request, Func<EmulatorResponse> answer) =>
            string.IsNullOrEmpty(request.QueryValue("api-version"))
                ? ErrorBodies.Arm(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.")
                : answer();

        private static EmulatorResponse MethodNotAllowed(EmulatorRequest request) =>
            ErrorBodies.Arm(405, "MethodNotAllowed", $"The emulator is read-only: {request.Method} is not allowed on '{request.Path}'.");

        /// <summary>An ARM list page <c>{value, nextLink}</c>; the next link carries api-version and an opaque <c>$skiptoken</c>.</summary>
        private EmulatorResponse Page(EmulatorRequest request, List<JsonNode> items)
        {
            var scope = request.Path;
            var offset = 0;
            var token = request.QueryValue("$skiptoken");
            if (token != null)
            {
                var read = PageToken.TryRead(token, scope);
                if (read == null || read.Value > items.Count)
                {
                    return ErrorBodies.Arm(400, "InvalidSkipToken", "The $skiptoken is invalid or belongs to another list.");
                }

                offset = read.Value;
            }

            var size = _options.ArmPageSize;
            var value = new JsonArray();
            foreach (var item in items.Skip(offset).Take(size))
            {
                value.Add(item.DeepClone());
            }

            var body = new JsonObject { ["value"] = value };
            if (offset + size < items.Count)
            {
                var apiVersion = Uri.EscapeDataString(request.QueryValue("api-version") ?? string.Empty);
                var next = PageToken.Create(offset + size, scope);
                body["nextLink"] = new Uri(request.BaseUri, request.Path).ToString() +
                    string.Create(CultureInfo.InvariantCulture, $"?api-version={apiVersion}&$skiptoken={Uri.EscapeDataString(next)}");
            }

            return EmulatorResponse.Json(body);
        }
    }
}
