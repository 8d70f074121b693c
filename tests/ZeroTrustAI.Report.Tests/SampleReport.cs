using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Reporting;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Report.Tests;

/// <summary>Reports written for the browser tests: the bundled sample tenant assessed by every control.</summary>
internal static class SampleReport
{
    public static readonly string SampleTenant = Path.Combine(AppContext.BaseDirectory, "SampleTenant");

    private static readonly Lazy<(TenantSnapshot Snapshot, List<AssessmentResult> Results)> Sample = new(() =>
    {
        var snapshot = SnapshotReader.Read(SampleTenant);
        return (snapshot, AssessmentEngine.Evaluate(snapshot, ControlCatalog.All).ToList());
    });

    public static TenantSnapshot Snapshot => Sample.Value.Snapshot;

    public static IReadOnlyList<AssessmentResult> Results => Sample.Value.Results;

    private static readonly Lazy<string> SampleFile = new(() => Write(Results, Snapshot));

    /// <summary>The sample's report with its estate, written once.</summary>
    public static string File => SampleFile.Value;

    public static string Write(IEnumerable<AssessmentResult> results, TenantSnapshot? snapshot)
    {
        var folder = Directory.CreateTempSubdirectory("ztai-report-");
        var path = Path.Combine(folder.FullName, "report.html");
        using var stream = System.IO.File.Create(path);
        ReportWriter.Write(ReportFormat.Html, results, new ReportContext { Snapshot = snapshot }, stream);
        return path;
    }

    /// <summary>A copy of the sample tenant with one text replaced in one file, read as a snapshot.</summary>
    public static TenantSnapshot SampleWith(string relativeFile, string find, string replace)
    {
        var folder = Directory.CreateTempSubdirectory("ztai-sample-");
        foreach (var file in Directory.EnumerateFiles(SampleTenant, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder.FullName, Path.GetRelativePath(SampleTenant, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            System.IO.File.Copy(file, target);
        }

        var edited = Path.Combine(folder.FullName, relativeFile);
        var text = System.IO.File.ReadAllText(edited);
        Assert.Contains(find, text, StringComparison.Ordinal);
        System.IO.File.WriteAllText(edited, text.Replace(find, replace, StringComparison.Ordinal));
        return SnapshotReader.Read(folder.FullName);
    }
}
