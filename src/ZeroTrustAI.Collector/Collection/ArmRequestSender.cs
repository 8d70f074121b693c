using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ZeroTrustAI.Collector.Collection
{
    /// <summary>An ARM answer: the status and, for a success, the parsed body.</summary>
    internal sealed class ArmResponse : IDisposable
    {
        public ArmResponse(int status, JsonDocument? body, string? errorCode, string? errorMessage)
        {
            Status = status;
            Body = body;
            ErrorCode = errorCode;
            ErrorMessage = errorMessage;
        }

        public int Status { get; }

        public JsonDocument? Body { get; }

        public string? ErrorCode { get; }

        public string? ErrorMessage { get; }

        public bool IsSuccess => Status >= 200 && Status < 300 && Body != null;

        public string Describe() => ErrorCode != null
            ? FormattableString.Invariant($"{Status} {ErrorCode}: {ErrorMessage}")
            : Status.ToString(CultureInfo.InvariantCulture);

        public void Dispose() => Body?.Dispose();
    }

    /// <summary>
    /// Sends one ARM request through the ArmClient's own pipeline (credential, Azure.Core retry honouring Retry-After,
    /// <see cref="Http.ReadOnlyPolicy"/>), with an observer added per attempt for statistics and verbose lines, and
    /// parses the body. A 200 whose body does not parse (a response cut short with a matching length) is sent again a
    /// few times, as the pipeline cannot know it was torn.
    /// </summary>
    internal sealed class ArmRequestSender
    {
        private const int MalformedBodyAttempts = 3;

        private readonly HttpPipeline _pipeline;
        private readonly CollectionStatistics _statistics;
        private readonly CollectionCallbacks _callbacks;

        public ArmRequestSender(HttpPipeline pipeline, CollectionStatistics statistics, CollectionCallbacks callbacks)
        {
            _pipeline = pipeline;
            _statistics = statistics;
            _callbacks = callbacks;
        }

        /// <summary>GET; every HTTP request it takes (retries included) is added to <paramref name="tally"/>, even when it throws.</summary>
        public Task<ArmResponse> GetAsync(Uri uri, ArmRequestTally tally, CancellationToken cancellationToken) =>
            SendAsync(RequestMethod.Get, uri, null, tally, cancellationToken);

        public Task<ArmResponse> PostJsonAsync(Uri uri, byte[] body, ArmRequestTally tally, CancellationToken cancellationToken) =>
            SendAsync(RequestMethod.Post, uri, body, tally, cancellationToken);

        private async Task<ArmResponse> SendAsync(RequestMethod method, Uri uri, byte[]? body, ArmRequestTally tally, CancellationToken cancellationToken)
        {
            for (var round = 1; ; round++)
            {
                var observer = new ArmAttemptObserver(_statistics, _callbacks);
                var context = new RequestContext { CancellationToken = cancellationToken, ErrorOptions = ErrorOptions.NoThrow };
                context.AddPolicy(observer, HttpPipelinePosition.PerRetry);
                using var message = _pipeline.CreateMessage(context);
                message.Request.Method = method;
                message.Request.Uri.Reset(uri);
                message.Request.Headers.Add("Accept", "application/json");
                if (body != null)
                {
                    message.Request.Headers.Add("Content-Type", "application/json");
                    message.Request.Content = RequestContent.Create(body);
                }

                try
                {
                    await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    tally.Add(observer.Attempts);
                }

                var response = message.Response;
                var content = response.Content;
                if (response.Status < 200 || response.Status >= 300)
                {
                    var (code, text) = ReadError(content);
                    return new ArmResponse(response.Status, null, code, text);
                }

                try
                {
                    return new ArmResponse(response.Status, JsonDocument.Parse(content.ToMemory()), null, null);
                }
                catch (JsonException exception)
                {
                    var problem = $"the body of {method} {uri.AbsolutePath} is not complete JSON ({exception.Message})";
                    if (round >= MalformedBodyAttempts)
                    {
                        throw new InvalidDataException(problem + $", {MalformedBodyAttempts} times in a row.", exception);
                    }

                    _statistics.AddRetry();
                    _callbacks.Warning?.Invoke($"Retrying: {problem}.");
                }
            }
        }

        /// <summary>ARM's error shape <c>{"error": {"code", "message"}}</c>, or nothing when the body is something else.</summary>
        private static (string? Code, string? Message) ReadError(BinaryData? content)
        {
            if (content == null || content.ToMemory().IsEmpty)
            {
                return (null, null);
            }

            try
            {
                using var document = JsonDocument.Parse(content.ToMemory());
                if (document.RootElement.ValueKind == JsonValueKind.Object &&
                    document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                {
                    return (StringOf(error, "code"), StringOf(error, "message"));
                }
            }
            catch (JsonException)
            {
                // Not ARM's error shape: the status says enough.
            }

            return (null, null);
        }

        private static string? StringOf(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    /// <summary>
    /// Runs on every attempt (after the retry policy): counts the request and its bytes, notes retries and how long a
    /// throttled (429, or 503 with Retry-After) request waited before it was sent again, and writes one verbose line
    /// with method, path (no query), status and elapsed time. Headers are never logged, so no token reaches the log.
    /// </summary>
    internal sealed class ArmAttemptObserver : HttpPipelinePolicy
    {
        private readonly CollectionStatistics _statistics;
        private readonly CollectionCallbacks _callbacks;
        private long _throttledAt;

        public ArmAttemptObserver(CollectionStatistics statistics, CollectionCallbacks callbacks)
        {
            _statistics = statistics;
            _callbacks = callbacks;
        }

        public int Attempts { get; private set; }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline, async: false).AsTask().GetAwaiter().GetResult();

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline, async: true);

        private async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
        {
            Attempts++;
            if (Attempts > 1)
            {
                _statistics.AddRetry();
                if (_throttledAt != 0)
                {
                    _statistics.AddThrottledWait(Since(_throttledAt));
                    _throttledAt = 0;
                }
            }

            var started = Stopwatch.GetTimestamp();
            var path = message.Request.Uri.Path;
            var method = message.Request.Method.Method;
            try
            {
                if (async)
                {
                    await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
                }
                else
                {
                    ProcessNext(message, pipeline);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                _statistics.AddRequest(0);
                Verbose(method, path, exception.GetType().Name + ": " + exception.Message, started);
                throw;
            }

            var response = message.Response;
            _statistics.AddRequest(response.ContentStream?.CanSeek == true ? response.ContentStream.Length : 0);
            if (response.Status == 429 || (response.Status == 503 && response.Headers.Contains("Retry-After")))
            {
                _throttledAt = Stopwatch.GetTimestamp();
            }

            Verbose(method, path, response.Status.ToString(CultureInfo.InvariantCulture), started);
        }

        private void Verbose(string method, string path, string outcome, long started) =>
            _callbacks.Verbose?.Invoke(FormattableString.Invariant(
                $"ARM {method} {path} -> {outcome} ({Since(started).TotalMilliseconds:0} ms)"));

        private static TimeSpan Since(long timestamp) =>
            TimeSpan.FromSeconds((Stopwatch.GetTimestamp() - timestamp) / (double)Stopwatch.Frequency);
    }
}
