using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ZeroTrustAI.Engine.Collection;

namespace ZeroTrustAI.Collector.Collection
{
    /// <summary>Wakes whoever waits for the next page any Graph set commits (a per-parent relation waiting for parents).</summary>
    internal sealed class PageSignal
    {
        private TaskCompletionSource<bool> _next = NewSource();

        /// <summary>Completes when the next page is committed. Take it before looking at the state, so no page is missed.</summary>
        public Task Next => Volatile.Read(ref _next).Task;

        public void Pulse() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult(true);

        private static TaskCompletionSource<bool> NewSource() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// The parents of a per-parent relation as their set commits them: the parent set's saved pages in order while it is
    /// still being read, then, once it and its type casts are complete, the casts' objects it does not hold (each id once).
    /// The order is the one <see cref="GraphBatchReader.ParentIds(CollectionPlan, GraphSetRequest, string, CollectionState, CollectionCheckpoint, CancellationToken)"/>
    /// gives a complete parent set, so a resume's parent index means the same parent whenever the run was cut. Reading the
    /// relation while its parents are still paging lets its requests (one per parent, the bulk of a budget-bound run)
    /// start at once instead of after the whole parent set.
    /// </summary>
    internal sealed class ParentFeed
    {
        private readonly CollectionPlan _plan;
        private readonly GraphSetRequest _request;
        private readonly string _parentName;
        private readonly CollectionCheckpoint _checkpoint;
        private readonly PageSignal _signal;
        private readonly Task _parentsDone;
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private int _pagesRead;

        /// <summary>The feed of <paramref name="request"/>'s parents; <paramref name="parentsDone"/> completes when the parent set and its casts are done (complete, failed or skipped).</summary>
        public ParentFeed(CollectionPlan plan, GraphSetRequest request, CollectionCheckpoint checkpoint, PageSignal signal, Task parentsDone)
        {
            _plan = plan;
            _request = request;
            _parentName = Engine.Snapshot.DataSets.Graph(request.ParentSet!);
            _checkpoint = checkpoint;
            _signal = signal;
            _parentsDone = parentsDone;
        }

        /// <summary>The parents known so far, in their lasting order.</summary>
        public List<string> Ids { get; } = new List<string>();

        /// <summary>True once every parent is in <see cref="Ids"/>.</summary>
        public bool Complete { get; private set; }

        /// <summary>True when the parent set was skipped (its permission is missing): the relation is skipped too.</summary>
        public bool ParentSkipped { get; private set; }

        /// <summary>Waits until more parents are known or all are; throws when the parent set ended incomplete.</summary>
        public async Task MoreAsync(CancellationToken cancellationToken)
        {
            while (!Complete)
            {
                var signal = _signal.Next;
                var parent = _checkpoint.GetState(_parentName);
                if (parent.Status == CollectionProgressStatus.Skipped)
                {
                    ParentSkipped = true;
                    Complete = true;
                    return;
                }

                if (parent.PagesCompleted > _pagesRead)
                {
                    var ids = SavedPageReader.ReadStrings(_checkpoint.Root, _parentName, _pagesRead + 1, parent.PagesCompleted, IdOf, cancellationToken).ToList();
                    _pagesRead = parent.PagesCompleted;
                    _seen.UnionWith(ids);
                    Ids.AddRange(ids);
                    if (ids.Count > 0)
                    {
                        return;
                    }

                    continue;
                }

                if (_parentsDone.IsCompleted)
                {
                    if (!parent.IsComplete)
                    {
                        throw GraphBatchReader.ParentIncomplete(_parentName, parent.Status);
                    }

                    var castPrefix = _request.ParentSet + ".microsoft.graph.";
                    foreach (var cast in _plan.Collections.Where(c => c.Graph != null && c.Graph.Set.StartsWith(castPrefix, StringComparison.OrdinalIgnoreCase)))
                    {
                        var castState = _checkpoint.GetState(cast.Name);
                        if (castState.IsComplete)
                        {
                            Ids.AddRange(SavedPageReader.ReadStrings(_checkpoint.Root, cast.Name, 1, castState.PagesCompleted, IdOf, cancellationToken).Where(_seen.Add));
                        }
                    }

                    Complete = true;
                    return;
                }

                var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                using (cancellationToken.Register(() => cancelled.TrySetCanceled()))
                {
                    await Task.WhenAny(signal, _parentsDone, cancelled.Task).ConfigureAwait(false);
                }

                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        private static string? IdOf(JsonElement item) =>
            item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
    }
}
