using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using ZeroTrustAI.Engine.Json;

namespace ZeroTrustAI.Engine.Snapshot
{
    /// <summary>The collection states manifest.json can record.</summary>
    public enum CollectionStatus
    {
        Complete,
        Partial,
        Failed,
        Skipped,
    }

    /// <summary>What manifest.json says of one collection (e.g. graph/servicePrincipals).</summary>
    public sealed class CollectionRecord
    {
        public CollectionRecord(string name, CollectionStatus status, long? count, long? requests, string? error, string? missingPermission)
        {
            Name = name;
            Status = status;
            Count = count;
            Requests = requests;
            Error = error;
            MissingPermission = missingPermission;
        }

        public string Name { get; }
        public CollectionStatus Status { get; }
        public long? Count { get; }
        public long? Requests { get; }
        public string? Error { get; }
        public string? MissingPermission { get; }
    }

    /// <summary>manifest.json, as written by Save-ZtaiSnapshot (optional in hand-made snapshots).</summary>
    public sealed class SnapshotManifest
    {
        /// <summary>The schema versions this reader understands.</summary>
        public const int CurrentSchemaVersion = 1;

        private readonly Dictionary<string, CollectionRecord> _collections;

        private SnapshotManifest(int schemaVersion, string? tenantId, DateTimeOffset? collectedAt, string? toolName, string? toolVersion, string? cloud, Dictionary<string, CollectionRecord> collections, string? tenantName = null, string? unlistedReason = null)
        {
            TenantName = tenantName;
            UnlistedReason = unlistedReason;
            SchemaVersion = schemaVersion;
            TenantId = tenantId;
            CollectedAt = collectedAt;
            ToolName = toolName;
            ToolVersion = toolVersion;
            Cloud = cloud;
            _collections = collections;
        }

        public int SchemaVersion { get; }
        public string? TenantId { get; }
        public DateTimeOffset? CollectedAt { get; }
        public string? ToolName { get; }
        public string? ToolVersion { get; }
        public string? Cloud { get; }
        public IReadOnlyCollection<CollectionRecord> Collections => _collections.Values;

        /// <summary>The tenant's name, when the source records it (a Zero Trust Assessment report does).</summary>
        public string? TenantName { get; }

        /// <summary>
        /// Why a set the manifest does not list is absent, when the source says so for every set (a Zero Trust Assessment
        /// export holds a fixed list of sets); null when an unlisted set may simply be absent.
        /// </summary>
        public string? UnlistedReason { get; }

        /// <summary>
        /// The manifest a source that is not one of our snapshots implies: the sets it holds, complete; every other set
        /// absent for <paramref name="unlistedReason"/>. A set with an error was only partly read.
        /// </summary>
        internal static SnapshotManifest Describe(string? tenantId, string? tenantName, DateTimeOffset? collectedAt, string toolName, string? toolVersion, IReadOnlyDictionary<string, string?> sets, string unlistedReason)
        {
            var collections = new Dictionary<string, CollectionRecord>(StringComparer.OrdinalIgnoreCase);
            foreach (var set in sets)
            {
                collections[set.Key] = new CollectionRecord(set.Key, set.Value == null ? CollectionStatus.Complete : CollectionStatus.Partial, null, null, set.Value, null);
            }

            return new SnapshotManifest(CurrentSchemaVersion, tenantId, collectedAt, toolName, toolVersion, null, collections, tenantName, unlistedReason);
        }

        /// <summary>The record of a collection, by name, ignoring case; null when the manifest does not list it.</summary>
        public CollectionRecord? GetCollection(string name) =>
            _collections.TryGetValue(name, out var record) ? record : null;

        /// <summary>Parses a manifest; throws <see cref="SnapshotException"/> for an unknown schema version.</summary>
        internal static SnapshotManifest Parse(JsonElement root, string path)
        {
            var versionElement = root.Get("schemaVersion");
            var version = ParseVersion(versionElement);
            if (version == null || version.Value != CurrentSchemaVersion)
            {
                var shown = versionElement.HasValue ? versionElement.Value.GetRawText() : "(absent)";
                throw new SnapshotException(
                    SnapshotErrorIds.UnsupportedSchemaVersion,
                    $"The snapshot's manifest.json has schemaVersion {shown}; this version of ZeroTrustAI reads schemaVersion {CurrentSchemaVersion}.",
                    path);
            }

            var collections = new Dictionary<string, CollectionRecord>(StringComparer.OrdinalIgnoreCase);
            var collectionsElement = root.Get("collections");
            if (collectionsElement.HasValue)
            {
                if (collectionsElement.Value.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in collectionsElement.Value.EnumerateObject())
                    {
                        AddRecord(collections, property.Name, property.Value);
                    }
                }
                else if (collectionsElement.Value.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in collectionsElement.Value.EnumerateArray())
                    {
                        var name = item.GetString("name");
                        if (name != null)
                        {
                            AddRecord(collections, name, item);
                        }
                    }
                }
            }

            var cloud = root.Get("cloud");
            string? cloudName = null;
            if (cloud.HasValue)
            {
                cloudName = cloud.Value.ValueKind == JsonValueKind.String ? cloud.Value.GetString() : cloud.Value.GetString("name") ?? cloud.Value.GetString("environment");
            }

            var tool = root.Get("tool");
            string? toolName = null;
            string? toolVersion = null;
            if (tool.HasValue)
            {
                toolName = tool.Value.ValueKind == JsonValueKind.String ? tool.Value.GetString() : tool.Value.GetString("name");
                toolVersion = tool.Value.ValueKind == JsonValueKind.Object ? tool.Value.GetString("version") : null;
            }

            return new SnapshotManifest(version.Value, root.GetString("tenantId"), root.GetDateTime("collectedAt"), toolName, toolVersion, cloudName, collections);
        }

        private static void AddRecord(Dictionary<string, CollectionRecord> collections, string name, JsonElement item)
        {
            var statusText = item.GetString("status") ?? "complete";
            if (!Enum.TryParse<CollectionStatus>(statusText, true, out var status))
            {
                status = CollectionStatus.Partial;
            }

            collections[name.Replace('\\', '/')] = new CollectionRecord(
                name,
                status,
                ParseLong(item.Get("count")),
                ParseLong(item.Get("requests")),
                item.GetString("error"),
                item.GetString("missingPermission"));
        }

        private static int? ParseVersion(JsonElement? element)
        {
            if (!element.HasValue)
            {
                return null;
            }

            var value = element.Value;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
            {
                return number;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var real) && Math.Abs(real - Math.Round(real)) < double.Epsilon)
            {
                return (int)real;
            }

            if (value.ValueKind == JsonValueKind.String)
            {
                var text = value.GetString() ?? string.Empty;
                if (text.EndsWith(".0", StringComparison.Ordinal))
                {
                    text = text.Substring(0, text.Length - 2);
                }

                if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
                {
                    return parsed;
                }
            }

            return null;
        }

        private static long? ParseLong(JsonElement? element) =>
            element.HasValue && element.Value.ValueKind == JsonValueKind.Number && element.Value.TryGetInt64(out var number) ? number : (long?)null;
    }
}
