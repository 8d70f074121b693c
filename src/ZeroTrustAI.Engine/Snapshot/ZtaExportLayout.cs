using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;

namespace ZeroTrustAI.Engine.Snapshot
{
    /// <summary>
    /// The output folder of Microsoft's Zero Trust Assessment (ZTA): Graph pages under
    /// <c>zt-export/&lt;Entity&gt;/&lt;Entity&gt;-&lt;n&gt;.json</c>, the report JSON and ztConfig.json. The reader maps each
    /// entity onto our Graph set, splits the relations ZTA writes inline on each object into our relation sets, and
    /// records every other set as not collected, so controls that need them are Skipped saying why.
    /// </summary>
    internal sealed class ZtaExportLayout
    {
        public const string ReportFileName = "ZeroTrustAssessmentReport.json";
        public const string ConfigFileName = "ztConfig.json";
        public const string NotExportedReason = "the Zero Trust Assessment export does not include it";

        private const string ExportFolder = "zt-export/";
        private static readonly Regex PagePattern = new Regex(@"^(?<entity>[^/]+)/\k<entity>-(?<page>\d+)\.json$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary>The ZTA entities we read (in zt-export/ and export-tenant.config.psd1), and the Graph set each one is.</summary>
        private static readonly Dictionary<string, string> EntitySets = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["ServicePrincipal"] = GraphSetNames.ServicePrincipals,
            ["Application"] = GraphSetNames.Applications,
            ["AgentIdentity"] = GraphSetNames.AgentIdentities,
            ["AgentIdentityBlueprint"] = GraphSetNames.AgentBlueprints,
            ["AgentIdentityBlueprintPrincipal"] = GraphSetNames.AgentBlueprintPrincipals,
            ["RoleDefinition"] = GraphSetNames.RoleDefinitions,
            ["RoleAssignment"] = GraphSetNames.RoleAssignments,
            ["RoleEligibilityScheduleInstance"] = GraphSetNames.RoleEligibilities,
        };

        /// <summary>
        /// Relations ZTA writes on each object of an entity (by <c>$expand</c> or one request per object), the set each
        /// becomes, and the property naming the object on each entry where our layout needs it (owners name what they own).
        /// </summary>
        private static readonly Dictionary<string, InlineRelation[]> InlineRelations = new Dictionary<string, InlineRelation[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["ServicePrincipal"] = new[]
            {
                new InlineRelation("appRoleAssignments", GraphSetNames.AppRoleAssignments, "principalId", overwrite: false),
                new InlineRelation("oauth2PermissionGrants", GraphSetNames.OAuth2PermissionGrants, "clientId", overwrite: false),
                new InlineRelation("owners", GraphSetNames.ServicePrincipalOwners, "ownedObjectId", overwrite: true),
            },
            ["Application"] = new[]
            {
                new InlineRelation("owners", GraphSetNames.ApplicationOwners, "ownedObjectId", overwrite: true),
            },
        };

        /// <summary>Service principals of these types are also exported as their own entity, which carries their sponsors.</summary>
        private static readonly Dictionary<string, string> SubtypeEntities = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["#microsoft.graph.agentIdentity"] = "AgentIdentity",
            ["#microsoft.graph.agentIdentityBlueprintPrincipal"] = "AgentIdentityBlueprintPrincipal",
        };

        private ZtaExportLayout(string root, IReadOnlyList<Page> pages)
        {
            Root = root;
            Pages = pages;
        }

        /// <summary>The folder holding the entity folders and ztConfig.json: "zt-export/", or "" when given that folder itself.</summary>
        public string Root { get; }

        /// <summary>The pages of the entities we read, entity by entity, each entity's pages in order.</summary>
        public IReadOnlyList<Page> Pages { get; }

        /// <summary>The entities exported (at least one page).</summary>
        public IEnumerable<string> Entities => Pages.Select(p => p.Entity).Distinct(StringComparer.OrdinalIgnoreCase);

        /// <summary>The ZTA layout of a snapshot's files, or null when they are not a ZTA output folder.</summary>
        public static ZtaExportLayout? Find(IReadOnlyList<string> files)
        {
            foreach (var root in new[] { ExportFolder, string.Empty })
            {
                var pages = files
                    .Where(f => f.StartsWith(root, StringComparison.OrdinalIgnoreCase))
                    .Select(f => (File: f, Match: PagePattern.Match(f.Substring(root.Length))))
                    .Where(m => m.Match.Success)
                    .Select(m => new Page(m.File, m.Match.Groups["entity"].Value, long.Parse(m.Match.Groups["page"].Value, CultureInfo.InvariantCulture)))
                    .ToList();
                var hasMarker = files.Any(f => IsFile(f, root + ConfigFileName) || IsFile(f, root + ReportFileName))
                                || (root.Length > 0 && files.Any(f => f.StartsWith(root, StringComparison.OrdinalIgnoreCase)));
                if (hasMarker || pages.Any(p => EntitySets.ContainsKey(p.Entity)))
                {
                    var known = pages
                        .Where(p => EntitySets.ContainsKey(p.Entity))
                        .OrderBy(p => p.Entity, StringComparer.OrdinalIgnoreCase)
                        .ThenBy(p => p.Number)
                        .ToList();
                    return new ZtaExportLayout(root, known);
                }
            }

            return null;
        }

        /// <summary>The report JSON's file (in zt-export/ or beside it), if the folder holds one.</summary>
        public string? FindReport(IReadOnlyList<string> files) =>
            files.FirstOrDefault(f => IsFile(f, Root + ReportFileName)) ?? files.FirstOrDefault(f => IsFile(f, ReportFileName));

        public string? FindConfig(IReadOnlyList<string> files) => files.FirstOrDefault(f => IsFile(f, Root + ConfigFileName));

        public static string SetOf(string entity) => EntitySets[entity];

        /// <summary>The entities read, for messages.</summary>
        public static string EntityNames => string.Join(", ", EntitySets.Keys);

        /// <summary>Every set the pages of these entities fill, relation sets included.</summary>
        public static IEnumerable<string> SetsFilledBy(string entity, bool hasInlineOwners) =>
            new[] { EntitySets[entity] }.Concat(
                InlineRelations.TryGetValue(entity, out var relations)
                    ? relations.Where(r => hasInlineOwners || r.Property != "owners" || entity != "Application").Select(r => r.SetName)
                    : Enumerable.Empty<string>());

        /// <summary>True when the object is a service principal subtype that its own exported entity already holds.</summary>
        public bool IsHeldBySubtypeEntity(JsonElement servicePrincipal)
        {
            var type = servicePrincipal.GetString("@odata.type");
            return type != null && SubtypeEntities.TryGetValue(type, out var entity) && Entities.Contains(entity, StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>
        /// Splits one exported object into the object without its inline relations and the entries of each relation.
        /// ZTA assigns a relation's response to the object as PowerShell unrolls it: null (none), one object, or an array.
        /// </summary>
        public static (byte[] Object, List<(string SetName, byte[] Entry)> Relations) Split(string entity, JsonElement item)
        {
            var relations = new List<(string, byte[])>();
            if (!InlineRelations.TryGetValue(entity, out var inline))
            {
                return (Write(item.WriteTo), relations);
            }

            var id = item.GetString("id");
            foreach (var relation in inline)
            {
                if (!item.TryGetProperty(relation.Property, out var value))
                {
                    continue;
                }

                var entries = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList()
                    : value.ValueKind == JsonValueKind.Object ? new List<JsonElement> { value }
                    : new List<JsonElement>();
                foreach (var entry in entries.Where(e => e.ValueKind == JsonValueKind.Object))
                {
                    relations.Add((relation.SetName, WithOwner(entry, relation, id)));
                }
            }

            var kept = Write(writer =>
            {
                writer.WriteStartObject();
                foreach (var member in item.EnumerateObject())
                {
                    if (!inline.Any(r => IsRelationMember(member.Name, r.Property)))
                    {
                        member.WriteTo(writer);
                    }
                }

                writer.WriteEndObject();
            });
            return (kept, relations);
        }

        private static bool IsRelationMember(string name, string relation) =>
            name.Equals(relation, StringComparison.OrdinalIgnoreCase) || name.StartsWith(relation + "@", StringComparison.OrdinalIgnoreCase);

        /// <summary>The entry, naming the object it belongs to where our layout needs that and the entry lacks it.</summary>
        private static byte[] WithOwner(JsonElement entry, InlineRelation relation, string? ownerId)
        {
            var present = entry.GetString(relation.OwnerProperty) != null;
            if (ownerId == null || (present && !relation.Overwrite))
            {
                return Write(entry.WriteTo);
            }

            return Write(writer =>
            {
                writer.WriteStartObject();
                foreach (var member in entry.EnumerateObject().Where(m => !m.Name.Equals(relation.OwnerProperty, StringComparison.OrdinalIgnoreCase)))
                {
                    member.WriteTo(writer);
                }

                writer.WriteString(relation.OwnerProperty, ownerId);
                writer.WriteEndObject();
            });
        }

        private static byte[] Write(Action<Utf8JsonWriter> write)
        {
            using (var buffer = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    write(writer);
                }

                return buffer.ToArray();
            }
        }

        private static bool IsFile(string file, string name) => string.Equals(file, name, StringComparison.OrdinalIgnoreCase);

        /// <summary>One page file of an entity.</summary>
        internal sealed class Page
        {
            public Page(string file, string entity, long number)
            {
                File = file;
                Entity = EntitySets.Keys.FirstOrDefault(k => k.Equals(entity, StringComparison.OrdinalIgnoreCase)) ?? entity;
                Number = number;
            }

            public string File { get; }
            public string Entity { get; }
            public long Number { get; }
        }

        private sealed class InlineRelation
        {
            public InlineRelation(string property, string setName, string ownerProperty, bool overwrite)
            {
                Property = property;
                SetName = setName;
                OwnerProperty = ownerProperty;
                Overwrite = overwrite;
            }

            public string Property { get; }
            public string SetName { get; }

            /// <summary>The property of an entry that names the object it belongs to.</summary>
            public string OwnerProperty { get; }

            /// <summary>Owners carry their own id as <c>id</c>; the owned object is always the one they were listed on.</summary>
            public bool Overwrite { get; }
        }
    }
}
