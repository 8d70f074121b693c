using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Reporting
{
    /// <summary>
    /// A writer that writes UTF-8 bytes (JSON written with Utf8JsonWriter): a text writer gets the same bytes, decoded.
    /// These formats are small (one entry per control or per failing target), so the text is buffered once.
    /// </summary>
    public abstract class StreamReportWriter : ReportWriter
    {
        private protected StreamReportWriter()
        {
        }

        private protected abstract override void WriteCore(IEnumerable<AssessmentResult> results, ReportContext context, Stream output, CancellationToken cancellationToken);

        private protected sealed override void WriteCore(IEnumerable<AssessmentResult> results, ReportContext context, TextWriter output, CancellationToken cancellationToken)
        {
            using var buffer = new MemoryStream();
            WriteCore(results, context, buffer, cancellationToken);
            output.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        }
    }
}
