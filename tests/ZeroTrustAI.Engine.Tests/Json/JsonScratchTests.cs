using System.Text.Json;
using ZeroTrustAI.Engine.Json;

namespace ZeroTrustAI.Engine.Tests.Json;

/// <summary>The writer a thread reuses: each use starts empty, a use inside another gets its own, and the texts are the serializer's.</summary>
public class JsonScratchTests
{
    [Fact]
    public void Each_array_is_the_serializers_however_many_came_before_on_the_thread()
    {
        var arrays = new[]
        {
            new[] { "a", null, "ü & <b>", "quote \" and \\ back" },
            Array.Empty<string?>(),
            new[] { new string('x', 100_000) }, // grows the buffer past what a thread keeps
            new[] { "after the large one" },
        };

        foreach (var array in arrays)
        {
            Assert.Equal(JsonSerializer.Serialize(array), JsonText.StringArray(array));
        }
    }

    [Fact]
    public void An_array_written_while_another_is_open_does_not_write_into_it()
    {
        // The outer array's items are themselves made with StringArray while the outer writer is open.
        IEnumerable<string?> Items()
        {
            yield return "first";
            yield return JsonText.StringArray(new[] { "inner", "items" });
            yield return "last";
        }

        // One write first, so the thread holds a spare for the outer array to take.
        Assert.Equal("""["warm"]""", JsonText.StringArray(new[] { "warm" }));
        var inner = JsonSerializer.Serialize(new[] { "inner", "items" });
        Assert.Equal(JsonSerializer.Serialize(new[] { "first", inner, "last" }), JsonText.StringArray(Items()));
        Assert.Equal("""["again"]""", JsonText.StringArray(new[] { "again" }));
    }

    [Fact]
    public void A_write_that_failed_part_way_leaves_the_next_one_clean()
    {
        IEnumerable<string?> Failing()
        {
            yield return "partial";
            throw new InvalidOperationException("boom");
        }

        Assert.Throws<InvalidOperationException>(() => JsonText.StringArray(Failing()));
        Assert.Equal("""["clean"]""", JsonText.StringArray(new[] { "clean" }));

        using (var scratch = JsonScratch.Rent(relaxedEscaping: true))
        {
            scratch.Writer.WriteStartObject();
            scratch.Writer.WriteString("name", "é & <b>");
            scratch.Writer.WriteEndObject();
            Assert.Equal("""{"name":"é & <b>"}""", scratch.ToText());
            Assert.Equal(scratch.ToText(), System.Text.Encoding.UTF8.GetString(scratch.ToBytes()));
        }

        using var next = JsonScratch.Rent(relaxedEscaping: true);
        Assert.Equal(string.Empty, next.ToText());
    }
}
