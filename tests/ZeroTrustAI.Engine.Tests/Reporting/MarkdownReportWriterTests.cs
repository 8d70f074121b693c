using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Reporting;
using static ZeroTrustAI.Engine.Tests.Reporting.ReportTestData;

namespace ZeroTrustAI.Engine.Tests.Reporting;

public class MarkdownReportWriterTests
{
    [Fact]
    public void Markdown_HasContextAndSummaryTablePerPillar()
    {
        var markdown = Render(ReportFormat.Markdown, Small());
        var lines = markdown.Split('\n').Select(l => l.TrimEnd('\r')).ToList();

        Assert.Equal("# Zero Trust for AI assessment", lines[0]);
        Assert.Contains("| Tenant | Contoso (`" + TenantId + "`) |", lines);
        Assert.Contains("| Generated | 2026-11-25 13:45 UTC |", lines);
        Assert.Contains("| Pillar | Pass | Fail | Warning | Not applicable | Skipped | Error | Suppressed | Total |", lines);
        Assert.Contains("| AI | 2 | 2 | 0 | 0 | 0 | 0 | 0 | 4 |", lines);
        Assert.Contains("| Data | 0 | 1 | 0 | 0 | 1 | 0 | 0 | 2 |", lines);
        Assert.Contains("| Network | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 1 |", lines);
        Assert.Contains("| **All** | **2** | **3** | **1** | **0** | **1** | **0** | **0** | **7** |", lines);
        Assert.Contains("7 results from 5 controls: 2 passed, 3 failed, 1 warning, 0 errors, 1 skipped.", lines);
    }

    [Fact]
    public void Markdown_GroupsFailuresBySeverityWorstFirst()
    {
        var markdown = Render(ReportFormat.Markdown, Small());

        var critical = markdown.IndexOf("### Critical (1)", StringComparison.Ordinal);
        var high = markdown.IndexOf("### High (2)", StringComparison.Ordinal);
        var warnings = markdown.IndexOf("## Warnings", StringComparison.Ordinal);
        var notAssessed = markdown.IndexOf("## Not assessed", StringComparison.Ordinal);
        Assert.True(critical > 0 && high > critical && warnings > high && notAssessed > warnings, markdown);
        Assert.Contains("#### ZTAI-AI-020: AI services accept Entra ID only (local key auth disabled)", markdown, StringComparison.Ordinal);
        Assert.Contains("| oai-contoso-prod | Microsoft.CognitiveServices/accounts | OpenAI account accepts API keys: disableLocalAuth is not true. | `properties.disableLocalAuth` = `false` (expected true) |", markdown, StringComparison.Ordinal);
        Assert.Contains("`properties.disableLocalAuth` = (absent) (expected true)", markdown, StringComparison.Ordinal);
        Assert.Contains("**References:** <https://learn.microsoft.com/azure/ai-services/disable-local-auth>", markdown, StringComparison.Ordinal);

        // A passing result is not listed among the failures.
        Assert.DoesNotContain("oai-contoso-dev", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_EscapesPipesLineBreaksAndMarkup()
    {
        var hostile = Result(
            resourceName: "a|b <script>alert(1)</script> [x](javascript:alert(1)) *em* `code`",
            reason: "first\nsecond\r\n# heading\r- item",
            title: "T|itle",
            evidence: new Evidence("p", "`x|y`", "z"));
        var markdown = Render(ReportFormat.Markdown, [hostile]);

        Assert.Contains("a\\|b \\<script\\>alert(1)\\</script\\> \\[x\\](javascript:alert(1)) \\*em\\* \\`code\\`", markdown, StringComparison.Ordinal);
        Assert.Contains("first<br>second<br># heading<br>- item", markdown, StringComparison.Ordinal);
        Assert.Contains("#### ZTAI-AI-020: T\\|itle", markdown, StringComparison.Ordinal);
        Assert.Contains("`` `x\\|y` ``", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", markdown, StringComparison.Ordinal);

        // Every line of a findings table is one row: it starts and ends with a pipe and has exactly four cells.
        var lines = markdown.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.DoesNotContain(lines, l => l.Contains('\r', StringComparison.Ordinal));
        var row = Assert.Single(lines, l => l.Contains("alert(1)", StringComparison.Ordinal));
        Assert.StartsWith("| ", row, StringComparison.Ordinal);
        Assert.Equal(5, System.Text.RegularExpressions.Regex.Count(row, @"(?<!\\)\|"));
    }

    [Fact]
    public void Markdown_SaysSoWhenNothingFailed()
    {
        var markdown = Render(ReportFormat.Markdown, [Result(status: ResultStatus.Pass)]);
        Assert.Contains("No control failed.", markdown, StringComparison.Ordinal);
    }
}
