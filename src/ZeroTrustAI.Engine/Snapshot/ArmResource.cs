using System;
using System.Collections.Generic;
using System.Text.Json;
using ZeroTrustAI.Engine.Json;

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
        private readonly List<ArmResource> _children = new List<ArmResource>();
        private readonly List<ArmResource> _extensions = new List<ArmResource>();
        private ArmResource? _parent;

        internal ArmResource(JsonElement raw, string id, string name, string type, string sourceFile, bool idDerived = false)
        {
            Raw = raw;
            Id = id;
            Name = name;
            Type = type;
            SourceFile = sourceFile;
            IdDerived = idDerived;
            Properties = raw.Get("properties") ?? default;
            ParentId = ArmId.GetParentId(id);
            IsExtension = ArmId.IsExtensionId(id);
            SubscriptionId = ArmId.GetSubscriptionId(id) ?? raw.GetString("subscriptionId");
        }

        /// <summary>The resource as read, for properties this type does not surface.</summary>
        public JsonElement Raw { get; }

        public string Id { get; }

        /// <summary>True when the object had no id and the reader derived it from its parent, type and name (template form).</summary>
        public bool IdDerived { get; }

        public string Name { get; }

        /// <summary>The full resource type, e.g. Microsoft.CognitiveServices/accounts/deployments.</summary>
        public string Type { get; }

        public string? Kind => Raw.GetString("kind");

        public string? Location => Raw.GetString("location");

        public string? SubscriptionId { get; }

        /// <summary>The <c>properties</c> object; an undefined element when the resource has none.</summary>
        public JsonElement Properties { get; }

        /// <summary>
        /// The id of the parent of a child resource, or of the resource an extension resource extends; null for
        /// top-level resources and for extension resources of a subscription or resource group.
        /// </summary>
        public string? ParentId { get; }

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
                return _children;
            }
        }

        /// <summary>Extension resources on this resource (diagnostic settings, role assignments, locks, Defender settings).</summary>
        public IReadOnlyList<ArmResource> Extensions
        {
            get
            {
                DataAccessLog.Note(DataAccessLog.AnyArmData);
                return _extensions;
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

        internal void Link(ArmResource linked) => (linked.IsExtension ? _extensions : _children).Add(linked);

        public override string ToString() => Id;

        private static IEnumerable<ArmResource> OfType(List<ArmResource> resources, string type)
        {
            DataAccessLog.NoteArmType(type);
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

            var segments = id.Split(Slash, StringSplitOptions.RemoveEmptyEntries);
            var lastProviders = LastProviders(segments);
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

        /// <summary>The index of the last "providers" segment: the type of an id is named after it.</summary>
        private static int LastProviders(string[] segments)
        {
            for (var i = segments.Length - 1; i >= 0; i--)
            {
                if (string.Equals(segments[i], "providers", StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }

            return -1;
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

            var segments = id.Split(Slash, StringSplitOptions.RemoveEmptyEntries);
            var lastProviders = LastProviders(segments);
            // One type/name pair after the namespace: deeper ids are children of the extension resource.
            return lastProviders >= 0 && segments.Length - (lastProviders + 2) <= 2 && IsResourceScope(segments, lastProviders);
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
        /// The full type an id names, after its last <c>/providers/</c> (Microsoft.CognitiveServices/accounts/deployments;
        /// Microsoft.Insights/diagnosticSettings for a setting on a vault). This, not a declared type, is a resource's type:
        /// Get-AzResource declares an extension resource with its parent's type.
        /// </summary>
        public static string? GetTypeFromId(string id)
        {
            var segments = id.Split(Slash, StringSplitOptions.RemoveEmptyEntries);
            var lastProviders = LastProviders(segments);
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
