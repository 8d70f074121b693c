using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Json.Schema;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Reporting;
using ZeroTrustAI.Engine.Tests.Infrastructure;
using static ZeroTrustAI.Engine.Tests.Reporting.ReportTestData;

namespace ZeroTrustAI.Engine.Tests.Reporting;

public class CiFormatTests
{
    private static readonly Lazy<IReadOnlyList<AssessmentResult>> LazySampleResults = new(() => AssessmentEngine.Evaluate(Fixtures.Sample, ControlCatalog.All).ToList());

    internal static IReadOnlyList<AssessmentResult> SampleResults => LazySampleResults.Value;

    // Read once: the library registers a schema by its $id, and a second read of the same $id is refused.
    private static readonly Lazy<JsonSchema> LazySchema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schema", "report-" + JsonReportWriter.SchemaVersion + ".schema.json"))));

    private static JsonSchema ReportSchema() => LazySchema.Value;

    private static EvaluationResults Validate(JsonSchema schema, string json)
    {
        using var document = JsonDocument.Parse(json);
        return schema.Evaluate(document.RootElement.Clone(), new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static string Errors(EvaluationResults results) =>
        string.Join("; ", (results.Details ?? new List<EvaluationResults>()).Where(d => d.Errors != null).SelectMany(d => d.Errors!.Select(e => d.InstanceLocation + ": " + e.Value)).Take(10));

    [Theory]
    [InlineData("report.sarif", ReportFormat.Sarif)]
    [InlineData("TESTS.XML", ReportFormat.JUnit)]
    public void FromExtension_InfersTheCiFormats(string path, ReportFormat expected) =>
        Assert.Equal(expected, ReportFormats.FromExtension(path));

    [Theory]
    [InlineData(ReportFormat.ZtaJson, typeof(ZtaJsonReportWriter))]
    [InlineData(ReportFormat.Workshop, typeof(WorkshopReportWriter))]
    [InlineData(ReportFormat.Sarif, typeof(SarifReportWriter))]
    [InlineData(ReportFormat.JUnit, typeof(JUnitReportWriter))]
    [InlineData(ReportFormat.MarkdownSummary, typeof(MarkdownSummaryReportWriter))]
    public void For_ReturnsTheWriterOfEachFormat_AndItIsCancellable(ReportFormat format, Type expected)
    {
        var writer = ReportWriter.For(format);
        Assert.IsType(expected, writer);
        Assert.Equal(format, writer.Format);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        using var output = new MemoryStream();
        Assert.ThrowsAny<OperationCanceledException>(() => writer.Write(Small(), Context(), output, cancelled.Token));
    }

    [Theory]
    [InlineData(ReportFormat.ZtaJson)]
    [InlineData(ReportFormat.Workshop)]
    [InlineData(ReportFormat.Sarif)]
    public void ByteWriters_WriteTheSameTextToATextWriterAsToAStream(ReportFormat format)
    {
        var context = Context();
        Assert.Equal(Encoding.UTF8.GetString(RenderBytes(format, Small(), context)), Render(format, Small(), context));
    }

    [Fact]
    public void Json_OfTheSampleTenant_IsValidAgainstTheVersionedSchema()
    {
        var results = Validate(ReportSchema(), Render(ReportFormat.Json, SampleResults, new ReportContext()));
        Assert.True(results.IsValid, Errors(results));
    }

    [Fact]
    public void Json_OfVariedResults_IsValidAgainstTheVersionedSchema()
    {
        var results = Validate(ReportSchema(), Render(ReportFormat.Json, Small()));
        Assert.True(results.IsValid, Errors(results));
    }

    [Fact]
    public void Schema_RejectsAReportWithAnUnknownStatusOrNoResults()
    {
        var schema = ReportSchema();
        var good = Render(ReportFormat.Json, Small());
        Assert.False(Validate(schema, good.Replace("\"status\": \"Fail\"", "\"status\": \"Failed\"", StringComparison.Ordinal)).IsValid);
        Assert.False(Validate(schema, good.Replace("\"results\":", "\"items\":", StringComparison.Ordinal)).IsValid);
        Assert.False(Validate(schema, good.Replace("\"schemaVersion\": \"1.0\"", "\"schemaVersion\": \"2.0\"", StringComparison.Ordinal)).IsValid);
    }

    [Fact]
    public void Schema_VersionIsTheWritersVersion()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schema", "report-" + JsonReportWriter.SchemaVersion + ".schema.json"));
        Assert.Contains("\"schemaVersion\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Sarif_HasOneRulePerControl_AndOneResultPerFailingWarningOrSuppressedTarget()
    {
        var input = Small().Append(Result(controlId: "ZTAI-AI-777", status: ResultStatus.Suppressed, resourceName: "oai-accepted", reason: "Accepted until 2027 by the AI team.")).ToList();
        using var document = JsonDocument.Parse(Render(ReportFormat.Sarif, input));
        var root = document.RootElement;
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        var run = Assert.Single(root.GetProperty("runs").EnumerateArray().ToList());
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal(input.Select(r => r.ControlId).Distinct().OrderBy(i => i, StringComparer.OrdinalIgnoreCase), rules.Select(r => r.GetProperty("id").GetString()));

        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(input.Count(r => r.Status is ResultStatus.Fail or ResultStatus.Warning or ResultStatus.Suppressed), results.Count);
        foreach (var result in results)
        {
            var index = result.GetProperty("ruleIndex").GetInt32();
            Assert.Equal(rules[index].GetProperty("id").GetString(), result.GetProperty("ruleId").GetString());
            Assert.NotEmpty(result.GetProperty("partialFingerprints").GetProperty("ztaiTarget/v1").GetString()!);
            Assert.Equal(SarifReportWriter.TargetUriBase, result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
        }

        var critical = results.Single(r => r.GetProperty("ruleId").GetString() == "ZTAI-DATA-901");
        Assert.Equal("error", critical.GetProperty("level").GetString());
        var suppressed = results.Single(r => r.GetProperty("ruleId").GetString() == "ZTAI-AI-777");
        Assert.Equal("Accepted until 2027 by the AI team.", suppressed.GetProperty("suppressions")[0].GetProperty("justification").GetString());
    }

    [Fact]
    public void Sarif_FingerprintIsStableAcrossReasons_AndDiffersAcrossTargets()
    {
        var a = Result(reason: "one wording");
        var b = Result(reason: "another wording");
        var c = Result(resourceName: "oai-other");
        Assert.Equal(SarifReportWriter.Fingerprint(a), SarifReportWriter.Fingerprint(b));
        Assert.NotEqual(SarifReportWriter.Fingerprint(a), SarifReportWriter.Fingerprint(c));
    }

    [Fact]
    public void JUnit_CountsMatchTheResults_AndFailuresCarryTheEvidence()
    {
        var input = Small();
        var xml = XDocument.Parse(Render(ReportFormat.JUnit, input));
        var suites = xml.Root!;
        Assert.Equal("testsuites", suites.Name.LocalName);
        Assert.Equal(input.Count, (int)suites.Attribute("tests")!);
        Assert.Equal(input.Count(r => r.Status == ResultStatus.Fail), (int)suites.Attribute("failures")!);
        Assert.Equal(input.Count(r => r.Status is ResultStatus.Skipped or ResultStatus.NotApplicable or ResultStatus.Suppressed), (int)suites.Attribute("skipped")!);
        Assert.Equal(input.Select(r => r.ControlId).Distinct().Count(), suites.Elements("testsuite").Count());
        Assert.Equal(input.Count, suites.Descendants("testcase").Count());
        var failure = suites.Descendants("testcase").Single(t => ((string)t.Attribute("name")!).StartsWith("oai-contoso-prod", StringComparison.Ordinal)).Element("failure")!;
        Assert.Contains("properties.disableLocalAuth = false", failure.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void JUnit_ReplacesCharactersXmlCannotHold()
    {
        var text = Render(ReportFormat.JUnit, new[] { Result(resourceName: "bad\u0001name", reason: "nul\u0000here") });
        var xml = XDocument.Parse(text);
        Assert.Contains("bad\uFFFDname", xml.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void MarkdownSummary_StaysSmall_WhateverTheNumberOfResults()
    {
        var many = Enumerable.Range(0, 5000).Select(i => Result(controlId: "ZTAI-AI-" + (i % 400).ToString("000", System.Globalization.CultureInfo.InvariantCulture), resourceName: "oai-" + i)).ToList();
        var text = Render(ReportFormat.MarkdownSummary, many);

        Assert.True(Encoding.UTF8.GetByteCount(text) < 16 * 1024, $"{Encoding.UTF8.GetByteCount(text)} bytes");
        Assert.Contains("5000 failed", text, StringComparison.Ordinal);
        Assert.Contains("…and " + (400 - MarkdownSummaryReportWriter.MaxListedControls) + " more failing controls", text, StringComparison.Ordinal);
    }

    [Fact]
    public void MarkdownSummary_OfTheSample_CountsEveryStatus()
    {
        var text = Render(ReportFormat.MarkdownSummary, SampleResults);
        Assert.Contains(SampleResults.Count(r => r.Status == ResultStatus.Fail) + " failed, " + SampleResults.Count(r => r.Status == ResultStatus.Pass) + " passed", text, StringComparison.Ordinal);
    }
}
