using System.Text;
using System.Text.Json;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Tests.Snapshot;

/// <summary>
/// The object stream in the mode for callers that keep what they read (Azure resources, Purview output): every shape
/// gives the same objects as the reused-document mode, and each element stays readable after the call.
/// </summary>
public class JsonObjectStreamTests
{
    private static readonly string[] Objects =
    {
        """{"id":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1","name":"kv1","properties":{"enableRbacAuthorization":true}}""",
        """{"id":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1","name":"st1","tags":{"a":"ü"}}""",
        """{"Id":"x","Value":"a string, not a list"}""",
    };

    public static TheoryData<string, string> Shapes => new()
    {
        { "JSON Lines", string.Join("\n", Objects) + "\n" },
        { "bare array", "[" + string.Join(",", Objects) + "]" },
        { "ARM list", """{"value":[""" + string.Join(",", Objects) + """],"nextLink":null}""" },
        { "list named in capitals", """{"VALUE":[""" + string.Join(",", Objects) + "]}" },
        { "Resource Graph response", """{"totalRecords":3,"data":[""" + string.Join(",", Objects) + "]}" },
        { "array of pages", """[{"value":[""" + Objects[0] + "," + Objects[1] + """]},{"Data":[""" + Objects[2] + "]}]" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Kept_objects_are_the_same_as_reused_ones_and_stay_readable_after_the_call(string shape, string json)
    {
        var jsonLines = shape == "JSON Lines";
        var reused = new List<string>();
        JsonObjectStream.Read(() => Stream(json), jsonLines, item => reused.Add(item.GetRawText()), CancellationToken.None);

        var kept = new List<JsonElement>();
        JsonObjectStream.Read(() => Stream(json), jsonLines, kept.Add, objectsKept: true, CancellationToken.None);

        Assert.Equal(Objects, reused);
        // Read after the stream has moved on and finished: no element was disposed or overwritten.
        Assert.Equal(Objects, kept.Select(e => e.GetRawText()));
        Assert.Equal(Objects, kept.Select(e => e.Clone().GetRawText()));
    }

    [Fact]
    public void An_object_larger_than_the_read_buffer_is_kept_whole()
    {
        // Larger than the 64 KiB first buffer: the first attempt finds it incomplete, the buffer grows, and it is parsed once.
        var large = """{"id":"big","properties":{"rules":[""" + string.Join(",", Enumerable.Range(0, 4000).Select(i => $$"""{"name":"rule{{i}}","priority":{{i}}}""")) + "]}}";
        var json = Objects[0] + "\n" + large + "\n" + Objects[1] + "\n";

        var kept = new List<JsonElement>();
        JsonObjectStream.Read(() => Stream(json), jsonLines: true, kept.Add, objectsKept: true, CancellationToken.None);

        Assert.True(Encoding.UTF8.GetByteCount(large) > 64 * 1024);
        Assert.Equal(new[] { Objects[0], large, Objects[1] }, kept.Select(e => e.GetRawText()));
        Assert.Equal(4000, kept[1].GetProperty("properties").GetProperty("rules").GetArrayLength());
    }

    [Fact]
    public void Reused_documents_are_gone_after_the_call()
    {
        // The contrast that makes the kept mode necessary: an element of the default mode must be cloned to be kept.
        var seen = new List<JsonElement>();
        JsonObjectStream.Read(() => Stream(Objects[0] + "\n"), jsonLines: true, seen.Add, CancellationToken.None);

        Assert.Single(seen);
        Assert.Throws<ObjectDisposedException>(() => seen[0].GetRawText());
    }

    private static MemoryStream Stream(string json) => new(Encoding.UTF8.GetBytes(json));
}
