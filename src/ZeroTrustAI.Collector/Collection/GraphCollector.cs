using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using ZeroTrustAI.Collector.Connection;
using ZeroTrustAI.Collector.Requests;
using ZeroTrustAI.Engine.Collection;

namespace ZeroTrustAI.Collector.Collection
{
    /// <summary>Settings of the Graph collection beyond the request layer's.</summary>
    public sealed class GraphCollectorOptions
    {
        /// <summary>The page size asked for ($top) instead of the catalog's 999; tests use a small one to get many pages.</summary>
        public int? PageSize { get; set; }

        /// <summary>GETs per JSON $batch (Graph accepts at most 20).</summary>
        public int BatchSize { get; set; } = 20;

        /// <summary>How relations are read: the cheapest plan (default), or object by object (to compare; docs/collection-plan.md).</summary>
        public GraphRelationPlan RelationPlan { get; set; } = GraphRelationPlan.Cheapest;

        /// <summary>
        /// Graph sets (and relations read from their parents' list) read at the same time; relations read per parent run
        /// beside them as their parents come. All requests share the pacer's slots and budget. Default 4.
        /// </summary>
        public int ParallelCollections { get; set; } = 4;

        /// <summary>
        /// Requests one collection keeps in flight: $batches of a per-parent relation; above 1, a relation's parent list
        /// is also read ahead of its follow-ups. Default 8: a relation read per parent then spends Graph's whole budget
        /// on its own (8 $batches of 20 at a round trip of 50 to 100 ms); 1 reads strictly one after the other.
        /// </summary>
        public int RequestsInFlight { get; set; } = 8;

        /// <summary>Days of directory audit events to collect, counted back from the start of the collection.</summary>
        public int AuditWindowDays { get; set; } = Engine.Agents.BehaviourSetNames.DefaultAuditWindowDays;

        /// <summary>Where the audit window ends: the snapshot's collectedAt (set by the snapshot collector), else now.</summary>
        public DateTimeOffset? WindowEnd { get; set; }
    }

    /// <summary>
    /// Collects the Graph entries of a <see cref="CollectionPlan"/> into a <see cref="CollectionCheckpoint"/>. Sets are
    /// read by <see cref="GraphSetPager"/> (page by page following <c>@odata.nextLink</c>), per-object relations (owners,
    /// app role assignments) by <see cref="GraphBatchReader"/> (JSON <c>$batch</c>es); both send through the request
    /// layer shared with ARM (<see cref="ServiceRequestSender"/> over <see cref="GraphTransport"/>). A resumed run starts
    /// each collection from its recorded continuation and so re-requests no saved page. A 403 skips the set naming the
    /// permission it needs; any other failure marks it failed and the next collection goes on.
    /// </summary>
    public sealed class GraphCollector : IDisposable
    {
        private readonly CollectionCallbacks _callbacks;
        private readonly GraphTransport _transport;
        private readonly GraphSetPager _pager;
        private readonly GraphBatchReader _batches;
        private readonly GraphRelationReader _relations;
        private readonly ServiceRequestSender _sender;
        private readonly CloudEndpoints _endpoints;
        private readonly GraphPacingSettings _pacing;
        private readonly int _parallelCollections;
        private string? _applicationId;

        public GraphCollector(ZtaiConnection connection, RequestSettings? settings, GraphCollectorOptions? options, CollectionStatistics statistics, CollectionCallbacks? callbacks)
            : this((connection ?? throw new ArgumentNullException(nameof(connection))).Credential, connection.Endpoints, settings, options, statistics, callbacks)
        {
            _applicationId = connection.ClientId;
        }

        public GraphCollector(TokenCredential credential, CloudEndpoints endpoints, RequestSettings? settings, GraphCollectorOptions? options, CollectionStatistics statistics, CollectionCallbacks? callbacks)
        {
            if (credential == null)
            {
                throw new ArgumentNullException(nameof(credential));
            }

            if (endpoints == null)
            {
                throw new ArgumentNullException(nameof(endpoints));
            }

            options ??= new GraphCollectorOptions();
            settings ??= new RequestSettings();
            if (statistics == null)
            {
                throw new ArgumentNullException(nameof(statistics));
            }

            if (options.BatchSize < 1 || options.BatchSize > 20)
            {
                throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "A Graph $batch holds 1 to 20 requests.");
            }

            _callbacks = callbacks ?? new CollectionCallbacks();
            _transport = new GraphTransport(credential, endpoints, settings.GraphTransport);
            var sender = new ServiceRequestSender(_transport, settings, statistics, _callbacks);
            if (options.AuditWindowDays < 1 || options.AuditWindowDays > 365)
            {
                throw new ArgumentOutOfRangeException(nameof(options), options.AuditWindowDays, "The audit window is 1 to 365 days.");
            }

            var urls = new GraphUrls(endpoints, options.PageSize, (options.WindowEnd ?? DateTimeOffset.UtcNow).AddDays(-options.AuditWindowDays));
            _sender = sender;
            _endpoints = endpoints;
            _pacing = settings.GraphPacing;
            _parallelCollections = Math.Max(1, options.ParallelCollections);
            _pager = new GraphSetPager(sender, urls, statistics, _callbacks);
            _batches = new GraphBatchReader(sender, _pager, urls, options.BatchSize, options.RequestsInFlight, settings.Retry, statistics, _callbacks);
            _relations = new GraphRelationReader(_pager, _batches, urls, options.BatchSize, options.RequestsInFlight > 1, options.RelationPlan, statistics, _callbacks);
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

            // One budget per application and tenant, shared with any other run of this process against them.
            _sender.Pacer = GraphPacer.For(_endpoints.Graph, checkpoint.TenantId, _applicationId, _pacing);

            // Several collections at once, so that latency overlaps while the pacer keeps the budget. A relation starts
            // at once and needs no slot (it waits for parents, and the pacer bounds its requests with all others), so it
            // never holds one a set it waits for needs. Read per parent it takes the parents as their set saves its
            // pages; read from its parents' list (expanded or from the resource side) it reads that list meanwhile and
            // commits its pages once the parent set and its type casts are complete (it filters on all of them).
            var tasks = new Dictionary<string, Task>(StringComparer.OrdinalIgnoreCase);
            using var slots = new SemaphoreSlim(_parallelCollections);
            async Task RunAsync(int index, IReadOnlyList<Task> after, bool streamParents)
            {
                if (streamParents)
                {
                    await Task.Yield();
                    await CollectOneAsync(plan, index, checkpoint, Task.WhenAll(after), cancellationToken).ConfigureAwait(false);
                    return;
                }

                await Task.WhenAll(after).ConfigureAwait(false);
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await CollectOneAsync(plan, index, checkpoint, null, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    slots.Release();
                }
            }

            var graph = Enumerable.Range(0, plan.Collections.Count).Where(i => plan.Collections[i].Graph != null).ToList();
            foreach (var index in graph.Where(i => !plan.Collections[i].Graph!.IsRelation))
            {
                tasks[plan.Collections[index].Name] = RunAsync(index, Array.Empty<Task>(), streamParents: false);
            }

            foreach (var index in graph.Where(i => plan.Collections[i].Graph!.IsRelation))
            {
                var parent = plan.Collections[index].Graph!.ParentSet!;
                var after = tasks.Where(t => string.Equals(t.Key, Engine.Snapshot.DataSets.Graph(parent), StringComparison.OrdinalIgnoreCase)
                    || t.Key.StartsWith(Engine.Snapshot.DataSets.Graph(parent) + ".microsoft.graph.", StringComparison.OrdinalIgnoreCase)).Select(t => t.Value).ToList();
                // One collection at a time (ParallelCollections 1) stays strictly one after the other. Otherwise every
                // relation starts at once, without a slot, and takes its parents as they come: per parent as their set
                // saves its pages, or, read from its parents' list, reading that list meanwhile and committing its pages
                // once the parents are complete. That list is a chain of hundreds of pages (the run's critical path) that
                // neither the parent set's pages nor a set holding a slot must delay.
                tasks[plan.Collections[index].Name] = RunAsync(index, after, streamParents: _parallelCollections > 1);
            }

            await Task.WhenAll(tasks.Values).ConfigureAwait(false);
        }

        private async Task CollectOneAsync(CollectionPlan plan, int index, CollectionCheckpoint checkpoint, Task? parentsDone, CancellationToken cancellationToken)
        {
            var count = plan.Collections.Count;
            {
                var entry = plan.Collections[index];
                var graph = entry.Graph!;
                var position = new CollectionPosition(entry.Name, index, count);
                cancellationToken.ThrowIfCancellationRequested();
                var state = checkpoint.GetState(entry.Name);
                if (state.IsDone)
                {
                    // Complete from an earlier run, or skipped by the permission check of this one.
                    position.Report(_callbacks, state);
                    return;
                }

                var tally = new RequestTally();
                try
                {
                    if (graph.IsRelation && _relations.Handles(graph, state))
                    {
                        await _relations.CollectAsync(plan, entry, position, checkpoint, tally, cancellationToken, parentsDone).ConfigureAwait(false);
                    }
                    else if (graph.IsRelation)
                    {
                        await _batches.CollectAsync(plan, entry, position, checkpoint, tally, cancellationToken, parentsDone).ConfigureAwait(false);
                    }
                    else
                    {
                        await _pager.CollectAsync(entry, position, checkpoint, tally, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (GraphRequestException exception) when (exception.Status == HttpStatusCode.Forbidden)
                {
                    var permission = PermissionCheck.RequiredPermission(graph.Set);
                    var licence = PermissionCheck.RequiredLicence(graph.Set);
                    var needs = licence == null ? permission : $"{permission} and a {licence} licence";
                    checkpoint.MarkSkipped(entry.Name, permission, $"Microsoft Graph answered 403 Forbidden (the set needs {needs}): " + exception.Message);
                    _callbacks.Warning?.Invoke($"{entry.Name} is skipped: Microsoft Graph refused it (403); it needs {needs}.");
                }
                catch (GraphRequestException exception) when (exception.Status == HttpStatusCode.NotFound && IsBetaOnlyCast(graph))
                {
                    checkpoint.MarkSkipped(entry.Name, null, $"{graph.Path} is not available in this cloud (Microsoft Graph answered 404 on the beta endpoint).");
                    _callbacks.Warning?.Invoke($"{entry.Name} is skipped: this cloud's Microsoft Graph does not serve it.");
                }
                catch (Exception exception) when (!(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
                {
                    var message = RedactingLog.Redact(exception.Message) ?? exception.GetType().Name;
                    checkpoint.MarkFailed(entry.Name, message, tally.Take());
                    _callbacks.Warning?.Invoke($"{entry.Name} failed: {message} Rerun with -Resume to continue after its saved pages.");
                }
            }
        }

        public void Dispose() => _transport.Dispose();

        /// <summary>A type-cast set (Agent ID) exists only on beta, and only in clouds that have the feature.</summary>
        private static bool IsBetaOnlyCast(GraphSetRequest request) =>
            string.Equals(request.Version, "beta", StringComparison.OrdinalIgnoreCase)
            && request.Path.IndexOf("microsoft.graph.", StringComparison.OrdinalIgnoreCase) >= 0;
    }

    /// <summary>A collection stopped for a reason the collector found in the answers (recorded with the failure).</summary>
    public class CollectionRequestException : Exception
    {
        public CollectionRequestException(string message, Exception? inner = null)
            : base(message, inner)
        {
        }
    }

    /// <summary>Microsoft Graph answered an error status, after the request layer's retries.</summary>
    public sealed class GraphRequestException : CollectionRequestException
    {
        public GraphRequestException(HttpStatusCode status, string message)
            : base(message)
        {
            Status = status;
        }

        public HttpStatusCode Status { get; }

        internal static GraphRequestException From(string what, ServiceError error) =>
            new GraphRequestException((HttpStatusCode)error.Status, $"{what} answered {error}");
    }
}
