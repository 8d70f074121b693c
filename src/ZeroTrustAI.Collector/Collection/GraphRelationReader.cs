using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ZeroTrustAI.Collector.Requests;
using ZeroTrustAI.Engine.Collection;

namespace ZeroTrustAI.Collector.Collection
{
    /// <summary>How the collector reads relations (owners, app role assignments).</summary>
    public enum GraphRelationPlan
    {
        /// <summary>The fewest resource units: expanded on pages of parents, or from the resource side, chosen from the first page.</summary>
        Cheapest,

        /// <summary>One GET per parent, 20 to a $batch (the plan before; kept to compare and for relations without $expand).</summary>
        ObjectByObject,

        /// <summary>Always expanded on the parents' pages (tests).</summary>
        Expand,

        /// <summary>Always from the resource side where the relation has one (tests).</summary>
        Reverse,
    }

    /// <summary>
    /// Reads a relation the cheap way (docs/collection-plan.md). Either expanded on pages of its parents
    /// (<c>servicePrincipals?$select=id&amp;$expand=owners($select=…)</c>, 100 parents a page for one resource unit)
    /// with a per-parent follow-up only for the parents whose expansion is full (20 items: Graph returns no more and no
    /// next link), or, for app role assignments, from the resource side (<c>$expand=appRoleAssignedTo</c> on every
    /// service principal, kept where principalId is a parent; a resource with a full expansion is paged on its own).
    /// A transitive relation (a principal's groups, nested included) expands its direct one (memberOf) and is then closed
    /// (<see cref="CloseAsync"/>). The parents only the set's type casts hold are read from each cast's own list, expanded
    /// the same way, before the closure. The first page decides between the two sides (<see cref="PreferReverse"/>). Each
    /// page of a list is one committed page whose continuation names the side and the next link (<c>expand|…</c>,
    /// <c>reverse|…</c>, <c>casts|side|cast|…</c>, then <c>closure|…</c>), so a resumed run requests no saved page.
    /// </summary>
    internal sealed class GraphRelationReader
    {
        private const string ExpandSide = "expand";
        private const string ReverseSide = "reverse";
        private const string CastsPhase = "casts";
        private const string LegacyRestPhase = "rest";
        private const string ClosurePhase = "closure";
        private const string ClosureByGroups = "groups";
        private const string ClosureByMembers = "members";

        /// <summary>
        /// The most list items read ahead and not yet committed: bounds the memory read-ahead holds (about 500 bytes an
        /// item with its page's JSON, so up to about 200 MB) while letting the list run past a follow-up of hundreds of
        /// pages. At 100,000 service principals the resource side holds about 350 assignments a page and Microsoft
        /// Graph's own 600,000 or so take 666 follow-up pages: 200,000 stopped the list for about 7 s before those ended.
        /// </summary>
        internal const int ReadAheadItems = 400_000;

        private readonly GraphSetPager _pager;
        private readonly GraphBatchReader _batches;
        private readonly GraphUrls _urls;
        private readonly int _batchSize;
        private readonly bool _prefetch;
        private readonly GraphRelationPlan _plan;
        private readonly CollectionStatistics _statistics;
        private readonly CollectionCallbacks _callbacks;

        public GraphRelationReader(GraphSetPager pager, GraphBatchReader batches, GraphUrls urls, int batchSize, bool prefetch, GraphRelationPlan plan, CollectionStatistics statistics, CollectionCallbacks callbacks)
        {
            _prefetch = prefetch;
            _pager = pager;
            _batches = batches;
            _urls = urls;
            _batchSize = batchSize;
            _plan = plan;
            _statistics = statistics;
            _callbacks = callbacks;
        }

        /// <summary>True when this reader collects the relation; false leaves it to the per-parent $batch reader.</summary>
        public bool Handles(GraphSetRequest request, CollectionState state) =>
            state.Continuation != null
                ? state.Continuation.IndexOf('|') > 0
                : request.ExpandOnParent && _plan != GraphRelationPlan.ObjectByObject;

        /// <summary>
        /// Reads the relation. With <paramref name="parentsDone"/> (the parent set and its casts still being read) the list
        /// starts at once and its pages are read ahead; each is committed, filtered on the saved parents, once they are
        /// complete: the parent set's pages are then no longer on the critical path. Without it the parents must be complete.
        /// </summary>
        public async Task CollectAsync(CollectionPlan plan, CollectionPlanEntry entry, CollectionPosition position, CollectionCheckpoint checkpoint, RequestTally tally, CancellationToken cancellationToken, Task? parentsDone = null)
        {
            var request = entry.Graph!;
            parentsDone ??= Task.CompletedTask;
            var known = KnownParentsAsync(plan, entry, checkpoint, parentsDone, cancellationToken);
            if (parentsDone.IsCompleted && await known.ConfigureAwait(false) == null)
            {
                return;
            }

            var parentRequest = plan.Find(Engine.Snapshot.DataSets.Graph(request.ParentSet!))?.Graph ?? GraphSelectCatalog.Find(request.ParentSet!)!;
            var state = checkpoint.BeginCollection(entry.Name);
            var prefetched = new CastPrefetch();
            using var stopPrefetch = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            try
            {
                var (side, next) = Split(state.Continuation);
                ListPage? sample = null;
                if (side == null)
                {
                    (side, next, sample) = await ChooseSideAsync(request, parentRequest, known, entry, tally, cancellationToken).ConfigureAwait(false);
                }

                if (side == ExpandSide || side == ReverseSide)
                {
                    var listSide = side;
                    if (_prefetch)
                    {
                        prefetched.BeginStarting();
                        prefetched.Running = PrefetchCastsAsync(plan, request, side, known, checkpoint, prefetched, tally, stopPrefetch.Token);
                    }

                    string? after;
                    (state, after) = await ReadListAsync(request, entry, position, checkpoint, side, next!, sample, null, known, null, side, _ => CastsPhase + "|" + listSide + "|0|", tally, cancellationToken).ConfigureAwait(false);
                    (side, next) = Split(after);
                }

                await AfterListAsync(plan, request, entry, position, checkpoint, side, next, known, prefetched, tally, cancellationToken).ConfigureAwait(false);
            }
            catch (ParentSkippedException)
            {
                // The parent set was skipped: the relation is marked skipped with it, nothing read is saved.
            }
            finally
            {
                stopPrefetch.Cancel();
                await prefetched.DrainAsync().ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Reads the casts' lists (<see cref="AfterListAsync"/>) ahead, beside the parent list, once the parents are known:
        /// otherwise they would start only when that list, the relation's longest chain of pages, is done. The pages are
        /// kept for the casts' phase, which commits them in order; at most <see cref="CastPrefetch.MaxPages"/> wait.
        /// </summary>
        private async Task PrefetchCastsAsync(CollectionPlan plan, GraphSetRequest request, string side, Task<KnownParents?> known, CollectionCheckpoint checkpoint, CastPrefetch prefetched, RequestTally tally, CancellationToken cancellationToken)
        {
            try
            {
                var parents = await known.ConfigureAwait(false);
                if (parents == null)
                {
                    return;
                }

                foreach (var (cast, ids) in GraphBatchReader.CastOnlyParents(plan, request, parents.Ids.Take(parents.FromParentSet), checkpoint, cancellationToken).Where(c => c.Ids.Count > 0))
                {
                    var owners = new HashSet<string>(ids, StringComparer.OrdinalIgnoreCase);
                    prefetched.Start(ListUri(request, cast, CastNavigation(request, side), cast.Version), uri => ReadListPageAsync(request, side, uri, owners, tally, cancellationToken, followUp: false));
                }
            }
            finally
            {
                prefetched.MarkStarted();
            }
        }

        private static string CastNavigation(GraphSetRequest request, string side) =>
            side == ReverseSide ? request.Reverse!.Navigation : ExpandedNavigation(request);

        /// <summary>The parents once their set and its casts are complete; null (the relation marked skipped) when the set was skipped.</summary>
        private static async Task<KnownParents?> KnownParentsAsync(CollectionPlan plan, CollectionPlanEntry entry, CollectionCheckpoint checkpoint, Task parentsDone, CancellationToken cancellationToken)
        {
            await parentsDone.ConfigureAwait(false);
            if (!(GraphBatchReader.ReadyParent(entry, checkpoint, out var parentName) is { } parent))
            {
                return null;
            }

            var ids = GraphBatchReader.ParentIds(plan, entry.Graph!, parentName, parent, checkpoint, out var fromParentSet, cancellationToken);
            return new KnownParents(ids, fromParentSet);
        }

        private static async Task<KnownParents> RequireAsync(Task<KnownParents?> known) =>
            await known.ConfigureAwait(false) ?? throw new ParentSkippedException();

        private async Task AfterListAsync(CollectionPlan plan, GraphSetRequest request, CollectionPlanEntry entry, CollectionPosition position, CollectionCheckpoint checkpoint, string? side, string? next, Task<KnownParents?> known, CastPrefetch prefetched, RequestTally tally, CancellationToken cancellationToken)
        {
            var state = checkpoint.GetState(entry.Name);
            if (side == LegacyRestPhase)
            {
                // A checkpoint of a version that read cast-only parents one by one (rest|side|index): at its start the
                // casts' lists take over; past it the saved parents' pages cannot be matched to a cast's list.
                var parts = next!.Split('|');
                if (parts.Length != 2 || parts[1] != "0")
                {
                    throw new CollectionRequestException($"{entry.Name} was cut by an earlier version of the collector while it read parents one by one; collect it again without -Resume.");
                }

                (side, next) = (CastsPhase, parts[0] + "|0|");
            }

            if (side == CastsPhase)
            {
                // Parents the list does not hold (type casts kept apart in the snapshot): from each cast's own list, expanded.
                var parents = await RequireAsync(known).ConfigureAwait(false);

                // The casts' lists read ahead are started (or not) before their first page is looked for: a page the
                // phase read itself would otherwise be read a second time ahead.
                await prefetched.Started.ConfigureAwait(false);
                var parts = next!.Split(new[] { '|' }, 3);
                var castSide = parts[0];
                var casts = GraphBatchReader.CastOnlyParents(plan, request, parents.Ids.Take(parents.FromParentSet), checkpoint, cancellationToken).Select(c => (c.Cast, new HashSet<string>(c.Ids, StringComparer.OrdinalIgnoreCase))).ToList();
                var pending = parts[2];
                for (var index = int.Parse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture); index < casts.Count; index++, pending = string.Empty)
                {
                    var (cast, owners) = casts[index];
                    if (owners.Count == 0)
                    {
                        continue;
                    }

                    var first = pending.Length > 0 ? pending : ListUri(request, cast, CastNavigation(request, castSide), cast.Version);
                    var following = index + 1;
                    (state, _) = await ReadListAsync(request, entry, position, checkpoint, castSide, first, null, owners, known, prefetched, string.Join("|", CastsPhase, castSide, index.ToString(CultureInfo.InvariantCulture)), pages => following < casts.Count ? string.Join("|", CastsPhase, castSide, following.ToString(CultureInfo.InvariantCulture), string.Empty) : AfterCasts(request, castSide, pages), tally, cancellationToken).ConfigureAwait(false);
                }

                (side, next) = Split(AfterCasts(request, castSide, checkpoint.GetState(entry.Name).PagesCompleted));
            }

            if (side == ClosurePhase)
            {
                state = await CloseAsync(request, entry, position, checkpoint, next!, tally, cancellationToken).ConfigureAwait(false);
            }

            if (!state.IsComplete)
            {
                position.Report(_callbacks, checkpoint.CompleteCollection(entry.Name, tally.Take()));
            }
        }

        /// <summary>After the casts' lists: a nested relation's closure over the <paramref name="pages"/> pages saved so far, else the end.</summary>
        private static string? AfterCasts(GraphSetRequest request, string side, int pages) =>
            request.Nesting != null && side == ExpandSide
                ? ClosurePhase + "|" + pages.ToString(CultureInfo.InvariantCulture) + "||0"
                : null;

        /// <summary>
        /// The list of parents (or resources) from <paramref name="first"/>, page by page, committed in list order. With
        /// read-ahead, each page's follow-ups start as soon as the page is read and the list goes on meanwhile (up to
        /// <see cref="ReadAheadItems"/> items read and not committed): a resource with a long relation (Microsoft
        /// Graph's app role assignments in a large tenant run to hundreds of pages) is read beside the rest of the list
        /// instead of stopping it. A cut loses the pages read ahead, never a saved one. Without read-ahead a page is read, followed
        /// up and committed before the next is asked for. Returns the last state and the continuation after the list.
        /// </summary>
        private async Task<(CollectionState State, string? Next)> ReadListAsync(GraphSetRequest request, CollectionPlanEntry entry, CollectionPosition position, CollectionCheckpoint checkpoint, string side, string first, ListPage? firstPage, HashSet<string>? owners, Task<KnownParents?> known, CastPrefetch? prefetched, string resumeAt, Func<int, string?> afterList, RequestTally tally, CancellationToken cancellationToken)
        {
            var state = checkpoint.GetState(entry.Name);
            string? rest = null;
            var last = false;
            string? toRead = first;
            Task<ListPage>? reading = null;
            Task<(CollectionState State, bool Last, string? Continuation)>? committing = null;
            var uncommitted = new Queue<(Task<ListPage> Page, int Items)>();
            var held = 0;
            var parents = RequireAsync(known);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            try
            {
                if (firstPage != null)
                {
                    // The side's sample, already read: followed up and committed as the list's first page.
                    reading = Task.FromResult(firstPage);
                    toRead = null;
                }

                while (true)
                {
                    // A cut starts nothing more: what is read and not saved would be read again by the resume.
                    cancellationToken.ThrowIfCancellationRequested();
                    if (reading == null && toRead != null && ((uncommitted.Count == 0 && committing == null) || (_prefetch && held < ReadAheadItems)))
                    {
                        reading = prefetched?.Take(toRead) ?? ReadListPageAsync(request, side, toRead, owners, tally, stop.Token, followUp: false);
                        toRead = null;
                    }

                    var oldest = uncommitted.Count > 0 ? uncommitted.Peek().Page : null;
                    if (reading == null && oldest == null && committing == null)
                    {
                        return (state, last ? rest : afterList(state.PagesCompleted));
                    }

                    // A page is committed once its follow-ups are read and the parents are known (it is filtered on them),
                    // one at a time and in order.
                    var committable = oldest == null || committing != null ? null : parents.IsCompleted ? oldest : Task.WhenAll(oldest, parents);
                    await Task.WhenAny(new Task?[] { reading, committable, committing }.OfType<Task>()).ConfigureAwait(false);
                    if (reading != null && reading.IsCompleted)
                    {
                        var page = await reading.ConfigureAwait(false);
                        reading = null;
                        toRead = page.NextLink;
                        uncommitted.Enqueue((FollowedUpAsync(request, page, tally, stop.Token), page.Items.Count));
                        held += page.Items.Count;
                        continue;
                    }

                    if (committing != null && committing.IsCompleted)
                    {
                        (state, last, var continuation) = await committing.ConfigureAwait(false);
                        committing = null;
                        rest = last ? continuation : null;
                        continue;
                    }

                    if (committable != null && committable.IsCompleted)
                    {
                        var (_, items) = uncommitted.Dequeue();
                        var done = await oldest!.ConfigureAwait(false);
                        var set = (await parents.ConfigureAwait(false)).Set;
                        held -= items;
                        var continuation = done.NextLink != null ? resumeAt + "|" + done.NextLink : afterList(state.PagesCompleted + 1);

                        // The saved parents decide what the relation covers: not a parent created after its set was read,
                        // nor, from the resource side, an assignment to a principal that is not collected. The page is
                        // written and the checkpoint saved beside the list's next request, not before it: saving waits
                        // on the disk and on other collections' saves, and the list's pages are its critical path.
                        var kept = done.Items.Where(i => set.Contains(i.ParentId)).ToList();
                        committing = Task.Run(() => (Commit(checkpoint, entry, position, tally, kept, continuation), done.NextLink == null, continuation));
                    }
                }
            }
            finally
            {
                // Pages read ahead and not committed after a failure or a cut: stop them and let them end. A save under
                // way is let finish: it is whole or not at all.
                stop.Cancel();
                foreach (var pending in uncommitted.Select(u => (Task)u.Page).Concat(new Task?[] { reading }.OfType<Task>()))
                {
                    try
                    {
                        await pending.ConfigureAwait(false);
                    }
                    catch (Exception exception) when (exception is OperationCanceledException || exception is CollectionRequestException || exception is ServiceRequestException)
                    {
                    }
                }

                if (committing != null)
                {
                    // Only left pending when the list already failed: that failure is the one reported.
                    await committing.ContinueWith(t => t.Exception, TaskScheduler.Default).ConfigureAwait(false);
                }
            }
        }

        private async Task<ListPage> FollowedUpAsync(GraphSetRequest request, ListPage page, RequestTally tally, CancellationToken cancellationToken)
        {
            await FollowUpAsync(request, page, tally, cancellationToken).ConfigureAwait(false);
            return page;
        }

        /// <summary>
        /// The resource side is cheaper when the parents' expansions are often full: each full one costs a follow-up,
        /// while the resource side costs the same list plus one page per 999 assignments. Estimated from the first
        /// page of parents (full expansions counted at their 20): true when the follow-ups it predicts cost more than
        /// the assignments' pages.
        /// </summary>
        internal static bool PreferReverse(int parents, int sampled, int full, int sampledItems, int followUpCost)
        {
            if (sampled == 0)
            {
                return false;
            }

            var followUps = (double)full / sampled * parents * followUpCost;
            var reversePages = (double)sampledItems / sampled * parents / GraphResourceUnits.MaxPageSize;
            return reversePages + (full > 0 ? 1 : 0) < followUps;
        }

        /// <summary>
        /// The side to read and its first URL, and the expanded list's first page when it was read as the sample and kept.
        /// The choice is made on the first page without waiting for the parents where their count cannot change it (the
        /// comparison grows with it), else once they are known.
        /// </summary>
        private async Task<(string Side, string Next, ListPage? Sample)> ChooseSideAsync(GraphSetRequest request, GraphSetRequest parentRequest, Task<KnownParents?> known, CollectionPlanEntry entry, RequestTally tally, CancellationToken cancellationToken)
        {
            var expandFirst = ListUri(request, parentRequest, ExpandedNavigation(request));
            if (request.Reverse == null || _plan == GraphRelationPlan.Expand)
            {
                return (ExpandSide, expandFirst, null);
            }

            var reverseFirst = ListUri(request, parentRequest, request.Reverse.Navigation);
            if (_plan == GraphRelationPlan.Reverse)
            {
                return (ReverseSide, reverseFirst, null);
            }

            // The first page of the expanded list is the sample; it is kept when the expansion wins.
            var sample = await ReadListPageAsync(request, ExpandSide, expandFirst, null, tally, cancellationToken, followUp: false).ConfigureAwait(false);
            var followUpCost = GraphResourceUnits.CostOfUrl("GET", request.BuildRequestUri("x"));
            bool Prefer(int parents) => PreferReverse(parents, sample.Parents, sample.Full.Count, sample.Items.Count, followUpCost);
            var reverse = Prefer(sample.Parents) || (Prefer(int.MaxValue) && Prefer((await RequireAsync(known).ConfigureAwait(false)).Ids.Count));
            if (reverse)
            {
                _callbacks.Verbose?.Invoke(FormattableString.Invariant($"{entry.Name}: {sample.Full.Count} of {sample.Parents} parents hold {GraphResourceUnits.MaxExpandedItems} or more; reading it from the resource side ({request.Reverse.Navigation})."));
                return (ReverseSide, reverseFirst, null);
            }

            return (ExpandSide, expandFirst, sample);
        }

        /// <summary>The first URL of the parent list with the relation expanded: 100 parents a page (Graph's cap with $expand).</summary>
        /// <remarks>The relation's version, but a type cast's own (Agent ID casts exist only on beta).</remarks>
        private string ListUri(GraphSetRequest request, GraphSetRequest parentRequest, string navigation, string? version = null)
        {
            var select = request.Reverse != null && navigation == request.Reverse.Navigation && !request.Select.Contains(request.Reverse.MatchProperty)
                ? request.Select.Concat(new[] { request.Reverse.MatchProperty })
                : request.Select;
            var size = _urls.PageSize(GraphResourceUnits.MaxPageSizeWithExpand).ToString(CultureInfo.InvariantCulture);
            var relative = "/" + (version ?? request.Version) + "/" + parentRequest.Path + "?$select=id&$expand=" + navigation + "($select=" + string.Join(",", select) + ")&$top=" + size;
            return _urls.Absolute(relative).AbsoluteUri;
        }

        private async Task<ListPage> ReadListPageAsync(GraphSetRequest request, string side, string uri, HashSet<string>? owners, RequestTally tally, CancellationToken cancellationToken, bool followUp = true)
        {
            var page = new ListPage();
            using (var response = await _pager.GetAsync(new Uri(uri), tally, cancellationToken).ConfigureAwait(false))
            {
                // The page keeps the response's document for the items it holds: no copy of the page or of each item.
                var root = response.DetachBody().RootElement;
                page.NextLink = GraphSetPager.NextLink(root);
                if (page.NextLink != null && !_urls.IsGraphHost(page.NextLink))
                {
                    throw new CollectionRequestException($"The next link of {request.Set} points to another host ({new Uri(page.NextLink).Host}); it is not followed.");
                }

                var navigation = side == ReverseSide ? request.Reverse!.Navigation : ExpandedNavigation(request);
                foreach (var owner in root.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : Enumerable.Empty<JsonElement>())
                {
                    var id = owner.TryGetProperty("id", out var idElement) ? idElement.GetString() : null;
                    if (id == null || (owners != null && !owners.Contains(id)))
                    {
                        // On a cast's list, a parent the parent set already held.
                        continue;
                    }

                    page.Parents++;
                    var related = owner.TryGetProperty(navigation, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray().ToList() : new List<JsonElement>();
                    if (related.Count >= GraphResourceUnits.MaxExpandedItems)
                    {
                        page.Full.Add(id);
                    }
                    else
                    {
                        foreach (var item in related.Where(request.Keeps))
                        {
                            if (side == ExpandSide)
                            {
                                page.Items.Add((item, id));
                            }
                            else if (MatchOf(item, request) is { } principal)
                            {
                                page.Items.Add((item, principal));
                            }
                        }
                    }
                }
            }

            page.Side = side;
            if (followUp)
            {
                await FollowUpAsync(request, page, tally, cancellationToken).ConfigureAwait(false);
            }

            return page;
        }

        /// <summary>The whole relation of every parent (or resource) whose expansion was full: per object, 999 a page.</summary>
        private async Task FollowUpAsync(GraphSetRequest request, ListPage page, RequestTally tally, CancellationToken cancellationToken)
        {
            var perObject = page.Side == ReverseSide ? request.ReverseRequest()! : request.DirectRequest() ?? request;
            for (var index = 0; index < page.Full.Count; index += _batchSize)
            {
                var ids = page.Full.Skip(index).Take(_batchSize).ToList();
                var results = await _batches.GetBatchAsync(perObject, ids, tally, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < ids.Count; i++)
                {
                    foreach (var item in results[i])
                    {
                        if (page.Side == ExpandSide)
                        {
                            page.Items.Add((item, ids[i]));
                        }
                        else if (MatchOf(item, request) is { } principal)
                        {
                            page.Items.Add((item, principal));
                        }
                    }
                }
            }

            page.Full.Clear();
        }

        /// <summary>The relation expanded on the parents: a transitive one's direct relation (memberOf), else the relation itself.</summary>
        private static string ExpandedNavigation(GraphSetRequest request) => request.Nesting?.DirectNavigation ?? request.Navigation;

        /// <summary>
        /// Closes a nested relation over the direct one the list saved (<paramref name="next"/>: <c>pages|mode|index</c>).
        /// A member of a group is a member of every group that group is in, nested ones included, so one read closes each
        /// pair: either each group found, by its own transitive groups (<see cref="GraphSetRequest.AncestorsRequest"/>),
        /// or each member holding a group, by its transitive groups: the fewer reads win (<see cref="PreferMembers"/>).
        /// Pairs already saved are not saved again (a diamond, a cycle, a pair added before a cut). Everything it
        /// needs is in the saved pages, so a resumed run rebuilds the same pairs and goes on at the saved index.
        /// </summary>
        private async Task<CollectionState> CloseAsync(GraphSetRequest request, CollectionPlanEntry entry, CollectionPosition position, CollectionCheckpoint checkpoint, string next, RequestTally tally, CancellationToken cancellationToken)
        {
            var parts = next.Split('|');
            var listPages = int.Parse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture);
            var mode = parts[1];
            var start = int.Parse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture);
            var state = checkpoint.GetState(entry.Name);
            var closure = MembershipClosure.FromPairs(ReadPairs(request, entry, checkpoint, 1, listPages, cancellationToken));
            closure.AddSaved(ReadPairs(request, entry, checkpoint, listPages + 1, state.PagesCompleted, cancellationToken));

            var ancestors = request.AncestorsRequest()!;
            if (mode.Length == 0)
            {
                mode = _plan != GraphRelationPlan.Expand && PreferMembers(closure.Groups.Count, GraphResourceUnits.CostOfUrl("GET", ancestors.BuildRequestUri("x")), closure.Members.Count, GraphResourceUnits.CostOfUrl("GET", request.BuildRequestUri("x")))
                    ? ClosureByMembers
                    : ClosureByGroups;
                _callbacks.Verbose?.Invoke(FormattableString.Invariant($"{entry.Name}: {closure.Members.Count} members in {closure.Groups.Count} groups; closing the nesting by {mode}."));
            }

            for (var index = start; ; index += _batchSize)
            {
                var byGroups = mode == ClosureByGroups;
                var ids = byGroups ? closure.Groups : closure.Members;
                if (index >= ids.Count)
                {
                    return state;
                }

                cancellationToken.ThrowIfCancellationRequested();
                var batch = ids.Skip(index).Take(_batchSize).ToList();
                List<JsonElement>[] results;
                try
                {
                    results = await _batches.GetBatchAsync(byGroups ? ancestors : request, batch, tally, cancellationToken).ConfigureAwait(false);
                }
                catch (GraphRequestException exception) when (byGroups && exception.Status == System.Net.HttpStatusCode.Forbidden)
                {
                    // A group's transitiveMemberOf needs Directory.Read.All (delegated: GroupMember.Read.All); each member's
                    // own list needs what the list needed. The pairs added so far are saved: the members' lists add the rest.
                    _callbacks.Warning?.Invoke($"{entry.Name}: Microsoft Graph refused to list the groups' own groups (403); reading each member's transitive groups instead (Directory.Read.All makes it cheaper).");
                    mode = ClosureByMembers;
                    index = -_batchSize;
                    continue;
                }

                var items = new List<(JsonElement Item, string ParentId)>();
                for (var i = 0; i < batch.Count; i++)
                {
                    items.AddRange((byGroups ? closure.AddAncestors(batch[i], results[i], IdOf) : closure.AddTransitive(batch[i], results[i], IdOf)).Select(p => (p.Group, p.Member)));
                }

                var after = index + _batchSize;
                var continuation = after < ids.Count
                    ? string.Join("|", ClosurePhase, parts[0], mode, after.ToString(CultureInfo.InvariantCulture))
                    : null;
                state = Commit(checkpoint, entry, position, tally, items, continuation);
            }
        }

        /// <summary>
        /// True when reading each member's transitive groups costs less than reading each group's: a tenant where most
        /// groups found hold one principal (small tenants) rather than many.
        /// </summary>
        internal static bool PreferMembers(int groups, int groupCost, int members, int memberCost) => (long)members * memberCost < (long)groups * groupCost;

        /// <summary>The (member, group) pairs of saved pages <paramref name="first"/> to <paramref name="last"/>, in page order.</summary>
        private static IEnumerable<(string Member, JsonElement Group)> ReadPairs(GraphSetRequest request, CollectionPlanEntry entry, CollectionCheckpoint checkpoint, int first, int last, CancellationToken cancellationToken)
        {
            for (var page = first; page <= last; page++)
            {
                foreach (var pair in SavedPageReader.ReadItems(checkpoint.Root, entry.Name, page, cancellationToken))
                {
                    if (pair.TryGetProperty(request.ParentIdProperty!, out var member) && member.ValueKind == JsonValueKind.String && IdOf(pair) != null)
                    {
                        yield return (member.GetString()!, pair);
                    }
                }
            }
        }

        private static string? IdOf(JsonElement item) =>
            item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;

        private CollectionState Commit(CollectionCheckpoint checkpoint, CollectionPlanEntry entry, CollectionPosition position, RequestTally tally, List<(JsonElement Item, string ParentId)> items, string? continuation)
        {
            var request = entry.Graph!;
            var before = checkpoint.GetState(entry.Name).Count;
            var state = checkpoint.CommitPage(entry.Name, tally.Take(), page =>
            {
                foreach (var (item, parentId) in items)
                {
                    if (request.ParentIdProperty != null)
                    {
                        page.Add(item, request.ParentIdProperty, parentId);
                    }
                    else
                    {
                        page.Add(item);
                    }
                }

                return continuation;
            });
            _statistics.AddPage(state.Count - before);
            position.Report(_callbacks, state);
            return state;
        }

        private static string? MatchOf(JsonElement item, GraphSetRequest request) =>
            item.ValueKind == JsonValueKind.Object && item.TryGetProperty(request.Reverse!.MatchProperty, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static (string? Side, string? Next) Split(string? continuation)
        {
            if (continuation == null)
            {
                return (null, null);
            }

            var bar = continuation.IndexOf('|');
            return (continuation.Substring(0, bar), continuation.Substring(bar + 1));
        }

        /// <summary>The relation's parents: the parent set's, then those only its type casts hold.</summary>
        private sealed class KnownParents
        {
            public KnownParents(List<string> ids, int fromParentSet)
            {
                Ids = ids;
                FromParentSet = fromParentSet;
                Set = new HashSet<string>(ids, StringComparer.OrdinalIgnoreCase);
            }

            public List<string> Ids { get; }

            public int FromParentSet { get; }

            public HashSet<string> Set { get; }
        }

        /// <summary>The parent set was skipped (and the relation with it) while the relation's list was read.</summary>
        private sealed class ParentSkippedException : Exception
        {
        }

        /// <summary>
        /// Pages of the casts' lists read ahead (<see cref="PrefetchCastsAsync"/>), by the URL they answer. Each page read
        /// ahead starts the next before it is handed out, so the casts' phase, following the same next links, always
        /// finds the page it wants here while the chain runs; a chain stops when <see cref="MaxPages"/> wait, and the phase
        /// reads the rest itself. No page is read twice.
        /// </summary>
        private sealed class CastPrefetch
        {
            /// <summary>Pages read ahead and not yet taken: each is 100 parents' relation, so this bounds what they hold.</summary>
            public const int MaxPages = 64;

            private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task<ListPage>> _pages =
                new System.Collections.Concurrent.ConcurrentDictionary<string, Task<ListPage>>(StringComparer.Ordinal);

            /// <summary>Places for pages read ahead; disposed by <see cref="DrainAsync"/>.</summary>
            private SemaphoreSlim Room { get; } = new SemaphoreSlim(MaxPages, MaxPages);

            private TaskCompletionSource<bool>? _starting;

            public Task Running { get; set; } = Task.CompletedTask;

            /// <summary>Complete once every cast's chain is started, or when none will be.</summary>
            public Task Started => _starting?.Task ?? Task.CompletedTask;

            public void BeginStarting() => _starting = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

            public void MarkStarted() => _starting?.TrySetResult(true);

            /// <summary>Reads <paramref name="uri"/> and, from its next link on, the rest of its chain, while there is room.</summary>
            public void Start(string uri, Func<string, Task<ListPage>> read)
            {
                if (Room.Wait(0))
                {
                    _pages[uri] = ReadAheadAsync(uri, read);
                }
            }

            /// <summary>The page read ahead for <paramref name="uri"/>, or null when it was not (it is then read as usual).</summary>
            public Task<ListPage>? Take(string uri)
            {
                if (!_pages.TryRemove(uri, out var page))
                {
                    return null;
                }

                Room.Release();
                return page;
            }

            /// <summary>Waits for the read-ahead to stop; pages not taken are dropped, their failures with them.</summary>
            public async Task DrainAsync()
            {
                var awaited = new HashSet<Task>();
                while (new[] { Running }.Concat(_pages.Values).Where(t => !awaited.Contains(t)).ToList() is { Count: > 0 } pending)
                {
                    foreach (var task in pending)
                    {
                        awaited.Add(task);
                        try
                        {
                            await task.ConfigureAwait(false);
                        }
                        catch (Exception)
                        {
                            // A page's failure is the casts' phase's to report when it takes the page; one not taken is moot.
                        }
                    }
                }

                Room.Dispose();
            }

            private async Task<ListPage> ReadAheadAsync(string uri, Func<string, Task<ListPage>> read)
            {
                var page = await read(uri).ConfigureAwait(false);
                if (page.NextLink != null)
                {
                    Start(page.NextLink, read);
                }

                return page;
            }
        }

        private sealed class ListPage
        {
            public string Side { get; set; } = ExpandSide;

            public string? NextLink { get; set; }

            /// <summary>Parents (or resources) on the page.</summary>
            public int Parents { get; set; }

            /// <summary>Those whose expansion was full and needs a follow-up.</summary>
            public List<string> Full { get; } = new List<string>();

            public List<(JsonElement Item, string ParentId)> Items { get; } = new List<(JsonElement Item, string ParentId)>();
        }
    }
}
