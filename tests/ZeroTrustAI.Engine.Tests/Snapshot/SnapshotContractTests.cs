using ZeroTrustAI.Engine.Tests.Controls;

namespace ZeroTrustAI.Engine.Tests.Snapshot;

public class SnapshotContractTests
{
    [Fact]
    public void The_repository_points_to_no_path_outside_it()
    {
        // Users get the repository only: a contract or fact kept elsewhere is one they can never read.
        var outside = "shared" + "/";
        var root = CatalogTests.RepositoryRoot();
        var files = new[] { "docs", "src", "module", "tests" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*", SearchOption.AllDirectories))
            .Concat(Directory.EnumerateFiles(root, "*.*", SearchOption.TopDirectoryOnly))
            .Where(file => !file.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !file.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Where(file => Path.GetExtension(file) is ".md" or ".cs" or ".ps1" or ".psd1" or ".psm1" or ".ps1xml" or ".props" or ".csproj" or ".json");

        var mentions = files.Where(file => File.ReadAllText(file).Contains(outside, StringComparison.OrdinalIgnoreCase))
            .Select(file => Path.GetRelativePath(root, file))
            .ToList();

        Assert.Empty(mentions);
    }

    [Fact]
    public void The_snapshot_format_page_is_the_contract()
    {
        var page = File.ReadAllText(Path.Combine(CatalogTests.RepositoryRoot(), "docs", "snapshot-format.md"));

        Assert.Contains("This page is the contract of the snapshot format", page, StringComparison.Ordinal);
        foreach (var section in new[] { "## Accepted JSON shapes", "## Graph sets", "## Azure resources", "## manifest.json", "## Problems and what happens", "## How Save-ZtaiSnapshot writes a snapshot" })
        {
            Assert.Contains(section, page, StringComparison.Ordinal);
        }
    }
}
