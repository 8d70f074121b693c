using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using ZeroTrustAI.Emulator.Http;
using GraphResourceUnits = ZeroTrustAI.Engine.Collection.GraphResourceUnits;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Emulator.Graph
{
    /// <summary>
    /// Microsoft Graph over a snapshot: every entity set at its path under /v1.0 and /beta, single objects, the
    /// per-object relations, query options (<see cref="GraphQuery"/>) and JSON batching.
    /// </summary>
    internal sealed class GraphApi
    {
        public const int MaxBatchRequests = 20;

        private static readonly string[] Versions = { "v1.0", "beta" };

        /// <summary>Entities derived from directoryObject, whose lists and relations have the documented $expand caps.</summary>
        private static readonly HashSet<string> DirectoryEntities = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "servicePrincipals", "applications", "users", "groups", "devices", "directoryRoles", "administrativeUnits", "contacts",
        };

        private readonly TenantSnapshot _snapshot;
        private readonly EmulatorOptions _options;
        private readonly Func<EmulatorRequest, Task<EmulatorResponse>> _executeInner;

        /// <summary>Entity sets by path after the version (/servicePrincipals/microsoft.graph.agentIdentity).</summary>
        private readonly Dictionary<string, GraphSet> _setsByPath = new Dictionary<string, GraphSet>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Objects by entity (first path segment) and id, from the entity's own set and its cast sets.</summary>
        private readonly Dictionary<(string Entity, string Id), JsonElement> _objects = new Dictionary<(string Entity, string Id), JsonElement>(KeyComparer.Instance);

        private readonly HashSet<string> _entities = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Relation sets indexed by their key property (owners by ownedObjectId), built on first use: a large tenant has millions.</summary>
        private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Set, string Key), Dictionary<string, List<JsonElement>>> _relationIndex =
            new System.Collections.Concurrent.ConcurrentDictionary<(string Set, string Key), Dictionary<string, List<JsonElement>>>();

        public GraphApi(TenantSnapshot snapshot, EmulatorOptions options, Func<EmulatorRequest, Task<EmulatorResponse>> executeInner)
        {
            _snapshot = snapshot;
            _options = options;
            _executeInner = executeInner;

            // Plain sets before cast sets, so an object present in both is served as its plain form on /{entity}/{id}.
            foreach (var set in snapshot.GraphSets.OrderBy(s => GraphSetPath.Segments(s.Name).Count).ThenBy(s => s.Name, StringComparer.Ordinal))
            {
                if (GraphRelations.IsRelationSet(set.Name))
                {
                    continue;
                }

                var segments = GraphSetPath.Segments(set.Name);
                _setsByPath[GraphSetPath.FromSetName(set.Name)] = set;
                if (segments.Skip(1).All(GraphSetPath.IsCast))
                {
                    _entities.Add(segments[0]);
                    foreach (var item in set.Items)
                    {
                        var id = GraphJson.GetString(item, "id");
                        if (id != null)
                        {
                            _objects.TryAdd((segments[0], id), item);
                        }
                    }
                }
            }
        }

        /// <summary>The paths served, e.g. /servicePrincipals (each under /v1.0 and /beta).</summary>
        public IReadOnlyCollection<string> SetPaths => _setsByPath.Keys;

        public RoutedRequest Route(EmulatorRequest request)
        {
            var segments = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var version = segments.Length > 0 ? Versions.FirstOrDefault(v => string.Equals(v, segments[0], StringComparison.OrdinalIgnoreCase)) : null;
            if (version == null)
            {
                return new RoutedRequest(request.Path, () => ErrorBodies.Graph(404, "Request_ResourceNotFound", $"Invalid version in '{request.Path}': use /v1.0 or /beta."));
            }

            var rest = "/" + string.Join('/', segments.Skip(1));
            if (segments.Length == 2 && segments[1] == "$batch")
            {
                var batchRoute = $"/{version}/$batch";
                return request.Method == "POST"
                    ? new RoutedRequest(batchRoute, () => BatchAsync(request, version))
                    : new RoutedRequest(batchRoute, () => MethodNotAllowed(request));
            }

            if (_setsByPath.TryGetValue(rest, out var set))
            {
                return new RoutedRequest($"/{version}{GraphSetPath.FromSetName(set.Name)}", () => request.Method == "GET" ? ListSet(request, version, set) : MethodNotAllowed(request));
            }

            if (segments.Length >= 3 && segments.Length <= 4 && _entities.Contains(segments[1]))
            {
                var entity = _entities.First(e => string.Equals(e, segments[1], StringComparison.OrdinalIgnoreCase));
                var id = segments[2];
                if (segments.Length == 3)
                {
                    return new RoutedRequest($"/{version}/{entity}/{{id}}", () => request.Method == "GET" ? GetObject(request, entity, id) : MethodNotAllowed(request));
                }

                var relation = segments[3];
                if (GraphRelations.IsCollection(relation))
                {
                    return new RoutedRequest($"/{version}/{entity}/{{id}}/{relation}", () => request.Method == "GET" ? ListRelation(request, version, entity, id, relation) : MethodNotAllowed(request));
                }
            }

            var unknown = segments.Length > 1 ? segments[1] : request.Path;
            return new RoutedRequest(request.Path, () => ErrorBodies.Graph(404, "Request_ResourceNotFound", $"Resource not found for the segment '{unknown}'. The snapshot has no set at '{rest}'."));
        }

        private static EmulatorResponse MethodNotAllowed(EmulatorRequest request) =>
            ErrorBodies.Graph(405, "Request_BadRequest", $"The emulator is read-only: {request.Method} is not allowed on '{request.Path}'.");

        private EmulatorResponse ListSet(EmulatorRequest request, string version, GraphSet set)
        {
            var query = GraphQuery.Parse(request, out var error);
            if (query == null)
            {
                return ErrorBodies.Graph(400, "BadRequest", error!);
            }

            var entity = EntityOf(set.Name);
            // Unfiltered lists are paged in place: copying 100,000 objects for every page of 100 is the emulator's cost, not Graph's.
            IReadOnlyList<JsonElement> items = query.FilterText == null ? set.Items : set.Items.Where(query.Filter).ToList();

            // Documented known issue: a directory object list with $expand returns at most 100 objects a page.
            var maxPage = query.Expand.Count > 0 && DirectoryEntities.Contains(entity) ? GraphResourceUnits.MaxPageSizeWithExpand : int.MaxValue;
            return Page(request, version, set.Name, items, query, (writer, item) => WriteProjected(writer, item, entity, query.Select, query.Expand), maxPage);
        }

        private EmulatorResponse GetObject(EmulatorRequest request, string entity, string id)
        {
            var query = GraphQuery.Parse(request, out var error);
            if (query == null)
            {
                return ErrorBodies.Graph(400, "BadRequest", error!);
            }

            if (!_objects.TryGetValue((entity, id), out var item))
            {
                return NotFound(id);
            }

            return EmulatorResponse.Write(200, writer => WriteProjected(writer, item, entity, query.Select, query.Expand));
        }

        private EmulatorResponse ListRelation(EmulatorRequest request, string version, string entity, string id, string relation)
        {
            var query = GraphQuery.Parse(request, out var error);
            if (query == null)
            {
                return ErrorBodies.Graph(400, "BadRequest", error!);
            }

            if (!_objects.TryGetValue((entity, id), out var owner))
            {
                return NotFound(id);
            }

            var all = Related(entity, owner, relation);
            IReadOnlyList<JsonElement> related = query.FilterText == null && all is IReadOnlyList<JsonElement> list ? list : all.Where(query.Filter).ToList();
            return Page(request, version, entity + "('" + id + "')/" + relation, related, query, (writer, item) => WriteProjected(writer, item, entity, query.Select, Array.Empty<GraphExpand>()));
        }

        private static EmulatorResponse NotFound(string id) =>
            ErrorBodies.Graph(404, "Request_ResourceNotFound", $"Resource '{id}' does not exist or one of its queried reference-property objects are not present.");

        /// <summary>One page of a list, with an opaque <c>$skiptoken</c> in <c>@odata.nextLink</c> while more remain.</summary>
        private EmulatorResponse Page(EmulatorRequest request, string version, string contextName, IReadOnlyList<JsonElement> items, GraphQuery query, Action<Utf8JsonWriter, JsonElement> project, int maxPage = int.MaxValue)
        {
            // A token is bound to the path and filter it was issued for; $select and $top may change between pages.
            var scope = request.Path + "|" + query.FilterText;
            var offset = 0;
            if (query.SkipToken != null)
            {
                var read = PageToken.TryRead(query.SkipToken, scope);
                if (read == null || read.Value > items.Count)
                {
                    return ErrorBodies.Graph(400, "Request_BadRequest", "The $skiptoken is invalid or belongs to another query.");
                }

                offset = read.Value;
            }

            var size = Math.Min(query.Top ?? _options.GraphPageSize, maxPage);
            var next = offset + size;

            // Written straight to UTF-8 rather than built as nodes: a page of 100 principals with 20 expanded assignments
            // each is 2,000 objects, and building them was most of the emulator's own time per page.
            return EmulatorResponse.Write(200, writer =>
            {
                writer.WriteString("@odata.context", new Uri(request.BaseUri, $"/{version}/$metadata#{contextName}").ToString());
                if (query.Count)
                {
                    writer.WriteNumber("@odata.count", items.Count);
                }

                writer.WriteStartArray("value");
                for (var index = offset; index < Math.Min(items.Count, next); index++)
                {
                    project(writer, items[index]);
                }

                writer.WriteEndArray();
                if (next < items.Count)
                {
                    writer.WriteString("@odata.nextLink", NextLink(request, PageToken.Create(next, scope)));
                }
            }, wrapInObject: true);
        }

        private static string NextLink(EmulatorRequest request, string token)
        {
            var parameters = request.Query
                .Where(p => !string.Equals(p.Key, "$skiptoken", StringComparison.OrdinalIgnoreCase))
                .Select(p => Uri.EscapeDataString(p.Key).Replace("%24", "$", StringComparison.Ordinal) + "=" + Uri.EscapeDataString(p.Value))
                .Append("$skiptoken=" + Uri.EscapeDataString(token));
            return new Uri(request.BaseUri, request.Path).ToString() + "?" + string.Join('&', parameters);
        }

        /// <summary>
        /// Writes the object as Graph returns it: navigation properties only when expanded, snapshot annotations never,
        /// and with <c>$select</c> only the named properties plus <c>id</c> and <c>@odata.type</c>.
        /// </summary>
        private void WriteProjected(Utf8JsonWriter writer, JsonElement item, string entity, IReadOnlyList<string>? select, IReadOnlyList<GraphExpand> expand)
        {
            writer.WriteStartObject();
            if (item.ValueKind != JsonValueKind.Object)
            {
                writer.WriteEndObject();
                return;
            }

            foreach (var property in item.EnumerateObject())
            {
                // Read once: each read of a property's name makes a new string.
                var name = property.Name;
                if (GraphRelations.IsNavigation(name) || SnapshotAnnotations.Contains(name) || IsExpanded(name, expand))
                {
                    // An expanded relation is written once, as its expansion.
                    continue;
                }

                if (select == null || name == "id" || name == "@odata.type" || IsSelected(name, select))
                {
                    property.WriteTo(writer);
                }
            }

            foreach (var expansion in expand)
            {
                writer.WritePropertyName(expansion.Property);
                if (GraphRelations.IsCollection(expansion.Property))
                {
                    writer.WriteStartArray();

                    // $expand of a directory object's collection relation: at most 20 items, and no next link to the rest.
                    foreach (var related in Related(entity, item, expansion.Property).Take(GraphResourceUnits.MaxExpandedItems))
                    {
                        WriteProjected(writer, related, entity, expansion.Select, Array.Empty<GraphExpand>());
                    }

                    writer.WriteEndArray();
                }
                else if (RelatedSingle(item, expansion.Property) is { } single)
                {
                    WriteProjected(writer, single, entity, expansion.Select, Array.Empty<GraphExpand>());
                }
                else
                {
                    writer.WriteNullValue();
                }
            }

            writer.WriteEndObject();
        }

        private static readonly HashSet<string> SnapshotAnnotations = new HashSet<string>(GraphRelations.SnapshotAnnotations, StringComparer.OrdinalIgnoreCase);

        private static bool IsExpanded(string name, IReadOnlyList<GraphExpand> expand)
        {
            for (var index = 0; index < expand.Count; index++)
            {
                if (string.Equals(expand[index].Property, name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsSelected(string name, IReadOnlyList<string> select)
        {
            for (var index = 0; index < select.Count; index++)
            {
                if (string.Equals(select[index], name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A collection relation: from its separate set when the snapshot has one, else inline on the object, else none.
        /// Memberships: a snapshot keeps direct ones (<c>memberOf</c>: generated tenants) or transitive ones only (a
        /// collected snapshot); <c>transitiveMemberOf</c> without its set is the closure of <c>memberOf</c> over the
        /// groups' own <c>memberOf</c>, and <c>memberOf</c> without its set is the transitive list (nesting unknown).
        /// </summary>
        private IEnumerable<JsonElement> Related(string entity, JsonElement owner, string relation)
        {
            if (GraphRelations.IsTransitive(relation) && !HasRelationSet(entity, relation))
            {
                return TransitiveMemberOf(entity, owner);
            }

            if (GraphRelations.IsDirectMembership(relation) && !HasRelationSet(entity, relation) && HasRelationSet(entity, GraphRelations.TransitiveMembership))
            {
                relation = GraphRelations.TransitiveMembership;
            }

            var id = GraphJson.GetString(owner, "id");
            var source = GraphRelations.SourceOf(entity, relation);
            var set = source.HasValue ? _snapshot.GetGraphSet(source.Value.Set) : null;
            if (set != null && id != null)
            {
                return RelationIndex(set, source!.Value.Key).TryGetValue(id, out var related) ? related : new List<JsonElement>();
            }

            return GraphJson.TryGetProperty(owner, relation, out var inline) && inline.ValueKind == JsonValueKind.Array
                ? inline.EnumerateArray().ToList()
                : Enumerable.Empty<JsonElement>();
        }

        private Dictionary<string, List<JsonElement>> RelationIndex(GraphSet set, string key) =>
            _relationIndex.GetOrAdd((set.Name, key), k =>
                set.Items.GroupBy(i => GraphJson.GetString(i, k.Key) ?? string.Empty, StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase));

        /// <summary>
        /// Builds every relation index now instead of on first use (a million app role assignments take seconds): a
        /// measured run then does not pay for the emulator's own start, which Graph does not have.
        /// </summary>
        public void IndexRelations()
        {
            foreach (var entity in _entities)
            {
                foreach (var relation in GraphRelations.NavigationNames.Where(GraphRelations.IsCollection))
                {
                    if (GraphRelations.SourceOf(entity, relation) is { } source && _snapshot.GetGraphSet(source.Set) is { } set)
                    {
                        RelationIndex(set, source.Key);
                    }
                }
            }
        }

        private bool HasRelationSet(string entity, string relation) =>
            GraphRelations.SourceOf(entity, relation) is { } source && _snapshot.GetGraphSet(source.Set) != null;

        /// <summary>
        /// Every group and role <paramref name="owner"/> is in, directly or through groups, each once (breadth first, so a
        /// cycle of groups ends): what Graph's transitiveMemberOf lists.
        /// </summary>
        private List<JsonElement> TransitiveMemberOf(string entity, JsonElement owner)
        {
            var result = new List<JsonElement>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { GraphJson.GetString(owner, "id") ?? string.Empty };
            var queue = new Queue<JsonElement>(Related(entity, owner, GraphRelations.DirectMembership));
            while (queue.Count > 0)
            {
                var item = queue.Dequeue();
                var id = GraphJson.GetString(item, "id");
                if (id == null || !seen.Add(id))
                {
                    continue;
                }

                result.Add(item);
                var type = GraphJson.GetString(item, "@odata.type");
                if (type == null || string.Equals(type, "#microsoft.graph.group", StringComparison.OrdinalIgnoreCase))
                {
                    foreach (var parent in Related("groups", item, GraphRelations.DirectMembership))
                    {
                        queue.Enqueue(parent);
                    }
                }
            }

            return result;
        }

        /// <summary>A single-valued relation (principal, roleDefinition): inline, else looked up by its id property.</summary>
        private JsonElement? RelatedSingle(JsonElement owner, string relation)
        {
            if (GraphJson.TryGetProperty(owner, relation, out var inline) && inline.ValueKind == JsonValueKind.Object)
            {
                return inline;
            }

            var key = GraphRelations.SingleKey(relation);
            var id = key == null ? null : GraphJson.GetString(owner, key);
            if (id == null)
            {
                return null;
            }

            if (string.Equals(relation, "roleDefinition", StringComparison.OrdinalIgnoreCase))
            {
                var definitions = _snapshot.GetGraphSet("roleManagement.directory.roleDefinitions");
                var match = definitions?.Items.FirstOrDefault(d => string.Equals(GraphJson.GetString(d, "id"), id, StringComparison.OrdinalIgnoreCase));
                return match.HasValue && match.Value.ValueKind == JsonValueKind.Object ? match : null;
            }

            foreach (var entity in _entities)
            {
                if (_objects.TryGetValue((entity, id), out var found))
                {
                    return found;
                }
            }

            return null;
        }

        /// <summary>The entity a set's objects are (servicePrincipals for servicePrincipals.microsoft.graph.agentIdentity).</summary>
        private static string EntityOf(string setName)
        {
            var segments = GraphSetPath.Segments(setName).ToList();
            while (segments.Count > 1 && GraphSetPath.IsCast(segments[^1]))
            {
                segments.RemoveAt(segments.Count - 1);
            }

            return string.Join('.', segments);
        }

        /// <summary>JSON batching: up to 20 GETs, each answered (faults included) as one entry of <c>responses</c>.</summary>
        private async Task<EmulatorResponse> BatchAsync(EmulatorRequest request, string version)
        {
            JsonNode? root;
            try
            {
                root = JsonNode.Parse(request.Body);
            }
            catch (JsonException exception)
            {
                return ErrorBodies.Graph(400, "BadRequest", "The batch body is not valid JSON: " + exception.Message);
            }

            if (root is not JsonObject rootObject || rootObject["requests"] is not JsonArray requests)
            {
                return ErrorBodies.Graph(400, "BadRequest", "A batch body must be an object with a 'requests' array.");
            }

            if (requests.Count == 0 || requests.Count > MaxBatchRequests)
            {
                return ErrorBodies.Graph(400, "BadRequest", $"A batch holds 1 to {MaxBatchRequests} requests; this one has {requests.Count}.");
            }

            var inner = new List<(string Id, EmulatorRequest Request)>();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var node in requests)
            {
                var id = node?["id"]?.ToString();
                var method = node?["method"]?.ToString();
                var url = node?["url"]?.ToString();
                if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(method) || string.IsNullOrEmpty(url))
                {
                    return ErrorBodies.Graph(400, "BadRequest", "Every batch request needs an id, a method and a url.");
                }

                if (!ids.Add(id))
                {
                    return ErrorBodies.Graph(400, "BadRequest", $"The batch request id '{id}' is used twice.");
                }

                if (!string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase))
                {
                    return ErrorBodies.Graph(400, "BadRequest", $"Batch request '{id}' is {method.ToUpperInvariant()}: the emulator is read-only and accepts only GET inside $batch.");
                }

                if (url.Contains("://", StringComparison.Ordinal) || url.Contains("$batch", StringComparison.OrdinalIgnoreCase))
                {
                    return ErrorBodies.Graph(400, "BadRequest", $"Batch request '{id}' must use a relative URL to a resource, not '{url}'.");
                }

                var question = url.IndexOf('?', StringComparison.Ordinal);
                var path = "/" + version + "/" + (question < 0 ? url : url.Substring(0, question)).TrimStart('/');
                var queryString = question < 0 ? string.Empty : url.Substring(question);
                inner.Add((id, new EmulatorRequest("GET", Uri.UnescapeDataString(path), queryString, Array.Empty<byte>(), request.BaseUri, request.Authorization, batched: true, request.Aborted)));
            }

            var answered = new List<(string Id, EmulatorResponse Response)>();
            foreach (var (id, innerRequest) in inner)
            {
                answered.Add((id, await _executeInner(innerRequest).ConfigureAwait(false)));
            }

            return EmulatorResponse.Write(200, writer =>
            {
                writer.WriteStartArray("responses");
                foreach (var (id, response) in answered)
                {
                    writer.WriteStartObject();
                    writer.WriteString("id", id);
                    writer.WriteNumber("status", response.Status);
                    writer.WriteStartObject("headers");
                    writer.WriteString("Content-Type", response.Headers.TryGetValue("Content-Type", out var contentType) ? contentType : "application/json");
                    foreach (var header in response.Headers.Where(h => !string.Equals(h.Key, "Content-Type", StringComparison.OrdinalIgnoreCase)))
                    {
                        writer.WriteString(header.Key, header.Value);
                    }

                    writer.WriteEndObject();
                    writer.WritePropertyName("body");
                    if (response.HasBody)
                    {
                        writer.WriteRawValue(response.BodyBytes(), skipInputValidation: true);
                    }
                    else
                    {
                        writer.WriteNullValue();
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }, wrapInObject: true);
        }

        /// <summary>Entity names ignore case; ids (GUIDs) too.</summary>
        private sealed class KeyComparer : IEqualityComparer<(string Entity, string Id)>
        {
            public static readonly KeyComparer Instance = new KeyComparer();

            public bool Equals((string Entity, string Id) x, (string Entity, string Id) y) =>
                StringComparer.OrdinalIgnoreCase.Equals(x.Entity, y.Entity) && StringComparer.OrdinalIgnoreCase.Equals(x.Id, y.Id);

            public int GetHashCode((string Entity, string Id) obj) =>
                HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Entity), StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Id));
        }
    }
}
