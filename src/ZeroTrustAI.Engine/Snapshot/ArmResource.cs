using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Snapshot.Compact;

namespace ZeroTrustAI.Engine.Snapshot
{
    /// <summary>
    /// One Azure resource, whatever shape it came in (ARM REST, az CLI, Resource Graph row, Get-AzResource).
    /// Its type is the one its id names (the last <c>/providers/</c> segment), so an extension resource exported with
    /// its parent's type (Get-AzResource) is still an extension resource. Child resources (…/accounts/a/deployments/d)
    /// are linked to their parent and extension resources (…/vaults/v/providers/Microsoft.Insights/diagnosticSettings/x)
    /// to the resource they extend, by id, whether they were nested or separate.
    /// </summary>
    public sealed class ArmResource
    {
        private static readonly IReadOnlyList<ArmResource> None = Array.Empty<ArmResource>();

        // Most resources have neither children nor extensions: the lists are made by the first one linked.
        private List<ArmResource>? _children;
        private List<ArmResource>? _extensions;
        private ArmResource? _parent;

        // The JSON as a parsed document of its own, or (a large estate) its bytes in the snapshot's arena, parsed when read.
        private JsonElement _raw;
        private JsonArena? _arena;
        private int _index;

        // raw is read here and kept until the reader keeps the resource's own copy (KeepParsed or KeepIn).
        internal ArmResource(JsonElement raw, string id, string name, string type, string sourceFile, bool idDerived = false)
        {
            _raw = raw;
            Id = id;
            Name = name;
            Type = type;
            SourceFile = sourceFile;
            IdDerived = idDerived;
            ParentId = ArmId.GetParentId(id);
            IsExtension = ArmId.IsExtensionId(id);
            SubscriptionId = ArmId.GetSubscriptionId(id) ?? raw.GetString("subscriptionId");
            Kind = raw.GetString("kind");
        }

        /// <summary>
        /// The resource as read, for properties this type does not surface. In a large estate it is parsed from compact
        /// storage when read (each thread keeps its last few parses): keep the element rather than reading it again in a loop.
        /// </summary>
        public JsonElement Raw => _arena != null ? _arena.Get(_index) : _raw;

        public string Id { get; }

        /// <summary>True when the object had no id and the reader derived it from its parent, type and name (template form).</summary>
        public bool IdDerived { get; }

        public string Name { get; }

        /// <summary>The full resource type, e.g. Microsoft.CognitiveServices/accounts/deployments.</summary>
        public string Type { get; }

        /// <summary>The resource's kind (OpenAI, AIServices, Project...), read once: controls filter every account on it.</summary>
        public string? Kind { get; private set; }

        public string? Location => Raw.GetString("location");

        public string? SubscriptionId { get; private set; }

        /// <summary>The <c>properties</c> object; an undefined element when the resource has none.</summary>
        public JsonElement Properties => Raw.Get("properties") ?? default;

        /// <summary>
        /// The id of the parent of a child resource, or of the resource an extension resource extends; null for
        /// top-level resources and for extension resources of a subscription or resource group.
        /// </summary>
        public string? ParentId { get; private set; }

        /// <summary>
        /// True for an extension resource (diagnostic setting, role assignment, lock, Defender setting): its id has a
        /// second <c>/providers/</c> after the scope it extends.
        /// </summary>
        public bool IsExtension { get; }

        /// <summary>The parent of a child resource, or the resource an extension resource extends, when in the snapshot.</summary>
        public ArmResource? Parent
        {
            get
            {
                if (_parent != null)
                {
                    DataAccessLog.NoteArmType(_parent.Type);
                }

                return _parent;
            }

            internal set => _parent = value;
        }

        /// <summary>Child resources (same provider, e.g. deployments, RAI policies, private endpoint connections) of every type.</summary>
        public IReadOnlyList<ArmResource> Children
        {
            get
            {
                DataAccessLog.Note(DataAccessLog.AnyArmData);
                return _children ?? None;
            }
        }

        /// <summary>Extension resources on this resource (diagnostic settings, role assignments, locks, Defender settings).</summary>
        public IReadOnlyList<ArmResource> Extensions
        {
            get
            {
                DataAccessLog.Note(DataAccessLog.AnyArmData);
                return _extensions ?? None;
            }
        }

        /// <summary>The snapshot file the resource came from.</summary>
        public string SourceFile { get; }

        /// <summary>Reads a dotted path from the raw resource (e.g. <c>properties.disableLocalAuth</c>, <c>identity.type</c>).</summary>
        public JsonElement? Get(string path) => Raw.Get(path);

        public string? GetString(string path) => Raw.GetString(path);

        public bool? GetBool(string path) => Raw.GetBool(path);

        public bool IsType(string type) => string.Equals(Type, type, StringComparison.OrdinalIgnoreCase);

        /// <summary>Children of a given full type (e.g. Microsoft.CognitiveServices/accounts/deployments).</summary>
        public IEnumerable<ArmResource> ChildrenOfType(string type) => OfType(_children, type);

        /// <summary>Extension resources of a given type on this resource (e.g. Microsoft.Insights/diagnosticSettings).</summary>
        public IEnumerable<ArmResource> ExtensionsOfType(string type) => OfType(_extensions, type);

        /// <summary>Takes the parent's id string in place of an equal one cut from this id (a child or extension each kept a copy).</summary>
        internal void ShareParentId(string parentId)
        {
            if (string.Equals(ParentId, parentId, StringComparison.Ordinal))
            {
                ParentId = parentId;
            }
        }

        /// <summary>Takes the snapshot's one string for the kind in place of an equal copy.</summary>
        internal void ShareKind(string kind)
        {
            if (string.Equals(Kind, kind, StringComparison.Ordinal))
            {
                Kind = kind;
            }
        }

        /// <summary>Takes the snapshot's one string for the subscription id in place of an equal copy.</summary>
        internal void ShareSubscriptionId(string subscriptionId)
        {
            if (string.Equals(SubscriptionId, subscriptionId, StringComparison.Ordinal))
            {
                SubscriptionId = subscriptionId;
            }
        }

        internal void Link(ArmResource linked)
        {
            if (linked.IsExtension)
            {
                (_extensions ??= new List<ArmResource>()).Add(linked);
            }
            else
            {
                (_children ??= new List<ArmResource>()).Add(linked);
            }
        }

        /// <summary>Keeps <paramref name="raw"/> (a document of the resource's own) as its JSON.</summary>
        internal void KeepParsed(JsonElement raw)
        {
            _raw = raw;
            _arena = null;
        }

        /// <summary>Moves the resource's JSON into <paramref name="arena"/>, given as its UTF-8 bytes; the parsed form is let go.</summary>
        internal void KeepIn(JsonArena arena, ReadOnlySpan<byte> json)
        {
            _index = arena.Add(json);
            _arena = arena;
            _raw = default;
        }

        public override string ToString() => Id;

        private static IEnumerable<ArmResource> OfType(List<ArmResource>? resources, string type)
        {
            DataAccessLog.NoteArmType(type);
            if (resources == null)
            {
                yield break;
            }

            foreach (var resource in resources)
            {
                if (resource.IsType(type))
                {
                    yield return resource;
                }
            }
        }
    }

    /// <summary>Helpers for Azure resource ids.</summary>
    /// <remarks>
    /// Every resource read goes through these (its parent and its type), so they walk the id's segments in place rather
    /// than splitting it into strings. Segments are what <c>Split('/', RemoveEmptyEntries)</c> gives: repeated, leading
    /// and trailing slashes are ignored, and ids made of them come back joined by single slashes.
    /// </remarks>
    public static class ArmId
    {
        private const string Providers = "providers";

        /// <summary>
        /// The parent of a child (…/accounts/a/deployments/d) or extension
        /// (…/accounts/a/providers/Microsoft.Insights/diagnosticSettings/x) resource id; null for top-level
        /// resources, resource groups and subscriptions.
        /// </summary>
        public static string? GetParentId(string id)
        {
            if (string.IsNullOrEmpty(id))
            {
                return null;
            }

            var segments = new Segments(id, stackalloc int[2 * StackSegments]);
            var lastProviders = segments.LastProviders();
            if (lastProviders < 0)
            {
                return null;
            }

            // After "providers": namespace, then type/name pairs. One pair = top-level under its scope.
            var afterNamespace = segments.Count - (lastProviders + 2);
            if (afterNamespace > 2)
            {
                return segments.Prefix(segments.Count - 2);
            }

            // An extension resource: its parent is the scope before "providers", if that scope is a resource.
            return segments.IsProviders(0, lastProviders) ? segments.Prefix(lastProviders) : null;
        }

        /// <summary>
        /// True when the id is that of an extension resource on a resource: a second <c>/providers/</c> follows the
        /// resource it extends (…/vaults/v/providers/Microsoft.Insights/diagnosticSettings/x). Extension resources of a
        /// subscription or resource group (role assignments, locks, Defender pricings there) read like top-level
        /// resources and have no resource to be linked to.
        /// </summary>
        public static bool IsExtensionId(string id)
        {
            if (string.IsNullOrEmpty(id))
            {
                return false;
            }

            var segments = new Segments(id, stackalloc int[2 * StackSegments]);
            var lastProviders = segments.LastProviders();
            // One type/name pair after the namespace: deeper ids are children of the extension resource.
            return lastProviders >= 0 && segments.Count - (lastProviders + 2) <= 2 && segments.IsProviders(0, lastProviders);
        }

        /// <summary>The subscription id in a resource id, or null.</summary>
        public static string? GetSubscriptionId(string id)
        {
            if (string.IsNullOrEmpty(id))
            {
                return null;
            }

            var segments = new Segments(id, stackalloc int[2 * StackSegments]);
            for (var i = 0; i < segments.Count - 1; i++)
            {
                if (segments.Is(i, "subscriptions"))
                {
                    return segments.Text(i + 1);
                }
            }

            return null;
        }

        /// <summary>
        /// The full type an id names, after its last <c>/providers/</c> (Microsoft.CognitiveServices/accounts/deployments;
        /// Microsoft.Insights/diagnosticSettings for a setting on a vault). This, not a declared type, is a resource's type:
        /// Get-AzResource declares an extension resource with its parent's type.
        /// </summary>
        public static string? GetTypeFromId(string id)
        {
            var segments = new Segments(id, stackalloc int[2 * StackSegments]);
            var lastProviders = segments.LastProviders();
            if (lastProviders < 0 || lastProviders + 2 >= segments.Count)
            {
                return null;
            }

            // The namespace, then every type (the names between them are left out).
            var type = new StringBuilder(id.Length);
            type.Append(id, segments.Start(lastProviders + 1), segments.Length(lastProviders + 1));
            for (var i = lastProviders + 2; i < segments.Count; i += 2)
            {
                type.Append('/').Append(id, segments.Start(i), segments.Length(i));
            }

            return type.ToString();
        }

        // Ids of real resources have at most a few dozen segments; a longer one gets an array.
        private const int StackSegments = 64;

        /// <summary>The non-empty segments of an id, as offsets into it (start and end of each, in a buffer the caller gives).</summary>
        private readonly ref struct Segments
        {
            private readonly string _id;
            private readonly Span<int> _bounds;

            public Segments(string id, Span<int> buffer)
            {
                _id = id;
                var count = 0;
                var i = 0;
                while (i < id.Length)
                {
                    if (id[i] == '/')
                    {
                        i++;
                        continue;
                    }

                    var start = i;
                    while (i < id.Length && id[i] != '/')
                    {
                        i++;
                    }

                    if (2 * count == buffer.Length)
                    {
                        var larger = new int[buffer.Length * 2];
                        buffer.CopyTo(larger);
                        buffer = larger;
                    }

                    buffer[2 * count] = start;
                    buffer[(2 * count) + 1] = i;
                    count++;
                }

                _bounds = buffer;
                Count = count;
            }

            public int Count { get; }

            public int Start(int index) => _bounds[2 * index];

            public int Length(int index) => _bounds[(2 * index) + 1] - _bounds[2 * index];

            public string Text(int index) => _id.Substring(Start(index), Length(index));

            public bool Is(int index, string text) =>
                Length(index) == text.Length && string.Compare(_id, Start(index), text, 0, text.Length, StringComparison.OrdinalIgnoreCase) == 0;

            /// <summary>The index of the last "providers" segment: the type of an id is named after it.</summary>
            public int LastProviders()
            {
                for (var i = Count - 1; i >= 0; i--)
                {
                    if (Is(i, Providers))
                    {
                        return i;
                    }
                }

                return -1;
            }

            /// <summary>Whether a "providers" segment comes before <paramref name="end"/>: the scope there is a resource.</summary>
            public bool IsProviders(int from, int end)
            {
                for (var i = from; i < end; i++)
                {
                    if (Is(i, Providers))
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>"/" and the first <paramref name="count"/> segments joined by "/": a slice of the id when it is written that way.</summary>
            public string Prefix(int count)
            {
                if (count == 0)
                {
                    return "/";
                }

                var end = Start(count - 1) + Length(count - 1);
                if (IsPlainUpTo(count))
                {
                    return _id.Substring(0, end);
                }

                var prefix = new StringBuilder(end);
                for (var i = 0; i < count; i++)
                {
                    prefix.Append('/').Append(_id, Start(i), Length(i));
                }

                return prefix.ToString();
            }

            // One slash before each of the first segments and nothing else: the id's own text is the joined form.
            private bool IsPlainUpTo(int count)
            {
                var expected = 1;
                for (var i = 0; i < count; i++)
                {
                    if (Start(i) != expected)
                    {
                        return false;
                    }

                    expected = Start(i) + Length(i) + 1;
                }

                return true;
            }
        }
    }
}
