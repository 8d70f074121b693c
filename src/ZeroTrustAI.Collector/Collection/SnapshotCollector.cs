using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ZeroTrustAI.Collector.Connection;
using ZeroTrustAI.Collector.Requests;
using ZeroTrustAI.Engine.Collection;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Collector.Collection
{
    /// <summary>What to collect and how.</summary>
    public sealed class SnapshotCollectorOptions
    {
        /// <summary>Collect only what these pillars' controls need; all pillars when null or empty.</summary>
        public IReadOnlyList<Pillar>? Pillars { get; set; }

        /// <summary>Azure subscriptions to read; null = every subscription the identity can read.</summary>
        public IReadOnlyList<string>? SubscriptionIds { get; set; }

        /// <summary>Continue the interrupted collection recorded in the folder's checkpoint.json.</summary>
        public bool Resume { get; set; }

        /// <summary>Start over in a folder that already holds a snapshot.</summary>
        public bool Force { get; set; }

        /// <summary>Timeout, retries and transports of every request, Graph and ARM alike.</summary>
        public RequestSettings Requests { get; set; } = new RequestSettings();

        /// <summary>Graph paging and $batch settings (a smaller page size is for tests).</summary>
        public GraphCollectorOptions Graph { get; set; } = new GraphCollectorOptions();

        /// <summary>Parallel ARM GETs per parent type.</summary>
        public int ArmMaxConcurrency { get; set; } = 4;

        public int ResourceGraphPageSize { get; set; } = 1000;

        /// <summary>Name and version written to manifest.json's tool.</summary>
        public string? ToolVersion { get; set; }

        /// <summary>
        /// The time the snapshot is stamped with (manifest collectedAt), where every behaviour window ends; now when
        /// null. For replays and tests, so a collection of fixed data judges the same on any day.
        /// </summary>
        public DateTimeOffset? CollectedAt { get; set; }
    }

    /// <summary>What a collection run did: the state of every collection and the run's request counters.</summary>
    public sealed class SnapshotCollectionResult
    {
        internal SnapshotCollectionResult(string path, string tenantId, CollectionSummary summary, CollectionStatistics statistics, IReadOnlyList<string> skippedByPermissionCheck, TimeSpan duration, bool resumed)
        {
            Path = path;
            TenantId = tenantId;
            Summary = summary;
            Statistics = statistics;
            SkippedByPermissionCheck = skippedByPermissionCheck;
            Duration = duration;
            Resumed = resumed;
        }

        /// <summary>The snapshot folder (full path).</summary>
        public string Path { get; }

        public string TenantId { get; }

        public CollectionSummary Summary { get; }

        /// <summary>Counters of this run only (a resumed run counts its own requests).</summary>
        public CollectionStatistics Statistics { get; }

        public IReadOnlyList<CollectionState> Collections => Summary.Collections;

        /// <summary>Collections the permission check skipped before any request.</summary>
        public IReadOnlyList<string> SkippedByPermissionCheck { get; }

        public TimeSpan Duration { get; }

        public bool Resumed { get; }

        /// <summary>True when every collection is complete or skipped: nothing is left for -Resume.</summary>
        public bool IsComplete => !Summary.CheckpointKept;

        public override string ToString()
        {
            var byStatus = Collections.GroupBy(c => c.Status).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
            return $"{Collections.Count} collection(s) ({string.Join(", ", byStatus)}); {Statistics}; {Duration.TotalSeconds:0.#} s";
        }
    }

    /// <summary>
    /// Collects a snapshot: plans the collections the selected pillars need, opens (or resumes) the checkpoint for the
    /// connection's tenant, skips the Graph sets the granted permissions cannot read, collects Graph and ARM side by side
    /// (separate services, separate throttles), and writes the final manifest. Cancellation leaves checkpoint.json so that a later run with Resume continues.
    /// </summary>
    public static class SnapshotCollector
    {
        public static async Task<SnapshotCollectionResult> CollectAsync(
            ZtaiConnection connection,
            string outputPath,
            SnapshotCollectorOptions? options,
            CollectionCallbacks? callbacks,
            CancellationToken cancellationToken)
        {
            if (connection == null)
            {
                throw new ArgumentNullException(nameof(connection));
            }

            if (string.IsNullOrWhiteSpace(connection.TenantId))
            {
                throw new ConnectionException(
                    ConnectionErrorIds.InvalidConnectionOptions,
                    "The connection does not know its tenant (it was opened with -SkipValidation and no -TenantId). Connect again with -TenantId.");
            }

            options ??= new SnapshotCollectorOptions();
            callbacks ??= new CollectionCallbacks();
            var watch = Stopwatch.StartNew();
            var plan = CollectionPlan.ForPillars(options.Pillars);
            var endpoints = connection.Endpoints;
            var writeOptions = new SnapshotWriteOptions
            {
                Force = options.Force,
                Scope = options.Pillars == null || options.Pillars.Count == 0 ? "all pillars" : "Pillar " + string.Join(", ", options.Pillars.Distinct().OrderBy(p => p)),
                Cloud = new CloudInfo(connection.Environment.ToString(), endpoints.Graph.AbsoluteUri, endpoints.Arm.AbsoluteUri, endpoints.AuthorityHost.AbsoluteUri),
            };
            if (options.ToolVersion != null)
            {
                writeOptions.ToolVersion = options.ToolVersion;
            }

            writeOptions.CollectedAt = options.CollectedAt;

            // Throws SnapshotException (ResumeMismatch, SnapshotFolderNotEmpty, ...) before any request.
            var checkpoint = CollectionCheckpoint.Open(outputPath, connection.TenantId!, plan, options.Resume, writeOptions);
            var statistics = new CollectionStatistics();
            var skipped = PermissionCheck.Apply(plan, checkpoint, connection, callbacks);

            // The audit window ends at the snapshot's collectedAt (a resumed run keeps the first run's, and so its window).
            var graphOptions = new GraphCollectorOptions
            {
                PageSize = options.Graph.PageSize,
                BatchSize = options.Graph.BatchSize,
                AuditWindowDays = options.Graph.AuditWindowDays,
                WindowEnd = options.Graph.WindowEnd ?? checkpoint.CollectedAt,
                RelationPlan = options.Graph.RelationPlan,
                ParallelCollections = options.Graph.ParallelCollections,
                RequestsInFlight = options.Graph.RequestsInFlight,
            };
            // Graph and ARM side by side: separate services with separate throttles, so neither waits for the other.
            async Task CollectGraphAsync()
            {
                using var graph = new GraphCollector(connection, options.Requests, graphOptions, statistics, callbacks);
                await graph.CollectAsync(plan, checkpoint, cancellationToken).ConfigureAwait(false);
            }

            await Task.WhenAll(CollectGraphAsync(), CollectArmAsync()).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            var summary = checkpoint.Finish();
            return new SnapshotCollectionResult(checkpoint.Root, checkpoint.TenantId, summary, statistics, skipped, watch.Elapsed, checkpoint.IsResumed);

            async Task CollectArmAsync()
            {
                if (plan.Collections.Any(c => c.Arm != null) && !await HasArmTokenAsync(connection, cancellationToken).ConfigureAwait(false))
                {
                    SkipAzure(plan, checkpoint, callbacks);
                }
                else if (plan.Collections.Any(c => c.Arm != null))
                {
                    var arm = new ArmCollector(
                        connection.Credential,
                        endpoints,
                        options.Requests,
                        new ArmCollectorOptions
                        {
                            SubscriptionIds = options.SubscriptionIds,
                            MaxConcurrency = options.ArmMaxConcurrency,
                            ResourceGraphPageSize = options.ResourceGraphPageSize,
                        },
                        statistics,
                        callbacks);
                    await arm.CollectAsync(plan, checkpoint, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>
        /// A connection made from pre-acquired tokens may carry a Graph token only. Its Azure collections are then
        /// skipped with the reason, so the Graph side still lands and the Azure controls say why they did not run.
        /// </summary>
        private static async Task<bool> HasArmTokenAsync(ZtaiConnection connection, CancellationToken cancellationToken)
        {
            if (connection.AuthMethod != AuthMethod.AccessToken)
            {
                return true;
            }

            try
            {
                await connection.Credential.GetTokenAsync(new Azure.Core.TokenRequestContext(new[] { connection.Endpoints.ArmScope }), cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (ConnectionException exception) when (exception.ErrorId == ConnectionErrorIds.NoTokenForScope)
            {
                return false;
            }
        }

        private static void SkipAzure(CollectionPlan plan, CollectionCheckpoint checkpoint, CollectionCallbacks callbacks)
        {
            const string permission = "an Azure Resource Manager access token";
            foreach (var entry in plan.Collections.Where(c => c.Arm != null))
            {
                if (!checkpoint.GetState(entry.Name).IsComplete)
                {
                    checkpoint.MarkSkipped(entry.Name, permission, "The connection holds no Azure Resource Manager token: connect with -ArmAccessToken too, or with a sign-in method that reaches Azure.");
                }
            }

            callbacks.Warning?.Invoke("Azure resources are skipped: the connection holds no Azure Resource Manager token (connect with -ArmAccessToken too).");
        }
    }
}
