using System.Globalization;
using System.Text;
using System.Text.Json;
using ZeroTrustAI.Engine.Snapshot.Compact;

namespace ZeroTrustAI.Engine.Tests.Snapshot;

/// <summary>The arena of objects kept as JSON gives back each object's exact bytes, however its block is stored.</summary>
public class JsonArenaTests
{
    private const int VariedObjects = 3000;

    [Fact]
    public void Thousands_of_varied_objects_read_back_byte_for_byte_across_many_blocks_also_while_more_are_added()
    {
        var objects = VariedJson(VariedObjects, seed: 7);
        var arena = new JsonArena();
        var random = new Random(11);
        for (var i = 0; i < objects.Count; i++)
        {
            Assert.Equal(i, arena.Add(Encoding.UTF8.GetBytes(objects[i])));

            // The block being filled is read as it is; an earlier one is read from its deflated form.
            Assert.Equal(objects[i], RawText(arena, i));
            var earlier = random.Next(i + 1);
            Assert.Equal(objects[earlier], RawText(arena, earlier));
        }

        Assert.Equal(objects.Count, arena.Count);
        Assert.True(objects.Sum(o => (long)Encoding.UTF8.GetByteCount(o)) > 50L * JsonArena.BlockSize, "the objects fill many blocks");
        for (var i = 0; i < objects.Count; i++)
        {
            Assert.Equal(objects[i], RawText(arena, i));
            Assert.Equal(Encoding.UTF8.GetByteCount(objects[i]), arena.LengthOf(i));
        }
    }

    [Fact]
    public void Objects_read_from_several_threads_at_once_are_byte_for_byte_what_was_added()
    {
        var objects = VariedJson(VariedObjects, seed: 3);
        var arena = ArenaOf(objects);

        // Each thread reads every object in its own order (in order, backwards, scattered), so their caches hold
        // different blocks and each evicts blocks another is still reading.
        var mismatches = 0;
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            for (var pass = 0; pass < 2; pass++)
            {
                for (var n = 0; n < objects.Count; n++)
                {
                    var index = t switch
                    {
                        0 => n,
                        1 => objects.Count - 1 - n,
                        _ => (int)((n * (long)(t == 2 ? 7919 : 104729)) % objects.Count),
                    };
                    if (RawText(arena, index) != objects[index])
                    {
                        Interlocked.Increment(ref mismatches);
                    }
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void A_document_stays_intact_while_other_objects_are_read_through_the_same_cache()
    {
        var objects = VariedJson(VariedObjects, seed: 5);
        var arena = ArenaOf(objects);

        // Scattered objects, and the ones kept as read (not encoded), which are copied out of the inflated block.
        var held = Enumerable.Range(0, 40).Select(i => i * 37).Concat(Enumerable.Range(0, 20).Select(i => (i * 50) + 4)).Select(i => (Index: i, Document: arena.Parse(i))).ToList();
        for (var i = objects.Count - 1; i >= 0; i--)
        {
            using var other = arena.Parse(i);
        }

        foreach (var (index, document) in held)
        {
            Assert.Equal(objects[index], document.RootElement.GetRawText());
            document.Dispose();
        }
    }

    [Fact]
    public void Two_arenas_read_in_turn_each_give_back_their_own_objects()
    {
        // The same block numbers in both: a thread's cache tells their blocks apart.
        var first = VariedJson(VariedObjects, seed: 1);
        var second = VariedJson(VariedObjects, seed: 2);
        var arenas = new[] { ArenaOf(first), ArenaOf(second) };

        for (var i = 0; i < VariedObjects; i++)
        {
            Assert.Equal(first[i], RawText(arenas[0], i));
            Assert.Equal(second[i], RawText(arenas[1], i));
        }
    }

    [Fact]
    public void Objects_read_again_soon_come_from_the_threads_last_parses_and_are_never_another_arenas_or_indexs()
    {
        var first = VariedJson(VariedObjects, seed: 5);
        var second = VariedJson(VariedObjects, seed: 6);
        var arenas = new[] { ArenaOf(first), ArenaOf(second) };

        // Each object is read several times among its neighbours and the other arena's object of the same index:
        // more objects in turn than the cache holds, so every read is a hit or a replacement, and both must be right.
        for (var i = 0; i < VariedObjects; i++)
        {
            foreach (var index in new[] { i, Math.Max(0, i - 1), i, Math.Max(0, i - 5), i })
            {
                Assert.Equal(first[index], arenas[0].Get(index).GetRawText());
                Assert.Equal(second[index], arenas[1].Get(index).GetRawText());
            }
        }

        // A document the caller disposes is its own: disposing it leaves what Get gives intact.
        var kept = arenas[0].Get(7);
        arenas[0].Parse(7).Dispose();
        Assert.Equal(first[7], kept.GetRawText());
        Assert.Equal(first[7], arenas[0].Get(7).GetRawText());
    }

    [Theory]
    [InlineData("2021-02-15T16:39:38Z")]
    [InlineData("2021-02-15T16:39:38.1Z")]
    [InlineData("2021-02-15T16:39:38.100Z")]
    [InlineData("2021-02-15T16:39:38.0000000Z")]
    [InlineData("2021-02-15T16:39:38.0000001Z")]
    [InlineData("2999-12-31T23:59:59.9999999Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("2024-02-29T09:05:07.05Z")]
    public void Dates_come_back_exactly_as_written_also_at_the_very_end_of_an_object(string date)
    {
        // As the last value the date's text ends two bytes before the object does: it is written into the exact space.
        var objects = new[] { $$"""{"a":"{{date}}","b":1}""", $$"""{"createdDateTime":"{{date}}"}""", $$"""["{{date}}","{{date}}"]""" };
        var arena = ArenaOf(objects);

        Assert.True(CompactDate.TryEncode(Encoding.UTF8.GetBytes(date), out var encoded));
        Assert.Equal(date, CompactDate.Decode(encoded));
        for (var i = 0; i < objects.Length; i++)
        {
            Assert.Equal(objects[i], RawText(arena, i));
            Assert.Equal(objects[i], arena.Get(i).GetRawText());
        }
    }

    [Fact]
    public void Repetitive_directory_objects_are_stored_in_far_fewer_bytes_than_their_shrunk_json()
    {
        var arena = new JsonArena();
        var codec = new JsonCodec();
        long jsonBytes = 0, encodedBytes = 0;
        for (var n = 0; n < 2000; n++)
        {
            var json = Encoding.UTF8.GetBytes(ServicePrincipal(n, new Random(n)));
            arena.Add(json);
            var output = new byte[json.Length];
            encodedBytes += codec.TryEncode(json, output, out var written) ? written : json.Length;
            jsonBytes += json.Length;
        }

        // The codec alone shrinks them; deflating the blocks must take at least as much again off what it leaves.
        Assert.True(encodedBytes < jsonBytes, $"{encodedBytes} of {jsonBytes}");
        Assert.True(arena.StoredBytes < encodedBytes / 2, $"{arena.StoredBytes} stored for {encodedBytes} encoded, {jsonBytes} of JSON");
    }

    private static JsonArena ArenaOf(IEnumerable<string> objects)
    {
        var arena = new JsonArena();
        foreach (var json in objects)
        {
            arena.Add(Encoding.UTF8.GetBytes(json));
        }

        return arena;
    }

    private static string RawText(JsonArena arena, int index)
    {
        using var document = arena.Parse(index);
        return document.RootElement.GetRawText();
    }

    /// <summary>Directory objects as Graph writes them, and the odd ones: tiny, escaped, other roots, not encodable, larger than a block, larger than a block is ever deflated.</summary>
    private static List<string> VariedJson(int count, int seed)
    {
        var random = new Random(seed);
        var objects = new List<string>(count);
        for (var n = 0; n < count; n++)
        {
            objects.Add((n % 50) switch
            {
                0 => "{}",
                1 => "[1,2.5e3,true,false,null]",
                2 => $$"""{"displayName":"caf\u00e9 \"{{n}}\" é 💡","notes":"line\nbreak\\{{n}}","\"id\"":{{n}}}""",
                3 => $$"""{ "id" : "{{Guid(random).ToUpperInvariant()}}", "tags" : [ ] , "when":"2024-02-30T00:00:00Z" }""",
                // A comment (the arena's parser skips them) with a lone quote: the codec cannot tell strings apart, so it is kept as read.
                4 => $$"""{"n":{{n}} /* an "odd quote */}""",
                5 when n % 1000 == 5 => Large(random, 300 << 10),
                5 => Large(random, JsonArena.BlockSize + random.Next(JsonArena.BlockSize * 2)),
                _ => ServicePrincipal(n, random),
            });
        }

        return objects;
    }

    private static string ServicePrincipal(int n, Random random) =>
        $$"""{"id":"{{Guid(random)}}","appId":"{{Guid(random)}}","displayName":"app-{{n}}","appDisplayName":"app-{{n}}","servicePrincipalType":"{{(n % 7 == 0 ? "ManagedIdentity" : "Application")}}","accountEnabled":{{(n % 5 != 0 ? "true" : "false")}},"createdDateTime":"2024-0{{1 + (n % 9)}}-15T07:37:{{10 + (n % 50)}}Z","appOwnerOrganizationId":"6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b","signInAudience":"AzureADMyOrg","tags":["WindowsAzureActiveDirectoryIntegratedApp"],"servicePrincipalNames":["{{Guid(random)}}","api://app-{{n}}"],"appRoles":[],"oauth2PermissionScopes":[],"passwordCredentials":[{"keyId":"{{Guid(random)}}","displayName":"secret {{n % 3}}","endDateTime":"2027-02-28T00:00:00Z","hint":"ab{{n % 10}}"}],"keyCredentials":[],"replyUrls":["https://app-{{n}}.contoso.com/signin"],"notes":null}""";

    /// <summary>An application with many app roles: one object of about <paramref name="size"/> bytes.</summary>
    private static string Large(Random random, int size)
    {
        var json = new StringBuilder($$"""{"id":"{{Guid(random)}}","appRoles":[""");
        for (var role = 0; json.Length < size; role++)
        {
            json.Append(role == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $$"""{"id":"{{Guid(random)}}","value":"Role.{{role}}.ReadWrite.All","isEnabled":true,"description":"Allows role {{role}}"}""");
        }

        return json.Append("]}").ToString();
    }

    private static string Guid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString("D");
    }
}
