using System.Text.Json;
using ZeroTrustAI.Engine.Comparison;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Reporting;
using ZeroTrustAI.Engine.Tests.Reporting;
using static ZeroTrustAI.Engine.Tests.Reporting.ReportTestData;

namespace ZeroTrustAI.Engine.Tests.Comparison;

/// <summary>
/// Two variants of the sample tenant's results: the later run fixes one failure, breaks one pass, turns a pass into a
/// warning, loses a target, gains a failing and a passing target, and drops a whole control.
/// </summary>
public class AssessmentComparisonTests
{
    private static AssessmentResult With(AssessmentResult r, ResultStatus status, string? name = null) =>
        new(r.ControlId, r.Title, r.Pillar, r.Principle, r.Severity, status, name == null ? r.ResourceId : r.ResourceId + "/" + name, name ?? r.ResourceName, r.ResourceType, r.Evidence, "changed: " + status, r.Remediation);

    private sealed record Variant(IReadOnlyList<AssessmentResult> Reference, IReadOnlyList<AssessmentResult> Difference,
        AssessmentResult Fixed, AssessmentResult Broken, AssessmentResult Warned, AssessmentResult Removed, AssessmentResult AddedFailing, AssessmentResult AddedPassing, string DroppedControl);

    private static Variant MakeVariant()
    {
        var reference = CiFormatTests.SampleResults.ToList();
        var fails = reference.Where(r => r.Status == ResultStatus.Fail).ToList();
        var passes = reference.Where(r => r.Status == ResultStatus.Pass).ToList();
        var droppedControl = reference.Select(r => r.ControlId).Distinct().Last();
        var fixedOne = fails.First(r => r.ControlId != droppedControl);
        var broken = passes.First(r => r.ControlId != droppedControl && r.Severity == Severity.High);
        var warned = passes.Last(r => r.ControlId != droppedControl && r != broken);
        var removed = passes.First(r => r.ControlId != droppedControl && r != broken && r != warned);

        var difference = new List<AssessmentResult>();
        foreach (var r in reference.Where(r => r.ControlId != droppedControl && r != removed))
        {
            difference.Add(r == fixedOne ? With(r, ResultStatus.Pass) : r == broken ? With(r, ResultStatus.Fail) : r == warned ? With(r, ResultStatus.Warning) : r);
        }

        var addedFailing = With(broken, ResultStatus.Fail, "new-failing");
        var addedPassing = With(broken, ResultStatus.Pass, "new-passing");
        difference.Add(addedFailing);
        difference.Add(addedPassing);
        return new Variant(reference, difference, fixedOne, broken, warned, removed, addedFailing, addedPassing, droppedControl);
    }

    [Fact]
    public void Compare_TwoVariantsOfTheSample_GivesTheExpectedLists()
    {
        var v = MakeVariant();
        var comparison = AssessmentComparison.Compare(v.Reference, v.Difference);

        string Key(ComparisonEntry e) => e.ControlId + "|" + e.ResourceName;
        string KeyOf(AssessmentResult r) => r.ControlId + "|" + r.ResourceName;
        List<string> Of(ComparisonChange change) => comparison.Entries.Where(e => e.Change == change).Select(Key).OrderBy(k => k).ToList();

        Assert.Equal(new[] { KeyOf(v.Broken), KeyOf(v.AddedFailing) }.OrderBy(k => k), Of(ComparisonChange.NewFailure));
        Assert.Equal(new[] { KeyOf(v.Fixed) }, Of(ComparisonChange.Fixed));
        Assert.Equal(new[] { KeyOf(v.Warned) }, Of(ComparisonChange.Regressed));
        Assert.Equal(new[] { KeyOf(v.AddedPassing) }, Of(ComparisonChange.Added));
        var droppedTargets = v.Reference.Where(r => r.ControlId == v.DroppedControl).Select(KeyOf);
        Assert.Equal(droppedTargets.Append(KeyOf(v.Removed)).OrderBy(k => k), Of(ComparisonChange.Removed));
        Assert.Equal(new[] { v.DroppedControl }, comparison.Entries.Where(e => e.Change == ComparisonChange.ControlRemoved).Select(e => e.ControlId));
        Assert.Empty(Of(ComparisonChange.ControlAdded));
        var changedTargets = new[] { v.Fixed, v.Broken, v.Warned, v.Removed }.Select(KeyOf).ToHashSet();
        Assert.Equal(v.Reference.Count(r => r.ControlId != v.DroppedControl && !changedTargets.Contains(KeyOf(r))), comparison.Count(ComparisonChange.Unchanged));
    }

    [Fact]
    public void Gate_FailsOnNewFailuresOnlyWhenThereAreSome_AndHonoursTheMinimumSeverity()
    {
        var v = MakeVariant();
        var comparison = AssessmentComparison.Compare(v.Reference, v.Difference);
        var same = AssessmentComparison.Compare(v.Reference, v.Reference);

        Assert.Equal(2, comparison.GateFailures(FailOnKind.New, Severity.Informational).Count);
        Assert.Equal(comparison.GateFailures(FailOnKind.New, Severity.High).Count, new[] { v.Broken, v.AddedFailing }.Count(r => r.Severity <= Severity.High));
        Assert.DoesNotContain(comparison.GateFailures(FailOnKind.New, Severity.Critical), e => e.Severity > Severity.Critical);
        Assert.Empty(same.GateFailures(FailOnKind.New, Severity.Informational));
        Assert.Equal(v.Reference.Count(r => r.Status == ResultStatus.Fail), same.GateFailures(FailOnKind.Any, Severity.Informational).Count);
        Assert.Equal(v.Difference.Count(r => r.Status == ResultStatus.Fail && r.Severity == Severity.Critical), comparison.GateFailures(FailOnKind.Any, Severity.Critical).Count);
    }

    [Theory]
    [InlineData(ResultStatus.Pass, ResultStatus.Fail, ComparisonChange.NewFailure)]
    [InlineData(ResultStatus.Skipped, ResultStatus.Fail, ComparisonChange.NewFailure)]
    [InlineData(ResultStatus.Fail, ResultStatus.Pass, ComparisonChange.Fixed)]
    [InlineData(ResultStatus.Fail, ResultStatus.NotApplicable, ComparisonChange.Fixed)]
    [InlineData(ResultStatus.Fail, ResultStatus.Skipped, ComparisonChange.Changed)]
    [InlineData(ResultStatus.Fail, ResultStatus.Suppressed, ComparisonChange.Changed)]
    [InlineData(ResultStatus.Pass, ResultStatus.Warning, ComparisonChange.Regressed)]
    [InlineData(ResultStatus.Pass, ResultStatus.Error, ComparisonChange.Regressed)]
    [InlineData(ResultStatus.Warning, ResultStatus.Pass, ComparisonChange.Improved)]
    [InlineData(ResultStatus.Fail, ResultStatus.Fail, ComparisonChange.Unchanged)]
    public void Classify(ResultStatus before, ResultStatus after, ComparisonChange expected) =>
        Assert.Equal(expected, AssessmentComparison.Classify(before, after));

    [Fact]
    public void JsonReport_RoundTrips_ThroughTheReader()
    {
        var results = CiFormatTests.SampleResults;
        var bytes = RenderBytes(ReportFormat.Json, results);
        var read = JsonReportReader.Read(new MemoryStream(bytes));

        var comparison = AssessmentComparison.Compare(results, read);
        Assert.Equal(results.Count, read.Count);
        Assert.Equal(results.Count, comparison.Count(ComparisonChange.Unchanged));
        Assert.Equal(results.Select(r => r.Evidence.Count), read.Select(r => r.Evidence.Count));
    }

    [Fact]
    public void Reader_RefusesAFileThatIsNotAReport()
    {
        using var stream = new MemoryStream("{\"Tests\": []}"u8.ToArray());
        Assert.Throws<FormatException>(() => JsonReportReader.Read(stream));
    }

    [Fact]
    public void Reports_ListTheChanges_InMarkdownAndJson()
    {
        var v = MakeVariant();
        var comparison = AssessmentComparison.Compare(v.Reference, v.Difference);
        using var markdown = new StringWriter();
        ComparisonReportWriter.WriteMarkdown(comparison, markdown);
        using var json = new MemoryStream();
        ComparisonReportWriter.WriteJson(comparison, Context(), json);

        Assert.Contains("### New failures (2)", markdown.ToString(), StringComparison.Ordinal);
        Assert.Contains("### Removed controls (1)", markdown.ToString(), StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.ToArray());
        Assert.Equal(2, document.RootElement.GetProperty("counts").GetProperty("NewFailure").GetInt32());
        Assert.Equal(comparison.Entries.Count, document.RootElement.GetProperty("changes").GetArrayLength());
    }
}
