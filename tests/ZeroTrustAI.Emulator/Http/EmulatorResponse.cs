using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZeroTrustAI.Emulator.Http
{
    /// <summary>A complete response before it is written, so a fault can cut or delay it.</summary>
    internal sealed class EmulatorResponse
    {
        // Like the real services: non-ASCII text and characters such as ' + < > are written as they are, not \u-escaped.
        private static readonly JsonSerializerOptions Compact = new JsonSerializerOptions
        {
            WriteIndented = false,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        private readonly byte[]? _written;

        public EmulatorResponse(int status, JsonNode? body)
        {
            Status = status;
            Body = body;
        }

        private EmulatorResponse(int status, byte[] written)
        {
            Status = status;
            _written = written;
        }

        public int Status { get; }

        /// <summary>The body as nodes; null when there is none or when it was written as bytes (<see cref="Write"/>).</summary>
        public JsonNode? Body { get; }

        public bool HasBody => Body != null || _written != null;

        public Dictionary<string, string> Headers { get; } = new Dictionary<string, string>(System.StringComparer.OrdinalIgnoreCase);

        public byte[] BodyBytes() => _written ?? (Body == null ? System.Array.Empty<byte>() : JsonSerializer.SerializeToUtf8Bytes(Body, Compact));

        public EmulatorResponse WithHeader(string name, string value)
        {
            Headers[name] = value;
            return this;
        }

        public static EmulatorResponse Json(JsonNode body) => new EmulatorResponse(200, body);

        /// <summary>
        /// A body written straight to UTF-8 (large pages: no nodes built), escaped as <see cref="Json"/> bodies are;
        /// with <paramref name="wrapInObject"/> <paramref name="write"/> writes the properties of the top-level object.
        /// </summary>
        public static EmulatorResponse Write(int status, System.Action<Utf8JsonWriter> write, bool wrapInObject = false)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(16 * 1024);
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Compact.Encoder, SkipValidation = false }))
            {
                if (wrapInObject)
                {
                    writer.WriteStartObject();
                }

                write(writer);
                if (wrapInObject)
                {
                    writer.WriteEndObject();
                }
            }

            return new EmulatorResponse(status, buffer.WrittenSpan.ToArray());
        }
    }

    /// <summary>A request matched to a route: its template (for counting and faults) and how to answer it.</summary>
    internal sealed class RoutedRequest
    {
        public RoutedRequest(string route, System.Func<System.Threading.Tasks.Task<EmulatorResponse>> handle)
        {
            Route = route;
            Handle = handle;
        }

        public RoutedRequest(string route, System.Func<EmulatorResponse> handle)
            : this(route, () => System.Threading.Tasks.Task.FromResult(handle()))
        {
        }

        public string Route { get; }

        public System.Func<System.Threading.Tasks.Task<EmulatorResponse>> Handle { get; }
    }
}
