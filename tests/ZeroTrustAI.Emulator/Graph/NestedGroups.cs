using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZeroTrustAI.Emulator.Graph
{
    /// <summary>
    /// Group nesting for tests, written into a served snapshot's graph folder as Graph keeps it: groups, each member's
    /// direct groups (<c>servicePrincipals.memberOf</c>) and each group's (<c>groups.memberOf</c>), so the emulator
    /// answers transitiveMemberOf from the nesting. Shapes: a chain (A in B in C), a diamond (D and E in F), a cycle
    /// (G in H in G), a principal in more groups than <c>$expand</c> returns (25, one of them nested in A), a group
    /// with every principal, and a directory role beside the groups. The expected transitive groups are typed out per
    /// member, not computed, so a test compares them with what was collected.
    /// </summary>
    public static class NestedGroups
    {
        public const string GroupType = "#microsoft.graph.group";

        /// <summary>Groups a principal is directly in, more than <c>$expand</c> returns of a relation (20).</summary>
        public const int Wide = 25;

        /// <summary>
        /// Writes the nesting for <paramref name="principals"/> (at least 5; the last may be one only a type cast set
        /// holds) into <paramref name="served"/>/graph, replacing the snapshot's transitive memberships by direct ones
        /// (a snapshot's own memberships are kept as direct). Returns the groups each principal is in, nested included.
        /// </summary>
        public static Dictionary<string, SortedSet<string>> Write(string served, IReadOnlyList<string> principals)
        {
            if (principals.Count < 5)
            {
                throw new ArgumentException("The shapes need five principals.", nameof(principals));
            }

            var graph = Path.Combine(served, "graph");
            var kept = new List<JsonObject>();
            foreach (var file in Directory.GetFiles(graph, "servicePrincipals.transitiveMemberOf*.json"))
            {
                kept.AddRange(JsonNode.Parse(File.ReadAllText(file))!["value"]!.AsArray().Select(n => n!.AsObject().DeepClone().AsObject()));
                File.Delete(file);
            }

            var groups = new List<JsonObject>();
            var nesting = new List<JsonObject>();
            var direct = new List<JsonObject>();
            var expected = principals.Distinct(StringComparer.OrdinalIgnoreCase).ToDictionary(p => p, _ => new SortedSet<string>(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
            string Group(string name)
            {
                var id = $"9a0c0000-0000-4000-8000-{groups.Count + 1:D12}";
                groups.Add(Item(GroupType, id, "Nested " + name, null));
                return id;
            }

            void Nest(string child, string parent) => nesting.Add(Item(GroupType, parent, NameOf(groups, parent), child));
            void Member(string principal, string group, params string[] transitive)
            {
                direct.Add(Item(GroupType, group, NameOf(groups, group), principal));
                expected[principal].Add(group);
                expected[principal].UnionWith(transitive);
            }

            var (a, b, c) = (Group("A"), Group("B"), Group("C"));
            Nest(a, b);
            Nest(b, c);
            var (d, e, f) = (Group("D"), Group("E"), Group("F"));
            Nest(d, f);
            Nest(e, f);
            var (g, h) = (Group("G"), Group("H"));
            Nest(g, h);
            Nest(h, g);
            var crowd = Group("crowd");

            Member(principals[0], a, b, c);
            direct.Add(Item("#microsoft.graph.directoryRole", "9a0c0000-0000-4000-8000-0000000000ff", "A directory role", principals[0]));
            Member(principals[1], d, f);
            Member(principals[1], e, f);
            Member(principals[2], g, h);
            for (var i = 0; i < Wide; i++)
            {
                var wide = Group("wide " + i);
                if (i == 0)
                {
                    Nest(wide, a);
                    Member(principals[3], wide, a, b, c);
                }
                else
                {
                    Member(principals[3], wide);
                }
            }

            Member(principals[^1], a, b, c);
            foreach (var principal in expected.Keys)
            {
                Member(principal, crowd);
            }

            foreach (var item in kept)
            {
                var group = item["id"]!.GetValue<string>();
                if (!groups.Any(x => string.Equals(x["id"]!.GetValue<string>(), group, StringComparison.OrdinalIgnoreCase)))
                {
                    groups.Add(Item(GroupType, group, item["displayName"]?.GetValue<string>(), null));
                }

                var member = item["memberObjectId"]!.GetValue<string>();
                direct.Add(Item(GroupType, group, item["displayName"]?.GetValue<string>(), member));
                if (!expected.TryGetValue(member, out var set))
                {
                    expected[member] = set = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
                }

                set.Add(group);
            }

            Save(graph, "groups.90.json", groups);
            Save(graph, "groups.memberOf.90.json", nesting);
            Save(graph, "servicePrincipals.memberOf.90.json", direct);
            return expected;
        }

        private static JsonObject Item(string type, string id, string? name, string? member)
        {
            var item = new JsonObject { ["@odata.type"] = type, ["id"] = id, ["displayName"] = name };
            if (member != null)
            {
                item["memberObjectId"] = member;
            }

            return item;
        }

        private static string? NameOf(List<JsonObject> groups, string id) =>
            groups.First(x => string.Equals(x["id"]!.GetValue<string>(), id, StringComparison.OrdinalIgnoreCase))["displayName"]?.GetValue<string>();

        private static void Save(string graph, string file, List<JsonObject> items) =>
            File.WriteAllText(Path.Combine(graph, file), new JsonObject { ["value"] = new JsonArray(items.Select(i => (JsonNode)i).ToArray()) }.ToJsonString());
    }
}
