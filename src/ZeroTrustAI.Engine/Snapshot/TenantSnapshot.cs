using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Snapshot.Compact;

namespace ZeroTrustAI.Engine.Snapshot
{
    /// <summary>Everything read from one snapshot: Graph sets, Azure resources, the manifest and any file problems.</summary>
    public sealed class TenantSnapshot
    {
        private static readonly IReadOnlyList<JsonElement> NoItems = Array.Empty<JsonElement>();

        private readonly Dictionary<string, GraphSet> _graphSets;
        private readonly Dictionary<string, ArmResource> _resourcesById;
        private readonly Dictionary<string, List<ArmResource>> _resourcesByType;
        private readonly List<ArmResource> _resources;
        private readonly List<JsonElement> _subscriptions;
        private readonly List<SnapshotIssue> _issues;
        private readonly Dictionary<string, List<JsonElement>> _purview;

        internal TenantSnapshot(
            string source,
            SnapshotManifest? manifest,
            Dictionary<string, GraphSet> graphSets,
            StringTable strings,
            List<ArmResource> resources,
            List<JsonElement> subscriptions,
            Dictionary<string, List<JsonElement>> purview,
            bool hasArmData,
            List<SnapshotIssue> issues)
        {
            Source = source;
            Manifest = manifest;
            _graphSets = graphSets;
            Strings = strings;
            _resources = resources;
            _subscriptions = subscriptions;
            _purview = purview;
            HasArmData = hasArmData;
            _issues = issues;
            _resourcesById = new Dictionary<string, ArmResource>(StringComparer.OrdinalIgnoreCase);
            _resourcesByType = new Dictionary<string, List<ArmResource>>(StringComparer.OrdinalIgnoreCase);
            foreach (var resource in resources)
            {
                _resourcesById[resource.Id] = resource;
                if (!_resourcesByType.TryGetValue(resource.Type, out var list))
                {
                    list = new List<ArmResource>();
                    _resourcesByType[resource.Type] = list;
                }

                list.Add(resource);
            }
        }

        /// <summary>The strings of the snapshot's compact records, shared with its directory index.</summary>
        internal StringTable Strings { get; }

        /// <summary>The folder or .zip the snapshot was read from.</summary>
        public string Source { get; }

        public SnapshotManifest? Manifest { get; }

        /// <summary>The tenant id from the manifest or the organization object, when known.</summary>
        public string? TenantId => Manifest?.TenantId ?? FirstGraphString("organization", "id");

        /// <summary>The tenant's display name from the organization object, when known.</summary>
        public string? TenantName => Manifest?.TenantName ?? FirstGraphString("organization", "displayName");

        /// <summary>When the snapshot was collected, from the manifest; null for a hand-assembled snapshot without one.</summary>
        public DateTimeOffset? CollectedAt => Manifest?.CollectedAt;

        /// <summary>Objects read from graph/, over every set.</summary>
        public long GraphObjectCount => _graphSets.Values.Sum(s => (long)s.Count);

        /// <summary>Azure resources read from arm/, children and extension resources included.</summary>
        public int ResourceCount => _resources.Count;

        /// <summary>
        /// Files that could not be read (Error), objects that could not be placed (Warning) and ids the reader derived
        /// (Information). The rest of the snapshot is still usable.
        /// </summary>
        public IReadOnlyList<SnapshotIssue> Issues => _issues;

        public IReadOnlyCollection<GraphSet> GraphSets => _graphSets.Values;

        /// <summary>All Azure resources, child and extension resources included (each under its own type).</summary>
        public IReadOnlyList<ArmResource> Resources
        {
            get
            {
                DataAccessLog.Note(DataAccessLog.AnyArmData);
                return _resources;
            }
        }

        /// <summary>Subscriptions (GET /subscriptions objects).</summary>
        public IReadOnlyList<JsonElement> Subscriptions
        {
            get
            {
                DataAccessLog.NoteArmType(Azure.ResourceTypes.Subscription);
                return _subscriptions;
            }
        }

        /// <summary>Objects under purview/ (Purview cmdlet output), when present.</summary>
        public IReadOnlyList<JsonElement> PurviewObjects => _purview.Values.SelectMany(v => v).ToList();

        /// <summary>The objects a Purview cmdlet returned (purview/&lt;cmdlet&gt;.json); empty when the file is absent.</summary>
        public IReadOnlyList<JsonElement> PurviewItems(string cmdlet)
        {
            DataAccessLog.Note(DataSets.Purview(cmdlet));
            return _purview.TryGetValue(cmdlet, out var items) ? items : NoItems;
        }

        /// <summary>True when the snapshot has an arm/ folder with at least one file.</summary>
        public bool HasArmData { get; }

        /// <summary>The Graph set with that name (e.g. "servicePrincipals"), or null when absent.</summary>
        public GraphSet? GetGraphSet(string name)
        {
            DataAccessLog.Note(DataSets.Graph(name));
            return _graphSets.TryGetValue(name, out var set) ? set : null;
        }

        /// <summary>The objects of a Graph set; empty when the set is absent (check availability first).</summary>
        public IReadOnlyList<JsonElement> GraphItems(string name) => GetGraphSet(name)?.Items ?? NoItems;

        /// <summary>Azure resources of a full type, ignoring case (Resource Graph lower-cases types).</summary>
        public IReadOnlyList<ArmResource> ResourcesOfType(string type)
        {
            DataAccessLog.NoteArmType(type);
            return _resourcesByType.TryGetValue(type, out var list) ? list : (IReadOnlyList<ArmResource>)Array.Empty<ArmResource>();
        }

        public ArmResource? GetResource(string id)
        {
            if (_resourcesById.TryGetValue(id, out var resource))
            {
                DataAccessLog.NoteArmType(resource.Type);
                return resource;
            }

            return null;
        }

        /// <summary>The collector's words on a licence the set also needs, when its reason names one (licensed Graph APIs).</summary>
        private static string LicenceNote(string? error) =>
            error != null && error.IndexOf(" licence", StringComparison.OrdinalIgnoreCase) >= 0 ? " " + error.Trim() : string.Empty;

        /// <summary>
        /// Whether a data set named by <see cref="DataSets"/> is fully present. The manifest's word wins (skipped,
        /// failed, partial); then unreadable files; then presence.
        /// </summary>
        public DataAvailability GetAvailability(string dataSet)
        {
            var record = Manifest?.GetCollection(dataSet);
            if (record != null)
            {
                switch (record.Status)
                {
                    case CollectionStatus.Skipped:
                        return new DataAvailability(
                            DataState.NotCollected,
                            record.MissingPermission != null
                                ? $"{dataSet} was not collected: the identity lacks {record.MissingPermission}.{LicenceNote(record.Error)}"
                                : $"{dataSet} was not collected{(record.Error != null ? ": " + record.Error : ".")}");
                    case CollectionStatus.Failed:
                    case CollectionStatus.Partial:
                        return new DataAvailability(
                            DataState.Incomplete,
                            $"{dataSet} is {record.Status.ToString().ToLowerInvariant()} in the snapshot{(record.Error != null ? ": " + record.Error : ".")}");
                }
            }
            else if (Manifest?.UnlistedReason != null)
            {
                return new DataAvailability(DataState.Unlisted, $"{dataSet} was not collected ({Manifest.UnlistedReason}).");
            }

            if (dataSet.StartsWith(DataSets.GraphPrefix, StringComparison.OrdinalIgnoreCase))
            {
                var name = dataSet.Substring(DataSets.GraphPrefix.Length);
                var failed = _issues.FirstOrDefault(i => i.Kind == SnapshotIssueKind.Error && IsGraphFileOf(i.File, name));
                if (failed != null)
                {
                    return new DataAvailability(DataState.Incomplete, $"{dataSet} could not be read in full: {failed}");
                }

                return _graphSets.ContainsKey(name)
                    ? DataAvailability.Available
                    : new DataAvailability(DataState.Missing, $"The snapshot has no {dataSet} file.");
            }

            if (dataSet.StartsWith(DataSets.ArmPrefix, StringComparison.OrdinalIgnoreCase))
            {
                // arm/ file names are free, so an unreadable arm file may hold any resource type.
                var failed = _issues.FirstOrDefault(i => i.Kind == SnapshotIssueKind.Error && i.File.StartsWith(DataSets.ArmPrefix, StringComparison.OrdinalIgnoreCase));
                if (failed != null)
                {
                    return new DataAvailability(DataState.Incomplete, $"Azure resource data could not be read in full: {failed}");
                }

                // An object of this type that could not be placed is a resource of it the controls cannot see.
                var type = dataSet.Substring(DataSets.ArmPrefix.Length);
                var unplaced = _issues.FirstOrDefault(i => i.Kind == SnapshotIssueKind.Warning && type.EqualsIgnoreCase(i.ResourceType));
                if (unplaced != null)
                {
                    return new DataAvailability(DataState.Incomplete, $"{dataSet} is incomplete: {unplaced}");
                }

                if (record != null)
                {
                    return DataAvailability.Available;
                }

                // Availability is per type: a collected snapshot's manifest names every type it asked for, and a type it does
                // not name was never asked for, which is not the same as "there are none".
                if (ManifestRecordsArmTypes)
                {
                    return new DataAvailability(DataState.Unlisted, $"{dataSet} was not collected (the snapshot's manifest.json does not list it).");
                }

                return HasResourcesOfType(type)
                    ? DataAvailability.Available
                    : new DataAvailability(
                        DataState.Missing,
                        $"{dataSet} is not in the snapshot: it holds no Azure resources of type {type} and no manifest.json records the type as collected (record it as complete with count 0 when there are none).");
            }

            if (dataSet.StartsWith(DataSets.PurviewPrefix, StringComparison.OrdinalIgnoreCase))
            {
                var cmdlet = dataSet.Substring(DataSets.PurviewPrefix.Length);
                var failed = _issues.FirstOrDefault(i => i.Kind == SnapshotIssueKind.Error && i.File.StartsWith(DataSets.PurviewPrefix, StringComparison.OrdinalIgnoreCase)
                                                         && SnapshotFileName.GetSetName(i.File.Substring(DataSets.PurviewPrefix.Length)).EqualsIgnoreCase(cmdlet));
                if (failed != null)
                {
                    return new DataAvailability(DataState.Incomplete, $"{dataSet} could not be read in full: {failed}");
                }

                return _purview.ContainsKey(cmdlet)
                    ? DataAvailability.Available
                    : new DataAvailability(
                        DataState.Missing,
                        $"The snapshot has no {dataSet}.json: Purview has no API for it. In a session connected with {Controls.Data.PurviewCmdlets.ConnectCommandOf(cmdlet)}, run Save-ZtaiSnapshot -IncludePurview (it runs {cmdlet}).");
            }

            return new DataAvailability(DataState.Missing, $"Unknown data set '{dataSet}'.");
        }

        /// <summary>True when manifest.json records at least one Azure collection: the snapshot was collected, not hand-made.</summary>
        private bool ManifestRecordsArmTypes =>
            Manifest?.Collections.Any(c => c.Name.StartsWith(DataSets.ArmPrefix, StringComparison.OrdinalIgnoreCase)) == true;

        private bool HasResourcesOfType(string type) =>
            type.Equals(Azure.ResourceTypes.Subscription, StringComparison.OrdinalIgnoreCase)
                ? _subscriptions.Count > 0
                : _resourcesByType.ContainsKey(type);

        public override string ToString() => $"{TenantName ?? TenantId ?? "unknown tenant"} ({Source})";

        private static bool IsGraphFileOf(string file, string setName)
        {
            if (!file.StartsWith(DataSets.GraphPrefix, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            return string.Equals(SnapshotFileName.GetSetName(file.Substring(DataSets.GraphPrefix.Length)), setName, StringComparison.OrdinalIgnoreCase);
        }

        private string? FirstGraphString(string set, string property)
        {
            // Run metadata, not data a control judges: read past the access log.
            if (!_graphSets.TryGetValue(set, out var graphSet))
            {
                return null;
            }

            foreach (var item in graphSet.Items)
            {
                var value = item.GetString(property);
                if (value != null)
                {
                    return value;
                }
            }

            return null;
        }
    }
}
