using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;

namespace ZeroTrustAI.Engine.Agents
{
    /// <summary>The three tables a tier table holds.</summary>
    public enum TierTableSection
    {
        GraphApplicationPermissions,
        EntraRoles,
        AzureRoles,
    }

    /// <summary>One rated permission or role of a tier table.</summary>
    public sealed class TierEntry
    {
        public TierEntry(TierTableSection section, string id, string name, int tier, int? resourceGroupTier = null, string ratedBy = "azure-tiering")
        {
            Section = section;
            Id = id;
            Name = name;
            Tier = tier;
            ResourceGroupTier = resourceGroupTier;
            RatedBy = ratedBy;
        }

        public TierTableSection Section { get; }

        /// <summary>App role id, role template id or Azure role definition GUID.</summary>
        public string Id { get; }

        public string Name { get; }

        /// <summary>0 takeover, 1 sensitive data or lateral movement, 2 limited; for Azure roles at subscription scope or wider.</summary>
        public int Tier { get; }

        /// <summary>Azure roles only: the tier at a resource group or resource scope.</summary>
        public int? ResourceGroupTier { get; }

        /// <summary>Who rated it: azure-tiering, ZeroTrustAI (Agent ID permissions the source has not rated) or the user's file.</summary>
        public string RatedBy { get; }

        public override string ToString() => $"{Name} (tier {Tier})";
    }

    /// <summary>
    /// Privilege tiers as data: Microsoft Graph application permissions, Entra roles and Azure roles with their tier,
    /// from the embedded table (emiliensocchi/azure-tiering, plus our rating of Agent ID permissions it has not rated;
    /// docs/privilege-tiers.md), optionally overridden by a user's file of the same shape. Anything not in the table
    /// has no tier (unknown), never "harmless".
    /// </summary>
    public sealed class PrivilegeTierTable
    {
        private const string ResourceName = "ZeroTrustAI.Engine.privilege-tiers.json";

        private static readonly Lazy<PrivilegeTierTable> Embedded = new Lazy<PrivilegeTierTable>(LoadEmbedded);

        private readonly Dictionary<TierTableSection, Dictionary<string, TierEntry>> _byId;
        private readonly Dictionary<TierTableSection, Dictionary<string, TierEntry>> _byName;

        private PrivilegeTierTable(IEnumerable<TierEntry> entries, string source)
        {
            Source = source;
            _byId = NewIndex();
            _byName = NewIndex();
            foreach (var entry in entries)
            {
                _byId[entry.Section][entry.Id] = entry;
                _byName[entry.Section][entry.Name] = entry;
            }
        }

        /// <summary>The embedded table.</summary>
        public static PrivilegeTierTable Default => Embedded.Value;

        /// <summary>The table in force: a settings file's privilegeTiers while an assessment runs with it, else the embedded table.</summary>
        internal static PrivilegeTierTable InForce => Settings.AmbientSettings.Current.PrivilegeTiers ?? Default;

        /// <summary>Where the table came from (the embedded source and commit, then any override file).</summary>
        public string Source { get; }

        public IEnumerable<TierEntry> Entries(TierTableSection section) => _byId[section].Values;

        /// <summary>An entry by id, else by name (ignoring case); null when the table does not rate it.</summary>
        public TierEntry? Find(TierTableSection section, string? idOrName)
        {
            if (string.IsNullOrEmpty(idOrName))
            {
                return null;
            }

            return _byId[section].TryGetValue(idOrName!, out var entry) || _byName[section].TryGetValue(idOrName!, out entry) ? entry : null;
        }

        /// <summary>
        /// The tier of an Azure role at a scope: the table's tier at subscription scope or wider, its resource-group tier
        /// below; null when the role is not rated (a custom role, a new built-in role).
        /// </summary>
        public int? AzureRoleTier(string roleDefinitionGuid, string scope)
        {
            var entry = Find(TierTableSection.AzureRoles, roleDefinitionGuid);
            if (entry == null)
            {
                return null;
            }

            return GraphPermissionCatalog.IsSubscriptionOrWiderScope(scope) ? entry.Tier : entry.ResourceGroupTier ?? entry.Tier;
        }

        /// <summary>This table with the entries of a user's file (same shape as the embedded one) replacing or adding ratings by id or name.</summary>
        public PrivilegeTierTable WithOverrides(string path)
        {
            using (var stream = File.OpenRead(path))
            using (var document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }))
            {
                return WithOverrides(document.RootElement, path);
            }
        }

        /// <summary>This table with the entries of a parsed override (the <c>privilegeTiers</c> object of a settings file, or a whole table file).</summary>
        public PrivilegeTierTable WithOverrides(JsonElement overrides, string origin)
        {
            var merged = _byId.ToDictionary(p => p.Key, p => new Dictionary<string, TierEntry>(p.Value, StringComparer.OrdinalIgnoreCase));
            foreach (var entry in Read(overrides, "user file " + origin))
            {
                // An override may name the permission only; it replaces the rating the table has under any key.
                var existing = Find(entry.Section, entry.Id) ?? Find(entry.Section, entry.Name);
                var id = existing?.Id ?? entry.Id;
                var name = entry.Name == entry.Id && existing != null ? existing.Name : entry.Name;
                if (existing != null)
                {
                    merged[entry.Section].Remove(existing.Id);
                }

                merged[entry.Section][id] = new TierEntry(entry.Section, id, name, entry.Tier, entry.ResourceGroupTier ?? (entry.Section == TierTableSection.AzureRoles ? existing?.ResourceGroupTier : null), entry.RatedBy);
            }

            return new PrivilegeTierTable(merged.Values.SelectMany(v => v.Values), Source + "; overrides from " + origin);
        }

        private static PrivilegeTierTable LoadEmbedded()
        {
            using (var stream = typeof(PrivilegeTierTable).Assembly.GetManifestResourceStream(ResourceName)
                                ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing."))
            using (var document = JsonDocument.Parse(stream))
            {
                var root = document.RootElement;
                var source = $"{root.GetString("source.name")} at {root.GetString("source.commit")} ({root.GetString("source.date")})";
                return new PrivilegeTierTable(Read(root, "azure-tiering"), source);
            }
        }

        private static IEnumerable<TierEntry> Read(JsonElement root, string defaultRatedBy)
        {
            var sections = new Dictionary<string, TierTableSection>(StringComparer.OrdinalIgnoreCase)
            {
                ["graphApplicationPermissions"] = TierTableSection.GraphApplicationPermissions,
                ["entraRoles"] = TierTableSection.EntraRoles,
                ["azureRoles"] = TierTableSection.AzureRoles,
            };
            foreach (var section in sections)
            {
                foreach (var item in root.GetArray(section.Key))
                {
                    var id = item.GetString("id");
                    var name = item.GetString("name");
                    var tier = IntOf(item, "tier");
                    if ((id == null && name == null) || !tier.HasValue || tier < 0 || tier > 2)
                    {
                        throw new InvalidDataException($"{defaultRatedBy}: every entry of '{section.Key}' needs an id or a name and a tier of 0, 1 or 2 ({item.GetRawText()}).");
                    }

                    var resourceGroupTier = IntOf(item, "resourceGroupTier");
                    yield return new TierEntry(section.Value, id ?? name!, name ?? id!, tier.Value, resourceGroupTier, item.GetString("judgedBy") ?? defaultRatedBy);
                }
            }
        }

        private static int? IntOf(JsonElement item, string name)
        {
            var value = item.Get(name);
            return value.HasValue && value.Value.ValueKind == JsonValueKind.Number && value.Value.TryGetInt32(out var number) ? number : (int?)null;
        }

        private static Dictionary<TierTableSection, Dictionary<string, TierEntry>> NewIndex() =>
            Enum.GetValues(typeof(TierTableSection)).Cast<TierTableSection>()
                .ToDictionary(s => s, _ => new Dictionary<string, TierEntry>(StringComparer.OrdinalIgnoreCase));
    }
}
