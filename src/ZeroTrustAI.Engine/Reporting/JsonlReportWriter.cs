using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Reporting
{
    /// <summary>
    /// JSON Lines: one flat <see cref="ResultRow"/> object per result and line, nothing else, for loading into Azure
    /// Data Explorer, a Log Analytics table or any JSON Lines reader. Each row is written as its result arrives and
    /// nothing is kept, so memory stays constant however many results there are.
    /// </summary>
    public sealed class JsonlReportWriter : ReportWriter
    {
        public override ReportFormat Format => ReportFormat.Jsonl;

        private protected override void WriteCore(IEnumerable<AssessmentResult> results, ReportContext context, Stream output, CancellationToken cancellationToken)
        {
            using var rows = new RowWriter(output);
            foreach (var result in results)
            {
                cancellationToken.ThrowIfCancellationRequested();
                rows.Write(result);
            }
        }

        private protected override void WriteCore(IEnumerable<AssessmentResult> results, ReportContext context, TextWriter output, CancellationToken cancellationToken)
        {
            using var buffer = new MemoryStream();
            using var rows = new RowWriter(buffer);
            foreach (var result in results)
            {
                cancellationToken.ThrowIfCancellationRequested();
                rows.Write(result);

                // Rows are whole lines of UTF-8, so each can be decoded on its own.
                output.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
                buffer.SetLength(0);
            }
        }

        /// <summary>Writes rows one at a time to a stream (left open); for callers that receive results one by one.</summary>
        public sealed class RowWriter : IDisposable
        {
            private const int FlushThreshold = 32 * 1024;
            private static readonly byte[] NewLine = { (byte)'\n' };

            // Rows are data for ingestion, not for embedding in HTML: only what JSON requires is escaped.
            private static readonly JsonWriterOptions Options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

            private readonly Stream _output;
            private readonly Utf8JsonWriter _json;

            public RowWriter(Stream output)
            {
                _output = output ?? throw new ArgumentNullException(nameof(output));
                _json = new Utf8JsonWriter(output, Options);
            }

            /// <summary>How many rows were written.</summary>
            public long Count { get; private set; }

            public void Write(AssessmentResult result)
            {
                if (result == null)
                {
                    throw new ArgumentNullException(nameof(result));
                }

                _json.WriteStartObject();
                foreach (var column in ResultRow.Columns)
                {
                    _json.WriteString(column.Name, column.Value(result));
                }

                _json.WriteEndObject();
                _json.Flush();
                _json.Reset();
                _output.Write(NewLine, 0, NewLine.Length);
                Count++;
            }

            public void Dispose() => _json.Dispose();
        }
    }
}
