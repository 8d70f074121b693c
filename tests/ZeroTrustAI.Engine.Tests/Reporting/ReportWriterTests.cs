using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Reporting;
using static ZeroTrustAI.Engine.Tests.Reporting.ReportTestData;

namespace ZeroTrustAI.Engine.Tests.Reporting;

public class ReportWriterTests
{
    [Theory]
    [InlineData("report.html", ReportFormat.Html)]
    [InlineData("REPORT.HTM", ReportFormat.Html)]
    [InlineData("out/report.json", ReportFormat.Json)]
    [InlineData("report.Csv", ReportFormat.Csv)]
    [InlineData("report.md", ReportFormat.Markdown)]
    [InlineData("report.markdown", ReportFormat.Markdown)]
    [InlineData("rows.JSONL", ReportFormat.Jsonl)]
    [InlineData("report.txt", null)]
    [InlineData("report", null)]
    public void FromExtension_InfersFormat(string path, ReportFormat? expected)
    {
        Assert.Equal(expected, ReportFormats.FromExtension(path));
    }

    [Theory]
    [InlineData(ReportFormat.Html, typeof(HtmlReportWriter))]
    [InlineData(ReportFormat.Json, typeof(JsonReportWriter))]
    [InlineData(ReportFormat.Csv, typeof(CsvReportWriter))]
    [InlineData(ReportFormat.Markdown, typeof(MarkdownReportWriter))]
    [InlineData(ReportFormat.Jsonl, typeof(JsonlReportWriter))]
    public void For_ReturnsTheWriterOfEachFormat(ReportFormat format, Type expected)
    {
        var writer = ReportWriter.For(format);
        Assert.IsType(expected, writer);
        Assert.Equal(format, writer.Format);
    }

    [Theory]
    [InlineData(ReportFormat.Html)]
    [InlineData(ReportFormat.Csv)]
    [InlineData(ReportFormat.Markdown)]
    [InlineData(ReportFormat.Jsonl)]
    public void EveryFormat_IsCancellable(ReportFormat format)
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        using var text = new StringWriter();

        Assert.ThrowsAny<OperationCanceledException>(() => ReportWriter.Write(format, Small(), Context(), text, cancelled.Token));
    }

    [Fact]
    public void EveryFormat_SkipsNullResults()
    {
        var withNull = new List<AssessmentResult> { Result(), null!, Result(resourceName: "second") };
        Assert.Equal(3, CsvReportWriterTests.Parse(Render(ReportFormat.Csv, withNull)).Count);
    }

    [Fact]
    public void Context_DefaultsToTheEngineVersionAndTitle()
    {
        var context = new ReportContext();

        Assert.Matches(@"^\d+\.\d+\.\d+", context.ToolVersion);
        Assert.DoesNotContain("+", context.ToolVersion, StringComparison.Ordinal);
        Assert.Equal(ReportContext.DefaultTitle, context.EffectiveTitle);
        Assert.Equal(TimeSpan.Zero, context.GeneratedAt.Offset);
    }
}
