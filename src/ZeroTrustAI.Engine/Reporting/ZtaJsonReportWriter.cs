using System.Collections.Generic;
using System.Linq;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Reporting.Zta;

namespace ZeroTrustAI.Engine.Reporting
{
    /// <summary>
    /// A Zero Trust Assessment report holding our results as ZTA tests, one per control (see <see cref="ZtaTest"/>);
    /// Merge-ZtaiZtaReport adds the same tests to an existing ZTA output.
    /// </summary>
    public sealed class ZtaJsonReportWriter : StreamReportWriter
    {
        public override ReportFormat Format => ReportFormat.ZtaJson;

        private protected override void WriteCore(IEnumerable<AssessmentResult> results, ReportContext context, Stream output, CancellationToken cancellationToken)
        {
            var all = results as IReadOnlyCollection<AssessmentResult> ?? results.ToList();
            var runs = ReportRuns.Of(all);
            var tests = ZtaTest.From(all, context, cancellationToken);
            using var json = new Utf8JsonWriter(output, ZtaReportJson.WriterOptions("\n"));
            ZtaReportJson.WriteReport(json, tests, context, runs.TenantId, runs.TenantName(context));
        }
    }
}
