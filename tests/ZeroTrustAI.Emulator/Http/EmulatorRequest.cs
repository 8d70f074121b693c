using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.AspNetCore.WebUtilities;

namespace ZeroTrustAI.Emulator.Http
{
    /// <summary>A request as the emulator's APIs see it: an HTTP request or one GET inside a Graph $batch.</summary>
    internal sealed class EmulatorRequest
    {
        public EmulatorRequest(string method, string path, string queryString, byte[] body, Uri baseUri, string? authorization, bool batched, CancellationToken aborted = default)
        {
            Method = method.ToUpperInvariant();
            Path = path;
            QueryString = queryString;
            Body = body;
            BaseUri = baseUri;
            Authorization = authorization;
            Batched = batched;
            Aborted = aborted;
            Received = DateTime.UtcNow;
            Query = QueryHelpers.ParseQuery(queryString)
                .ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        }

        public string Method { get; }

        /// <summary>The decoded path, e.g. <c>/v1.0/servicePrincipals</c>.</summary>
        public string Path { get; }

        /// <summary>The raw query including '?', or empty.</summary>
        public string QueryString { get; }

        /// <summary>Query parameters, decoded; names ignore case (Graph and ARM accept <c>$Top</c> and <c>$top</c>).</summary>
        public IReadOnlyDictionary<string, string> Query { get; }

        public byte[] Body { get; }

        /// <summary>The scheme, host and port the request came to, for absolute next links.</summary>
        public Uri BaseUri { get; }

        public string? Authorization { get; }

        public bool Batched { get; }

        /// <summary>When the emulator received it (UTC), before its latency.</summary>
        public DateTime Received { get; }

        /// <summary>Signalled when the client goes away (the outer request's, for a request inside a $batch).</summary>

        public CancellationToken Aborted { get; }

        public string PathAndQuery => Path + QueryString;

        public string? QueryValue(string name) => Query.TryGetValue(name, out var value) ? value : null;
    }
}
