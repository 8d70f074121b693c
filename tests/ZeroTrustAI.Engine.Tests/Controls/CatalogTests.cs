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

    [Fact]
    public void Control_pages_are_exactly_what_the_definitions_generate()
    {
        var folder = Path.Combine(RepositoryRoot(), "docs", "controls");

        var drift = ControlDocumentation.FindDrift(ControlCatalog.All.Select(c => c.Metadata), folder);

        Assert.True(drift.Count == 0, "docs/controls is out of step with the controls (run build.ps1 -Task Docs):\n" + string.Join("\n", drift));
    }

    [Fact]
    public void Drift_check_catches_a_hand_edit_a_missing_page_an_orphan_and_a_stale_index()
    {
        using var copy = new TempSnapshot();
        var metadata = ControlCatalog.All.Select(c => c.Metadata).ToList();
        ControlDocumentation.WriteAll(metadata, copy.Root);
        Assert.Empty(ControlDocumentation.FindDrift(metadata, copy.Root));

        var edited = Path.Combine(copy.Root, "ZTAI-DATA-022.md");
        File.WriteAllText(edited, File.ReadAllText(edited).Replace("## Why it matters", "## Why it matters\n\nA sentence added by hand.", StringComparison.Ordinal));
        File.Delete(Path.Combine(copy.Root, "ZTAI-AI-001.md"));
        File.WriteAllText(Path.Combine(copy.Root, "ZTAI-AI-999.md"), "# ZTAI-AI-999: gone\n");
        var index = Path.Combine(copy.Root, ControlDocumentation.IndexFileName);
        File.WriteAllText(index, File.ReadAllText(index).Replace("[ZTAI-NET-002](ZTAI-NET-002.md)", "ZTAI-NET-002", StringComparison.Ordinal));

        var drift = ControlDocumentation.FindDrift(metadata, copy.Root);

        Assert.Contains(drift, d => d.StartsWith("ZTAI-DATA-022.md: differs", StringComparison.Ordinal) && d.Contains("A sentence added by hand", StringComparison.Ordinal));
        Assert.Contains(drift, d => d.StartsWith("ZTAI-AI-001.md: missing", StringComparison.Ordinal));
        Assert.Contains(drift, d => d.StartsWith("ZTAI-AI-999.md: orphaned", StringComparison.Ordinal));
        Assert.Contains(drift, d => d.StartsWith("README.md: differs", StringComparison.Ordinal));
        Assert.Equal(4, drift.Count);
    }

    [Fact]
    public void Azure_resource_types_are_spelled_only_in_the_registry()
    {
        // A quoted "Microsoft.<Provider>/<type>" in code (not in a comment or a control's prose) outside Azure/ResourceTypes.cs.
        var literal = new Regex("\"Microsoft\\.[A-Za-z]+/[A-Za-z/]+\"", RegexOptions.CultureInvariant);
        var offenders = new List<string>();
        var source = Path.Combine(RepositoryRoot(), "src");
        foreach (var file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || file.EndsWith(Path.Combine("Azure", "ResourceTypes.cs"), StringComparison.Ordinal))
            {
                continue;
            }

            var inRaw = false;
            var number = 0;
            foreach (var line in File.ReadLines(file))
            {
                number++;
                var text = line.Trim();
                if (text.Contains("\"\"\"", StringComparison.Ordinal))
                {
                    inRaw = !inRaw;
                    continue;
                }

                if (!inRaw && !text.StartsWith("//", StringComparison.Ordinal) && literal.IsMatch(text))
                {
                    offenders.Add($"{Path.GetRelativePath(source, file)}:{number}: {text}");
                }
            }
        }

        Assert.True(offenders.Count == 0, "Resource type literals outside Azure/ResourceTypes.cs:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void Metadata_cannot_be_changed_through_what_a_user_holds()
    {
        var metadata = ControlCatalog.Find("ZTAI-AI-027")!.Metadata;

        Assert.All(typeof(ControlMetadata).GetProperties(), p => Assert.Null(p.SetMethod));
        Assert.All(typeof(ControlMappings).GetProperties(), p => Assert.Null(p.SetMethod));
        Assert.Throws<NotSupportedException>(() => ((IList<string>)metadata.RequiredData)[0] = "graph/nothing");
        Assert.Throws<NotSupportedException>(() => ((IList<string>)metadata.References).Clear());
        Assert.Same(metadata, ControlCatalog.Find("ZTAI-AI-027")!.Metadata);
    }

    [Theory]
    [MemberData(nameof(ControlIds))]
    public void Sample_tenant_has_a_passing_and_a_failing_target(string id)
    {
        var results = Fixtures.Evaluate(id, Fixtures.Sample);
        Assert.DoesNotContain(results, r => r.Status == ResultStatus.Error || r.Status == ResultStatus.Skipped);

        // A control judged once for the whole tenant can only pass or fail in one tenant: its fixture cases show both.
        if (results.Count == 1 && results[0].ResourceType == "tenant" && results[0].Status != ResultStatus.NotApplicable)
        {
            Assert.True(Fixtures.FixtureCases(id).Count > 1, $"{id} is judged for the whole tenant: its fixture needs a passing and a failing case.");
            return;
        }

        Assert.Contains(results, r => r.Status == ResultStatus.Pass);
        Assert.Contains(results, r => r.Status == ResultStatus.Fail);
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
