using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ZeroTrustAI.Collector.Http;
using ZeroTrustAI.Collector.Requests;
using ZeroTrustAI.Engine.Collection;

namespace ZeroTrustAI.Collector.Collection
{
    /// <summary>
    /// Reads a per-object Graph relation (owners, app role assignments) in JSON <c>$batch</c>es of up to 20 GETs, one
    /// per parent: one committed page per batch, the continuation being the index of the next parent, so a resumed run
    /// starts at the first parent whose relation is not saved. Items answered with a retryable status inside a batch
    /// go out again in a new batch, under the same <see cref="RetryPolicy"/> as every request.
    /// </summary>
    internal sealed class GraphBatchReader
    {
        private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

        private readonly ServiceRequestSender _sender;
        private readonly GraphSetPager _pager;
        private readonly GraphUrls _urls;
        private readonly int _batchSize;
        private readonly int _inFlight;
        private readonly RetryPolicy _policy;
        private readonly CollectionStatistics _statistics;
        private readonly CollectionCallbacks _callbacks;

        public GraphBatchReader(ServiceRequestSender sender, GraphSetPager pager, GraphUrls urls, int batchSize, int inFlight, RetryPolicy policy, CollectionStatistics statistics, CollectionCallbacks callbacks)
        {
            _inFlight = Math.Max(1, inFlight);
            _sender = sender;
            _pager = pager;
            _urls = urls;
            _batchSize = batchSize;
            _policy = policy;
            _statistics = statistics;
            _callbacks = callbacks;
        }

        /// <summary>
        /// The parent set's state when the relation can be read; null (the relation marked skipped) when the parent was
        /// skipped. Throws when the parent is not complete.
        /// </summary>
        internal static CollectionState? ReadyParent(CollectionPlanEntry entry, CollectionCheckpoint checkpoint, out string parentName)
        {
            var request = entry.Graph!;
            parentName = Engine.Snapshot.DataSets.Graph(request.ParentSet!);
            var parent = checkpoint.GetState(parentName);
            if (parent.Status == CollectionProgressStatus.Skipped)
            {
                SkipForParent(entry, checkpoint, parent, parentName);
                return null;
            }

            if (!parent.IsComplete)
            {
                throw ParentIncomplete(parentName, parent.Status);
            }

            return parent;
        }

        internal static CollectionRequestException ParentIncomplete(string parentName, CollectionProgressStatus status) =>
            new CollectionRequestException($"Its parent set {parentName} is not completely collected ({status}).");

        private static void SkipForParent(CollectionPlanEntry entry, CollectionCheckpoint checkpoint, CollectionState parent, string parentName) =>
            checkpoint.MarkSkipped(entry.Name, parent.MissingPermission ?? PermissionCheck.RequiredPermission(entry.Graph!.Set), $"Its parent set {parentName} was not collected.");

        /// <summary>
        /// Reads the relation of every parent, 20 to a $batch, several $batches in flight, committed in parent order.
        /// With <paramref name="parentsDone"/> the parents are taken as their set commits its pages (<see cref="ParentFeed"/>),
        /// so the relation's requests start with the parent set's first page; without it the parent set must be complete.
        /// </summary>
        public async Task CollectAsync(CollectionPlan plan, CollectionPlanEntry entry, CollectionPosition position, CollectionCheckpoint checkpoint, RequestTally tally, CancellationToken cancellationToken, Task? parentsDone = null)
        {
            var request = entry.Graph!;
            if (parentsDone == null && ReadyParent(entry, checkpoint, out _) == null)
            {
                return;
            }

            var parents = new ParentFeed(plan, request, checkpoint, _pager.Committed, parentsDone ?? Task.CompletedTask);
            var state = checkpoint.BeginCollection(entry.Name);
            var next = state.Continuation == null ? 0 : int.Parse(state.Continuation, NumberStyles.None, CultureInfo.InvariantCulture);

            // Several $batches in flight, committed in parent order: a cut loses only unsaved ones.
            var inFlight = new Queue<(List<string> Ids, int After, Task<List<JsonElement>[]> Results)>();
            var sent = next;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            try
            {
                while (true)
                {
                    // Full batches while parents are still coming; the last one as it is.
                    while (inFlight.Count < _inFlight && (parents.Ids.Count - sent >= _batchSize || (parents.Complete && sent < parents.Ids.Count)))
                    {
                        var batch = parents.Ids.Skip(sent).Take(_batchSize).ToList();
                        sent += batch.Count;
                        inFlight.Enqueue((batch, sent, GetBatchAsync(request, batch, tally, stop.Token)));
                    }

                    if (inFlight.Count == 0)
                    {
                        if (parents.Complete)
                        {
                            break;
                        }

                        await parents.MoreAsync(cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    var (ids, after, pending) = inFlight.Dequeue();
                    var results = await pending.ConfigureAwait(false);
                    var continuation = !parents.Complete || after < parents.Ids.Count ? after.ToString(CultureInfo.InvariantCulture) : null;
                    var before = state.Count;
                    state = checkpoint.CommitPage(entry.Name, tally.Take(), page =>
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
                    position.Report(_callbacks, state);
                }
            }
            finally
            {
                // Batches still in flight after a failure or a cut are not saved: stop them and let them end.
                stop.Cancel();
                foreach (var (_, _, pending) in inFlight)
                {
                    try
                    {
                        await pending.ConfigureAwait(false);
                    }
                    catch (Exception exception) when (exception is OperationCanceledException || exception is CollectionRequestException || exception is ServiceRequestException)
                    {
                    }
                }
            }

            if (parents.ParentSkipped)
            {
                var parentName = Engine.Snapshot.DataSets.Graph(request.ParentSet!);
                SkipForParent(entry, checkpoint, checkpoint.GetState(parentName), parentName);
                return;
            }

            if (!state.IsComplete)
            {
                position.Report(_callbacks, checkpoint.CompleteCollection(entry.Name, tally.Take()));
            }
        }

        /// <summary>
        /// The parents: the parent set's objects, then those of its type casts (agent identities are service principals
        /// too, and a snapshot may keep them apart), each id once, in plan order: stable across resumes.
        /// </summary>
        internal static List<string> ParentIds(CollectionPlan plan, GraphSetRequest request, string parentName, CollectionState parent, CollectionCheckpoint checkpoint, CancellationToken cancellationToken) =>
            ParentIds(plan, request, parentName, parent, checkpoint, out _, cancellationToken);

        /// <summary>The parents, and how many of them (the first ones) come from the parent set itself rather than its casts.</summary>
        internal static List<string> ParentIds(CollectionPlan plan, GraphSetRequest request, string parentName, CollectionState parent, CollectionCheckpoint checkpoint, out int fromParentSet, CancellationToken cancellationToken)
        {
            var parentIds = ReadIds(checkpoint.Root, parentName, parent.PagesCompleted, cancellationToken);
            fromParentSet = parentIds.Count;
            parentIds.AddRange(CastOnlyParents(plan, request, parentIds, checkpoint, cancellationToken).SelectMany(c => c.Ids));
            return parentIds;
        }

        /// <summary>
        /// The parents only the parent set's type casts hold (agent identities a snapshot keeps in their own set), per
        /// complete cast in plan order, each id once and none of <paramref name="fromParentSet"/>.
        /// </summary>
        internal static List<(GraphSetRequest Cast, List<string> Ids)> CastOnlyParents(CollectionPlan plan, GraphSetRequest request, IEnumerable<string> fromParentSet, CollectionCheckpoint checkpoint, CancellationToken cancellationToken)
        {
            var seen = new HashSet<string>(fromParentSet, StringComparer.OrdinalIgnoreCase);
            var casts = new List<(GraphSetRequest Cast, List<string> Ids)>();
            var castPrefix = request.ParentSet + ".microsoft.graph.";
            foreach (var cast in plan.Collections.Where(c => c.Graph != null && c.Graph.Set.StartsWith(castPrefix, StringComparison.OrdinalIgnoreCase)))
            {
                var castState = checkpoint.GetState(cast.Name);
                casts.Add((cast.Graph!, castState.IsComplete ? ReadIds(checkpoint.Root, cast.Name, castState.PagesCompleted, cancellationToken).Where(seen.Add).ToList() : new List<string>()));
            }

            return casts;
        }

        private static List<string> ReadIds(string root, string collection, int pages, CancellationToken cancellationToken) =>
            SavedPageReader.ReadStrings(root, collection, pages, IdOf, cancellationToken).ToList();

        private static string? IdOf(JsonElement item) =>
            item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;

        /// <summary>
        /// One $batch of relation GETs (one per parent), each followed to its last page. Items answered with a retryable
        /// status go out again in a new batch after the longest of their Retry-After (or the back-off). Returns the
        /// objects per parent.
        /// </summary>
        internal async Task<List<JsonElement>[]> GetBatchAsync(GraphSetRequest request, List<string> parentIds, RequestTally tally, CancellationToken cancellationToken)
        {
            var results = parentIds.Select(_ => new List<JsonElement>()).ToArray();
            var pending = Enumerable.Range(0, parentIds.Count).ToList();
            var nextLinks = new List<(int Index, string Link)>();
            var batchUri = _urls.BatchUri(request);
            for (var retry = 0; ; retry++)
            {
                var body = BatchBody(request, parentIds, pending);
                var again = new List<int>();
                var statuses = new SortedSet<int>();
                TimeSpan? retryAfter = null;
                using (var response = GraphSetPager.ThrowUnlessSuccess(
                    await _sender.PostJsonAsync(batchUri, body, tally, cancellationToken).ConfigureAwait(false),
                    "POST " + GraphUrls.PathOf(batchUri)))
                {
                    foreach (var item in response.Body!.RootElement.GetProperty("responses").EnumerateArray())
                    {
                        var i = int.Parse(item.GetProperty("id").GetString()!, NumberStyles.None, CultureInfo.InvariantCulture);
                        var status = item.GetProperty("status").GetInt32();
                        var itemBody = item.TryGetProperty("body", out var b) ? b : EmptyObject;
                        if (status >= 200 && status < 300)
                        {
                            AddValues(request, itemBody, results[i]);
                            if (GraphSetPager.NextLink(itemBody) is { } link)
                            {
                                nextLinks.Add((i, link));
                            }
                        }
                        else if (status == 404)
                        {
                            // The parent was deleted since its set was read: it has no relation left to save.
                        }
                        else if (RetryPolicy.IsRetryable(status))
                        {
                            again.Add(i);
                            statuses.Add(status);
                            var wait = _policy.RetryAfter(name => HeaderOf(item, name));
                            retryAfter = wait != null && (retryAfter == null || wait > retryAfter) ? wait : retryAfter;
                        }
                        else
                        {
                            var error = ServiceError.Read(status, System.Text.Encoding.UTF8.GetBytes(itemBody.GetRawText()), HeaderOf(item, "request-id"));
                            throw GraphRequestException.From(request.BuildRequestUri(parentIds[i]) + " in $batch", error);
                        }
                    }
                }

                if (again.Count == 0)
                {
                    break;
                }

                if (retry >= _policy.MaxRetries)
                {
                    throw new CollectionRequestException($"{again.Count} request(s) of a $batch stayed throttled after {retry} retries.");
                }

                // One wait for the round: the longest Retry-After of its retried items (capped), else the back-off.
                var (delay, fromRetryAfter) = _policy.DelayFor(retry + 1, retryAfter);
                _statistics.AddRetry();
                if (statuses.Any(RetryPolicy.IsThrottled))
                {
                    _statistics.AddThrottledWait(delay);
                }

                _callbacks.Verbose?.Invoke(ServiceRequestSender.FormatLine(
                    "POST",
                    GraphUrls.PathOf(batchUri),
                    FormattableString.Invariant($"{string.Join("/", statuses)} for {again.Count} of {pending.Count} items"),
                    null,
                    ServiceRequestSender.RetryNote(retry + 1, _policy.MaxRetries, delay, fromRetryAfter)));
                await _policy.Delay(delay, cancellationToken).ConfigureAwait(false);
                pending = again;
            }

            // A parent with more than one page of relations (over 999): the rest by plain GETs. Each parent's pages form
            // one chain of next links, independent of the others', so the chains run side by side (the pacer bounds
            // what is in flight) and the batch takes as long as its longest chain, not their sum.
            await Task.WhenAll(nextLinks.Select(link => FollowAsync(request, link.Link, results[link.Index], tally, cancellationToken))).ConfigureAwait(false);
            return results;
        }

        /// <summary>Reads a relation's pages from <paramref name="nextLink"/> to its last, into <paramref name="into"/>.</summary>
        private async Task FollowAsync(GraphSetRequest request, string? nextLink, List<JsonElement> into, RequestTally tally, CancellationToken cancellationToken)
        {
            while (nextLink != null)
            {
                using var response = await _pager.GetAsync(new Uri(nextLink), tally, cancellationToken).ConfigureAwait(false);
                AddValues(request, response.Body!.RootElement, into);
                nextLink = GraphSetPager.NextLink(response.Body.RootElement);
            }
        }

        private byte[] BatchBody(GraphSetRequest request, List<string> parentIds, IEnumerable<int> indexes)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteStartArray("requests");
                var versionPrefix = "/" + request.Version;
                foreach (var i in indexes)
                {
                    // $batch URLs are relative to the version: /servicePrincipals/{id}/owners?$select=...
                    var relative = _urls.WithPageSize(request.BuildRequestUri(parentIds[i])).Substring(versionPrefix.Length);
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

        /// <summary>The objects of a relation page the request keeps (groups only, of a member's groups and roles).</summary>
        private static void AddValues(GraphSetRequest request, JsonElement body, List<JsonElement> into)
        {
            if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in value.EnumerateArray().Where(request.Keeps))
                {
                    into.Add(item.Clone());
                }
            }
        }

        /// <summary>A header of a response inside a $batch (its <c>headers</c> object), ignoring case.</summary>
        private static string? HeaderOf(JsonElement response, string name)
        {
            if (response.TryGetProperty("headers", out var headers) && headers.ValueKind == JsonValueKind.Object)
            {
                foreach (var header in headers.EnumerateObject())
                {
                    if (string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase))
                    {
                        return header.Value.ToString();
                    }
                }
            }

            return null;
        }
    }
}
