using System.Text;
using System.Text.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Reporting;
using static ZeroTrustAI.Engine.Tests.Reporting.ReportTestData;

namespace ZeroTrustAI.Engine.Tests.Reporting;

public class JsonReportWriterTests
{
    [Fact]
    public void Json_RoundTripsWithContextAndCounts()
    {
        using var document = JsonDocument.Parse(Render(ReportFormat.Json, Small()));
        var root = document.RootElement;

        Assert.Equal("1.0", root.GetProperty("schemaVersion").GetString());
        Assert.Equal("2026-11-25T13:45:00Z", root.GetProperty("generatedAt").GetString());
        Assert.Equal("ZeroTrustAI", root.GetProperty("tool").GetProperty("name").GetString());
        Assert.Equal("9.8.7", root.GetProperty("tool").GetProperty("version").GetString());
        Assert.Equal(TenantId, root.GetProperty("tenant").GetProperty("id").GetString());
        Assert.Equal("Contoso", root.GetProperty("tenant").GetProperty("name").GetString());
        Assert.Equal("/snapshots/contoso-2026-11-25", root.GetProperty("snapshot").GetProperty("source").GetString());

        Assert.Equal(7, root.GetProperty("results").GetArrayLength());
        var summary = root.GetProperty("summary");
        Assert.Equal(7, summary.GetProperty("total").GetInt32());
        Assert.Equal(5, summary.GetProperty("controls").GetInt32());
        var byStatus = summary.GetProperty("byStatus");
        Assert.Equal(2, byStatus.GetProperty("Pass").GetInt32());
        Assert.Equal(3, byStatus.GetProperty("Fail").GetInt32());
        Assert.Equal(1, byStatus.GetProperty("Warning").GetInt32());
        Assert.Equal(1, byStatus.GetProperty("Skipped").GetInt32());
        Assert.Equal(0, byStatus.GetProperty("Error").GetInt32());
        var ai = summary.GetProperty("byPillar").GetProperty("AI");
        Assert.Equal(4, ai.GetProperty("total").GetInt32());
        Assert.Equal(2, ai.GetProperty("Fail").GetInt32());
        Assert.Equal(2, ai.GetProperty("Pass").GetInt32());
        var data = summary.GetProperty("byPillar").GetProperty("Data");
        Assert.Equal(1, data.GetProperty("Fail").GetInt32());
        Assert.Equal(1, data.GetProperty("Skipped").GetInt32());
        Assert.Equal(1, summary.GetProperty("byPillar").GetProperty("Network").GetProperty("Warning").GetInt32());
        Assert.Equal(1, summary.GetProperty("failuresBySeverity").GetProperty("Critical").GetInt32());
        Assert.Equal(2, summary.GetProperty("failuresBySeverity").GetProperty("High").GetInt32());
    }

    [Fact]
    public void Json_ResultCarriesEveryPropertyAndEvidence()
    {
        using var document = JsonDocument.Parse(Render(ReportFormat.Json, Small()));
        var results = document.RootElement.GetProperty("results").EnumerateArray().ToList();

        var first = results[0];
        Assert.Equal("ZTAI-AI-020", first.GetProperty("controlId").GetString());
        Assert.Equal("AI services accept Entra ID only (local key auth disabled)", first.GetProperty("title").GetString());
        Assert.Equal("AI", first.GetProperty("pillar").GetString());
        Assert.Equal("VerifyExplicitly", first.GetProperty("principle").GetString());
        Assert.Equal("High", first.GetProperty("severity").GetString());
        Assert.Equal("Fail", first.GetProperty("status").GetString());
        Assert.Equal("oai-contoso-prod", first.GetProperty("resourceName").GetString());
        Assert.Equal("Microsoft.CognitiveServices/accounts", first.GetProperty("resourceType").GetString());
        Assert.EndsWith("/oai-contoso-prod", first.GetProperty("resourceId").GetString(), StringComparison.Ordinal);
        Assert.Equal("OpenAI account accepts API keys: disableLocalAuth is not true.", first.GetProperty("reason").GetString());
        Assert.Equal("Set disableLocalAuth to true.", first.GetProperty("remediation").GetString());
        var evidence = Assert.Single(first.GetProperty("evidence").EnumerateArray());
        Assert.Equal("properties.disableLocalAuth", evidence.GetProperty("path").GetString());
        Assert.Equal("false", evidence.GetProperty("actual").GetString());
        Assert.Equal("true", evidence.GetProperty("expected").GetString());

        // An absent property stays null, not the text "null".
        var absent = Assert.Single(results[1].GetProperty("evidence").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, absent.GetProperty("actual").ValueKind);

        // Text with quotes, pipes and line breaks round-trips exactly.
        Assert.Equal("Storage | blob \"public\" access", results[3].GetProperty("title").GetString());
        Assert.Equal("Public blob access is allowed.\nAnyone can read.", results[3].GetProperty("reason").GetString());
    }

    [Fact]
    public void Json_ControlsHoldCatalogMetadataOnlyForKnownIds()
    {
        using var document = JsonDocument.Parse(Render(ReportFormat.Json, Small()));
        var controls = document.RootElement.GetProperty("controls");

        var known = controls.GetProperty("ZTAI-AI-020");
        Assert.Contains("disableLocalAuth", known.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains(known.GetProperty("references").EnumerateArray(), r => r.GetString()!.StartsWith("https://learn.microsoft.com/", StringComparison.Ordinal));
        Assert.Contains(known.GetProperty("mappings").GetProperty("mcsb").EnumerateArray(), m => m.GetString() == "IM-1");
        Assert.False(controls.TryGetProperty("ZTAI-DATA-901", out _));
    }

    [Fact]
    public void Json_UnknownTenantIsNull()
    {
        using var document = JsonDocument.Parse(Render(ReportFormat.Json, Small().Select(WithoutRun), new ReportContext()));
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("tenant").GetProperty("id").ValueKind);
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("snapshot").GetProperty("source").ValueKind);
        Assert.False(document.RootElement.GetProperty("results")[0].TryGetProperty("runId", out _));
    }

    [Fact]
    public void Json_TextWriterAndStreamGiveTheSameDocumentForManyResults()
    {
        // Enough results to flush several chunks; multi-byte names test that chunks never split a character.
        var many = Enumerable.Range(0, 3000)
            .Select(i => Result(resourceName: $"Контосо-日本-😀-{i}", status: i % 3 == 0 ? ResultStatus.Pass : ResultStatus.Fail))
            .ToList();

        var text = Render(ReportFormat.Json, many);
        var bytes = RenderBytes(ReportFormat.Json, many);

        Assert.Equal(text, Encoding.UTF8.GetString(bytes));
        Assert.False(bytes.Take(3).SequenceEqual(new byte[] { 0xEF, 0xBB, 0xBF }), "JSON must not start with a byte order mark.");
        using var document = JsonDocument.Parse(text);
        Assert.Equal(3000, document.RootElement.GetProperty("results").GetArrayLength());
        Assert.Equal(1000, document.RootElement.GetProperty("summary").GetProperty("byStatus").GetProperty("Pass").GetInt32());
        Assert.Equal("Контосо-日本-😀-2999", document.RootElement.GetProperty("results")[2999].GetProperty("resourceName").GetString());
    }

    [Fact]
    public void Json_EscapesHtmlSensitiveCharacters()
    {
        var json = Render(ReportFormat.Json, [Result(resourceName: "</script><!--")]);

        Assert.DoesNotContain("</script>", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<!--", json, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("</script><!--", document.RootElement.GetProperty("results")[0].GetProperty("resourceName").GetString());
    }

    [Fact]
    public void Json_IsCancellable()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        using var text = new StringWriter();

        Assert.ThrowsAny<OperationCanceledException>(() => ReportWriter.Write(ReportFormat.Json, Small(), Context(), text, cancelled.Token));
    }
}
