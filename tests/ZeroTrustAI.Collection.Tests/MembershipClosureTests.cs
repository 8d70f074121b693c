using System.Text.Json;
using ZeroTrustAI.Collector.Collection;

namespace ZeroTrustAI.Collection.Tests;

/// <summary>
/// Closing direct memberships with each group's transitive groups (as Graph lists them) or each member's: nesting,
/// diamonds, cycles and principals in several groups give every group once, and pairs saved before are not given again.
/// </summary>
public class MembershipClosureTests
{
    [Fact]
    public void A_member_of_a_nested_group_gets_the_group_and_every_group_above_it()
    {
        // sp in A, A in B, B in C: Graph's transitiveMemberOf of A is B and C.
        var closure = MembershipClosure.FromPairs(new[] { ("sp", Group("A")) });

        var added = closure.AddAncestors("A", new[] { Group("B"), Group("C") }, IdOf);

        Assert.Equal(new[] { ("B", "sp"), ("C", "sp") }, Pairs(added));
    }

    [Fact]
    public void A_diamond_gives_the_shared_group_once()
    {
        // sp in D and E, both in F.
        var closure = MembershipClosure.FromPairs(new[] { ("sp", Group("D")), ("sp", Group("E")) });

        var added = closure.AddAncestors("D", new[] { Group("F") }, IdOf).Concat(closure.AddAncestors("E", new[] { Group("F") }, IdOf));

        Assert.Equal(new[] { ("F", "sp") }, Pairs(added));
        Assert.Equal(new[] { "D", "E" }, closure.Groups);
        Assert.Equal(new[] { "sp" }, closure.Members);
    }

    [Fact]
    public void A_cycle_ends_and_adds_no_group_the_member_already_has()
    {
        // G in H, H in G: a group may be listed among its own ancestors.
        var closure = MembershipClosure.FromPairs(new[] { ("sp", Group("G")) });

        var added = closure.AddAncestors("G", new[] { Group("H"), Group("G") }, IdOf);

        Assert.Equal(new[] { ("H", "sp") }, Pairs(added));
    }

    [Fact]
    public void Every_direct_member_of_a_group_gets_its_ancestors_and_saved_pairs_are_not_given_again()
    {
        var closure = MembershipClosure.FromPairs(new[] { ("sp1", Group("A")), ("sp2", Group("A")), ("sp2", Group("B")), ("SP1", Group("a")) });
        closure.AddSaved(new[] { ("sp1", Group("C")) });

        var added = closure.AddAncestors("A", new[] { Group("C"), Group("D") }, IdOf);
        var again = closure.AddTransitive("sp2", new[] { Group("A"), Group("C"), Group("E") }, IdOf);

        Assert.Equal(new[] { ("D", "sp1"), ("C", "sp2"), ("D", "sp2") }, Pairs(added));
        Assert.Equal(new[] { ("E", "sp2") }, Pairs(again));
        Assert.Equal(new[] { "A", "B" }, closure.Groups);
        Assert.Empty(closure.AddAncestors("unknown", new[] { Group("Z") }, IdOf));
    }

    private static JsonElement Group(string id) => JsonDocument.Parse($$"""{"@odata.type":"#microsoft.graph.group","id":"{{id}}","displayName":"Group {{id}}"}""").RootElement.Clone();

    private static string? IdOf(JsonElement item) => item.GetProperty("id").GetString();

    private static (string Group, string Member)[] Pairs(IEnumerable<(JsonElement Group, string Member)> added) =>
        added.Select(p => (IdOf(p.Group)!, p.Member)).ToArray();
}
