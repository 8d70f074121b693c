using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ZeroTrustAI.Collector.Requests
{
    /// <summary>
    /// One HTTP attempt to one service, through that service's own client (credential, read-only guard), with no
    /// retries of its own: <see cref="ServiceRequestSender"/> decides what is retried, for every service alike.
    /// </summary>
    internal interface IRequestTransport
    {
        /// <summary>Sends once and reads the whole body; throws on a transport failure or when <paramref name="cancellationToken"/> fires.</summary>
        Task<TransportResponse> SendAsync(string method, Uri uri, byte[]? body, CancellationToken cancellationToken);
    }

    /// <summary>What one attempt got: status, the whole body, and the response headers (looked up ignoring case).</summary>
    internal sealed class TransportResponse
    {
        private readonly Dictionary<string, string> _headers;

        public TransportResponse(int status, byte[] body, IEnumerable<KeyValuePair<string, string>> headers)
        {
            Status = status;
            Body = body ?? Array.Empty<byte>();
            _headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in headers)
            {
                _headers[header.Key] = _headers.TryGetValue(header.Key, out var earlier) ? earlier + "," + header.Value : header.Value;
            }
        }

        public int Status { get; }

        public byte[] Body { get; }

        public bool IsSuccess => Status >= 200 && Status < 300;

        /// <summary>The id the service gave the request (Graph: request-id, ARM: x-ms-request-id).</summary>
        public string? RequestId => Header("x-ms-request-id") ?? Header("request-id");

        public string? Header(string name) => _headers.TryGetValue(name, out var value) ? value : null;
    }
}
