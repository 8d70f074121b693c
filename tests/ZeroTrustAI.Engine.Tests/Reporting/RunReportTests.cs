using System.Text.Json;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Reporting;
using ZeroTrustAI.Engine.Tests.Evaluation;
using static ZeroTrustAI.Engine.Tests.Reporting.ReportTestData;

namespace ZeroTrustAI.Engine.Tests.Reporting;

/// <summary>Reports take run metadata and coverage from the runs their results reference, one section per run.</summary>
public class RunReportTests
{
    private static List<AssessmentResult> Assess(string tenantId, string tenantName, out string source)
    {
        using var temp = RunContextTests.SnapshotWithEveryCoverageState(tenantId, tenantName);
        source = temp.Root;
        return AssessmentEngine.Evaluate(temp.Read(), ControlCatalog.All).ToList();
    }

    [Fact]
    public void Every_format_shows_the_run_metadata_and_coverage_of_its_snapshot()
    {
        var results = Assess("t-1", "Fabrikam", out var source);
        var run = results[0].Run!;

        using var json = JsonDocument.Parse(Render(ReportFormat.Json, results));
        var root = json.RootElement;
        Assert.Equal(("t-1", "Fabrikam"), (root.GetProperty("tenant").GetProperty("id").GetString(), root.GetProperty("tenant").GetProperty("name").GetString()));
        Assert.Equal(source, root.GetProperty("snapshot").GetProperty("source").GetString());
        Assert.Equal("2026-11-20T09:30:00Z", root.GetProperty("snapshot").GetProperty("collectedAt").GetString());
        var jsonRun = Assert.Single(root.GetProperty("runs").EnumerateArray());
        Assert.Equal(run.RunId, jsonRun.GetProperty("runId").GetString());
        Assert.Equal("USGovernment", jsonRun.GetProperty("snapshot").GetProperty("cloud").GetString());
        Assert.Equal(results.Count, jsonRun.GetProperty("resultCount").GetInt32());
        Assert.Equal(run.Coverage.Count, jsonRun.GetProperty("coverage").GetArrayLength());
        var skipped = jsonRun.GetProperty("coverage").EnumerateArray().Single(c => c.GetProperty("dataSet").GetString() == "graph/oauth2PermissionGrants");
        Assert.Equal(("Skipped", "DelegatedPermissionGrant.Read.All"), (skipped.GetProperty("state").GetString(), skipped.GetProperty("missingPermission").GetString()));
        Assert.All(root.GetProperty("results").EnumerateArray(), r => Assert.Equal(run.RunId, r.GetProperty("runId").GetString()));

        var markdown = Render(ReportFormat.Markdown, results);
        Assert.Contains("| Tenant | Fabrikam (`t-1`) |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Collected | 2026-11-20 09:30 UTC with ZeroTrustAI 0.1.0 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Run | `" + run.RunId + "`", markdown, StringComparison.Ordinal);
        Assert.Contains("## Coverage", markdown, StringComparison.Ordinal);
        Assert.Contains(ReportRunsLine(run), markdown, StringComparison.Ordinal);
        Assert.Contains("| `graph/oauth2PermissionGrants` | Skipped | The identity lacks DelegatedPermissionGrant.Read.All. |", markdown, StringComparison.Ordinal);
        Assert.Contains("| `graph/applications` | Failed | 403 Forbidden |", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("## Runs", markdown, StringComparison.Ordinal);

        var html = Render(ReportFormat.Html, results);
        Assert.Contains("<dt>Tenant</dt><dd>Fabrikam</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Run</dt><dd>" + run.RunId + "</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Cloud</dt><dd>USGovernment</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"coverage-title\">Coverage</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td><code>graph/oauth2PermissionGrants</code></td><td><span class=\"badge st-skipped\">Skipped</span>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td><code>arm/Microsoft.KeyVault/vaults</code></td><td><span class=\"badge st-warning\">Partial</span>", html, StringComparison.Ordinal);

        var csv = CsvReportWriterTests.Parse(Render(ReportFormat.Csv, results));
        var header = csv[0];
        Assert.All(csv.Skip(1), row => Assert.Equal(("t-1", "Fabrikam", run.RunId), (row[header.IndexOf("TenantId")], row[header.IndexOf("TenantName")], row[header.IndexOf("RunId")])));
    }

    [Fact]
    public void Results_of_two_snapshots_in_one_report_keep_their_own_tenant()
    {
        var fabrikam = Assess("t-1", "Fabrikam", out _);
        var northwind = Assess("t-2", "Northwind", out _);
        var both = fabrikam.Concat(northwind).ToList();
        var expected = both.ToDictionary(r => r, r => r.TenantId);

        using var json = JsonDocument.Parse(Render(ReportFormat.Json, both));
        var root = json.RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("tenant").GetProperty("id").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("snapshot").GetProperty("source").ValueKind);
        var runs = root.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(2, runs.Count);
        Assert.Equal(("t-1", "Fabrikam", fabrikam.Count), (runs[0].GetProperty("tenant").GetProperty("id").GetString(), runs[0].GetProperty("tenant").GetProperty("name").GetString(), runs[0].GetProperty("resultCount").GetInt32()));
        Assert.Equal(("t-2", "Northwind", northwind.Count), (runs[1].GetProperty("tenant").GetProperty("id").GetString(), runs[1].GetProperty("tenant").GetProperty("name").GetString(), runs[1].GetProperty("resultCount").GetInt32()));
        var runTenant = runs.ToDictionary(r => r.GetProperty("runId").GetString()!, r => r.GetProperty("tenant").GetProperty("id").GetString());
        Assert.All(root.GetProperty("results").EnumerateArray(), r => Assert.Equal(runTenant[r.GetProperty("runId").GetString()!], r.GetProperty("tenantId").GetString()));

        // A -TenantName override cannot relabel several tenants as one.
        using var overridden = JsonDocument.Parse(Render(ReportFormat.Json, both, new ReportContext { TenantName = "One name" }));
        Assert.Equal("Northwind", overridden.RootElement.GetProperty("runs")[1].GetProperty("tenant").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, overridden.RootElement.GetProperty("tenant").GetProperty("name").ValueKind);

        var markdown = Render(ReportFormat.Markdown, both);
        Assert.Contains("| Tenants | 2 (see Runs) |", markdown, StringComparison.Ordinal);
        Assert.Contains("## Runs", markdown, StringComparison.Ordinal);
        Assert.Contains("| Fabrikam | `t-1` | `" + fabrikam[0].Run!.RunId + "` |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Northwind | `t-2` | `" + northwind[0].Run!.RunId + "` |", markdown, StringComparison.Ordinal);
        Assert.Contains("### Fabrikam (run `" + fabrikam[0].Run!.RunId + "`)", markdown, StringComparison.Ordinal);
        Assert.Contains("### Northwind (run `" + northwind[0].Run!.RunId + "`)", markdown, StringComparison.Ordinal);
        var failingTargets = both.Where(r => r.Status == ResultStatus.Fail).ToList();
        Assert.All(failingTargets, r => Assert.Contains("| " + r.TenantName + " | " + MarkdownText.Escape(r.ResourceName) + " |", markdown, StringComparison.Ordinal));

        var html = Render(ReportFormat.Html, both);
        Assert.Contains("<dt>Tenants</dt><dd>2</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"runs-title\">Runs</h2>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<dt>Tenant</dt>", html, StringComparison.Ordinal);

        var csv = CsvReportWriterTests.Parse(Render(ReportFormat.Csv, both));
        Assert.Equal(both.Select(r => r.TenantId), csv.Skip(1).Select(row => row[csv[0].IndexOf("TenantId")]));
        Assert.All(both, r => Assert.Equal(expected[r], r.TenantId));
    }

    [Fact]
    public void A_tenant_name_override_applies_to_a_report_of_one_tenant()
    {
        var results = Assess("t-1", "Fabrikam", out _);

        var renamed = Render(ReportFormat.Markdown, results, new ReportContext { TenantName = "Fabrikam Ltd", GeneratedAt = GeneratedAt });

        Assert.Contains("| Tenant | Fabrikam Ltd (`t-1`) |", renamed, StringComparison.Ordinal);
    }

    private static string ReportRunsLine(RunContext run) =>
        run.Coverage.Count(c => c.State == CoverageState.Collected) + " of " + run.Coverage.Count + " data sets collected; the rest:";
}
