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
    /// (<see cref="CloseAsync"/>). Then per parent for the parents only the set's type casts hold. The first page decides
    /// between the two sides (<see cref="PreferReverse"/>). Each page of the list is one committed page whose continuation
    /// names the side and the next link (<c>expand|…</c>, <c>reverse|…</c>, then <c>closure|…</c> and <c>rest|index</c>),
    /// so a resumed run requests no saved page.
    /// </summary>
    internal sealed class GraphRelationReader
    {
        private const string ExpandSide = "expand";
        private const string ReverseSide = "reverse";
        private const string RestPhase = "rest";
        private const string ClosurePhase = "closure";
        private const string ClosureByGroups = "groups";
        private const string ClosureByMembers = "members";

        /// <summary>
        /// The most list items read ahead and not yet committed: bounds the memory read-ahead holds (at the relations'
        /// few selected properties, some hundred MB) while letting the list run past a follow-up of hundreds of pages.
        /// </summary>
        internal const int ReadAheadItems = 200_000;

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

        public async Task CollectAsync(CollectionPlan plan, CollectionPlanEntry entry, CollectionPosition position, CollectionCheckpoint checkpoint, RequestTally tally, CancellationToken cancellationToken)
        {
            var request = entry.Graph!;
            if (!(GraphBatchReader.ReadyParent(entry, checkpoint, out var parentName) is { } parent))
            {
                return;
            }

            var parentRequest = plan.Find(parentName)?.Graph ?? GraphSelectCatalog.Find(request.ParentSet!)!;
            var parentIds = GraphBatchReader.ParentIds(plan, request, parentName, parent, checkpoint, out var fromParentSet, cancellationToken);
            var parents = new HashSet<string>(parentIds, StringComparer.OrdinalIgnoreCase);
            var state = checkpoint.BeginCollection(entry.Name);
            var (side, next) = Split(state.Continuation);
            if (side == null)
            {
                (side, next) = await ChooseSideAsync(request, parentRequest, parentIds.Count, parents, entry, position, checkpoint, tally, cancellationToken).ConfigureAwait(false);
            }

            if (side == ExpandSide || side == ReverseSide)
            {
                string after;
                (state, after) = await ReadListAsync(request, entry, position, checkpoint, side, next!, parents, tally, cancellationToken).ConfigureAwait(false);
                (side, next) = Split(after);
            }

            if (side == ClosurePhase)
            {
                state = await CloseAsync(request, entry, position, checkpoint, next!, tally, cancellationToken).ConfigureAwait(false);
                next = ExpandSide + "|0";
            }

            // Parents the list does not hold (type casts kept apart in the snapshot): per parent, as before.
            var (restSide, restIndex) = SplitRest(next);
            var rest = parentIds.Skip(fromParentSet).ToList();
            var perParent = restSide == ReverseSide ? request.ReverseRequest()! : request;
            for (var index = restIndex; index < rest.Count; index += _batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var ids = rest.Skip(index).Take(_batchSize).ToList();
                var results = await _batches.GetBatchAsync(perParent, ids, tally, cancellationToken).ConfigureAwait(false);
                var items = new List<(JsonElement Item, string ParentId)>();
                for (var i = 0; i < ids.Count; i++)
                {
                    items.AddRange(restSide == ReverseSide
                        ? results[i].Where(item => Matches(item, request, parents)).Select(item => (item, MatchOf(item, request)!))
                        : results[i].Select(item => (item, ids[i])));
                }

                var after = index + _batchSize;
                state = Commit(checkpoint, entry, position, tally, items, after < rest.Count ? RestPhase + "|" + restSide + "|" + after.ToString(CultureInfo.InvariantCulture) : null);
            }

            if (!state.IsComplete)
            {
                position.Report(_callbacks, checkpoint.CompleteCollection(entry.Name, tally.Take()));
            }
        }

        /// <summary>
        /// The list of parents (or resources) from <paramref name="first"/>, page by page, committed in list order. With
        /// read-ahead, each page's follow-ups start as soon as the page is read and the list goes on meanwhile (up to
        /// <see cref="ReadAheadItems"/> items read and not committed): a resource with a long relation (Microsoft
        /// Graph's app role assignments in a large tenant run to hundreds of pages) is read beside the rest of the list
        /// instead of stopping it. A cut loses the pages read ahead, never a saved one. Without read-ahead a page is read, followed
        /// up and committed before the next is asked for. Returns the last state and the continuation after the list.
        /// </summary>
        private async Task<(CollectionState State, string Next)> ReadListAsync(GraphSetRequest request, CollectionPlanEntry entry, CollectionPosition position, CollectionCheckpoint checkpoint, string side, string first, HashSet<string> parents, RequestTally tally, CancellationToken cancellationToken)
        {
            var state = checkpoint.GetState(entry.Name);
            string? rest = null;
            string? toRead = first;
            Task<ListPage>? reading = null;
            var uncommitted = new Queue<(Task<ListPage> Page, int Items)>();
            var held = 0;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            try
            {
                while (true)
                {
                    // A cut starts nothing more: what is read and not saved would be read again by the resume.
                    cancellationToken.ThrowIfCancellationRequested();
                    if (reading == null && toRead != null && (uncommitted.Count == 0 || (_prefetch && held < ReadAheadItems)))
                    {
                        reading = ReadListPageAsync(request, side, toRead, parents, tally, stop.Token, followUp: false);
                        toRead = null;
                    }

                    var oldest = uncommitted.Count > 0 ? uncommitted.Peek().Page : null;
                    if (reading == null && oldest == null)
                    {
                        return (state, rest ?? AfterList(request, side, state.PagesCompleted));
                    }

                    await Task.WhenAny(new[] { reading, oldest }.Where(t => t != null)!).ConfigureAwait(false);
                    if (reading != null && reading.IsCompleted)
                    {
                        var page = await reading.ConfigureAwait(false);
                        reading = null;
                        toRead = page.NextLink;
                        uncommitted.Enqueue((FollowedUpAsync(request, page, tally, stop.Token), page.Items.Count));
                        held += page.Items.Count;
                        continue;
                    }

                    if (oldest != null && oldest.IsCompleted)
                    {
                        var (_, items) = uncommitted.Dequeue();
                        var done = await oldest.ConfigureAwait(false);
                        held -= items;
                        var continuation = done.NextLink != null ? side + "|" + done.NextLink : AfterList(request, side, state.PagesCompleted + 1);
                        state = Commit(checkpoint, entry, position, tally, done.Items, continuation);
                        rest = done.NextLink == null ? continuation : null;
                    }
                }
            }
            finally
            {
                // Pages read ahead and not committed after a failure or a cut: stop them and let them end.
                stop.Cancel();
                foreach (var pending in uncommitted.Select(u => (Task)u.Page).Concat(reading != null ? new Task[] { reading } : Array.Empty<Task>()))
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

        private async Task<(string Side, string Next)> ChooseSideAsync(GraphSetRequest request, GraphSetRequest parentRequest, int parentCount, HashSet<string> parents, CollectionPlanEntry entry, CollectionPosition position, CollectionCheckpoint checkpoint, RequestTally tally, CancellationToken cancellationToken)
        {
            var expandFirst = ListUri(request, parentRequest, ExpandedNavigation(request));
            if (request.Reverse == null || _plan == GraphRelationPlan.Expand)
            {
                return (ExpandSide, expandFirst);
            }

            var reverseFirst = ListUri(request, parentRequest, request.Reverse.Navigation);
            if (_plan == GraphRelationPlan.Reverse)
            {
                return (ReverseSide, reverseFirst);
            }

            // The first page of the expanded list is the sample; it is kept when the expansion wins.
            var sample = await ReadListPageAsync(request, ExpandSide, expandFirst, parents, tally, cancellationToken, followUp: false).ConfigureAwait(false);
            var followUpCost = GraphResourceUnits.CostOfUrl("GET", request.BuildRequestUri("x"));
            if (PreferReverse(parentCount, sample.Parents, sample.Full.Count, sample.Items.Count, followUpCost))
            {
                _callbacks.Verbose?.Invoke(FormattableString.Invariant($"{entry.Name}: {sample.Full.Count} of {sample.Parents} parents hold {GraphResourceUnits.MaxExpandedItems} or more; reading it from the resource side ({request.Reverse.Navigation})."));
                return (ReverseSide, reverseFirst);
            }

            await FollowUpAsync(request, sample, tally, cancellationToken).ConfigureAwait(false);
            var continuation = sample.NextLink != null ? ExpandSide + "|" + sample.NextLink : AfterList(request, ExpandSide, checkpoint.GetState(entry.Name).PagesCompleted + 1);
            Commit(checkpoint, entry, position, tally, sample.Items, continuation);
            var (side, next) = Split(continuation);
            return (side!, next!);
        }

        /// <summary>The first URL of the parent list with the relation expanded: 100 parents a page (Graph's cap with $expand).</summary>
        private string ListUri(GraphSetRequest request, GraphSetRequest parentRequest, string navigation)
        {
            var select = request.Reverse != null && navigation == request.Reverse.Navigation && !request.Select.Contains(request.Reverse.MatchProperty)
                ? request.Select.Concat(new[] { request.Reverse.MatchProperty })
                : request.Select;
            var size = _urls.PageSize(GraphResourceUnits.MaxPageSizeWithExpand).ToString(CultureInfo.InvariantCulture);
            var relative = "/" + request.Version + "/" + parentRequest.Path + "?$select=id&$expand=" + navigation + "($select=" + string.Join(",", select) + ")&$top=" + size;
            return _urls.Absolute(relative).AbsoluteUri;
        }

        private async Task<ListPage> ReadListPageAsync(GraphSetRequest request, string side, string uri, HashSet<string> parents, RequestTally tally, CancellationToken cancellationToken, bool followUp = true)
        {
            var page = new ListPage { Filter = parents };
            using (var response = await _pager.GetAsync(new Uri(uri), tally, cancellationToken).ConfigureAwait(false))
            {
                var root = response.Body!.RootElement;
                page.NextLink = GraphSetPager.NextLink(root);
                if (page.NextLink != null && !_urls.IsGraphHost(page.NextLink))
                {
                    throw new CollectionRequestException($"The next link of {request.Set} points to another host ({new Uri(page.NextLink).Host}); it is not followed.");
                }

                var navigation = side == ReverseSide ? request.Reverse!.Navigation : ExpandedNavigation(request);
                foreach (var owner in root.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : Enumerable.Empty<JsonElement>())
                {
                    var id = owner.TryGetProperty("id", out var idElement) ? idElement.GetString() : null;
                    if (id == null || (side == ExpandSide && !parents.Contains(id)))
                    {
                        // A parent created after its set was read: the saved parents decide what the relation covers.
                        continue;
                    }

                    page.Parents++;
                    var related = owner.TryGetProperty(navigation, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray().Select(i => i.Clone()).ToList() : new List<JsonElement>();
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
                            else if (Matches(item, request, parents))
                            {
                                page.Items.Add((item, MatchOf(item, request)!));
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
                        else if (Matches(item, request, page.Filter))
                        {
                            page.Items.Add((item, MatchOf(item, request)!));
                        }
                    }
                }
            }

            page.Full.Clear();
        }

        /// <summary>The relation expanded on the parents: a transitive one's direct relation (memberOf), else the relation itself.</summary>
        private static string ExpandedNavigation(GraphSetRequest request) => request.Nesting?.DirectNavigation ?? request.Navigation;

        /// <summary>
        /// Where a relation goes after its list: the cast-only parents (<c>rest|side|0</c>), or first, for a nested relation,
        /// its closure over the list's <paramref name="listPages"/> pages (<c>closure|pages|mode|index</c>, mode chosen then).
        /// </summary>
        private static string AfterList(GraphSetRequest request, string side, int listPages) =>
            request.Nesting != null && side == ExpandSide
                ? ClosurePhase + "|" + listPages.ToString(CultureInfo.InvariantCulture) + "||0"
                : RestPhase + "|" + side + "|0";

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
                    : RestPhase + "|" + ExpandSide + "|0";
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

        private static bool Matches(JsonElement item, GraphSetRequest request, HashSet<string>? parents) =>
            MatchOf(item, request) is { } id && (parents == null || parents.Contains(id));

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

        private static (string Side, int Index) SplitRest(string? rest)
        {
            var bar = rest?.IndexOf('|') ?? -1;
            return bar < 0 ? (ExpandSide, 0) : (rest!.Substring(0, bar), int.Parse(rest.Substring(bar + 1), NumberStyles.None, CultureInfo.InvariantCulture));
        }

        private sealed class ListPage
        {
            public string Side { get; set; } = ExpandSide;

            /// <summary>The parents: resource-side objects are kept only when they name one.</summary>
            public HashSet<string>? Filter { get; set; }

            public string? NextLink { get; set; }

            /// <summary>Parents (or resources) on the page.</summary>
            public int Parents { get; set; }

            /// <summary>Those whose expansion was full and needs a follow-up.</summary>
            public List<string> Full { get; } = new List<string>();

            public List<(JsonElement Item, string ParentId)> Items { get; } = new List<(JsonElement Item, string ParentId)>();
        }
    }
}
