using System;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ZeroTrustAI.Engine.Json
{
    /// <summary>
    /// A buffer and writer each thread reuses for JSON it writes only to read back at once (an evidence array, a compact
    /// record rebuilt as an element, a result's evidence exported). Made afresh for each, the stream, the writer and the
    /// writer's own growing buffers were about a twelfth of what a 100,000-principal assessment allocated. Taken with
    /// <see cref="Rent"/> and given back by Dispose; a write begun while another is open on the same thread gets a scratch
    /// of its own, so nesting is safe.
    /// </summary>
    internal sealed class JsonScratch : IDisposable
    {
        // A scratch grown past this is dropped when given back: one large write must not hold its memory for the thread's life.
        private const int LargestKept = 64 * 1024;

        private static readonly JsonWriterOptions RelaxedOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        [ThreadStatic]
        private static JsonScratch? spareDefault;

        [ThreadStatic]
        private static JsonScratch? spareRelaxed;

        private readonly MemoryStream _stream = new MemoryStream(256);
        private readonly bool _relaxed;

        private JsonScratch(bool relaxed)
        {
            _relaxed = relaxed;
            Writer = new Utf8JsonWriter(_stream, relaxed ? RelaxedOptions : default);
        }

        /// <summary>The writer, empty and with nothing written; flushed by the readers below.</summary>
        public Utf8JsonWriter Writer { get; }

        /// <summary>
        /// A scratch whose writer escapes as <see cref="JsonSerializer"/> does by default, or (<paramref name="relaxedEscaping"/>)
        /// with <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>, for text read back only by a JSON parser.
        /// </summary>
        public static JsonScratch Rent(bool relaxedEscaping = false)
        {
            var scratch = relaxedEscaping ? spareRelaxed : spareDefault;
            if (scratch == null)
            {
                return new JsonScratch(relaxedEscaping);
            }

            if (relaxedEscaping)
            {
                spareRelaxed = null;
            }
            else
            {
                spareDefault = null;
            }

            return scratch;
        }

        /// <summary>What was written, as text.</summary>
        public string ToText()
        {
            Writer.Flush();
            return Encoding.UTF8.GetString(_stream.GetBuffer(), 0, (int)_stream.Length);
        }

        /// <summary>What was written, in an array of its own (a parsed document keeps the memory it parses).</summary>
        public byte[] ToBytes()
        {
            Writer.Flush();
            return _stream.ToArray();
        }

        public void Dispose()
        {
            Writer.Flush();
            if (_stream.Capacity > LargestKept)
            {
                return;
            }

            _stream.SetLength(0);
            Writer.Reset(_stream);
            if (_relaxed)
            {
                spareRelaxed = this;
            }
            else
            {
                spareDefault = this;
            }
        }
    }
}
