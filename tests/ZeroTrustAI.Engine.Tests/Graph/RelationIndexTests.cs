using ZeroTrustAI.Engine.Graph;

namespace ZeroTrustAI.Engine.Tests.Graph;

public class RelationIndexTests
{
    private static List<int> EntriesOf(RelationIndex index, int key)
    {
        var entries = new List<int>();
        if (index.TryGetRange(key, out var start, out var count))
        {
            for (var i = 0; i < count; i++)
            {
                entries.Add(index.EntryAt(start + i));
            }
        }

        return entries;
    }

    private static void AssertGroups(RelationIndex index, int[] keys)
    {
        foreach (var key in keys.Where(k => k >= 0).Distinct())
        {
            var expected = Enumerable.Range(0, keys.Length).Where(e => keys[e] == key).ToList();
            Assert.Equal(expected, index.Of(key));
            Assert.Equal(expected, EntriesOf(index, key));
            Assert.Equal(expected.Count, index.CountOf(key));
            Assert.True(index.Contains(key));
        }

        Assert.Equal(keys.Where(k => k >= 0).Distinct().OrderBy(k => k), index.Keys.OrderBy(k => k));
    }

    [Fact]
    public void Entries_read_together_by_key_are_indexed_by_their_own_numbers()
    {
        // As an export writes them: each principal's assignments one after the other, some entries without a key.
        var keys = new[] { -1, 7, 7, 7, 3, -1, 9, 9, 4 };
        var index = RelationIndex.Build(keys.Length, e => keys[e]);

        Assert.False(index.KeepsEntries);
        AssertGroups(index, keys);
        Assert.Empty(index.Of(5));
        Assert.False(index.Contains(-1));
    }

    [Theory]
    [InlineData(new[] { 7, 3, 7 })]
    [InlineData(new[] { 7, -1, 7, 3 })]
    [InlineData(new[] { 2, 2, 5, 2 })]
    public void Entries_of_a_key_apart_from_each_other_are_kept_in_an_array_in_read_order(int[] keys)
    {
        var index = RelationIndex.Build(keys.Length, e => keys[e]);

        Assert.True(index.KeepsEntries);
        AssertGroups(index, keys);
    }

    [Fact]
    public void A_filter_that_drops_an_entry_of_entries_read_together_leaves_every_other_key_as_it_was()
    {
        var keys = new[] { 1, 1, 1, 2, 2, 3 };
        var index = RelationIndex.Build(keys.Length, e => keys[e]);
        Assert.False(index.KeepsEntries);

        index.Filter(2, (kept, entry) => true);
        Assert.False(index.KeepsEntries);

        index.Filter(1, (kept, entry) => entry != 1);

        Assert.True(index.KeepsEntries);
        Assert.Equal(new[] { 0, 2 }, index.Of(1));
        Assert.Equal(2, index.CountOf(1));
        Assert.Equal(new[] { 3, 4 }, EntriesOf(index, 2));
        Assert.Equal(new[] { 5 }, index.Of(3));
    }

    [Fact]
    public void A_filter_on_entries_kept_apart_keeps_the_accepted_ones_in_order()
    {
        var keys = new[] { 1, 2, 1, 2, 1 };
        var index = RelationIndex.Build(keys.Length, e => keys[e]);

        index.Filter(1, (kept, entry) => kept.Count < 2);

        Assert.Equal(new[] { 0, 2 }, index.Of(1));
        Assert.Equal(new[] { 1, 3 }, index.Of(2));
    }
}
