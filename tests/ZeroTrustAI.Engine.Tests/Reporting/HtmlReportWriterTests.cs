using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Reporting.Estate;
using ZeroTrustAI.Engine.Tests.Infrastructure;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Reporting;
using static ZeroTrustAI.Engine.Tests.Reporting.ReportTestData;

namespace ZeroTrustAI.Engine.Tests.Reporting;

public class HtmlReportWriterTests
{
    private static readonly string[] Hostile =
    [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "</script><script>",
        "<!--",
        "' onmouseover='alert(1)",
    ];

    [Fact]
    public void Html_ContainsEveryControlIdContextAndSummary()
    {
        var html = Render(ReportFormat.Html, Small());
        var data = ReportData.Of(html);

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.EndsWith("</html>\n", html, StringComparison.Ordinal);
        Assert.Equal(Small().Select(r => r.ControlId).Distinct().Order(), data.ControlIds.Order());
        Assert.Equal(Small().Count, data.Results.Count);
        Assert.Equal(Small().Count(r => r.Status == ResultStatus.Fail), data.Results.Count(r => r.Status == ResultStatus.Fail));
        Assert.Contains("<dt>Tenant</dt><dd>Contoso</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Tenant ID</dt><dd>" + TenantId + "</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Generated</dt><dd>2026-11-25 13:45 UTC</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"num\">3</span><span class=\"lbl\">Failed</span>", html, StringComparison.Ordinal);

        // AI: 2 pass, 2 fail of 4 judged.
        Assert.Matches(">AI</text>.*?>50% passed</text>", html);
        Assert.Contains("Critical 1</button>", html, StringComparison.Ordinal);

        // Failures come first, worst severity first.
        Assert.Equal("ZTAI-DATA-901", data.Results[0].ControlId);
        Assert.True(data.Results.FindIndex(r => r.TargetName == "oai-property-absent") < data.Results.FindIndex(r => r.TargetName == "oai-contoso-dev"));
    }

    [Fact]
    public void Html_ShowsEvidenceRemediationAndCatalogDetails()
    {
        var html = Render(ReportFormat.Html, Small());
        var data = ReportData.Of(html);

        var evidence = data.Results.SelectMany(r => r.Evidence).ToList();
        Assert.Contains(("properties.disableLocalAuth", (string?)"false", "true"), evidence);
        Assert.Contains(("properties.disableLocalAuth", (string?)null, "true"), evidence);
        Assert.All(data.Results, r => Assert.Equal("Set disableLocalAuth to true.", r.Remediation));

        // Strings are written once: the remediation shared by every result is one entry of the string table.
        Assert.Single(data.Strings, s => s == "Set disableLocalAuth to true.");

        // Catalog details are written once per control, in its card; the data names the card of each known control.
        Assert.Equal("control-1", data.AnchorOf("ZTAI-AI-020"));
        var card = Regex.Match(html, "<article class=\"control-card\" id=\"control-1\">(.*?)</article>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("<code>ZTAI-AI-020</code>", card, StringComparison.Ordinal);
        Assert.Contains("<h4>What is checked</h4><p>Every Azure OpenAI", card, StringComparison.Ordinal);
        Assert.Contains("<h4>Why it matters</h4>", card, StringComparison.Ordinal);
        Assert.Contains("<dt>Microsoft cloud security benchmark</dt><dd>IM-1, IM-3</dd>", card, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://learn.microsoft.com/azure/ai-services/disable-local-auth\" rel=\"noopener noreferrer\" target=\"_blank\">", card, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(html, "<article class=\"control-card\""));
        Assert.Single(Regex.Matches(html, "<h4>Why it matters</h4>"));
    }

    [Fact]
    public void Html_EncodesHostileTextEverywhere()
    {
        var results = Hostile.Select((text, i) => Result(
            controlId: "ZTAI-AI-02" + i + text,
            resourceName: text,
            resourceType: text,
            resourceId: text,
            title: text,
            reason: text,
            run: new RunContext(Hostile[4], Hostile[1], Hostile[0], Hostile[2], null, GeneratedAt, "ZeroTrustAI", Hostile[3], Hostile[4], Hostile[0], [new DataSetCoverage(Hostile[2], CoverageState.Failed, detail: Hostile[1])]),
            evidence: new Evidence(text, text, text))).ToList();
        var context = new ReportContext { Title = Hostile[3] };

        var html = Render(ReportFormat.Html, results, context);

        // Two script elements: the JSON data block and the constant script, nothing from the data.
        Assert.Equal(2, Regex.Count(html, "<script", RegexOptions.IgnoreCase));
        Assert.Equal(2, Regex.Count(html, "</script", RegexOptions.IgnoreCase));
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<!--", html, StringComparison.Ordinal);
        Assert.All(AttributeNames(html), name => Assert.True(IsOurAttribute(name), $"Unexpected attribute '{name}'."));
        var markup = html.Replace(ReportData.Block(html), string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("' onmouseover", markup, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", markup, StringComparison.Ordinal);
        Assert.Contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;", markup, StringComparison.Ordinal);
        Assert.Contains("&lt;/script&gt;&lt;script&gt;", markup, StringComparison.Ordinal);
        Assert.Contains("&#39; onmouseover=&#39;alert(1)", markup, StringComparison.Ordinal);

        // The data block holds the values exactly, with no character that HTML could read as markup.
        var block = ReportData.Block(html);
        Assert.DoesNotContain('<', block);
        Assert.DoesNotContain('>', block);
        Assert.DoesNotContain('&', block);
        var data = ReportData.Of(html);
        Assert.All(Hostile, text => Assert.Contains(data.Results, r => r.TargetName == text && r.Reason == text && r.Evidence.Single() == (text, text, text)));

        // The constant script comes last.
        var script = Regex.Match(html, "<script>(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;
        Assert.DoesNotContain("alert", script, StringComparison.Ordinal);
        Assert.True(html.IndexOf("<script>", StringComparison.Ordinal) > html.IndexOf("id=\"ztai-data\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Html_DataBlockEscapesLineSeparatorsAndKeepsUnicode()
    {
        var html = Render(ReportFormat.Html, [Result(reason: "a\u2028b\u2029c \u00e9\u4e2d </SCRIPT> & \"q\" \\ end")]);

        var block = ReportData.Block(html);
        Assert.DoesNotContain('\u2028', block);
        Assert.DoesNotContain('\u2029', block);
        Assert.DoesNotContain("</", block, StringComparison.Ordinal);
        Assert.Equal("a\u2028b\u2029c \u00e9\u4e2d </SCRIPT> & \"q\" \\ end", ReportData.Of(html).Results.Single().Reason);
    }

    [Fact]
    public void Html_WithoutASnapshot_SaysHowToGetTheEstateView()
    {
        var html = Render(ReportFormat.Html, Small());

        Assert.Contains("Export-ZtaiReport -Snapshot", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"estate-svg\"", html, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, ReportData.Document(html).RootElement.GetProperty("e").ValueKind);
    }

    [Fact]
    public void Html_WithTheSampleSnapshot_CarriesItsEstateAndPaths()
    {
        var results = AssessmentEngine.Evaluate(Fixtures.Sample, ControlCatalog.All).ToList();
        var html = Render(ReportFormat.Html, results, new ReportContext { Snapshot = Fixtures.Sample });

        var estate = ReportData.Document(html).RootElement.GetProperty("e");
        var strings = ReportData.Of(html).Strings;
        var agentNames = estate.GetProperty("n").EnumerateArray().Where(n => n[0].GetInt32() == (int)EstateNodeKind.Agent).Select(n => strings[n[1].GetInt32()]).ToList();
        Assert.Equal(GraphDirectory.For(Fixtures.Sample).Agents.Select(a => a.DisplayName).Order(), agentNames.Order());
        Assert.Contains("id=\"estate-svg\"", html, StringComparison.Ordinal);
        Assert.NotEqual(0, estate.GetProperty("p").GetArrayLength());
    }

    [Fact]
    public void Html_LoadsNothingFromOutside()
    {
        var html = Render(ReportFormat.Html, Small());

        Assert.DoesNotMatch(new Regex(@"<(script|img|iframe|embed|object|audio|video|source)\b[^>]*\bsrc\s*=", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"<link\b", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"(src|href)\s*=\s*[""']?\s*(https?:)?//[^""'>]*\.(js|css|woff2?|ttf|otf)\b", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"@import|@font-face|url\s*\(", RegexOptions.IgnoreCase), html);

        // The only http(s) URLs in attributes are reference links.
        foreach (Match match in Regex.Matches(html, @"<(\w+)[^>]*\b(?:src|href|action|data)\s*=\s*""https?:", RegexOptions.IgnoreCase))
        {
            Assert.Equal("a", match.Groups[1].Value);
        }
    }

    [Fact]
    public void Html_ContentSecurityPolicyAllowsExactlyTheInlineStyleAndScript()
    {
        var html = Render(ReportFormat.Html, Small());

        var csp = Regex.Match(html, "<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">").Groups[1].Value;
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        var style = Regex.Match(html, "<style>(.*?)</style>", RegexOptions.Singleline).Groups[1].Value;
        var script = Regex.Match(html, "<script>(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("style-src 'sha256-" + Sha256(style) + "'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'sha256-" + Sha256(script) + "'", csp, StringComparison.Ordinal);

        // Hash-based policies ignore style attributes and inline handlers, so the page must not use any.
        Assert.DoesNotContain(AttributeNames(html), name => name == "style" || name.StartsWith("on", StringComparison.Ordinal));
    }

    [Fact]
    public void Html_LinksOnlyHttpReferences()
    {
        var metadata = new ControlMetadata(new ControlDefinition
        {
            Id = "ZTAI-AI-020",
            Description = "Checks things.",
            References = ["javascript:alert(1)", "data:text/html,<b>x</b>", "/relative/page", "https://learn.microsoft.com/ok?a=1&b=\"2\""],
        });

        var html = Render(ReportFormat.Html, [Result()], Context(_ => metadata));

        Assert.Single(Regex.Matches(html, "<a href=\"http"));
        Assert.Contains("<a href=\"https://learn.microsoft.com/ok?a=1&amp;b=%222%22\"", html, StringComparison.Ordinal);
        Assert.Contains("<li>javascript:alert(1)</li>", html, StringComparison.Ordinal);
        Assert.Contains("<li>data:text/html,&lt;b&gt;x&lt;/b&gt;</li>", html, StringComparison.Ordinal);
        Assert.Contains("<li>/relative/page</li>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_SurvivesAFailingControlLookup()
    {
        var html = Render(ReportFormat.Html, Small(), Context(_ => throw new InvalidOperationException("catalogue broken")));
        Assert.Contains("ZTAI-AI-020", ReportData.Of(html).ControlIds);
        Assert.Null(ReportData.Of(html).AnchorOf("ZTAI-AI-020"));
    }

    [Fact]
    public void Html_ReplacesControlCharacters()
    {
        var html = Render(ReportFormat.Html, [Result(resourceName: "a\u0000b\u001bc")], new ReportContext { TenantName = "x\u0007y" });
        Assert.Contains("x\uFFFDy", html, StringComparison.Ordinal);
        Assert.Equal("a\uFFFDb\uFFFDc", ReportData.Of(html).Results.Single().TargetName);
        Assert.DoesNotContain('\u0000', html);
        Assert.DoesNotContain("\\u0000", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Every attribute name of every start tag. Values are skipped as quoted strings, so text inside a (correctly
    /// encoded) value can never look like an attribute; an unencoded quote from data would surface here.
    /// </summary>
    private static List<string> AttributeNames(string html)
    {
        var names = new List<string>();
        foreach (Match tag in Regex.Matches(html, @"<[a-zA-Z][a-zA-Z0-9]*((?:\s+[^\s=>/]+(?:\s*=\s*(?:""[^""]*""|'[^']*'|[^\s>""']+))?)*)\s*/?>"))
        {
            foreach (Match attribute in Regex.Matches(tag.Groups[1].Value, @"\s+([^\s=>/]+)(?:\s*=\s*(?:""[^""]*""|'[^']*'|[^\s>""']+))?"))
            {
                names.Add(attribute.Groups[1].Value.ToLowerInvariant());
            }
        }

        Assert.NotEmpty(names);
        return names;
    }

    private static bool IsOurAttribute(string name) =>
        name.StartsWith("data-", StringComparison.Ordinal) || name.StartsWith("aria-", StringComparison.Ordinal) ||
        name is "lang" or "charset" or "http-equiv" or "content" or "name" or "class" or "id" or "type" or "title" or "role"
            or "scope" or "hidden" or "href" or "rel" or "target" or "placeholder" or "value" or "open"
            // SVG charts: geometry and presentation attributes, never style.
            or "viewbox" or "transform" or "x" or "y" or "cx" or "cy" or "r" or "rx" or "width" or "height" or "fill"
            or "stroke-width" or "stroke-dasharray" or "stroke-dashoffset" or "text-anchor" or "font-size" or "font-weight" or "opacity";

    private static string Sha256(string text) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
