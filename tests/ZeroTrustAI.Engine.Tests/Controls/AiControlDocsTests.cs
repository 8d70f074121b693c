using ZeroTrustAI.Engine.Controls;

namespace ZeroTrustAI.Engine.Tests.Controls;

/// <summary>Every Azure AI services control carries complete metadata and a doc page with the agreed sections.</summary>
public class AiControlDocsTests
{
    public static TheoryData<string> AiServiceControlIds()
    {
        var data = new TheoryData<string>();
        foreach (var control in ControlCatalog.All.Where(c => IsAiServicesControl(c.Metadata.Id)))
        {
            data.Add(control.Metadata.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AiServiceControlIds))]
    public void Control_HasCompleteMetadata(string id)
    {
        var metadata = ControlCatalog.Find(id)!.Metadata;

        Assert.False(string.IsNullOrWhiteSpace(metadata.Title));
        Assert.False(string.IsNullOrWhiteSpace(metadata.Description));
        Assert.False(string.IsNullOrWhiteSpace(metadata.Rationale));
        Assert.False(string.IsNullOrWhiteSpace(metadata.Remediation));
        Assert.NotEmpty(metadata.References);
        Assert.All(metadata.References, r => Assert.StartsWith("https://learn.microsoft.com/", r, StringComparison.Ordinal));
        Assert.NotEmpty(metadata.RequiredData);
        Assert.True(metadata.Mappings.Workshop.Count + metadata.Mappings.Mcsb.Count > 0, $"{id} maps to no framework.");
    }

    [Theory]
    [MemberData(nameof(AiServiceControlIds))]
    public void Control_HasDocPageWithRequiredSections(string id)
    {
        var page = Path.Combine(RepositoryRoot(), "docs", "controls", id + ".md");
        Assert.True(File.Exists(page), $"Missing {page}");
        var text = File.ReadAllText(page);

        Assert.StartsWith($"# {id}: {ControlCatalog.Find(id)!.Metadata.Title}", text, StringComparison.Ordinal);
        foreach (var row in new[] { "| Pillar |", "| Principle |", "| Severity |", "| Mappings |" })
        {
            Assert.Contains(row, text, StringComparison.Ordinal);
        }

        foreach (var section in new[] { "## Why it matters", "## How it is checked", "## How to fix", "## References" })
        {
            Assert.Contains("\n" + section + "\n", text, StringComparison.Ordinal);
        }
    }

    /// <summary>The ids this part of the project owns: ZTAI-AI-020..039, ZTAI-NET-001..019, ZTAI-DATA-010..019.</summary>
    private static bool IsAiServicesControl(string id)
    {
        static bool InRange(string id, string prefix, int low, int high) =>
            id.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(id.AsSpan(prefix.Length), out var n)
            && n >= low && n <= high;

        return InRange(id, "ZTAI-AI-", 20, 39) || InRange(id, "ZTAI-NET-", 1, 19) || InRange(id, "ZTAI-DATA-", 10, 19);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ZeroTrustAI.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ZeroTrustAI.sln not found above " + AppContext.BaseDirectory);
    }
}
