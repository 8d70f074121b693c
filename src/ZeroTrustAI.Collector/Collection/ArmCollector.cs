using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Azure.ResourceManager;
using ZeroTrustAI.Engine.Collection;

namespace ZeroTrustAI.Collector.Collection
{
    /// <summary>Settings of the ARM collection.</summary>
    public sealed class ArmCollectorOptions
    {
        /// <summary>null = every subscription the identity can read (no cap, no silent limit).</summary>
        public IReadOnlyList<string>? SubscriptionIds { get; set; }

        /// <summary>Parallel ARM GETs per parent type; Resource Graph pages are sequential.</summary>
        public int MaxConcurrency { get; set; } = 4;

        public int ResourceGraphPageSize { get; set; } = 1000;
    }

    /// <summary>
    /// PLACEHOLDER until the ARM helper's collector (branch h/armcollect) is merged, which replaces this file: it has
    /// the agreed public signature, and marks every ARM entry of the plan failed so nothing Azure-side is judged on
    /// missing data (the controls report Error, and -Resume collects them once the real collector is in).
    /// </summary>
    public sealed class ArmCollector
    {
        public const string NotAvailable = "ARM collection not available in this build";

        private readonly CollectionCallbacks _callbacks;

        public ArmCollector(ArmClient client, Uri armEndpoint, ArmCollectorOptions options, CollectionStatistics statistics, CollectionCallbacks callbacks)
        {
            _ = client ?? throw new ArgumentNullException(nameof(client));
            _ = armEndpoint ?? throw new ArgumentNullException(nameof(armEndpoint));
            _ = options ?? throw new ArgumentNullException(nameof(options));
            _ = statistics ?? throw new ArgumentNullException(nameof(statistics));
            _callbacks = callbacks ?? throw new ArgumentNullException(nameof(callbacks));
        }

        public Task CollectAsync(CollectionPlan plan, CollectionCheckpoint checkpoint, CancellationToken cancellationToken)
        {
            if (plan == null)
            {
                throw new ArgumentNullException(nameof(plan));
            }

            if (checkpoint == null)
            {
                throw new ArgumentNullException(nameof(checkpoint));
            }

            foreach (var entry in plan.Collections)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (entry.Arm != null && !checkpoint.GetState(entry.Name).IsDone)
                {
                    checkpoint.MarkFailed(entry.Name, NotAvailable);
                    _callbacks.Warning?.Invoke($"{entry.Name}: {NotAvailable}.");
                }
            }

            return Task.CompletedTask;
        }
    }
}
