using System.Text.Json;
using ZeroTrustAI.Engine.Json;

namespace ZeroTrustAI.Engine.Tests.Json;

/// <summary>
/// Paths ignore case and find names with dots in them; the lookup compares names in their UTF-8 bytes where it can,
/// so escaped and non-ASCII names must still be matched as strings are.
/// </summary>
public class JsonPathLookupTests
{
    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;

    [Theory]
    [InlineData("""{"properties":{"networkAcls":{"defaultAction":"Deny"}}}""", "properties.networkAcls.defaultAction", "Deny")]
    [InlineData("""{"Properties":{"NetworkAcls":{"DefaultAction":"Deny"}}}""", "properties.networkAcls.defaultAction", "Deny")]
    [InlineData("""{"@odata.type":"#microsoft.graph.group","@odata":{"type":"nested"}}""", "@odata.type", "#microsoft.graph.group")]
    [InlineData("""{"@odata":{"type":"nested"}}""", "@odata.type", "nested")]
    [InlineData("""{"a.b":{"c":"long first"},"a":{"b.c":"later"}}""", "a.b.c", "long first")]
    [InlineData("""{"a.b":{"x":1},"a":{"b":{"c":"falls back"}}}""", "a.b.c", "falls back")]
    [InlineData("""{"\u0049d":"escaped"}""", "id", "escaped")]
    [InlineData("""{"NAMÉ":"accented"}""", "namé", "accented")]
    [InlineData("""{"x":{"":"empty name"}}""", "x.", "empty name")]
    [InlineData("""{"count":3}""", "COUNT", "3")]
    [InlineData("""{"Name":"first other case","name":"own case","NAME":"second other case"}""", "name", "own case")]
    [InlineData("""{"Name":"first other case","NAME":"second other case"}""", "name", "first other case")]
    [InlineData("""{"name":"first own case","Name":"other case","name":"last own case"}""", "name", "last own case")]
    [InlineData("""{"x":{"\u0069d":"escaped, own case","ID":"other case"}}""", "x.id", "escaped, own case")]
    [InlineData("""{"a.b":{"c":{"d":"three dots"}},"a":{"b":{"c":{"d":"shorter"}}},"a.b.c":{"d":"longest"}}""", "a.b.c.d", "longest")]
    [InlineData("""{"a.b.c":{"x":1},"a.b":{"c":{"d":"next longest"}},"a":{"b":{"c":{"d":"shortest"}}}}""", "a.b.c.d", "next longest")]
    [InlineData("""{"A.b":{"c":"dotted, other case"},"a":{"b":{"c":"segments"}}}""", "a.b.c", "dotted, other case")]
    public void Finds_a_value_as_the_path_names_it(string json, string path, string expected) =>
        Assert.Equal(expected, Parse(json).GetString(path));

    [Fact]
    public void Names_are_compared_in_their_bytes_on_this_runtime()
    {
        // Older runtimes compare names as strings; the tests run where the byte comparison is used, so they exercise it.
        var field = typeof(JsonElementExtensions).GetField("RawNamesReadable", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static);
        Assert.True((bool)field!.GetValue(null)!);
    }

    [Theory]
    [InlineData("""{"id":"x"}""", "idx")]
    [InlineData("""{"i_":"x"}""", "i")]
    [InlineData("""{"a[":"x"}""", "a{")]
    [InlineData("""{"a":null}""", "a")]
    [InlineData("""{"a":"x","A":"other case","a":null}""", "a")]
    [InlineData("""{"a":"x"}""", "a.b")]
    [InlineData("""{"a":{"b":1}}""", "a.c")]
    public void Finds_nothing_where_no_name_matches(string json, string path) =>
        Assert.Null(Parse(json).GetString(path));
}
