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

        public EmulatorResponse(int status, JsonNode? body)
        {
            Status = status;
            Body = body;
        }

        public int Status { get; }

        public JsonNode? Body { get; }

        public Dictionary<string, string> Headers { get; } = new Dictionary<string, string>(System.StringComparer.OrdinalIgnoreCase);

        public byte[] BodyBytes() => Body == null ? System.Array.Empty<byte>() : JsonSerializer.SerializeToUtf8Bytes(Body, Compact);

        public EmulatorResponse WithHeader(string name, string value)
        {
            Headers[name] = value;
            return this;
        }

        public static EmulatorResponse Json(JsonNode body) => new EmulatorResponse(200, body);
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
