using System.Runtime.CompilerServices;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Evaluation;

public class RemediationFixTests
{
    [Fact]
    public void A_fix_written_later_is_written_on_first_read_only_and_reads_as_one_written_at_once()
    {
        var writes = new int[1];
        var fix = RemediationFix.Later(FixLanguage.AzureCli, ("/subscriptions/s/x", writes), static state =>
        {
            state.writes[0]++;
            return new[] { "# it's a comment", null!, "az resource update --ids " + Quote.Shell(state.Item1) };
        });

        Assert.Equal(0, writes[0]);
        Assert.Equal(FixLanguage.AzureCli, fix.Language);
        var expected = RemediationFix.AzureCli("# it's a comment", null!, "az resource update --ids '/subscriptions/s/x'");
        Assert.Equal(expected.Script, fix.Script);
        Assert.Equal(fix.Script, fix.ToString());
        Assert.Equal(1, writes[0]);
    }

    [Fact]
    public void Results_kept_after_their_snapshot_is_dropped_do_not_keep_it_alive_and_their_fixes_still_read()
    {
        var (results, snapshot, resources) = AssessSampleKeepingOnlyTheResults();

        // Nothing the results hold (fixes written later included) reaches the snapshot or any of its resources once
        // they are dropped: a writer that took a resource instead of its id would keep the resource's JSON alive.
        for (var i = 0; i < 3 && (snapshot.IsAlive || resources.Any(r => r.IsAlive)); i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(snapshot.IsAlive, "a result kept after the run keeps the snapshot alive");
        Assert.True(resources.Count > 20, $"only {resources.Count} resources");
        Assert.DoesNotContain(resources, r => r.IsAlive);
        var fixes = results.Where(r => r.Fix != null).Select(r => r.Fix!.Script).ToList();
        Assert.True(fixes.Count > 50, $"only {fixes.Count} fixes");
        Assert.All(fixes, script => Assert.False(string.IsNullOrWhiteSpace(script)));
        Assert.Contains(results, r => r.Fix?.Script.StartsWith("az resource update --ids ", StringComparison.Ordinal) == true);
    }

    // Not inlined: the snapshot must be unreachable from the test's own frame once this returns.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (List<AssessmentResult> Results, WeakReference Snapshot, List<WeakReference> Resources) AssessSampleKeepingOnlyTheResults()
    {
        var snapshot = SnapshotReader.Read(Fixtures.SampleTenant);
        var results = AssessmentEngine.Evaluate(snapshot, ControlCatalog.All).ToList();
        return (results, new WeakReference(snapshot), snapshot.Resources.Select(r => new WeakReference(r)).ToList());
    }
}
