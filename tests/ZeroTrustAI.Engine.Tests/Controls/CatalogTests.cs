using System.Text.RegularExpressions;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Controls;

/// <summary>Rules every control in the catalog keeps, and what the bundled sample tenant must show for each.</summary>
public class CatalogTests
{
    public static TheoryData<string> ControlIds()
    {
        var data = new TheoryData<string>();
        foreach (var control in ControlCatalog.All)
        {
            data.Add(control.Metadata.Id);
        }

        return data;
    }

    [Fact]
    public void Catalog_has_at_least_24_controls_six_per_pillar_across_all_principles()
    {
        var all = ControlCatalog.All.Select(c => c.Metadata).ToList();

        Assert.True(all.Count >= 24, $"{all.Count} controls");
        foreach (var pillar in Enum.GetValues<Pillar>())
        {
            Assert.True(all.Count(m => m.Pillar == pillar) >= 6, $"{pillar} has {all.Count(m => m.Pillar == pillar)} controls");
        }

        Assert.Equal(Enum.GetValues<Principle>().Length, all.Select(m => m.Principle).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(ControlIds))]
    public void Metadata_is_complete_and_the_id_matches_the_pillar(string id)
    {
        var metadata = ControlCatalog.Find(id)!.Metadata;
        var prefix = metadata.Pillar switch { Pillar.AI => "AI", Pillar.Data => "DATA", _ => "NET" };

        Assert.Matches(new Regex($"^ZTAI-{prefix}-\\d{{3}}$"), metadata.Id);
        Assert.False(string.IsNullOrWhiteSpace(metadata.Title));
        Assert.False(string.IsNullOrWhiteSpace(metadata.Description));
        Assert.False(string.IsNullOrWhiteSpace(metadata.Rationale));
        Assert.False(string.IsNullOrWhiteSpace(metadata.Remediation));
        Assert.NotEmpty(metadata.RequiredData);
        Assert.NotEmpty(metadata.References);
        Assert.All(metadata.References, r => Assert.StartsWith("https://", r));
        Assert.True(metadata.Mappings.Workshop.Count + metadata.Mappings.ZeroTrustAssessment.Count + metadata.Mappings.Mcsb.Count + metadata.Mappings.OwaspLlm.Count > 0, "no mapping");
        Assert.All(metadata.Mappings.Workshop, w => Assert.Matches("^AI_\\d{3}$", w));
    }

    [Theory]
    [MemberData(nameof(ControlIds))]
    public void Every_control_has_a_doc_page(string id)
    {
        var page = Path.Combine(RepositoryRoot(), "docs", "controls", id + ".md");
        Assert.True(File.Exists(page), $"missing {page}");
        var text = File.ReadAllText(page).Replace("\r\n", "\n", StringComparison.Ordinal);

        Assert.StartsWith($"# {id}: {ControlCatalog.Find(id)!.Metadata.Title}\n", text, StringComparison.Ordinal);
        foreach (var row in new[] { "| Pillar |", "| Principle |", "| Severity |", "| Mappings |" })
        {
            Assert.Contains(row, text, StringComparison.Ordinal);
        }

        foreach (var section in new[] { "## Why it matters", "## How it is checked", "## How to fix", "## References" })
        {
            Assert.Contains("\n" + section + "\n", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Catalog_index_lists_every_control_and_nothing_else()
    {
        var index = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "controls", "README.md"));
        var listed = Regex.Matches(index, @"\[(ZTAI-[A-Z]+-\d{3})\]").Select(m => m.Groups[1].Value).OrderBy(i => i, StringComparer.Ordinal);

        Assert.Equal(ControlCatalog.All.Select(c => c.Metadata.Id).OrderBy(i => i, StringComparer.Ordinal), listed);
    }

    [Theory]
    [MemberData(nameof(ControlIds))]
    public void Sample_tenant_has_a_passing_and_a_failing_target(string id)
    {
        var results = Fixtures.Evaluate(id, Fixtures.Sample);

        Assert.Contains(results, r => r.Status == ResultStatus.Pass);
        Assert.Contains(results, r => r.Status == ResultStatus.Fail || r.Status == ResultStatus.Warning);
        Assert.DoesNotContain(results, r => r.Status == ResultStatus.Error || r.Status == ResultStatus.Skipped);
    }

    [Fact]
    public void Sample_tenant_reads_without_issues()
    {
        // The sample shows a template-form diagnostic setting (no id): the reader derives its id and says so.
        Assert.DoesNotContain(Fixtures.Sample.Issues, i => i.Kind != SnapshotIssueKind.Information);
        Assert.Equal("Contoso", Fixtures.Sample.TenantName);
    }

    internal static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder != null && !File.Exists(Path.Combine(folder.FullName, "ZeroTrustAI.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Repository root not found above " + AppContext.BaseDirectory);
    }
}
