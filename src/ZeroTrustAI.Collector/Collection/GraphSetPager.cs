using System;
using System.Globalization;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ZeroTrustAI.Collector.Connection;
using ZeroTrustAI.Collector.Requests;
using ZeroTrustAI.Engine.Collection;

namespace ZeroTrustAI.Collector.Collection
{
    /// <summary>
    /// Reads a Graph set page by page following <c>@odata.nextLink</c>: one committed page per response, the next link
    /// being the continuation, so a resumed run starts at the first page not saved. A next link to another host is not
    /// followed (the token is for the Graph host only).
    /// </summary>
    internal sealed class GraphSetPager
    {
        private readonly ServiceRequestSender _sender;
        private readonly GraphUrls _urls;
        private readonly CollectionStatistics _statistics;
        private readonly CollectionCallbacks _callbacks;

        public GraphSetPager(ServiceRequestSender sender, GraphUrls urls, CollectionStatistics statistics, CollectionCallbacks callbacks)
        {
            _sender = sender;
            _urls = urls;
            _statistics = statistics;
            _callbacks = callbacks;
        }

        /// <summary>Pulsed after every committed page (relations read their parents as the pages come).</summary>
        public PageSignal Committed { get; } = new PageSignal();

        public async Task CollectAsync(CollectionPlanEntry entry, CollectionPosition position, CollectionCheckpoint checkpoint, RequestTally tally, CancellationToken cancellationToken)
        {
            var state = checkpoint.BeginCollection(entry.Name);
            var next = state.Continuation ?? _urls.FirstRequestUri(entry.Graph!).AbsoluteUri;
            while (true)
            {
                using var response = await GetAsync(new Uri(next), tally, cancellationToken).ConfigureAwait(false);
                var root = response.Body!.RootElement;
                var nextLink = NextLink(root);
                if (nextLink != null && !_urls.IsGraphHost(nextLink))
                {
                    throw new CollectionRequestException($"The next link of {entry.Name} points to another host ({new Uri(nextLink).Host}); it is not followed.");
                }

                var before = state.Count;
                state = checkpoint.CommitPage(entry.Name, tally.Take(), page =>
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
                    else if (value.ValueKind == JsonValueKind.Object)
                    {
                        // The documented answer of GET /admin/sharepoint/settings wraps the one object in "value".
                        page.Add(value);
                    }

                    return nextLink;
                });
                _statistics.AddPage(state.Count - before);
                position.Report(_callbacks, state);
                Committed.Pulse();
                if (nextLink == null)
                {
                    return;
                }

                next = nextLink;
            }
        }

        /// <summary>One GET through the request layer; an error answer becomes a <see cref="GraphRequestException"/>.</summary>
        public async Task<ServiceResponse> GetAsync(Uri uri, RequestTally tally, CancellationToken cancellationToken)
        {
            var response = await _sender.GetAsync(uri, tally, cancellationToken).ConfigureAwait(false);
            return ThrowUnlessSuccess(response, "GET " + GraphUrls.PathOf(uri));
        }

        public static ServiceResponse ThrowUnlessSuccess(ServiceResponse response, string what)
        {
            if (response.IsSuccess)
            {
                return response;
            }

            response.Dispose();
            throw GraphRequestException.From(what, response.Error!);
        }

        public static string? NextLink(JsonElement root) =>
            root.ValueKind == JsonValueKind.Object && root.TryGetProperty("@odata.nextLink", out var link) && link.ValueKind == JsonValueKind.String ? link.GetString() : null;
    }

    /// <summary>The URLs the Graph collector requests: the cloud's Graph host, the page size asked for.</summary>
    internal sealed class GraphUrls
    {
        private readonly CloudEndpoints _endpoints;
        private readonly int? _pageSize;
        private readonly DateTimeOffset _windowStart;

        public GraphUrls(CloudEndpoints endpoints, int? pageSize, DateTimeOffset windowStart)
        {
            _endpoints = endpoints;
            _pageSize = pageSize;
            _windowStart = windowStart;
        }

        public Uri FirstRequestUri(GraphSetRequest request) => new Uri(_endpoints.Graph, WithPageSize(request.BuildRequestUri(windowStart: _windowStart)));

        public Uri Absolute(string relative) => new Uri(_endpoints.Graph, relative);

        /// <summary>The configured page size (tests), else <paramref name="fallback"/>, never above it.</summary>
        public int PageSize(int fallback) => _pageSize is { } size && size < fallback ? size : fallback;

        public Uri BatchUri(GraphSetRequest request) => new Uri(_endpoints.Graph, "/" + request.Version + "/$batch");

        /// <summary>A relative Graph URL with the configured page size instead of the catalog's 999.</summary>
        public string WithPageSize(string relative) =>
            _pageSize is { } size ? relative.Replace("$top=999", "$top=" + size.ToString(CultureInfo.InvariantCulture)) : relative;

        public bool IsGraphHost(string link) =>
            Uri.TryCreate(link, UriKind.Absolute, out var uri)
            && string.Equals(uri.Host, _endpoints.Graph.Host, StringComparison.OrdinalIgnoreCase)
            && uri.Port == _endpoints.Graph.Port;

        /// <summary>The route for a message: the path only, since query values (skip tokens, filters) can be long or sensitive.</summary>
        public static string PathOf(Uri uri) => RedactingLog.Redact(uri.AbsolutePath) ?? string.Empty;
    }
}
