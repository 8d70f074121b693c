using System;
using System.Text.Json;
using ZeroTrustAI.Collector.Connection;

namespace ZeroTrustAI.Collector.Http
{
    /// <summary>
    /// The one rule both pipelines (Graph's HttpClient and ARM's Azure.Core pipeline) enforce: only reads leave
    /// this process. Allowed: GET; POST to Graph's JSON batch endpoint (…/$batch) when every inner request is a
    /// GET; POST to the Azure Resource Graph query endpoint (/providers/Microsoft.ResourceGraph/resources), whose
    /// KQL can only read. Everything else (PUT, PATCH, DELETE, HEAD, other POSTs) is refused.
    /// </summary>
    public static class ReadOnlyRules
    {
        private const string ResourceGraphPath = "/providers/Microsoft.ResourceGraph/resources";

        /// <summary>
        /// Throws <see cref="WriteRequestRefusedException"/> unless the request is allowed. <paramref name="readBody"/>
        /// is called only for a POST to $batch; it returns the body bytes (or null when there is none).
        /// </summary>
        public static void Check(string method, Uri uri, Func<byte[]?> readBody)
        {
            if (method == null)
            {
                throw new ArgumentNullException(nameof(method));
            }

            if (uri == null)
            {
                throw new ArgumentNullException(nameof(uri));
            }

            if (readBody == null)
            {
                throw new ArgumentNullException(nameof(readBody));
            }

            var reason = Refusal(method, uri, readBody);
            if (reason != null)
            {
                throw new WriteRequestRefusedException(method.ToUpperInvariant(), RedactingLog.Redact(uri), reason);
            }
        }

        /// <summary>Why the request is refused, or null when it is allowed.</summary>
        public static string? Refusal(string method, Uri uri, Func<byte[]?> readBody)
        {
            if (string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            if (!string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase))
            {
                return "only GET requests are sent";
            }

            // Kiota and Azure.Core may percent-encode the '$' of $batch.
            var path = Uri.UnescapeDataString(uri.AbsolutePath).TrimEnd('/');
            if (path.EndsWith(ResourceGraphPath, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            if (path.EndsWith("/$batch", StringComparison.OrdinalIgnoreCase))
            {
                return BatchRefusal(readBody());
            }

            return "POST is sent only to Graph $batch and the Resource Graph query endpoint";
        }

        private static string? BatchRefusal(byte[]? body)
        {
            if (body == null || body.Length == 0)
            {
                return "the $batch request has no body";
            }

            try
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind != JsonValueKind.Object
                    || !document.RootElement.TryGetProperty("requests", out var requests)
                    || requests.ValueKind != JsonValueKind.Array)
                {
                    return "the $batch body has no requests array";
                }

                foreach (var request in requests.EnumerateArray())
                {
                    var id = request.ValueKind == JsonValueKind.Object && request.TryGetProperty("id", out var idValue) ? idValue.ToString() : "?";
                    if (request.ValueKind != JsonValueKind.Object
                        || !request.TryGetProperty("method", out var method)
                        || method.ValueKind != JsonValueKind.String)
                    {
                        return $"$batch request '{id}' has no method";
                    }

                    if (!string.Equals(method.GetString(), "GET", StringComparison.OrdinalIgnoreCase))
                    {
                        return $"$batch request '{id}' is a {method.GetString()?.ToUpperInvariant()}";
                    }
                }

                return null;
            }
            catch (JsonException)
            {
                return "the $batch body is not JSON";
            }
        }
    }
}
