using System;

namespace ZeroTrustAI.Collector.Http
{
    /// <summary>
    /// Thrown by the read-only pipeline for any request that could change the tenant. Its <see cref="ErrorId"/> is
    /// stable (WriteRequestRefused) so scripts and tests can tell it from a network or service error.
    /// </summary>
    public sealed class WriteRequestRefusedException : InvalidOperationException
    {
        public const string Id = "WriteRequestRefused";

        public WriteRequestRefusedException(string method, string redactedUrl, string reason)
            : base($"ZeroTrustAI only reads: refused {method} {redactedUrl} ({reason}).")
        {
            Method = method;
            Url = redactedUrl;
        }

        public WriteRequestRefusedException()
            : this("?", string.Empty, "no request")
        {
        }

        public WriteRequestRefusedException(string message)
            : base(message)
        {
            Method = string.Empty;
            Url = string.Empty;
        }

        public WriteRequestRefusedException(string message, Exception innerException)
            : base(message, innerException)
        {
            Method = string.Empty;
            Url = string.Empty;
        }

        public string ErrorId { get; } = Id;

        public string Method { get; }

        /// <summary>The refused URL with credential-bearing query values masked.</summary>
        public string Url { get; }
    }
}
