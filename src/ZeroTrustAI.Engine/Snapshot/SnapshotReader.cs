using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Snapshot.Compact;

namespace ZeroTrustAI.Engine.Snapshot
{
    /// <summary>Progress of reading a snapshot: one report per file.</summary>
    public sealed class SnapshotReadProgress
    {
        public SnapshotReadProgress(string file, int fileIndex, int fileCount, long objectsRead)
        {
            File = file;
            FileIndex = fileIndex;
            FileCount = fileCount;
            ObjectsRead = objectsRead;
        }

        public string File { get; }
        public int FileIndex { get; }
        public int FileCount { get; }
        public long ObjectsRead { get; }
    }

    /// <summary>
    /// Reads a snapshot (docs/snapshot-format.md) from a folder or a .zip. Each file is streamed; a file that
    /// cannot be read is recorded in <see cref="TenantSnapshot.Issues"/> and the others are still read. Only a
    /// snapshot that cannot be read at all throws (<see cref="SnapshotException"/>).
    /// </summary>
    public static class SnapshotReader
    {
        /// <summary>
        /// Azure objects kept as parsed documents up to this many; past it every one is kept as compact bytes and parsed
        /// when read. A parsed resource costs about 2 KB with its token table, ten times its compact bytes: at a million
        /// service principals' estate (150,000 Azure objects) that is 300 MB of the heap, while an estate of this size or
        /// less reads faster parsed (controls read each resource several times).
        /// </summary>
        internal const int ArmObjectsKeptParsed = 100_000;

        public static TenantSnapshot Read(string path, IProgress<SnapshotReadProgress>? progress = null, CancellationToken cancellationToken = default) =>
            Read(path, ArmObjectsKeptParsed, progress, cancellationToken);

        /// <summary>As <see cref="Read(string, IProgress{SnapshotReadProgress}, CancellationToken)"/>, keeping at most <paramref name="armObjectsKeptParsed"/> Azure objects parsed.</summary>
        internal static TenantSnapshot Read(string path, int armObjectsKeptParsed, IProgress<SnapshotReadProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                throw new SnapshotException(SnapshotErrorIds.PathNotFound, "No snapshot path was given.", path ?? string.Empty);
            }

            using (var source = SnapshotSource.Open(path, out var displayPath))
            {
                return new Loader(source, displayPath, armObjectsKeptParsed, progress, cancellationToken).Load();
            }
        }

        private sealed class Loader
        {
            private static readonly char[] Slash = { '/' };

            /// <summary>The registry's spelling of each known type, so every shape (Resource Graph lower-cases) reads alike.</summary>
            private static readonly Dictionary<string, string> KnownTypes = typeof(ResourceTypes)
                .GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral && f.FieldType == typeof(string))
                .Select(f => (string)f.GetRawConstantValue())
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToDictionary(t => t, t => t, StringComparer.OrdinalIgnoreCase);

            private readonly SnapshotSource _source;
            private readonly string _path;
            private readonly IProgress<SnapshotReadProgress>? _progress;
            private readonly CancellationToken _cancellationToken;
            private readonly Dictionary<string, GraphSet> _graphSets = new Dictionary<string, GraphSet>(StringComparer.OrdinalIgnoreCase);
            private readonly StringTable _strings = new StringTable();
            private readonly Dictionary<string, ArmResource> _resources = new Dictionary<string, ArmResource>(StringComparer.OrdinalIgnoreCase);
            private readonly Dictionary<string, string> _sharedTexts = new Dictionary<string, string>(StringComparer.Ordinal);
            private readonly List<ArmResource> _resourceOrder = new List<ArmResource>();
            private readonly int _armObjectsKeptParsed;
            // Made when the estate passes _armObjectsKeptParsed: from then on every resource's JSON is kept here.
            private JsonArena? _armArena;
            private readonly List<JsonElement> _subscriptions = new List<JsonElement>();
            private readonly Dictionary<string, List<JsonElement>> _purview = new Dictionary<string, List<JsonElement>>(StringComparer.OrdinalIgnoreCase);
            private readonly List<SnapshotIssue> _issues = new List<SnapshotIssue>();
            private long _objectsRead;
            private long _objectInFile;
            private string _currentFile = string.Empty;

            public Loader(SnapshotSource source, string path, int armObjectsKeptParsed, IProgress<SnapshotReadProgress>? progress, CancellationToken cancellationToken)
            {
                _source = source;
                _path = path;
                _armObjectsKeptParsed = armObjectsKeptParsed;
                _progress = progress;
                _cancellationToken = cancellationToken;
            }

            public TenantSnapshot Load()
            {
                var zta = ZtaExportLayout.Find(_source.Files);
                if (zta != null)
                {
                    return LoadZtaExport(zta);
                }

                var manifest = ReadManifest();
                var dataFiles = _source.Files
                    .Where(f => SnapshotFileName.IsDataFile(f) && (IsUnder(f, "graph/") || IsUnder(f, "arm/") || IsUnder(f, "purview/")))
                    .ToList();

                if (manifest == null && dataFiles.Count == 0)
                {
                    throw new SnapshotException(
                        SnapshotErrorIds.NotASnapshot,
                        $"'{_path}' is not a ZeroTrustAI snapshot: it has no manifest.json and no .json files under graph/, arm/ or purview/.",
                        _path);
                }

                var hasArmData = false;
                for (var index = 0; index < dataFiles.Count; index++)
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                    var file = dataFiles[index];
                    _progress?.Report(new SnapshotReadProgress(file, index, dataFiles.Count, _objectsRead));
                    if (IsUnder(file, "graph/"))
                    {
                        ReadGraphFile(file);
                    }
                    else if (IsUnder(file, "arm/"))
                    {
                        hasArmData = true;
                        // Resources are kept parsed until the estate outgrows that: each object in a document of its own.
                        ReadFile(file, AddArmObject, objectsKept: _armArena == null);
                    }
                    else
                    {
                        // purview/<cmdlet>.json: the output of one read-only Purview cmdlet is one set.
                        var set = SnapshotFileName.GetSetName(file.Substring("purview/".Length));
                        if (!_purview.TryGetValue(set, out var items))
                        {
                            items = new List<JsonElement>();
                            _purview[set] = items;
                        }

                        ReadFile(file, item => items.Add(item.Clone()), objectsKept: true);
                    }
                }

                LinkChildren();
                return new TenantSnapshot(_path, manifest, _graphSets, _strings, _resourceOrder, _subscriptions, _purview, hasArmData, _issues);
            }

            /// <summary>A Zero Trust Assessment output folder: its Graph pages, with a manifest of what it holds.</summary>
            private TenantSnapshot LoadZtaExport(ZtaExportLayout layout)
            {
                if (layout.Pages.Count == 0)
                {
                    throw new SnapshotException(
                        SnapshotErrorIds.NotASnapshot,
                        $"'{_path}' is a Zero Trust Assessment output folder without the zt-export pages ZeroTrustAI reads (<Entity>/<Entity>-<n>.json for {ZtaExportLayout.EntityNames}).",
                        _path);
                }

                var config = ReadJsonObject(layout.FindConfig(_source.Files));
                var report = ReadJsonObject(layout.FindReport(_source.Files));
                var sets = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
                for (var index = 0; index < layout.Pages.Count; index++)
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                    var page = layout.Pages[index];
                    _progress?.Report(new SnapshotReadProgress(page.File, index, layout.Pages.Count, _objectsRead));
                    var set = GraphSetNamed(ZtaExportLayout.SetOf(page.Entity));
                    set.AddFile(page.File);
                    var hasInlineOwners = false;
                    var issuesBefore = _issues.Count;
                    ReadFile(page.File, item =>
                    {
                        hasInlineOwners |= item.Get("owners").HasValue;
                        var (json, relations) = ZtaExportLayout.Split(page.Entity, item);
                        foreach (var (setName, entry) in relations)
                        {
                            GraphSetNamed(setName).Add(entry);
                        }

                        if (set.Name != Graph.GraphSetNames.ServicePrincipals || !layout.IsHeldBySubtypeEntity(item))
                        {
                            set.Add(json);
                        }
                    });

                    // ztConfig.json marks an entity done only after its last page: without the mark the export stopped part way.
                    var finished = config == null || config.Value.Get(page.Entity)?.ValueKind == JsonValueKind.True;
                    var error = _issues.Count > issuesBefore ? _issues[_issues.Count - 1].ToString()
                        : finished ? null
                        : $"{ZtaExportLayout.ConfigFileName} does not mark {page.Entity} as exported, so its export did not finish";
                    foreach (var filled in ZtaExportLayout.SetsFilledBy(page.Entity, hasInlineOwners || sets.ContainsKey(Graph.GraphSetNames.ApplicationOwners)))
                    {
                        GraphSetNamed(filled);
                        sets[filled] = sets.TryGetValue(filled, out var earlier) && earlier != null ? earlier : error;
                    }
                }

                var manifest = SnapshotManifest.Describe(
                    report?.GetString("TenantId") ?? config?.GetString("TenantId"),
                    report?.GetString("TenantName"),
                    report?.GetDateTime("ExecutedAt"),
                    "ZeroTrustAssessment",
                    report?.GetString("CurrentVersion"),
                    sets.ToDictionary(s => DataSets.Graph(s.Key), s => s.Value),
                    ZtaExportLayout.NotExportedReason);
                return new TenantSnapshot(_path, manifest, _graphSets, _strings, _resourceOrder, _subscriptions, _purview, false, _issues);
            }

            private GraphSet GraphSetNamed(string setName)
            {
                if (!_graphSets.TryGetValue(setName, out var set))
                {
                    set = new GraphSet(setName, _strings);
                    _graphSets[setName] = set;
                }

                return set;
            }

            /// <summary>A small JSON file's root object; null when absent, unreadable (recorded) or not an object.</summary>
            private JsonElement? ReadJsonObject(string? name)
            {
                if (name == null)
                {
                    return null;
                }

                try
                {
                    using (var stream = _source.Open(name))
                    using (var document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true }))
                    {
                        return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : (JsonElement?)null;
                    }
                }
                catch (JsonException exception)
                {
                    _issues.Add(new SnapshotIssue(SnapshotErrorIds.MalformedJson, name, exception.Message, SnapshotIssueKind.Warning, null, OneBased(exception.LineNumber), OneBased(exception.BytePositionInLine)));
                    return null;
                }
            }

            private static bool IsUnder(string file, string folder) => file.StartsWith(folder, StringComparison.OrdinalIgnoreCase);

            private SnapshotManifest? ReadManifest()
            {
                var name = _source.Files.FirstOrDefault(f => string.Equals(f, "manifest.json", StringComparison.OrdinalIgnoreCase));
                if (name == null)
                {
                    return null;
                }

                try
                {
                    using (var stream = _source.Open(name))
                    using (var document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }))
                    {
                        return SnapshotManifest.Parse(document.RootElement.Clone(), _path);
                    }
                }
                catch (JsonException exception)
                {
                    // Without a readable manifest the collection states are unknown; the data files still count.
                    _issues.Add(new SnapshotIssue(SnapshotErrorIds.MalformedJson, name, exception.Message, OneBased(exception.LineNumber), OneBased(exception.BytePositionInLine)));
                    return null;
                }
            }

            private void ReadGraphFile(string file)
            {
                var set = GraphSetNamed(SnapshotFileName.GetSetName(file.Substring("graph/".Length)));
                set.AddFile(file);
                ReadFile(file, null, set.Add, objectsKept: false);
            }

            private void ReadFile(string file, Action<JsonElement> onObject, bool objectsKept = false) => ReadFile(file, onObject, null, objectsKept);

            /// <summary>Streams a file's objects to one of the handlers: parsed elements, or exact bytes.</summary>
            private void ReadFile(string file, Action<JsonElement>? onObject, JsonObjectStream.RawObjectHandler? onRaw, bool objectsKept)
            {
                _currentFile = file;
                _objectInFile = 0;
                try
                {
                    if (onRaw != null)
                    {
                        JsonObjectStream.ReadRaw(
                            () => OpenData(file),
                            SnapshotFileName.IsJsonLines(file),
                            json =>
                            {
                                _objectsRead++;
                                _objectInFile++;
                                // A snapshot read again in the same process (each cmdlet given the same path) is read on
                                // top of the last one, dead but not yet collected: at 1M that stacked 2.7 GiB.
                                Evaluation.HeapGovernor.Tick();
                                onRaw(json);
                            },
                            _cancellationToken);
                    }
                    else
                    {
                        JsonObjectStream.Read(
                            () => OpenData(file),
                            SnapshotFileName.IsJsonLines(file),
                            item =>
                            {
                                _objectsRead++;
                                _objectInFile++;
                                Evaluation.HeapGovernor.Tick();
                                onObject!(item);
                            },
                            objectsKept,
                            _cancellationToken);
                    }
                }
                catch (JsonException exception)
                {
                    _issues.Add(new SnapshotIssue(
                        SnapshotErrorIds.MalformedJson,
                        file,
                        "Malformed JSON: " + FirstSentence(exception.Message),
                        OneBased(exception.LineNumber),
                        OneBased(exception.BytePositionInLine)));
                }
                catch (Exception exception) when (exception is IOException || exception is InvalidDataException || exception is UnauthorizedAccessException)
                {
                    _issues.Add(new SnapshotIssue(SnapshotErrorIds.UnreadableFile, file, exception.Message));
                }
            }

            private Stream OpenData(string file)
            {
                var stream = _source.Open(file);
                // Decompression runs ahead on the other core while this one parses.
                return SnapshotFileName.IsGzip(file) ? new ReadAheadStream(new GZipStream(stream, CompressionMode.Decompress), _cancellationToken) : stream;
            }

            private void AddArmObject(JsonElement item) => AddArmObject(item, null);

            private void AddArmObject(JsonElement item, ArmResource? parent)
            {
                var id = item.GetString("id") ?? item.GetString("resourceId");
                var subscriptionId = item.GetString("subscriptionId");
                var declaredType = item.GetString("type") ?? item.GetString("resourceType");

                // GET /subscriptions (id /subscriptions/{s}), Get-AzSubscription (Id is the bare GUID), az account list
                // (id is the GUID, no subscriptionId) and Resource Graph resourcecontainers rows (typed, with
                // properties.managementGroupAncestorsChain) output.
                var azAccount = declaredType == null && subscriptionId == null && id != null && Guid.TryParse(id, out _) && item.GetString("tenantId") != null;
                var listItem = declaredType == null || declaredType.EqualsIgnoreCase(Azure.ResourceTypes.Subscription);
                if (azAccount || (listItem && subscriptionId != null && (id == null || IsSubscriptionId(id) || id.EqualsIgnoreCase(subscriptionId))))
                {
                    _subscriptions.Add(AsSubscriptionsListItem(item, subscriptionId ?? id!).Clone());
                    return;
                }

                var declaredName = item.GetString("name") ?? item.GetString("resourceName");
                var idDerived = false;
                if (id == null)
                {
                    id = ArmTemplateId.Derive(item, parent, declaredType, declaredName);
                    idDerived = id != null;
                }

                // The id names the type (its last /providers/ segment). A declared type is only the fallback for
                // ids without one (resource groups): Get-AzResource declares extension resources with their parent's type.
                var type = id == null ? null : ArmId.GetTypeFromId(id) ?? (declaredType?.IndexOf('/') > 0 ? declaredType : null);
                if (id == null || type == null)
                {
                    ReportNotPlaced(item, parent, id, declaredType, declaredName);
                    return;
                }

                type = CanonicalType(type);
                // The item is the reader's and read only during this call: Keep copies what is kept.
                var raw = ArmFlattenedShape.Nest(item);
                var resource = new ArmResource(raw, id, NameFromId(id, declaredName), type, _currentFile, idDerived);
                // A few subscriptions hold every resource, and a few kinds: one string each, not one per resource.
                if (resource.SubscriptionId is string subscription)
                {
                    resource.ShareSubscriptionId(Shared(subscription));
                }

                if (resource.Kind is string kind)
                {
                    resource.ShareKind(Shared(kind));
                }

                if (idDerived)
                {
                    _issues.Add(new SnapshotIssue(
                        SnapshotErrorIds.ResourceIdDerived,
                        _currentFile,
                        $"{Describe(item, parent, declaredType, declaredName)} has no id; it is assessed as {id}, derived from {(parent != null ? "its parent, " : "its subscription and resource group, ")}type and name.",
                        SnapshotIssueKind.Information,
                        type));
                }

                if (_resources.ContainsKey(id))
                {
                    // The same resource nested and separate: the first copy wins, children still link by id.
                    return;
                }

                _resources[id] = resource;
                _resourceOrder.Add(resource);
                Keep(resource, raw);

                foreach (var child in item.GetArray("resources"))
                {
                    if (child.ValueKind == JsonValueKind.Object)
                    {
                        AddArmObject(child, resource);
                    }
                }
            }

            /// <summary>The one string kept for a text many resources repeat (subscription ids, kinds).</summary>
            private string Shared(string text)
            {
                if (!_sharedTexts.TryGetValue(text, out var shared))
                {
                    _sharedTexts[text] = shared = text;
                }

                return shared;
            }

            /// <summary>
            /// Keeps a new resource's JSON: a document of its own while the estate is small; past the limit, the earlier
            /// resources and every later one as compact bytes in one arena.
            /// </summary>
            private void Keep(ArmResource resource, JsonElement raw)
            {
                if (_armArena == null && _resourceOrder.Count <= _armObjectsKeptParsed)
                {
                    resource.KeepParsed(raw.Clone());
                    return;
                }

                if (_armArena == null)
                {
                    _armArena = new JsonArena();
                    for (var i = 0; i < _resourceOrder.Count - 1; i++)
                    {
                        var earlier = _resourceOrder[i];
                        earlier.KeepIn(_armArena, Utf8Of(earlier.Raw));
                    }
                }

                resource.KeepIn(_armArena, Utf8Of(raw));
            }

            /// <summary>An element's exact text as UTF-8 (the bytes it was parsed from).</summary>
            private static ReadOnlySpan<byte> Utf8Of(JsonElement element) => JsonMarshal.GetRawUtf8Value(element);

            /// <summary>
            /// The object with the GET /subscriptions names the controls read (<c>subscriptionId</c>, <c>displayName</c>);
            /// Get-AzSubscription and az account list name them <c>Id</c>/<c>id</c> and <c>Name</c>/<c>name</c>.
            /// </summary>
            private static JsonElement AsSubscriptionsListItem(JsonElement item, string subscriptionId)
            {
                var displayName = item.GetString("displayName");
                if (item.GetString("subscriptionId") != null && displayName != null)
                {
                    return item;
                }

                return JsonRewrite.Object(writer =>
                {
                    foreach (var member in item.EnumerateObject())
                    {
                        if (!member.Name.EqualsIgnoreCase("id") && !member.Name.EqualsIgnoreCase("subscriptionId") && !member.Name.EqualsIgnoreCase("displayName"))
                        {
                            member.WriteTo(writer);
                        }
                    }

                    writer.WriteString("id", "/subscriptions/" + subscriptionId);
                    writer.WriteString("subscriptionId", subscriptionId);
                    writer.WriteString("displayName", displayName ?? item.GetString("name") ?? subscriptionId);
                });
            }

            private void ReportNotPlaced(JsonElement item, ArmResource? parent, string? id, string? declaredType, string? declaredName)
            {
                var nested = item.GetArray("resources").Count();
                var why = id != null
                    ? $"its id '{id}' names no resource type"
                    : declaredType != null && declaredName != null
                        ? $"it has no id, and type '{declaredType}' with name '{declaredName}' do not determine one"
                        : "it has no id, and no type and name to derive one from";
                _issues.Add(new SnapshotIssue(
                    SnapshotErrorIds.ObjectNotPlaced,
                    _currentFile,
                    $"{Describe(item, parent, declaredType, declaredName)} was not assessed: {why}{(nested > 0 ? $" (nor were the {nested} resources nested in it)" : string.Empty)}.",
                    SnapshotIssueKind.Warning,
                    declaredType?.IndexOf('/') > 0 ? CanonicalType(declaredType) : null));
            }

            /// <summary>
            /// Names an object for a message: its type and name (or its first characters), and its place: the object's
            /// position in the file, or the resource it is nested in.
            /// </summary>
            private string Describe(JsonElement item, ArmResource? parent, string? declaredType, string? declaredName)
            {
                var what = declaredType != null || declaredName != null
                    ? $"type '{declaredType ?? "?"}', name '{declaredName ?? "?"}'"
                    : Excerpt(item.GetRawText());
                return parent != null
                    ? $"The resource nested in {parent.Id} ({what})"
                    : $"Object {_objectInFile} in the file ({what})";
            }

            private static string Excerpt(string json)
            {
                var compact = string.Join(" ", json.Split(new[] { ' ', '\r', '\n', '\t' }, StringSplitOptions.RemoveEmptyEntries));
                return compact.Length <= 80 ? compact : compact.Substring(0, 77) + "...";
            }

            /// <summary>The name is the id's last segment (ARM gives some children as "parent/child"); its declared casing wins.</summary>
            private static string NameFromId(string id, string? declaredName)
            {
                var last = LastSegment(id);
                return declaredName != null && LastSegment(declaredName).EqualsIgnoreCase(last) ? LastSegment(declaredName) : last;
            }

            private static string CanonicalType(string type) => KnownTypes.TryGetValue(type, out var known) ? known : type;

            private void LinkChildren()
            {
                foreach (var resource in _resourceOrder)
                {
                    if (resource.ParentId != null && _resources.TryGetValue(resource.ParentId, out var parent))
                    {
                        resource.Parent = parent;
                        parent.Link(resource);
                        resource.ShareParentId(parent.Id);
                    }
                }
            }

            private static bool IsSubscriptionId(string id)
            {
                var segments = id.Split(Slash, StringSplitOptions.RemoveEmptyEntries);
                return segments.Length == 2 && string.Equals(segments[0], "subscriptions", StringComparison.OrdinalIgnoreCase);
            }

            private static string LastSegment(string value)
            {
                var trimmed = value.TrimEnd('/');
                var slash = trimmed.LastIndexOf('/');
                return slash < 0 ? trimmed : trimmed.Substring(slash + 1);
            }

            private static long? OneBased(long? zeroBased) => zeroBased.HasValue ? zeroBased.Value + 1 : (long?)null;

            private static string FirstSentence(string message)
            {
                // System.Text.Json appends "Path: $ | LineNumber: n | BytePositionInLine: m." (or only the line part),
                // which the issue reports separately and 1-based.
                foreach (var marker in new[] { " Path:", " LineNumber:" })
                {
                    var cut = message.IndexOf(marker, StringComparison.Ordinal);
                    if (cut > 0)
                    {
                        message = message.Substring(0, cut);
                    }
                }

                return message.TrimEnd();
            }
        }
    }
}
