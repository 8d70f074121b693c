using System;
using System.Globalization;
using System.Text.Json;
using ZeroTrustAI.Collector.Connection;

namespace ZeroTrustAI.Collector.Requests
{
    /// <summary>
    /// An error answer of Microsoft Graph or Azure Resource Manager: both send <c>{"error": {"code", "message"}}</c>
    /// (Graph adds <c>innerError.request-id</c>), and a request id header (<c>request-id</c> or <c>x-ms-request-id</c>).
    /// </summary>
    public sealed class ServiceError
    {
        public ServiceError(int status, string? code, string? message, string? requestId)
        {
            Status = status;
            Code = code;
            Message = message;
            RequestId = requestId;
        }

        public int Status { get; }

        /// <summary>The service's error code (e.g. Authorization_RequestDenied, AuthorizationFailed); null when the body had none.</summary>
        public string? Code { get; }

        /// <summary>The service's message, credentials masked; null when the body had none.</summary>
        public string? Message { get; }

        /// <summary>The id the service gave the request, for a support case; null when it gave none.</summary>
        public string? RequestId { get; }

        /// <summary>Reads an error body; a body that is not the error shape leaves code and message null.</summary>
        public static ServiceError Read(int status, byte[]? body, string? requestIdHeader)
        {
            string? code = null, message = null, requestId = requestIdHeader;
            if (body != null && body.Length > 0)
            {
                try
                {
                    using var document = JsonDocument.Parse(body);
                    if (document.RootElement.ValueKind == JsonValueKind.Object &&
                        document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                    {
                        code = StringOf(error, "code");
                        message = RedactingLog.Redact(StringOf(error, "message"));
                        if (requestId == null && error.TryGetProperty("innerError", out var inner) && inner.ValueKind == JsonValueKind.Object)
                        {
                            requestId = StringOf(inner, "request-id");
                        }
                    }
                }
                catch (JsonException)
                {
                    // Not the services' error shape: the status says enough.
                }
            }

            return new ServiceError(status, code, message, requestId);
        }

        /// <summary>"403 Authorization_RequestDenied: Insufficient privileges... (request id …)"; the status alone when the body said nothing.</summary>
        public override string ToString()
        {
            var text = Status.ToString(CultureInfo.InvariantCulture);
            if (Code != null || Message != null)
            {
                text += " " + (Code ?? "(no code)") + (Message != null ? ": " + Message : string.Empty);
            }

            return RequestId != null ? text + " (request id " + RequestId + ")" : text;
        }

        private static string? StringOf(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    /// <summary>The final answer to one request, after the retries: a parsed JSON body, or the service's error.</summary>
    public sealed class ServiceResponse : IDisposable
    {
        private bool _detached;

        private ServiceResponse(int status, JsonDocument? body, ServiceError? error)
        {
            Status = status;
            Body = body;
            Error = error;
        }

        public int Status { get; }

        /// <summary>The body of a 2xx answer; null for an error.</summary>
        public JsonDocument? Body { get; }

        /// <summary>The error of a non-2xx answer; null for a success.</summary>
        public ServiceError? Error { get; }

        public bool IsSuccess => Body != null;

        public static ServiceResponse Success(int status, JsonDocument body) => new ServiceResponse(status, body ?? throw new ArgumentNullException(nameof(body)), null);

        public static ServiceResponse Failure(ServiceError error) => new ServiceResponse((error ?? throw new ArgumentNullException(nameof(error))).Status, null, error);

        /// <summary>
        /// Hands the body to the caller, whose objects outlive this response (a page read ahead): it is then not disposed
        /// here, and its pooled buffers go to the garbage collector instead of back to the pool.
        /// </summary>
        public JsonDocument DetachBody()
        {
            _detached = true;
            return Body ?? throw new InvalidOperationException("An error answer has no body to keep.");
        }

        public void Dispose()
        {
            if (!_detached)
            {
                Body?.Dispose();
            }
        }
    }

    /// <summary>Requests spent on a unit of work (a page, a parent, a collection), retries included; what the checkpoint records.</summary>
    public sealed class RequestTally
    {
        private int _count;

        public int Count => System.Threading.Volatile.Read(ref _count);

        public void Add(int requests) => System.Threading.Interlocked.Add(ref _count, requests);

        /// <summary>Returns the count and starts again from zero.</summary>
        public int Take() => System.Threading.Interlocked.Exchange(ref _count, 0);
    }

    /// <summary>
    /// A request that got no usable answer after every retry the policy allows (resets, timeouts, bodies that are not
    /// complete JSON): the collection it belongs to is marked failed and can be resumed.
    /// </summary>
    public sealed class ServiceRequestException : Exception
    {
        public ServiceRequestException(string message, Exception? inner = null)
            : base(message, inner)
        {
        }
    }
}
