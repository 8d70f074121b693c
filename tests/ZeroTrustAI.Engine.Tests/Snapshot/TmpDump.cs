using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Tests.Infrastructure;
namespace ZeroTrustAI.Engine.Tests.Snapshot;
public class TmpDump
{
    [Fact]
    public void Dump()
    {
        foreach (var shape in new[] { "rest" })
        {
            var s = Fixtures.Read("Reader/" + shape);
            File.WriteAllLines("/tmp/dump-" + shape + ".txt", AssessmentEngine.Evaluate(s, ControlCatalog.All).Select(r => $"{r.ControlId} | {r.Status} | {r.ResourceName} | {r.ResourceType} | {r.Reason} || {string.Join("; ", r.Evidence)}"));
        }
        var sample = Fixtures.Sample;
        File.WriteAllLines("/tmp/dump-sample-new.txt", AssessmentEngine.Evaluate(sample, ControlCatalog.All).Select(r => $"{r.ControlId} | {r.Status} | {r.ResourceId} | {r.ResourceType} | {r.Reason}").OrderBy(x => x));
    }
}
