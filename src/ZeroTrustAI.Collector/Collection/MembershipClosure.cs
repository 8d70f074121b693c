using System;
using System.Collections.Generic;
using System.Text.Json;

namespace ZeroTrustAI.Collector.Collection
{
    /// <summary>
    /// The (member, group) pairs of a transitive membership being closed: the direct pairs a list saved, the groups and
    /// members they name (in the order first seen, which a resume's index refers to), and every pair saved since. Adding
    /// a group's own transitive groups to each of its members, or a member's transitive groups to it, yields only the
    /// pairs not saved yet, so a diamond (two paths to one group), a cycle (a group among its own ancestors) or a
    /// member already read in full adds nothing twice.
    /// </summary>
    internal sealed class MembershipClosure
    {
        private readonly HashSet<(string Member, string Group)> _pairs = new HashSet<(string Member, string Group)>(PairComparer.Instance);
        private readonly Dictionary<string, List<string>> _membersOf = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _members = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        private MembershipClosure()
        {
        }

        /// <summary>The groups the direct pairs name, in the order first seen.</summary>
        public List<string> Groups { get; } = new List<string>();

        /// <summary>The members the direct pairs name, in the order first seen.</summary>
        public List<string> Members { get; } = new List<string>();

        /// <summary>The closure to compute over the direct pairs <paramref name="direct"/> (each group with its id).</summary>
        public static MembershipClosure FromPairs(IEnumerable<(string Member, JsonElement Group)> direct)
        {
            var closure = new MembershipClosure();
            foreach (var (member, group) in direct)
            {
                var id = IdOf(group);
                if (id == null || !closure._pairs.Add((member, id)))
                {
                    continue;
                }

                if (!closure._membersOf.TryGetValue(id, out var members))
                {
                    closure._membersOf[id] = members = new List<string>();
                    closure.Groups.Add(id);
                }

                members.Add(member);
                if (closure._members.Add(member))
                {
                    closure.Members.Add(member);
                }
            }

            return closure;
        }

        /// <summary>Pairs saved after the direct ones (by an earlier run of the closure): never yielded again.</summary>
        public void AddSaved(IEnumerable<(string Member, JsonElement Group)> saved)
        {
            foreach (var (member, group) in saved)
            {
                if (IdOf(group) is { } id)
                {
                    _pairs.Add((member, id));
                }
            }
        }

        /// <summary>The new pairs <paramref name="ancestors"/> (the transitive groups of <paramref name="group"/>) give its direct members.</summary>
        public IEnumerable<(JsonElement Group, string Member)> AddAncestors(string group, IReadOnlyList<JsonElement> ancestors, Func<JsonElement, string?> idOf)
        {
            var added = new List<(JsonElement Group, string Member)>();
            if (!_membersOf.TryGetValue(group, out var members))
            {
                return added;
            }

            foreach (var member in members)
            {
                added.AddRange(AddTransitive(member, ancestors, idOf));
            }

            return added;
        }

        /// <summary>The new pairs <paramref name="groups"/> (transitive groups of <paramref name="member"/>) give.</summary>
        public List<(JsonElement Group, string Member)> AddTransitive(string member, IReadOnlyList<JsonElement> groups, Func<JsonElement, string?> idOf)
        {
            var added = new List<(JsonElement Group, string Member)>();
            foreach (var group in groups)
            {
                if (idOf(group) is { } id && _pairs.Add((member, id)))
                {
                    added.Add((group, member));
                }
            }

            return added;
        }

        private static string? IdOf(JsonElement item) =>
            item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;

        /// <summary>Ids are GUIDs: case does not matter.</summary>
        private sealed class PairComparer : IEqualityComparer<(string Member, string Group)>
        {
            public static readonly PairComparer Instance = new PairComparer();

            public bool Equals((string Member, string Group) x, (string Member, string Group) y) =>
                StringComparer.OrdinalIgnoreCase.Equals(x.Member, y.Member) && StringComparer.OrdinalIgnoreCase.Equals(x.Group, y.Group);

            public int GetHashCode((string Member, string Group) obj) =>
                unchecked((StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Member) * 397) ^ StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Group));
        }
    }
}
