using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using System.Threading;
using ZeroTrustAI.Engine.Json;

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
        public static TenantSnapshot Read(string path, IProgress<SnapshotReadProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                throw new SnapshotException(SnapshotErrorIds.PathNotFound, "No snapshot path was given.", path ?? string.Empty);
            }

            using (var source = SnapshotSource.Open(path, out var displayPath))
            {
                return new Loader(source, displayPath, progress, cancellationToken).Load();
            }
        }

        private sealed class Loader
        {
            private static readonly char[] Slash = { '/' };

            private readonly SnapshotSource _source;
            private readonly string _path;
            private readonly IProgress<SnapshotReadProgress>? _progress;
            private readonly CancellationToken _cancellationToken;
            private readonly Dictionary<string, GraphSet> _graphSets = new Dictionary<string, GraphSet>(StringComparer.OrdinalIgnoreCase);
            private readonly Dictionary<string, ArmResource> _resources = new Dictionary<string, ArmResource>(StringComparer.OrdinalIgnoreCase);
            private readonly List<ArmResource> _resourceOrder = new List<ArmResource>();
            private readonly List<JsonElement> _subscriptions = new List<JsonElement>();
            private readonly List<JsonElement> _purview = new List<JsonElement>();
            private readonly List<SnapshotIssue> _issues = new List<SnapshotIssue>();
            private long _objectsRead;
            private string _currentFile = string.Empty;

            public Loader(SnapshotSource source, string path, IProgress<SnapshotReadProgress>? progress, CancellationToken cancellationToken)
            {
                _source = source;
                _path = path;
                _progress = progress;
                _cancellationToken = cancellationToken;
            }

            public TenantSnapshot Load()
            {
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
                        ReadFile(file, AddArmObject);
                    }
                    else
                    {
                        ReadFile(file, item => _purview.Add(item));
                    }
                }

                LinkChildren();
                return new TenantSnapshot(_path, manifest, _graphSets, _resourceOrder, _subscriptions, _purview, hasArmData, _issues);
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
                var relative = file.Substring("graph/".Length);
                var setName = SnapshotFileName.GetSetName(relative);
                if (!_graphSets.TryGetValue(setName, out var set))
                {
                    set = new GraphSet(setName);
                    _graphSets[setName] = set;
                }

                set.AddFile(file);
                ReadFile(file, set.Add);
            }

            private void ReadFile(string file, Action<JsonElement> onObject)
            {
                _currentFile = file;
                try
                {
                    JsonObjectStream.Read(
                        () => OpenData(file),
                        SnapshotFileName.IsJsonLines(file),
                        item =>
                        {
                            _objectsRead++;
                            onObject(item);
                        },
                        _cancellationToken);
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
                return SnapshotFileName.IsGzip(file) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
            }

            private void AddArmObject(JsonElement item) => AddArmObject(item, null);

            private void AddArmObject(JsonElement item, ArmResource? parent)
            {
                var id = item.GetString("id") ?? item.GetString("resourceId");
                var subscriptionId = item.GetString("subscriptionId");
                var type = item.GetString("type") ?? item.GetString("resourceType");

                if (type == null && subscriptionId != null && (id == null || IsSubscriptionId(id)))
                {
                    _subscriptions.Add(item);
                    return;
                }

                var name = item.GetString("name") ?? item.GetString("resourceName");
                if (id == null && parent != null && name != null && type != null)
                {
                    // Nested children in template form carry a name and a short type but no id.
                    id = parent.Id + "/" + LastSegment(type) + "/" + name;
                }

                if (id == null)
                {
                    return;
                }

                var fullType = type;
                var typeFromId = ArmId.GetTypeFromId(id);
                if (fullType == null || (typeFromId != null && fullType.IndexOf('/') < 0))
                {
                    fullType = typeFromId;
                }

                if (fullType == null)
                {
                    return;
                }

                var resource = new ArmResource(item, id, name ?? LastSegment(id), fullType, _currentFile);
                if (_resources.ContainsKey(id))
                {
                    // The same resource nested and separate: the first copy wins, children still link by id.
                    return;
                }

                _resources[id] = resource;
                _resourceOrder.Add(resource);

                foreach (var child in item.GetArray("resources"))
                {
                    if (child.ValueKind == JsonValueKind.Object)
                    {
                        AddArmObject(child, resource);
                    }
                }
            }

            private void LinkChildren()
            {
                foreach (var resource in _resourceOrder)
                {
                    if (resource.ParentId != null && _resources.TryGetValue(resource.ParentId, out var parent))
                    {
                        resource.Parent = parent;
                        parent.AddChild(resource);
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
