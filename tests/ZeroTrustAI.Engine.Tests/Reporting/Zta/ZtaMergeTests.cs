using System.Text;
using System.Text.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Reporting;
using ZeroTrustAI.Engine.Reporting.Zta;
using static ZeroTrustAI.Engine.Tests.Reporting.ReportTestData;

namespace ZeroTrustAI.Engine.Tests.Reporting.Zta;

public class ZtaMergeTests
{
    private static IReadOnlyList<ZtaTest> OurTests(IEnumerable<AssessmentResult>? results = null) => ZtaTest.From(results ?? Small(), Context());

    private static JsonDocument ParseFile(string path) => JsonDocument.Parse(File.ReadAllBytes(path).AsMemory().TrimBom());

    [Fact]
    public void Merge_KeepsEveryOriginalValueByteForByte_InZtaKeyOrder_WithEndOfJsonLast()
    {
        using var folder = new ZtaOutputFolder();
        using var before = ParseFile(folder.ReportJsonPath);
        var ours = OurTests();

        ZtaReportMerger.Merge(ZtaReportMerger.Locate(folder.Root), ours);

        using var after = ParseFile(folder.ReportJsonPath);
        var beforeProperties = before.RootElement.EnumerateObject().ToList();
        var afterProperties = after.RootElement.EnumerateObject().ToList();
        Assert.Equal(beforeProperties.Select(p => p.Name), afterProperties.Select(p => p.Name));
        Assert.Equal(ZtaReportJson.EndOfJson, afterProperties[^1].Name);
        foreach (var property in beforeProperties.Where(p => p.Name != "Tests" && p.Name != "TestResultSummary"))
        {
            Assert.Equal(property.Value.GetRawText(), after.RootElement.GetProperty(property.Name).GetRawText());
        }

        var originalTests = before.RootElement.GetProperty("Tests").EnumerateArray().Select(t => t.GetRawText()).ToList();
        var mergedTests = after.RootElement.GetProperty("Tests").EnumerateArray().ToList();
        Assert.Equal(originalTests, mergedTests.Take(originalTests.Count).Select(t => t.GetRawText()));
        Assert.Equal(ours.Select(t => t.TestId), mergedTests.Skip(originalTests.Count).Select(t => t.GetProperty("TestId").GetString()));
    }

    [Fact]
    public void Merge_RecomputesTheSummaryAsZtaDoes_OriginalCountsPlusOurs()
    {
        using var folder = new ZtaOutputFolder();
        using var before = ParseFile(folder.ReportJsonPath);
        var ours = OurTests();

        ZtaReportMerger.Merge(ZtaReportMerger.Locate(folder.Root), ours);

        using var after = ParseFile(folder.ReportJsonPath);
        var summaryBefore = before.RootElement.GetProperty("TestResultSummary");
        var summaryAfter = after.RootElement.GetProperty("TestResultSummary");
        Assert.Equal(summaryBefore.EnumerateObject().Select(p => p.Name), summaryAfter.EnumerateObject().Select(p => p.Name));
        foreach (var pillar in ZtaVocabulary.Pillars)
        {
            var ofPillar = ours.Where(t => t.TestPillar == pillar).ToList();
            Assert.Equal(summaryBefore.GetProperty(pillar + "Passed").GetInt32() + ofPillar.Count(t => t.TestStatus == "Passed"), summaryAfter.GetProperty(pillar + "Passed").GetInt32());
            Assert.Equal(summaryBefore.GetProperty(pillar + "Total").GetInt32() + ofPillar.Count(t => t.TestStatus != "Skipped" && t.TestStatus != "Planned"), summaryAfter.GetProperty(pillar + "Total").GetInt32());
        }

        // The fixture's original summary was made from its tests as ZTA makes it, so recomputing it alone changes nothing.
        var recomputed = ZtaReportJson.Summary(before.RootElement.GetProperty("Tests").EnumerateArray().Select(ZtaReportJson.ReadPillarsAndStatus));
        foreach (var property in summaryBefore.EnumerateObject())
        {
            Assert.Equal(property.Value.GetInt32(), recomputed[property.Name]);
        }
    }

    [Fact]
    public void Summary_CountsMultiPillarTestsForEachPillar_AndLeavesSkippedAndPlannedOutOfTotal()
    {
        var summary = ZtaReportJson.Summary(new (IReadOnlyList<string>, string?)[]
        {
            (new[] { "Data", "AI" }, "Passed"),
            (new[] { "ai" }, "failed"),
            (new[] { "AI" }, "Skipped"),
            (new[] { "AI" }, "Planned"),
            (Array.Empty<string>(), "Planned"),
            (new[] { "AI" }, "Investigate"),
        });

        Assert.Equal(1, summary["AIPassed"]);
        Assert.Equal(3, summary["AITotal"]);
        Assert.Equal(1, summary["DataPassed"]);
        Assert.Equal(1, summary["DataTotal"]);
        Assert.Equal(0, summary["IdentityTotal"]);
    }

    [Fact]
    public void Merge_RunTwice_ReplacesOurTests_NeverDuplicates()
    {
        using var folder = new ZtaOutputFolder();
        var files = ZtaReportMerger.Locate(folder.Root);
        var first = ZtaReportMerger.Merge(files, OurTests());
        var once = folder.Files();

        var second = ZtaReportMerger.Merge(files, OurTests());

        Assert.Equal(0, first.ReplacedTests);
        Assert.Equal(first.AddedTests, second.ReplacedTests);
        Assert.Equal(first.KeptTests, second.KeptTests);
        var twice = folder.Files();
        foreach (var name in new[] { "zt-export/ZeroTrustAssessmentReport.json", "ZeroTrustAssessmentReport.html", "ZeroTrustAssessmentReport-classic.html" }.Select(n => n.Replace('/', Path.DirectorySeparatorChar)))
        {
            Assert.Equal(once[name], twice[name]);
        }

        using var merged = ParseFile(folder.ReportJsonPath);
        var ids = merged.RootElement.GetProperty("Tests").EnumerateArray().Select(t => t.GetProperty("TestId").ToString()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Merge_WithFewerResults_DropsOurOldTests_KeepsZtas()
    {
        using var folder = new ZtaOutputFolder();
        var files = ZtaReportMerger.Locate(folder.Root);
        ZtaReportMerger.Merge(files, OurTests());
        var onlyOne = OurTests(Small().Where(r => r.ControlId == "ZTAI-AI-020"));

        var outcome = ZtaReportMerger.Merge(files, onlyOne);

        Assert.Equal(ZtaOutputFolder.Tests.Length, outcome.KeptTests);
        using var merged = ParseFile(folder.ReportJsonPath);
        var ours = merged.RootElement.GetProperty("Tests").EnumerateArray().Where(t => ZtaTest.IsOurs(t.GetProperty("TestId").ToString())).ToList();
        Assert.Equal("ZTAI-AI-020", Assert.Single(ours).GetProperty("TestId").GetString());
    }

    [Fact]
    public void Merge_ReembedsTheHtml_AsZtaEmbeds_KeepingEveryOtherByte()
    {
        using var folder = new ZtaOutputFolder();
        var ours = OurTests();

        ZtaReportMerger.Merge(ZtaReportMerger.Locate(folder.Root), ours);

        var json = File.ReadAllBytes(folder.ReportJsonPath);
        foreach (var html in folder.HtmlPaths)
        {
            var text = File.ReadAllText(html);
            Assert.StartsWith(ZtaOutputFolder.TemplateHead, text, StringComparison.Ordinal);
            Assert.EndsWith("\n" + ZtaOutputFolder.TemplateTail, text, StringComparison.Ordinal);

            // The page's data is the merged report: the same bytes as the JSON file ZTA wrote beside it.
            var bytes = File.ReadAllBytes(html);
            var (start, length) = ZtaReportHtml.FindReportData(bytes);
            Assert.Equal(json.AsSpan(0, length).ToArray(), bytes.AsSpan(start, length).ToArray());
            using var embedded = JsonDocument.Parse(bytes.AsMemory(start, length));
            var aiTests = embedded.RootElement.GetProperty("Tests").EnumerateArray()
                .Where(t => ZtaReportJson.ReadPillarsAndStatus(t).Pillars.Contains("AI"))
                .Select(t => t.GetProperty("TestId").ToString())
                .ToList();
            Assert.Contains("ZTAI-AI-020", aiTests);
            Assert.Contains("61004", aiTests);
        }
    }

    [Fact]
    public void Merge_KeepsBackupsOfWhatItReplaced_AndLeavesOtherExportFilesAlone()
    {
        using var folder = new ZtaOutputFolder();
        var before = folder.Files();

        var outcome = ZtaReportMerger.Merge(ZtaReportMerger.Locate(folder.Root), OurTests());

        Assert.Equal(3, outcome.Backups.Count);
        foreach (var backup in outcome.Backups)
        {
            var original = Path.GetRelativePath(folder.Root, backup[..^ZtaReportMerger.BackupSuffix.Length]);
            Assert.Equal(before[original], File.ReadAllBytes(backup));
        }

        var after = folder.Files();
        foreach (var untouched in before.Keys.Where(k => !k.StartsWith("ZeroTrustAssessmentReport", StringComparison.Ordinal) && !k.EndsWith("ZeroTrustAssessmentReport.json", StringComparison.Ordinal)))
        {
            Assert.Equal(before[untouched], after[untouched]);
        }

        Assert.DoesNotContain(after.Keys, k => k.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("\r\n", true)]
    [InlineData("\n", false)]
    public void Merge_KeepsTheByteOrderMarkAndLineEndings(string newLine, bool bom)
    {
        using var folder = new ZtaOutputFolder(newLine, bom);

        ZtaReportMerger.Merge(ZtaReportMerger.Locate(folder.Root), OurTests());

        var bytes = File.ReadAllBytes(folder.ReportJsonPath);
        Assert.Equal(bom, bytes.Length > 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF);
        var text = Encoding.UTF8.GetString(bytes);
        Assert.EndsWith("}" + newLine, text, StringComparison.Ordinal);
        Assert.Equal(newLine == "\r\n", text.Contains("\r\n", StringComparison.Ordinal));
        if (newLine == "\n")
        {
            Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void FindReportData_SkipsAnEarlierUseOfTheNameThatHoldsNoObject()
    {
        var page = Encoding.UTF8.GetBytes("<script>if(x){reportData=y}</script><script>const reportData= {\"Tests\":[],\"EndOfJson\":\"EndOfJson\"}\n;var z=1;</script>");
        var (start, length) = ZtaReportHtml.FindReportData(page);
        Assert.Equal("{\"Tests\":[],\"EndOfJson\":\"EndOfJson\"}", Encoding.UTF8.GetString(page, start, length));
    }

    [Fact]
    public void Merge_OfNotAReport_ThrowsAndWritesNothing()
    {
        using var folder = new ZtaOutputFolder();
        File.WriteAllText(folder.HtmlPaths[1], "<html>no data here</html>");
        var before = folder.Files();

        Assert.Throws<InvalidDataException>(() => ZtaReportMerger.Merge(ZtaReportMerger.Locate(folder.Root), OurTests()));

        var after = folder.Files();
        Assert.Equal(before.Keys.OrderBy(k => k), after.Keys.OrderBy(k => k));
        foreach (var file in before)
        {
            Assert.Equal(file.Value, after[file.Key]);
        }
    }

    [Fact]
    public void Locate_FindsTheReport_FromTheFolder_TheExportFolder_OrTheJson()
    {
        using var folder = new ZtaOutputFolder();
        foreach (var path in new[] { folder.Root, Path.Combine(folder.Root, "zt-export"), folder.ReportJsonPath })
        {
            var files = ZtaReportMerger.Locate(path);
            Assert.Equal(folder.ReportJsonPath, files.ReportJson);
            Assert.Equal(folder.HtmlPaths, files.HtmlReports);
        }

        Assert.Throws<FileNotFoundException>(() => ZtaReportMerger.Locate(Path.Combine(folder.Root, "ServicePrincipal-nothing")));
        Assert.Throws<FileNotFoundException>(() => ZtaReportMerger.Locate(Path.Combine(folder.Root, "zt-export", "ServicePrincipal")));
    }
}

internal static class MemoryExtensions
{
    public static ReadOnlyMemory<byte> TrimBom(this Memory<byte> bytes) =>
        bytes.Length >= 3 && bytes.Span[0] == 0xEF && bytes.Span[1] == 0xBB && bytes.Span[2] == 0xBF ? bytes[3..] : bytes;
}
