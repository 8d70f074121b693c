using System.Text.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Reporting;
using ZeroTrustAI.Engine.Reporting.Zta;
using static ZeroTrustAI.Engine.Tests.Reporting.ReportTestData;

namespace ZeroTrustAI.Engine.Tests.Reporting.Zta;

public class ZtaTestTests
{
    private static readonly string[] Fields =
    {
        "TestId", "TestTitle", "TestStatus", "TestPillar", "TestCategory", "TestRisk", "TestImpact", "TestImplementationCost",
        "TestSfiPillar", "TestMinimumLicense", "TestTags", "TestAppliesTo", "TestDescription", "TestResult", "TestSkipped", "SkippedReason",
    };

    private static readonly string[] Statuses = { "Passed", "Failed", "Investigate", "Error", "Skipped", "Planned" };
    private static readonly string[] Risks = { "Critical", "High", "Medium", "Low", "Unranked" };

    [Fact]
    public void ZtaJson_WritesAZtaReport_WithEveryFieldInZtasVocabulary()
    {
        using var document = JsonDocument.Parse(Render(ReportFormat.ZtaJson, Small()));
        var root = document.RootElement;
        Assert.Equal(ZtaReportJson.TopLevelProperties, root.EnumerateObject().Select(p => p.Name));
        var tests = root.GetProperty("Tests").EnumerateArray().ToList();
        Assert.Equal(Small().Select(r => r.ControlId).Distinct().Count(), tests.Count);
        foreach (var test in tests)
        {
            Assert.Equal(Fields.OrderBy(f => f), test.EnumerateObject().Select(p => p.Name).OrderBy(f => f));
            Assert.Contains(test.GetProperty("TestStatus").GetString(), Statuses);
            Assert.Contains(test.GetProperty("TestRisk").GetString(), Risks);
            Assert.Contains(test.GetProperty("TestPillar").GetString(), ZtaVocabulary.Pillars);
            Assert.StartsWith(ZtaTest.TestIdPrefix, test.GetProperty("TestId").GetString(), StringComparison.Ordinal);
            Assert.False(int.TryParse(test.GetProperty("TestId").GetString(), out _));
        }
    }

    [Fact]
    public void ZtaJson_SummaryCountsOurTests()
    {
        using var document = JsonDocument.Parse(Render(ReportFormat.ZtaJson, Small()));
        var root = document.RootElement;
        var tests = root.GetProperty("Tests").EnumerateArray().Select(ZtaReportJson.ReadPillarsAndStatus).ToList();
        var summary = root.GetProperty("TestResultSummary");
        foreach (var pillar in ZtaVocabulary.Pillars)
        {
            Assert.Equal(tests.Count(t => t.Pillars.Contains(pillar) && t.Status == "Passed"), summary.GetProperty(pillar + "Passed").GetInt32());
            Assert.Equal(tests.Count(t => t.Pillars.Contains(pillar) && t.Status is not "Skipped" and not "Planned"), summary.GetProperty(pillar + "Total").GetInt32());
        }
    }

    [Fact]
    public void Test_ResultListsFailingTargetsWithEvidence()
    {
        var test = ZtaTest.From(Small(), Context()).Single(t => t.TestId == "ZTAI-AI-020");

        Assert.Equal("Failed", test.TestStatus);
        Assert.Equal("High", test.TestRisk);
        Assert.Equal("", test.TestSkipped);
        Assert.Contains("oai-contoso-prod", test.TestResult, StringComparison.Ordinal);
        Assert.Contains("oai-property-absent", test.TestResult, StringComparison.Ordinal);
        Assert.Contains("`properties.disableLocalAuth` = `false`", test.TestResult, StringComparison.Ordinal);
        Assert.Contains("(absent)", test.TestResult, StringComparison.Ordinal);
        Assert.True(test.TestResult.IndexOf("**Fail (2)**", StringComparison.Ordinal) < test.TestResult.IndexOf("**Pass (1)**", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(new[] { ResultStatus.Pass, ResultStatus.Fail, ResultStatus.Warning }, "Failed")]
    [InlineData(new[] { ResultStatus.Pass, ResultStatus.Error, ResultStatus.Warning }, "Error")]
    [InlineData(new[] { ResultStatus.Pass, ResultStatus.Warning }, "Investigate")]
    [InlineData(new[] { ResultStatus.Pass, ResultStatus.Skipped, ResultStatus.Suppressed }, "Passed")]
    [InlineData(new[] { ResultStatus.NotApplicable }, "Skipped")]
    [InlineData(new[] { ResultStatus.Skipped }, "Skipped")]
    public void TestStatus_IsTheMostUrgentOfTheTargets(ResultStatus[] statuses, string expected) =>
        Assert.Equal(expected, ZtaVocabulary.TestStatus(statuses));

    [Fact]
    public void Skipped_CarriesAZtaSkippedBecause_AndOurReason()
    {
        var skipped = ZtaTest.From(Small(), Context()).Single(t => t.TestId == "ZTAI-DATA-902");
        var notApplicable = ZtaTest.From(new[] { Result(controlId: "ZTAI-NET-999", status: ResultStatus.NotApplicable, reason: "No firewall policy in the snapshot.") }, Context()).Single();

        Assert.Equal(("Skipped", ZtaVocabulary.SkippedNotConnected), (skipped.TestStatus, skipped.TestSkipped));
        Assert.Contains("not collected", skipped.SkippedReason, StringComparison.Ordinal);
        Assert.Equal(("Skipped", ZtaVocabulary.SkippedNotApplicable), (notApplicable.TestStatus, notApplicable.TestSkipped));
    }

    [Fact]
    public void Risk_MapsInformationalToUnranked() =>
        Assert.Equal(new[] { "Critical", "High", "Medium", "Low", "Unranked" }, Enum.GetValues<Severity>().Select(ZtaVocabulary.Risk));

    [Fact]
    public void TestResult_EscapesMarkup_AndTheJsonIsSafeInsideHtml()
    {
        var hostile = Result(resourceName: "</script><img src=x onerror=alert(1)>", reason: "a | b\n# heading");
        var text = Render(ReportFormat.ZtaJson, new[] { hostile });

        Assert.DoesNotContain("</script>", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", text, StringComparison.OrdinalIgnoreCase);
        using var document = JsonDocument.Parse(text);
        var result = document.RootElement.GetProperty("Tests")[0].GetProperty("TestResult").GetString()!;
        Assert.Contains("\\<img", result, StringComparison.Ordinal);
        Assert.Contains("a \\| b<br>\\# heading".Replace("\\#", "#"), result, StringComparison.Ordinal);
    }
}
