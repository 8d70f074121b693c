using System;
using System.Collections.Generic;
using System.Text.Json;
using ZeroTrustAI.Engine.Json;

namespace ZeroTrustAI.Engine.Snapshot
{
    /// <summary>
    /// One Azure resource, whatever shape it came in (ARM REST, az CLI, Resource Graph row, Get-AzResource).
    /// Child resources are linked to their parent by id, whether they were nested or separate.
    /// </summary>
    public sealed class ArmResource
    {
        private readonly List<ArmResource> _children = new List<ArmResource>();
        private ArmResource? _parent;

        internal ArmResource(JsonElement raw, string id, string name, string type, string sourceFile)
        {
            Raw = raw;
            Id = id;
            Name = name;
            Type = type;
            SourceFile = sourceFile;
            Properties = raw.Get("properties") ?? default;
            ParentId = ArmId.GetParentId(id);
            SubscriptionId = ArmId.GetSubscriptionId(id) ?? raw.GetString("subscriptionId");
        }

        /// <summary>The resource as read, for properties this type does not surface.</summary>
        public JsonElement Raw { get; }

        public string Id { get; }

        public string Name { get; }

        /// <summary>The full resource type, e.g. Microsoft.CognitiveServices/accounts/deployments.</summary>
        public string Type { get; }

        public string? Kind => Raw.GetString("kind");

        public string? Location => Raw.GetString("location");

        public string? SubscriptionId { get; }

        /// <summary>The <c>properties</c> object; an undefined element when the resource has none.</summary>
        public JsonElement Properties { get; }

        /// <summary>The id of the parent resource for child and extension resources; null for top-level ones.</summary>
        public string? ParentId { get; }

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

        /// <summary>Every child and extension resource, whatever its type (reading them all is reading every type).</summary>
        public IReadOnlyList<ArmResource> Children
        {
            get
            {
                DataAccessLog.Note(DataAccessLog.AnyArmData);
                return _children;
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
        public IEnumerable<ArmResource> ChildrenOfType(string type)
        {
            DataAccessLog.NoteArmType(type);
            foreach (var child in _children)
            {
                if (child.IsType(type))
                {
                    yield return child;
                }
            }
        }

        internal void AddChild(ArmResource child) => _children.Add(child);

        public override string ToString() => Id;
    }

    /// <summary>Helpers for Azure resource ids.</summary>
    public static class ArmId
    {
        private static readonly char[] Slash = { '/' };

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

            var trimmed = id.TrimEnd('/');
            var segments = trimmed.Split(Slash, StringSplitOptions.RemoveEmptyEntries);

            var lastProviders = -1;
            for (var i = 0; i < segments.Length; i++)
            {
                if (string.Equals(segments[i], "providers", StringComparison.OrdinalIgnoreCase))
                {
                    lastProviders = i;
                }
            }

            if (lastProviders < 0)
            {
                return null;
            }

            // After "providers": namespace, then type/name pairs. One pair = top-level under its scope.
            var afterNamespace = segments.Length - (lastProviders + 2);
            if (afterNamespace > 2)
            {
                return "/" + string.Join("/", segments, 0, segments.Length - 2);
            }

            // An extension resource: its parent is the scope before "providers", if that scope is a resource.
            var scope = "/" + string.Join("/", segments, 0, lastProviders);
            return IsResourceScope(segments, lastProviders) ? scope : null;
        }

        private static bool IsResourceScope(string[] segments, int providersIndex)
        {
            for (var i = 0; i < providersIndex; i++)
            {
                if (string.Equals(segments[i], "providers", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The subscription id in a resource id, or null.</summary>
        public static string? GetSubscriptionId(string id)
        {
            if (string.IsNullOrEmpty(id))
            {
                return null;
            }

            var segments = id.Split(Slash, StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < segments.Length - 1; i++)
            {
                if (string.Equals(segments[i], "subscriptions", StringComparison.OrdinalIgnoreCase))
                {
                    return segments[i + 1];
                }
            }

            return null;
        }

        /// <summary>
        /// The full type from a resource id (Microsoft.CognitiveServices/accounts/deployments), used when an object
        /// carries an id but no type.
        /// </summary>
        public static string? GetTypeFromId(string id)
        {
            var segments = id.Split(Slash, StringSplitOptions.RemoveEmptyEntries);
            var lastProviders = -1;
            for (var i = 0; i < segments.Length; i++)
            {
                if (string.Equals(segments[i], "providers", StringComparison.OrdinalIgnoreCase))
                {
                    lastProviders = i;
                }
            }

            if (lastProviders < 0 || lastProviders + 2 >= segments.Length)
            {
                return null;
            }

            var parts = new List<string> { segments[lastProviders + 1] };
            for (var i = lastProviders + 2; i < segments.Length; i += 2)
            {
                parts.Add(segments[i]);
            }

            return string.Join("/", parts);
        }
    }
}
