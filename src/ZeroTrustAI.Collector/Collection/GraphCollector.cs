using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions;
using ZeroTrustAI.Collector.Connection;
using ZeroTrustAI.Collector.Http;
using ZeroTrustAI.Engine.Collection;
using GraphFactory = ZeroTrustAI.Collector.Http.GraphClientFactory;

namespace ZeroTrustAI.Collector.Collection
{
    /// <summary>Settings of the Graph collection beyond the HTTP pipeline's.</summary>
    public sealed class GraphCollectorOptions
    {
        /// <summary>The page size asked for ($top) instead of the catalog's 999; tests use a small one to get many pages.</summary>
        public int? PageSize { get; set; }

        /// <summary>Attempts of one page when the connection drops or the body is cut or unreadable (the pipeline retries 429/503/504 itself).</summary>
        public int MaxPageAttempts { get; set; } = 4;

        /// <summary>The first wait before such a new attempt; it doubles per attempt.</summary>
        public TimeSpan PageRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>GETs per JSON $batch (Graph accepts at most 20).</summary>
        public int BatchSize { get; set; } = 20;

        /// <summary>Rounds of retrying the items of a $batch answered 429/503/504 inside the batch.</summary>
        public int MaxBatchItemRetries { get; set; } = 6;

        /// <summary>The longest Retry-After honoured for a throttled item inside a $batch.</summary>
        public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(300);

        /// <summary>Waits; replaceable so a test can record waits.</summary>
        public Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = (delay, token) => Task.Delay(delay, token);
    }

    /// <summary>
    /// Collects the Graph entries of a <see cref="CollectionPlan"/> into a <see cref="CollectionCheckpoint"/> through the
    /// Microsoft Graph request adapter and its middleware (throttling retries with Retry-After, per-request timeout,
    /// read-only guard). A set is read page by page following <c>@odata.nextLink</c>, one committed page per response,
    /// the next link being the continuation; a per-object relation (owners, app role assignments) is read in JSON
    /// <c>$batch</c>es of 20 GETs, one committed page per batch, the continuation being the index of the next parent.
    /// A resumed run starts each collection from its recorded continuation and so re-requests no saved page.
    /// </summary>
    public sealed class GraphCollector : IDisposable
    {
        private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

        private readonly CloudEndpoints _endpoints;
        private readonly GraphCollectorOptions _options;
        private readonly CollectionStatistics _statistics;
        private readonly CollectionCallbacks _callbacks;
        private readonly HttpClient _http;
        private readonly BaseGraphRequestAdapter _adapter;
        private readonly AsyncLocal<RequestAttempts?> _attempts = new AsyncLocal<RequestAttempts?>();

        public GraphCollector(ZtaiConnection connection, GraphClientSettings? settings, GraphCollectorOptions? options, CollectionStatistics statistics, CollectionCallbacks? callbacks)
            : this((connection ?? throw new ArgumentNullException(nameof(connection))).Credential, connection.Endpoints, settings, options, statistics, callbacks)
        {
        }

        public GraphCollector(TokenCredential credential, CloudEndpoints endpoints, GraphClientSettings? settings, GraphCollectorOptions? options, CollectionStatistics statistics, CollectionCallbacks? callbacks)
        {
            if (credential == null)
            {
                throw new ArgumentNullException(nameof(credential));
            }

            _endpoints = endpoints ?? throw new ArgumentNullException(nameof(endpoints));
            _options = options ?? new GraphCollectorOptions();
            _statistics = statistics ?? throw new ArgumentNullException(nameof(statistics));
            _callbacks = callbacks ?? new CollectionCallbacks();
            if (_options.BatchSize < 1 || _options.BatchSize > 20)
            {
                throw new ArgumentOutOfRangeException(nameof(options), _options.BatchSize, "A Graph $batch holds 1 to 20 requests.");
            }

            _http = GraphFactory.CreateHttpClient(WithRetryCounting(settings ?? new GraphClientSettings()));

            // The adapter authenticates each request (token for the Graph host only) and sends through the middleware.
            _adapter = new BaseGraphRequestAdapter(GraphFactory.CreateAuthenticationProvider(credential, endpoints), httpClient: _http)
            {
                BaseUrl = endpoints.GraphBaseUrl(GraphApiVersion.V1).AbsoluteUri.TrimEnd('/'),
            };
        }

        /// <summary>Collects every Graph entry of the plan, in plan order. A failed collection is recorded and the next one begins.</summary>
        public async Task CollectAsync(CollectionPlan plan, CollectionCheckpoint checkpoint, CancellationToken cancellationToken)
        {
            if (plan == null)
            {
                throw new ArgumentNullException(nameof(plan));
            }

            if (checkpoint == null)
            {
                throw new ArgumentNullException(nameof(checkpoint));
            }

            // Sets first, then the per-object relations, whose parents are the sets' objects (casts included).
            var count = plan.Collections.Count;
            var order = Enumerable.Range(0, count).Where(i => plan.Collections[i].Graph is { IsRelation: false })
                .Concat(Enumerable.Range(0, count).Where(i => plan.Collections[i].Graph is { IsRelation: true }));
            foreach (var index in order)
            {
                var entry = plan.Collections[index];
                var graph = entry.Graph!;
                cancellationToken.ThrowIfCancellationRequested();
                var state = checkpoint.GetState(entry.Name);
                if (state.IsDone)
                {
                    // Complete from an earlier run, or skipped by the permission check of this one.
                    Report(entry.Name, index, count, state);
                    continue;
                }

                try
                {
                    if (graph.IsRelation)
                    {
                        await CollectRelationAsync(plan, entry, index, count, checkpoint, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await CollectSetAsync(entry, index, count, checkpoint, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (GraphRequestException exception) when (exception.Status == HttpStatusCode.Forbidden)
                {
                    var permission = PermissionCheck.RequiredPermission(graph.Set);
                    checkpoint.MarkSkipped(entry.Name, permission, "Microsoft Graph answered 403 Forbidden: " + exception.Message);
                    _callbacks.Warning?.Invoke($"{entry.Name} is skipped: Microsoft Graph refused it (403); the identity needs {permission}.");
                }
                catch (GraphRequestException exception) when (exception.Status == HttpStatusCode.NotFound && IsBetaOnlyCast(graph))
                {
                    checkpoint.MarkSkipped(entry.Name, null, $"{graph.Path} is not available in this cloud (Microsoft Graph answered 404 on the beta endpoint).");
                    _callbacks.Warning?.Invoke($"{entry.Name} is skipped: this cloud's Microsoft Graph does not serve it.");
                }
                catch (Exception exception) when (!(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
                {
                    var message = RedactingLog.Redact(exception.Message) ?? exception.GetType().Name;
                    checkpoint.MarkFailed(entry.Name, message, exception is CollectionRequestException failure ? failure.Requests : 0);
                    _callbacks.Warning?.Invoke($"{entry.Name} failed: {message} Rerun with -Resume to continue after its saved pages.");
                }
            }
        }

        public void Dispose() => _http.Dispose();

        /// <summary>A type-cast set (Agent ID) exists only on beta, and only in clouds that have the feature.</summary>
        private static bool IsBetaOnlyCast(GraphSetRequest request) =>
            string.Equals(request.Version, "beta", StringComparison.OrdinalIgnoreCase)
            && request.Path.IndexOf("microsoft.graph.", StringComparison.OrdinalIgnoreCase) >= 0;

        private async Task CollectSetAsync(CollectionPlanEntry entry, int index, int count, CollectionCheckpoint checkpoint, CancellationToken cancellationToken)
        {
            var state = checkpoint.BeginCollection(entry.Name);
            var next = state.Continuation ?? FirstRequestUri(entry.Graph!).AbsoluteUri;
            while (true)
            {
                var uri = new Uri(next);
                var (document, requests) = await GetPageAsync(uri, cancellationToken).ConfigureAwait(false);
                using (document)
                {
                    var root = document.RootElement;
                    var nextLink = root.TryGetProperty("@odata.nextLink", out var link) && link.ValueKind == JsonValueKind.String ? link.GetString() : null;
                    if (nextLink != null && !SameHost(nextLink))
                    {
                        throw new CollectionRequestException($"The next link of {entry.Name} points to another host ({new Uri(nextLink).Host}); it is not followed.", requests);
                    }

                    var before = state.Count;
                    state = checkpoint.CommitPage(entry.Name, requests, page =>
                    {
                        if (root.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array)
                        {
                            foreach (var item in value.EnumerateArray())
                            {
                                page.Add(item);
                            }
                        }
                        else if (root.ValueKind == JsonValueKind.Object && !root.TryGetProperty("value", out _))
                        {
                            // A singleton answer (no value array) is one object.
                            page.Add(root);
                        }

                        return nextLink;
                    });
                    _statistics.AddPage(state.Count - before);
                    Report(entry.Name, index, count, state);
                    if (nextLink == null)
                    {
                        return;
                    }

                    next = nextLink;
                }
            }
        }

        private async Task CollectRelationAsync(CollectionPlan plan, CollectionPlanEntry entry, int index, int count, CollectionCheckpoint checkpoint, CancellationToken cancellationToken)
        {
            var request = entry.Graph!;
            var parentName = Engine.Snapshot.DataSets.Graph(request.ParentSet!);
            var parent = checkpoint.GetState(parentName);
            if (parent.Status == CollectionProgressStatus.Skipped)
            {
                checkpoint.MarkSkipped(entry.Name, parent.MissingPermission ?? PermissionCheck.RequiredPermission(request.Set), $"Its parent set {parentName} was not collected.");
                return;
            }

            if (!parent.IsComplete)
            {
                throw new CollectionRequestException($"Its parent set {parentName} is not completely collected ({parent.Status}).", 0);
            }

            // The parents: the parent set's objects, then those of its type casts (agent identities are service
            // principals too, and a snapshot may keep them apart), each id once, in plan order: stable across resumes.
            var parentIds = ReadIds(checkpoint.Root, parentName, parent.PagesCompleted);
            var seen = new HashSet<string>(parentIds, StringComparer.OrdinalIgnoreCase);
            var castPrefix = request.ParentSet + ".microsoft.graph.";
            foreach (var cast in plan.Collections.Where(c => c.Graph != null && c.Graph.Set.StartsWith(castPrefix, StringComparison.OrdinalIgnoreCase)))
            {
                var castState = checkpoint.GetState(cast.Name);
                if (castState.IsComplete)
                {
                    parentIds.AddRange(ReadIds(checkpoint.Root, cast.Name, castState.PagesCompleted).Where(seen.Add));
                }
            }
            var state = checkpoint.BeginCollection(entry.Name);
            var next = state.Continuation == null ? 0 : int.Parse(state.Continuation, NumberStyles.None, CultureInfo.InvariantCulture);
            if (parentIds.Count == 0 || next >= parentIds.Count)
            {
                checkpoint.CompleteCollection(entry.Name);
                Report(entry.Name, index, count, checkpoint.GetState(entry.Name));
                return;
            }

            while (next < parentIds.Count)
            {
                var ids = parentIds.Skip(next).Take(_options.BatchSize).ToList();
                var (results, requests) = await GetRelationBatchAsync(request, ids, cancellationToken).ConfigureAwait(false);
                var after = next + ids.Count;
                var continuation = after < parentIds.Count ? after.ToString(CultureInfo.InvariantCulture) : null;
                var before = state.Count;
                state = checkpoint.CommitPage(entry.Name, requests, page =>
                {
                    for (var i = 0; i < ids.Count; i++)
                    {
                        foreach (var item in results[i])
                        {
                            if (request.ParentIdProperty != null)
                            {
                                page.Add(item, request.ParentIdProperty, ids[i]);
                            }
                            else
                            {
                                page.Add(item);
                            }
                        }
                    }

                    return continuation;
                });
                _statistics.AddPage(state.Count - before);
                Report(entry.Name, index, count, state);
                next = after;
            }
        }

        /// <summary>The ids of a saved parent set, in page order (the order a resume's parent index refers to).</summary>
        private static List<string> ReadIds(string root, string collection, int pages)
        {
            var ids = new List<string>();
            for (var page = 1; page <= pages; page++)
            {
                var path = Path.Combine(root, SnapshotWriter.PagePath(collection, page).Replace('/', Path.DirectorySeparatorChar));
                using (var stream = File.OpenRead(path))
                using (var document = JsonDocument.Parse(stream))
                {
                    foreach (var item in document.RootElement.GetProperty("value").EnumerateArray())
                    {
                        if (item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
                        {
                            ids.Add(id.GetString()!);
                        }
                    }
                }
            }

            return ids;
        }

        /// <summary>
        /// One $batch of relation GETs (one per parent), each followed to its last page. Items answered 429/503/504
        /// inside the batch go out again in a new batch after their Retry-After. Returns the objects per parent.
        /// </summary>
        private async Task<(List<JsonElement>[] Results, int Requests)> GetRelationBatchAsync(GraphSetRequest request, List<string> parentIds, CancellationToken cancellationToken)
        {
            var results = parentIds.Select(_ => new List<JsonElement>()).ToArray();
            var pending = Enumerable.Range(0, parentIds.Count).ToList();
            var nextLinks = new List<(int Index, string Link)>();
            var requests = 0;
            for (var round = 0; pending.Count > 0; round++)
            {
                var body = BatchBody(request, parentIds, pending);
                var batchUri = new Uri(_endpoints.Graph, "/" + request.Version + "/$batch");
                var (document, sent) = await SendForJsonAsync(HttpMethod.Post, batchUri, body, cancellationToken).ConfigureAwait(false);
                requests += sent;
                var retry = new List<int>();
                var wait = TimeSpan.Zero;
                var throttled = false;
                using (document)
                {
                    foreach (var response in document.RootElement.GetProperty("responses").EnumerateArray())
                    {
                        var i = int.Parse(response.GetProperty("id").GetString()!, NumberStyles.None, CultureInfo.InvariantCulture);
                        var status = response.GetProperty("status").GetInt32();
                        var itemBody = response.TryGetProperty("body", out var b) ? b : EmptyObject;
                        if (status >= 200 && status < 300)
                        {
                            AddValues(itemBody, results[i]);
                            if (itemBody.TryGetProperty("@odata.nextLink", out var link) && link.ValueKind == JsonValueKind.String)
                            {
                                nextLinks.Add((i, link.GetString()!));
                            }
                        }
                        else if (status == 404)
                        {
                            // The parent was deleted since its set was read: it has no relation left to save.
                        }
                        else if (ThrottleRetryHandler.IsRetryable((HttpStatusCode)status))
                        {
                            retry.Add(i);
                            var after = RetryAfter(response) ?? TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, round)));
                            wait = after > wait ? after : wait;
                            throttled |= status == 429 || status == 503;
                        }
                        else
                        {
                            throw new GraphRequestException((HttpStatusCode)status, $"{request.BuildRequestUri(parentIds[i])} in $batch answered {status}: {ErrorMessage(itemBody)}", requests);
                        }
                    }
                }

                if (retry.Count > 0)
                {
                    if (round >= _options.MaxBatchItemRetries)
                    {
                        throw new CollectionRequestException($"{retry.Count} request(s) of a $batch stayed throttled after {round} retries.", requests);
                    }

                    // One wait for the round: the longest Retry-After of its throttled items (capped).
                    wait = wait > _options.MaxRetryAfter ? _options.MaxRetryAfter : wait;
                    _statistics.AddRetry();
                    if (throttled)
                    {
                        _statistics.AddThrottledWait(wait);
                    }

                    _callbacks.Verbose?.Invoke($"$batch: {retry.Count} item(s) throttled; retrying them after {wait.TotalSeconds:0.###} s");
                    await _options.Delay(wait, cancellationToken).ConfigureAwait(false);
                }

                pending = retry;
            }

            // A parent with more than one page of relations (rare: over 999 owners): the rest by plain GETs.
            foreach (var (i, link) in nextLinks)
            {
                var nextLink = link;
                while (nextLink != null)
                {
                    var (document, sent) = await GetPageAsync(new Uri(nextLink), cancellationToken).ConfigureAwait(false);
                    requests += sent;
                    using (document)
                    {
                        AddValues(document.RootElement, results[i]);
                        nextLink = document.RootElement.TryGetProperty("@odata.nextLink", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;
                    }
                }
            }

            return (results, requests);
        }

        private byte[] BatchBody(GraphSetRequest request, List<string> parentIds, IEnumerable<int> indexes)
        {
            using (var buffer = new MemoryStream())
            {
                using (var json = new Utf8JsonWriter(buffer))
                {
                    json.WriteStartObject();
                    json.WriteStartArray("requests");
                    var versionPrefix = "/" + request.Version;
                    foreach (var i in indexes)
                    {
                        // $batch URLs are relative to the version: /servicePrincipals/{id}/owners?$select=...
                        var relative = WithPageSize(request.BuildRequestUri(parentIds[i])).Substring(versionPrefix.Length);
                        json.WriteStartObject();
                        json.WriteString("id", i.ToString(CultureInfo.InvariantCulture));
                        json.WriteString("method", "GET");
                        json.WriteString("url", relative);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                return buffer.ToArray();
            }
        }

        private static void AddValues(JsonElement body, List<JsonElement> into)
        {
            if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in value.EnumerateArray())
                {
                    into.Add(item.Clone());
                }
            }
        }

        private static TimeSpan? RetryAfter(JsonElement response)
        {
            if (response.TryGetProperty("headers", out var headers) && headers.ValueKind == JsonValueKind.Object)
            {
                foreach (var header in headers.EnumerateObject())
                {
                    if (string.Equals(header.Name, "Retry-After", StringComparison.OrdinalIgnoreCase)
                        && double.TryParse(header.Value.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
                    {
                        return TimeSpan.FromSeconds(Math.Max(0, seconds));
                    }
                }
            }

            return null;
        }

        private Uri FirstRequestUri(GraphSetRequest request) => new Uri(_endpoints.Graph, WithPageSize(request.BuildRequestUri()));

        private string WithPageSize(string relative)
        {
            if (_options.PageSize is { } size)
            {
                return relative.Replace("$top=999", "$top=" + size.ToString(CultureInfo.InvariantCulture));
            }

            return relative;
        }

        private bool SameHost(string link) =>
            Uri.TryCreate(link, UriKind.Absolute, out var uri)
            && string.Equals(uri.Host, _endpoints.Graph.Host, StringComparison.OrdinalIgnoreCase)
            && uri.Port == _endpoints.Graph.Port;

        /// <summary>GET of one page with new attempts on a dropped connection, a cut body or unreadable JSON.</summary>
        private Task<(JsonDocument Document, int Requests)> GetPageAsync(Uri uri, CancellationToken cancellationToken)
            => SendForJsonAsync(HttpMethod.Get, uri, null, cancellationToken);

        private async Task<(JsonDocument Document, int Requests)> SendForJsonAsync(HttpMethod method, Uri uri, byte[]? body, CancellationToken cancellationToken)
        {
            var requests = 0;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var (status, content, sent) = await SendOnceAsync(method, uri, body, cancellationToken).ConfigureAwait(false);
                    requests += sent;
                    if (status >= HttpStatusCode.OK && (int)status < 300)
                    {
                        return (JsonDocument.Parse(content), requests);
                    }

                    var message = $"{method.Method} {PathOf(uri)} answered {(int)status} {status}: {ErrorMessage(content)}";
                    if ((int)status >= 500 && attempt < _options.MaxPageAttempts)
                    {
                        throw new TransientFailure(message);
                    }

                    throw new GraphRequestException(status, message, requests);
                }
                catch (Exception exception) when (IsTransient(exception, cancellationToken) && attempt < _options.MaxPageAttempts)
                {
                    requests += exception is TransientFailure ? 0 : 1;
                    _statistics.AddRetry();
                    var delay = TimeSpan.FromTicks(_options.PageRetryDelay.Ticks * (1L << (attempt - 1)));
                    _callbacks.Verbose?.Invoke($"{method.Method} {PathOf(uri)}: {exception.GetType().Name} ({RedactingLog.Redact(exception.Message)}); attempt {attempt + 1} of {_options.MaxPageAttempts} after {delay.TotalSeconds:0.###} s");
                    await _options.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (IsTransient(exception, cancellationToken))
                {
                    throw new CollectionRequestException($"{method.Method} {PathOf(uri)} failed {attempt} times: {RedactingLog.Redact(exception.Message)}", requests + 1, exception);
                }
            }
        }

        private static bool IsTransient(Exception exception, CancellationToken cancellationToken) =>
            exception is TransientFailure || exception is HttpRequestException || exception is IOException || exception is JsonException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);

        /// <summary>One call through the pipeline (its retries included); the body is read whole (one page: bounded).</summary>
        private async Task<(HttpStatusCode Status, byte[] Content, int Requests)> SendOnceAsync(HttpMethod method, Uri uri, byte[]? body, CancellationToken cancellationToken)
        {
            var information = new RequestInformation { HttpMethod = method == HttpMethod.Post ? Method.POST : Method.GET, URI = uri };
            information.Headers.Add("Accept", "application/json");
            var attempts = new RequestAttempts();
            _attempts.Value = attempts;
            var watch = Stopwatch.StartNew();
            var status = 0;
            long bytes = 0;
            try
            {
                using (var message = await _adapter.ConvertToNativeRequestAsync<HttpRequestMessage>(information, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException("The Graph request adapter built no HTTP request."))
                {
                    if (body != null)
                    {
                        var content = new ByteArrayContent(body);
                        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                        message.Content = content;
                    }

                    using (var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false))
                    {
                        status = (int)response.StatusCode;
                        var content = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                        bytes = content.Length;
                        return (response.StatusCode, content, 1 + attempts.Retries);
                    }
                }
            }
            finally
            {
                _statistics.AddRequest(bytes);
                for (var i = 0; i < attempts.Retries; i++)
                {
                    _statistics.AddRequest(0);
                }

                _callbacks.Verbose?.Invoke(string.Format(
                    CultureInfo.InvariantCulture,
                    "{0} {1} {2} {3} ms{4}",
                    method.Method,
                    PathOf(uri),
                    status == 0 ? "(no response)" : status.ToString(CultureInfo.InvariantCulture),
                    watch.ElapsedMilliseconds,
                    attempts.Retries > 0 ? $" after {attempts.Retries} retr{(attempts.Retries == 1 ? "y" : "ies")}" : string.Empty));
            }
        }

        /// <summary>The route for a log line: the path only, since query values (skip tokens, filters) can be long or sensitive.</summary>
        private static string PathOf(Uri uri) => RedactingLog.Redact(uri.AbsolutePath) ?? string.Empty;

        private static string ErrorMessage(byte[] content)
        {
            try
            {
                using (var document = JsonDocument.Parse(content))
                {
                    return ErrorMessage(document.RootElement);
                }
            }
            catch (JsonException)
            {
                return "(no readable error body)";
            }
        }

        private static string ErrorMessage(JsonElement body)
        {
            if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                var code = error.TryGetProperty("code", out var c) ? c.ToString() : string.Empty;
                var message = error.TryGetProperty("message", out var m) ? m.ToString() : string.Empty;
                return RedactingLog.Redact((code + " " + message).Trim()) ?? string.Empty;
            }

            return "(no error body)";
        }

        private void Report(string name, int index, int count, CollectionState state) =>
            _callbacks.Progress?.Report(new CollectionProgress(name, index, count, state.Count, state.PagesCompleted));

        /// <summary>Hooks the pipeline's retry notifications to the statistics and to the call that retried.</summary>
        private GraphClientSettings WithRetryCounting(GraphClientSettings settings)
        {
            var given = settings.Retry ?? new ThrottleRetryOptions();
            var retry = new ThrottleRetryOptions
            {
                MaxRetries = given.MaxRetries,
                BaseDelay = given.BaseDelay,
                MaxDelay = given.MaxDelay,
                MaxRetryAfter = given.MaxRetryAfter,
                Delay = given.Delay,
                NextRandom = given.NextRandom,
                OnRetry = retryEvent =>
                {
                    given.OnRetry?.Invoke(retryEvent);
                    _statistics.AddRetry();
                    if (retryEvent.StatusCode == 429 || retryEvent.StatusCode == 503)
                    {
                        _statistics.AddThrottledWait(retryEvent.Delay);
                    }

                    var attempts = _attempts.Value;
                    if (attempts != null)
                    {
                        attempts.Retries++;
                    }

                    _callbacks.Verbose?.Invoke($"{retryEvent.Method} {PathOf(new Uri(retryEvent.Url))} {retryEvent.StatusCode}: retry {retryEvent.Attempt} after {retryEvent.Delay.TotalSeconds:0.###} s{(retryEvent.FromRetryAfter ? " (Retry-After)" : string.Empty)}");
                },
            };
            return new GraphClientSettings
            {
                RequestTimeout = settings.RequestTimeout,
                OperationTimeout = settings.OperationTimeout,
                Retry = retry,
                Transport = settings.Transport,
            };
        }

        private sealed class RequestAttempts
        {
            public int Retries { get; set; }
        }

        private sealed class TransientFailure : Exception
        {
            public TransientFailure(string message)
                : base(message)
            {
            }
        }
    }

    /// <summary>A collection stopped after spending some requests (recorded with the failure).</summary>
    public class CollectionRequestException : Exception
    {
        public CollectionRequestException(string message, int requests, Exception? inner = null)
            : base(message, inner)
        {
            Requests = requests;
        }

        public int Requests { get; }
    }

    /// <summary>Microsoft Graph answered an error status the collector does not retry.</summary>
    public sealed class GraphRequestException : CollectionRequestException
    {
        public GraphRequestException(HttpStatusCode status, string message, int requests)
            : base(message, requests)
        {
            Status = status;
        }

        public HttpStatusCode Status { get; }
    }
}
