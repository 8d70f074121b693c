using System.Text;

namespace ZeroTrustAI.Engine.Tests.Reporting.Zta;

/// <summary>
/// A Zero Trust Assessment (2.6) output folder laid out as ZTA writes it: the HTML reports at the top embedding the
/// report JSON after "reportData= ", and zt-export/ with the report JSON (ConvertTo-Json -Depth 10 style: two-space
/// indent, ZTA's key order, EndOfJson last), the Workshop file, ztConfig.json and one export page. Its tests mix what
/// ZTA writes: numeric and string ids, a multi-pillar test, a planned test with no pillar, skipped, investigate and
/// error tests, and text outside ASCII.
/// </summary>
internal sealed class ZtaOutputFolder : IDisposable
{
    public const string TemplateHead = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Zero Trust Assessment</title></head><body><div id=\"root\"></div><script type=\"module\">var Qv=1;const reportData= ";
    public const string TemplateTail = ";var REACT_LAZY_TYPE=Symbol.for(\"react.lazy\");function Fv(){return reportData}</script></body></html>";

    public ZtaOutputFolder(string newLine = "\n", bool byteOrderMark = false)
    {
        Root = Path.Combine(Path.GetTempPath(), "ztai-zta-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, "zt-export", "ServicePrincipal"));
        NewLine = newLine;
        var json = ReportJson(newLine);
        var encoding = new UTF8Encoding(byteOrderMark);
        File.WriteAllText(ReportJsonPath, json + newLine, encoding);

        // Get-HtmlReport reads the JSON back through Out-File/Get-Content, so a line break follows it in the page.
        foreach (var html in HtmlPaths)
        {
            File.WriteAllText(html, TemplateHead + json + newLine + TemplateTail, new UTF8Encoding(false));
        }

        File.WriteAllText(Path.Combine(Root, "zt-export", "ZeroTrustWorkshop.json"), "{\"metadata\":{\"version\":\"1.0.0\"}}");
        File.WriteAllText(Path.Combine(Root, "zt-export", "ztConfig.json"), "{\"ServicePrincipal\": true}");
        File.WriteAllText(Path.Combine(Root, "zt-export", "ServicePrincipal", "ServicePrincipal-0.json"), "{\"value\": []}");
    }

    public string Root { get; }

    public string NewLine { get; }

    public string ReportJsonPath => Path.Combine(Root, "zt-export", "ZeroTrustAssessmentReport.json");

    public IReadOnlyList<string> HtmlPaths => new[] { Path.Combine(Root, "ZeroTrustAssessmentReport.html"), Path.Combine(Root, "ZeroTrustAssessmentReport-classic.html") };

    /// <summary>Every file of the folder with its bytes.</summary>
    public Dictionary<string, byte[]> Files() =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(Root, f), File.ReadAllBytes);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>(pillar or pillars or null, status, skipped-because) of each original test; the summary is computed from them as ZTA does.</summary>
    public static readonly (object? Id, object? Pillar, string Status, string Skipped)[] Tests =
    {
        (21770, "Identity", "Passed", ""),
        ("21771", "Identity", "Failed", ""),
        ("21772", "Identity", "Skipped", "NotLicensedEntraIDP2"),
        ("24540", "Devices", "Investigate", ""),
        ("25533", "Network", "Passed", ""),
        ("25534", "Network", "Error", ""),
        ("35001", new[] { "Data", "AI" }, "Failed", ""),
        ("35002", new[] { "Data", "AI" }, "Passed", ""),
        ("61004", "AI", "Passed", ""),
        ("21999", null, "Planned", "UnderConstruction"),
    };

    private static string ReportJson(string nl)
    {
        var tests = string.Join("," + nl, Tests.Select(t => TestJson(t.Id, t.Pillar, t.Status, t.Skipped, nl)));
        var summary = string.Join("," + nl, new[] { "Identity", "Devices", "Network", "Data", "Infrastructure", "SecOps", "AI" }.SelectMany(p => new[]
        {
            $"    \"{p}Passed\": {Tests.Count(t => Has(t.Pillar, p) && t.Status == "Passed")}",
            $"    \"{p}Total\": {Tests.Count(t => Has(t.Pillar, p) && t.Status != "Skipped" && t.Status != "Planned")}",
        }));
        return "{" + nl +
            "  \"ExecutedAt\": \"2026-11-30T08:21:38.163451+10:00\"," + nl +
            "  \"TenantId\": \"aaaabbbb-0000-cccc-1111-dddd2222eeee\"," + nl +
            "  \"TenantName\": \"Contoso – Zürich\"," + nl +
            "  \"Domain\": \"contoso.onmicrosoft.com\"," + nl +
            "  \"Account\": \"admin@contoso.onmicrosoft.com\"," + nl +
            "  \"CurrentVersion\": \"2.6.0\"," + nl +
            "  \"LatestVersion\": \"2.6.0\"," + nl +
            "  \"TestResultSummary\": {" + nl + summary + nl + "  }," + nl +
            "  \"Tests\": [" + nl + tests + nl + "  ]," + nl +
            "  \"TenantInfo\": {" + nl + "    \"OverviewCaMfaAllUsers\": {" + nl + "      \"nodes\": []," + nl + "      \"description\": \"Users → MFA\"" + nl + "    }" + nl + "  }," + nl +
            "  \"EndOfJson\": \"EndOfJson\"" + nl +
            "}";
    }

    private static bool Has(object? pillar, string name) => pillar switch
    {
        string one => one == name,
        string[] many => many.Contains(name),
        _ => false,
    };

    private static string TestJson(object? id, object? pillar, string status, string skipped, string nl)
    {
        var idText = id is int number ? number.ToString(System.Globalization.CultureInfo.InvariantCulture) : "\"" + id + "\"";
        var pillarText = pillar switch
        {
            string one => "\"" + one + "\"",
            string[] many => "[" + nl + string.Join("," + nl, many.Select(p => "        \"" + p + "\"")) + nl + "      ]",
            _ => "null",
        };
        // Key order varies in ZTA (a hashtable); this is one order it writes.
        return "    {" + nl +
            "      \"TestImplementationCost\": \"Low\"," + nl +
            "      \"TestPillar\": " + pillarText + "," + nl +
            "      \"TestCategory\": \"Application management\"," + nl +
            "      \"SkippedReason\": " + (skipped.Length > 0 ? "\"Skipped because " + skipped + ".\"" : "null") + "," + nl +
            "      \"TestImpact\": \"Low\"," + nl +
            "      \"TestAppliesTo\": [" + nl + "        \"Identity\"" + nl + "      ]," + nl +
            "      \"TestSfiPillar\": \"Protect engineering systems\"," + nl +
            "      \"TestSkipped\": \"" + skipped + "\"," + nl +
            "      \"TestMinimumLicense\": \"P1\"," + nl +
            "      \"TestTags\": null," + nl +
            "      \"TestTitle\": \"Apps don’t have secrets <" + id + ">\"," + nl +
            "      \"TestRisk\": \"High\"," + nl +
            "      \"TestResult\": \"\\n✅ Checked | Name |\\n| :--- |\"," + nl +
            "      \"TestStatus\": \"" + status + "\"," + nl +
            "      \"TestDescription\": \"Unmaintained \\\"dangling\\\" URIs.\"," + nl +
            "      \"TestId\": " + idText + nl +
            "    }";
    }
}
