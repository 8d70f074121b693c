using System;

namespace ZeroTrustAI.Collector.Connection
{
    /// <summary>A connection problem with a stable id that the cmdlets turn into an ErrorRecord id.</summary>
    public sealed class ConnectionException : Exception
    {
        public ConnectionException(string errorId, string message, Exception? innerException = null)
            : base(message, innerException)
        {
            ErrorId = errorId;
        }

        public ConnectionException()
            : this(ConnectionErrorIds.ConnectionFailed, "The connection failed.")
        {
        }

        public ConnectionException(string message)
            : this(ConnectionErrorIds.ConnectionFailed, message)
        {
        }

        public ConnectionException(string message, Exception innerException)
            : this(ConnectionErrorIds.ConnectionFailed, message, innerException)
        {
        }

        public string ErrorId { get; }
    }

    /// <summary>The stable ids of connection errors.</summary>
    public static class ConnectionErrorIds
    {
        /// <summary>The options lack something the chosen sign-in method needs, or combine what cannot go together.</summary>
        public const string InvalidConnectionOptions = nameof(InvalidConnectionOptions);

        /// <summary>A pre-acquired token was asked for a scope it was not given for.</summary>
        public const string NoTokenForScope = nameof(NoTokenForScope);

        /// <summary>A certificate could not be read from its file or found in the store.</summary>
        public const string CertificateNotFound = nameof(CertificateNotFound);

        /// <summary>Signing in or acquiring a token failed.</summary>
        public const string ConnectionFailed = nameof(ConnectionFailed);

        /// <summary>A pre-acquired access token is not a readable JWT.</summary>
        public const string InvalidAccessToken = nameof(InvalidAccessToken);

        /// <summary>A pre-acquired access token has expired.</summary>
        public const string TokenExpired = nameof(TokenExpired);

        /// <summary>The token is for another tenant than -TenantId.</summary>
        public const string TenantMismatch = nameof(TenantMismatch);

        /// <summary>No connection is open.</summary>
        public const string NotConnected = nameof(NotConnected);
    }
}
