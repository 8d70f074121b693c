using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Core;
using ZeroTrustAI.Collector.Connection;
using ZeroTrustAI.Collector.Http;
using ZeroTrustAI.Collector.Requests;
using ZeroTrustAI.Engine.Collection;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Collector.Collection
{
    /// <summary>Settings of the ARM part of a collection.</summary>
    public sealed class ArmCollectorOptions
    {
        /// <summary>The subscriptions to collect; null = every subscription the identity can read (no cap, no silent limit).</summary>
        public IReadOnlyList<string>? SubscriptionIds { get; set; }

        /// <summary>Parallel ARM GETs per parent type; Resource Graph pages are requested one after the other.</summary>
        public int MaxConcurrency { get; set; } = 4;

        /// <summary>Rows per Resource Graph page (<c>options.$top</c>), 1 to 1000.</summary>
        public int ResourceGraphPageSize { get; set; } = 1000;
    }

    /// <summary>
    /// Collects the Azure side of a plan into a checkpointed snapshot: the subscription list (GET /subscriptions), the
    /// Resource Graph tables (one committed page per Resource Graph page, the <c>$skipToken</c> as continuation) and the
    /// child and extension resources Resource Graph lacks (ARM GET on each parent; the continuation is the index of the
    /// next parent). Every request goes through the request layer shared with Graph (<see cref="ServiceRequestSender"/>
    /// over <see cref="ArmTransport"/>: the ArmClient's pipeline with its credential and read-only policy), so retries,
    /// timeouts, statistics and verbose lines are those of every collection. A 403 skips the collection naming the Azure role it needs;
    /// any other failure marks it failed and the next collection goes on.
    /// </summary>
    public sealed class ArmCollector
    {
        /// <summary>The Resource Graph query API version.</summary>
        public const string ResourceGraphApiVersion = "2022-10-01";

        /// <summary>Resource Graph accepts at most this many subscriptions per query.</summary>
        internal const int SubscriptionsPerQuery = 1000;

        private const string ReaderRole = "Reader (Azure RBAC)";
        private const string MissingPrefix = "missing:";

        private readonly string _armEndpoint;
        private readonly ArmCollectorOptions _options;
        private readonly CollectionStatistics _statistics;
        private readonly CollectionCallbacks _callbacks;
        private readonly ServiceRequestSender _sender;

        public ArmCollector(TokenCredential credential, CloudEndpoints endpoints, RequestSettings? settings, ArmCollectorOptions options, CollectionStatistics statistics, CollectionCallbacks callbacks)
        {
            if (credential == null)
            {
                throw new ArgumentNullException(nameof(credential));
            }

            if (endpoints == null)
            {
                throw new ArgumentNullException(nameof(endpoints));
            }

            settings ??= new RequestSettings();

            _options = options ?? throw new ArgumentNullException(nameof(options));
            if (options.MaxConcurrency < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(options), options.MaxConcurrency, "MaxConcurrency must be at least 1.");
            }

            if (options.ResourceGraphPageSize < 1 || options.ResourceGraphPageSize > 1000)
            {
                throw new ArgumentOutOfRangeException(nameof(options), options.ResourceGraphPageSize, "ResourceGraphPageSize must be between 1 and 1000.");
            }

            _statistics = statistics ?? throw new ArgumentNullException(nameof(statistics));
            _callbacks = callbacks ?? throw new ArgumentNullException(nameof(callbacks));
            _armEndpoint = endpoints.Arm.AbsoluteUri.TrimEnd('/');
            var client = ArmClientFactory.Create(credential, endpoints, new ArmClientSettings { Transport = settings.ArmTransport });
            _sender = new ServiceRequestSender(new ArmTransport(client), settings, statistics, callbacks);
        }

        /// <summary>
        /// Children of this many parents at most go into one committed page, so a resume repeats at most that many
        /// parents' GETs. Internal so tests can make every parent a page.
        /// </summary>
        internal int ParentsPerPage { get; set; } = 100;

        /// <summary>
        /// Collects every ARM entry of the plan (entries whose Arm is set, in plan order) into the checkpoint. Complete
        /// collections are left alone; unfinished and failed ones continue from their continuation. Cancellation stops
        /// between or during requests and leaves every saved page recorded, so a resume continues after it.
        /// </summary>
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

            var entries = plan.Collections.Where(c => c.Arm != null).ToList();
            if (entries.Count == 0)
            {
                return;
            }

            var subscriptions = entries.FirstOrDefault(c => c.Arm!.Source == ArmSource.SubscriptionList)
                ?? throw new ArgumentException("The plan has Azure collections but not the subscription list they are scoped by.", nameof(plan));

            foreach (var entry in entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (checkpoint.GetState(entry.Name).IsComplete)
                {
                    continue;
                }

                var position = new CollectionPosition(entry.Name, IndexOf(plan, entry), plan.Collections.Count);
                var tally = new RequestTally();
                try
                {
                    switch (entry.Arm!.Source)
                    {
                        case ArmSource.SubscriptionList:
                            await CollectSubscriptionsAsync(entry.Arm, checkpoint, position, tally, cancellationToken).ConfigureAwait(false);
                            break;
                        case ArmSource.ResourceGraph:
                            await CollectResourceGraphAsync(entry.Arm, subscriptions.Name, checkpoint, position, tally, cancellationToken).ConfigureAwait(false);
                            break;
                        default:
                            await CollectPerParentAsync(entry.Arm, checkpoint, position, tally, cancellationToken).ConfigureAwait(false);
                            break;
                    }
                }
                catch (ArmAccessDeniedException denied)
                {
                    checkpoint.MarkSkipped(entry.Name, denied.MissingPermission, denied.Message);
                    _callbacks.Warning?.Invoke($"{entry.Name} is skipped: {denied.Message} It needs {denied.MissingPermission}.");
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception exception) when (IsCollectionFailure(exception))
                {
                    var message = exception is ArmRequestException ? exception.Message : exception.GetType().Name + ": " + exception.Message;
                    checkpoint.MarkFailed(entry.Name, message, tally.Take());
                    _callbacks.Warning?.Invoke($"{entry.Name} failed: {message} Save-ZtaiSnapshot -Resume continues it after its last saved page.");
                }
            }
        }

        private static bool IsCollectionFailure(Exception exception) =>
            exception is ArmRequestException || exception is ServiceRequestException || exception is RequestFailedException || exception is IOException ||
            exception is HttpRequestException || exception is JsonException || exception is InvalidDataException ||
            exception is OperationCanceledException; // a request timeout, not the caller's cancellation

        private static int IndexOf(CollectionPlan plan, CollectionPlanEntry entry)
        {
            for (var i = 0; i < plan.Collections.Count; i++)
            {
                if (ReferenceEquals(plan.Collections[i], entry))
                {
                    return i;
                }
            }

            return -1;
        }

        // ---- GET /subscriptions --------------------------------------------------------------------------------

        /// <summary>
        /// GET /subscriptions following nextLink, kept to <see cref="ArmCollectorOptions.SubscriptionIds"/> when given. A
        /// requested subscription the list does not show is never dropped silently: the last page is saved with the
        /// continuation <c>missing:&lt;ids&gt;</c> and the collection marked failed (manifest "partial"), with a warning;
        /// a resume asks for those subscriptions one by one.
        /// </summary>
        private async Task CollectSubscriptionsAsync(ArmTypeRequest request, CollectionCheckpoint checkpoint, CollectionPosition position, RequestTally tally, CancellationToken cancellationToken)
        {
            var state = checkpoint.BeginCollection(position.Name);
            var wanted = _options.SubscriptionIds?.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (state.Continuation != null && state.Continuation.StartsWith(MissingPrefix, StringComparison.Ordinal))
            {
                var missing = state.Continuation.Substring(MissingPrefix.Length).Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries);
                await CollectMissingSubscriptionsAsync(request, checkpoint, position, missing, tally, cancellationToken).ConfigureAwait(false);
                return;
            }

            // Requested subscriptions already saved by an interrupted run.
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (wanted != null)
            {
                foreach (var id in SavedPageReader.ReadStrings(checkpoint.Root, position.Name, state.PagesCompleted, SubscriptionIdOf, cancellationToken))
                {
                    seen.Add(id);
                }
            }

            var next = state.Continuation != null ? new Uri(state.Continuation) : new Uri(_armEndpoint + request.BuildRequestPath());
            while (true)
            {
                using var response = await _sender.GetAsync(next, tally, cancellationToken).ConfigureAwait(false);
                ThrowUnlessSuccess(response, "the subscription list", "/");
                var root = response.Body!.RootElement;
                var items = Values(root).Where(s => wanted == null || wanted.Contains(SubscriptionIdOf(s) ?? string.Empty, StringComparer.OrdinalIgnoreCase)).ToList();
                foreach (var item in items)
                {
                    seen.Add(SubscriptionIdOf(item) ?? string.Empty);
                }

                var nextLink = NextLink(root);
                if (nextLink != null)
                {
                    Commit(checkpoint, position, items, nextLink, tally);
                    next = new Uri(nextLink);
                    continue;
                }

                var missing = wanted?.Where(id => !seen.Contains(id)).ToList() ?? new List<string>();
                Commit(checkpoint, position, items, missing.Count == 0 ? null : MissingPrefix + string.Join(",", missing), tally);
                if (missing.Count > 0)
                {
                    MarkSubscriptionsMissing(checkpoint, position.Name, missing, tally);
                }

                return;
            }
        }

        /// <summary>A resumed run asks again for the subscriptions the first one could not see.</summary>
        private async Task CollectMissingSubscriptionsAsync(ArmTypeRequest request, CollectionCheckpoint checkpoint, CollectionPosition position, IReadOnlyList<string> ids, RequestTally tally, CancellationToken cancellationToken)
        {
            var found = new List<JsonElement>();
            var stillMissing = new List<string>();
            var documents = new List<ServiceResponse>();
            try
            {
                foreach (var id in ids)
                {
                    var response = await _sender.GetAsync(new Uri(_armEndpoint + "/subscriptions/" + Uri.EscapeDataString(id) + "?api-version=" + request.ApiVersion), tally, cancellationToken).ConfigureAwait(false);
                    documents.Add(response);
                    if (response.IsSuccess)
                    {
                        found.Add(response.Body!.RootElement);
                    }
                    else if (response.Status == 403 || response.Status == 404)
                    {
                        stillMissing.Add(id);
                    }
                    else
                    {
                        ThrowUnlessSuccess(response, "subscription " + id, "/subscriptions/" + id);
                    }
                }

                if (found.Count > 0)
                {
                    Commit(checkpoint, position, found, stillMissing.Count == 0 ? null : MissingPrefix + string.Join(",", stillMissing), tally);
                }
                else if (stillMissing.Count == 0)
                {
                    Complete(checkpoint, position, tally);
                }

                if (stillMissing.Count > 0)
                {
                    MarkSubscriptionsMissing(checkpoint, position.Name, stillMissing, tally);
                }
            }
            finally
            {
                foreach (var document in documents)
                {
                    document.Dispose();
                }
            }
        }

        private void MarkSubscriptionsMissing(CollectionCheckpoint checkpoint, string name, IReadOnlyList<string> missing, RequestTally tally)
        {
            var message = $"The subscription(s) {string.Join(", ", missing)} asked for are not visible to this identity (they do not exist in the tenant, or it has no Azure role on them), so their resources are not collected. Grant {ReaderRole} on them and run Save-ZtaiSnapshot -Resume.";
            checkpoint.MarkFailed(name, message, tally.Take());
            _callbacks.Warning?.Invoke(message);
        }

        private static string? SubscriptionIdOf(JsonElement subscription)
        {
            var id = StringOf(subscription, "subscriptionId");
            if (id != null)
            {
                return id;
            }

            var full = StringOf(subscription, "id");
            return full == null ? null : ArmId.GetSubscriptionId(full);
        }

        // ---- Resource Graph ------------------------------------------------------------------------------------

        /// <summary>
        /// One Resource Graph query per batch of up to 1000 subscriptions, paged with <c>$skipToken</c>; each page is
        /// committed as it arrives. The continuation is the skip token (prefixed <c>&lt;batch&gt;|</c> after the first
        /// batch; see <see cref="ArmContinuation"/>).
        /// </summary>
        private async Task CollectResourceGraphAsync(ArmTypeRequest request, string subscriptionCollection, CollectionCheckpoint checkpoint, CollectionPosition position, RequestTally tally, CancellationToken cancellationToken)
        {
            var subscriptions = ReadSubscriptionScope(checkpoint, subscriptionCollection, position.Name, cancellationToken);
            var state = checkpoint.BeginCollection(position.Name);
            if (subscriptions.Count == 0)
            {
                Complete(checkpoint, position, tally);
                return;
            }

            var batches = new List<List<string>>();
            for (var i = 0; i < subscriptions.Count; i += SubscriptionsPerQuery)
            {
                batches.Add(subscriptions.Skip(i).Take(SubscriptionsPerQuery).ToList());
            }

            var (batch, skipToken) = ArmContinuation.ParseResourceGraph(state.Continuation);
            if (batch >= batches.Count)
            {
                throw new ArmRequestException($"The saved position (query {batch + 1}) is beyond the {batches.Count} subscription batch(es) of this snapshot; start a new snapshot.");
            }

            var uri = new Uri(_armEndpoint + "/providers/Microsoft.ResourceGraph/resources?api-version=" + ResourceGraphApiVersion);
            while (true)
            {
                var body = ResourceGraphBody(batches[batch], request.ResourceGraphQuery!, skipToken);
                using var response = await _sender.PostJsonAsync(uri, body, tally, cancellationToken).ConfigureAwait(false);
                ThrowUnlessSuccess(response, "Resource Graph (" + request.Table + ")", batches[batch].Count == 1 ? "/subscriptions/" + batches[batch][0] : "the selected subscriptions");
                var root = response.Body!.RootElement;
                var rows = root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array
                    ? data.EnumerateArray().ToList()
                    : throw new ArmRequestException("Resource Graph answered without a 'data' array (objectArray result format expected).");
                var nextToken = StringOf(root, "$skipToken");
                if (string.IsNullOrEmpty(nextToken))
                {
                    nextToken = null;
                }

                string? continuation;
                if (nextToken != null)
                {
                    continuation = ArmContinuation.FormatResourceGraph(batch, nextToken);
                }
                else
                {
                    continuation = batch + 1 < batches.Count ? ArmContinuation.FormatResourceGraph(batch + 1, null) : null;
                }

                Commit(checkpoint, position, rows, continuation, tally);
                if (continuation == null)
                {
                    return;
                }

                if (nextToken == null)
                {
                    batch++;
                }

                skipToken = nextToken;
            }
        }

        private byte[] ResourceGraphBody(IReadOnlyList<string> subscriptions, string query, string? skipToken)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteStartArray("subscriptions");
                foreach (var subscription in subscriptions)
                {
                    json.WriteStringValue(subscription);
                }

                json.WriteEndArray();
                json.WriteString("query", query);
                json.WriteStartObject("options");
                json.WriteNumber("$top", _options.ResourceGraphPageSize);
                if (skipToken != null)
                {
                    json.WriteString("$skipToken", skipToken);
                }

                json.WriteString("resultFormat", "objectArray");
                json.WriteEndObject();
                json.WriteEndObject();
            }

            return buffer.ToArray();
        }

        /// <summary>
        /// The subscriptions Azure collections are scoped to: those saved by the subscription collection, sorted so that
        /// batches are the same on resume. A skipped list skips the dependent collection; a list that failed before
        /// reaching its end fails it (a list that is only missing requested subscriptions is used as far as it goes).
        /// </summary>
        private static List<string> ReadSubscriptionScope(CollectionCheckpoint checkpoint, string subscriptionCollection, string name, CancellationToken cancellationToken)
        {
            var state = checkpoint.GetState(subscriptionCollection);
            RequireParent(state, name);
            return SavedPageReader.ReadStrings(checkpoint.Root, subscriptionCollection, state.PagesCompleted, SubscriptionIdOf, cancellationToken)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .OrderBy(id => id, StringComparer.OrdinalIgnoreCase)
                .ToList();
        }

        private static void RequireParent(CollectionState parent, string name)
        {
            switch (parent.Status)
            {
                case CollectionProgressStatus.Complete:
                    return;
                case CollectionProgressStatus.Skipped:
                    throw new ArmAccessDeniedException(
                        parent.MissingPermission ?? ReaderRole,
                        $"It is read for each of {parent.Name}, which the identity may not read.");
                case CollectionProgressStatus.Failed when parent.Continuation != null && parent.Continuation.StartsWith(MissingPrefix, StringComparison.Ordinal):
                    return;
                default:
                    throw new ArmRequestException($"It is read for each of {parent.Name}, which is not complete ({parent.Status}{(parent.Error != null ? ": " + parent.Error : string.Empty)}).");
            }
        }

        // ---- ARM GET per parent --------------------------------------------------------------------------------

        /// <summary>
        /// GET {parent id}/{child}?api-version=… for every parent saved by the parent collections (in their saved
        /// order), following nextLink. Up to MaxConcurrency parents are requested at once, but pages are committed in
        /// parent order with the index of the next parent as continuation, so a resume starts at the first parent whose
        /// children are not saved. A parent that is gone (404) has no children.
        /// </summary>
        private async Task CollectPerParentAsync(ArmTypeRequest request, CollectionCheckpoint checkpoint, CollectionPosition position, RequestTally tally, CancellationToken cancellationToken)
        {
            var parents = new List<string>();
            foreach (var parentType in request.ParentTypes)
            {
                var parentName = DataSets.Arm(parentType);
                var parentState = checkpoint.GetState(parentName);
                RequireParent(parentState, position.Name);
                parents.AddRange(SavedPageReader.ReadStrings(checkpoint.Root, parentName, parentState.PagesCompleted, item => StringOf(item, "id"), cancellationToken));
            }

            var state = checkpoint.BeginCollection(position.Name);
            var start = ArmContinuation.ParseParentIndex(state.Continuation);
            if (start >= parents.Count)
            {
                Complete(checkpoint, position, tally);
                return;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var gate = new SemaphoreSlim(_options.MaxConcurrency);
            var window = _options.MaxConcurrency * 4;
            var pending = new Queue<Task<ParentChildren>>();
            var nextToStart = start;

            void Fill()
            {
                while (nextToStart < parents.Count && pending.Count < window)
                {
                    pending.Enqueue(FetchChildrenAsync(request, parents[nextToStart++], gate, stop.Token));
                }
            }

            var buffer = new List<JsonElement>();
            var parentsInBuffer = 0;
            var committedPages = state.PagesCompleted;
            try
            {
                Fill();
                for (var i = start; i < parents.Count; i++)
                {
                    // Children fetched ahead may be ready already: stop here rather than save more after a cancel.
                    cancellationToken.ThrowIfCancellationRequested();
                    var children = await pending.Dequeue().ConfigureAwait(false);
                    Fill();
                    tally.Add(children.Requests);
                    buffer.AddRange(children.Items);
                    parentsInBuffer++;
                    var last = i == parents.Count - 1;
                    if (!last && parentsInBuffer < ParentsPerPage && buffer.Count < _options.ResourceGraphPageSize)
                    {
                        continue;
                    }

                    if (last && buffer.Count == 0 && committedPages > 0)
                    {
                        Complete(checkpoint, position, tally);
                    }
                    else
                    {
                        Commit(checkpoint, position, buffer, last ? null : ArmContinuation.FormatParentIndex(i + 1), tally);
                        committedPages++;
                    }

                    buffer.Clear();
                    parentsInBuffer = 0;
                }
            }
            finally
            {
                stop.Cancel();
                foreach (var task in pending)
                {
                    try
                    {
                        var abandoned = await task.ConfigureAwait(false);
                        tally.Add(abandoned.Requests);
                    }
                    catch (Exception exception) when (exception is OperationCanceledException || IsCollectionFailure(exception) || exception is ArmAccessDeniedException)
                    {
                        // Already failing or cancelled: this parent is requested again on resume.
                    }
                }
            }
        }

        private async Task<ParentChildren> FetchChildrenAsync(ArmTypeRequest request, string parentId, SemaphoreSlim gate, CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            var tally = new RequestTally();
            try
            {
                var items = new List<JsonElement>();
                Uri? next = new Uri(_armEndpoint + request.BuildRequestPath(parentId));
                while (next != null)
                {
                    using var response = await _sender.GetAsync(next, tally, cancellationToken).ConfigureAwait(false);
                    if (response.Status == 404)
                    {
                        // The parent was deleted since it was listed: it has no children now.
                        return new ParentChildren(new List<JsonElement>(), tally.Count);
                    }

                    ThrowUnlessSuccess(response, request.ResourceType + " of " + parentId, parentId);
                    var root = response.Body!.RootElement;
                    items.AddRange(Values(root).Select(item => item.Clone()));
                    var nextLink = NextLink(root);
                    next = nextLink == null ? null : new Uri(nextLink);
                }

                return new ParentChildren(items, tally.Count);
            }
            finally
            {
                gate.Release();
            }
        }

        // ---- shared --------------------------------------------------------------------------------------------

        private void Commit(CollectionCheckpoint checkpoint, CollectionPosition position, List<JsonElement> items, string? continuation, RequestTally tally)
        {
            var state = checkpoint.CommitPage(position.Name, items, continuation, tally.Take());
            _statistics.AddPage(items.Count);
            position.Report(_callbacks, state);
        }

        /// <summary>Marks a collection complete without a new page; an empty collection gets its empty page 1, counted as a page.</summary>
        private void Complete(CollectionCheckpoint checkpoint, CollectionPosition position, RequestTally tally)
        {
            var pagesBefore = checkpoint.GetState(position.Name).PagesCompleted;
            var state = checkpoint.CompleteCollection(position.Name, tally.Take());
            if (pagesBefore == 0)
            {
                _statistics.AddPage(0);
                position.Report(_callbacks, state);
            }
        }

        private static void ThrowUnlessSuccess(ServiceResponse response, string what, string scope)
        {
            if (response.IsSuccess)
            {
                return;
            }

            if (response.Status == 403)
            {
                throw new ArmAccessDeniedException(
                    ReaderRole + " on " + scope,
                    $"ARM refused to list {what} ({response.Error}).");
            }

            if (response.Status == 401)
            {
                throw new ArmRequestException($"ARM refused the access token while listing {what} ({response.Error}). Connect-ZtaiTenant again, then Save-ZtaiSnapshot -Resume.");
            }

            throw new ArmRequestException($"ARM answered {response.Error} while listing {what}.");
        }

        private static JsonElement.ArrayEnumerator Values(JsonElement root) =>
            root.ValueKind == JsonValueKind.Object && root.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array
                ? value.EnumerateArray()
                : throw new ArmRequestException("ARM answered a list without a 'value' array.");

        private static string? NextLink(JsonElement root)
        {
            var link = StringOf(root, "nextLink");
            return string.IsNullOrEmpty(link) ? null : link;
        }

        private static string? StringOf(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private sealed class ParentChildren
        {
            public ParentChildren(List<JsonElement> items, int requests)
            {
                Items = items;
                Requests = requests;
            }

            public List<JsonElement> Items { get; }

            public int Requests { get; }
        }
    }
}
