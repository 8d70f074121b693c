using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ZeroTrustAI.Engine.Collection;

namespace ZeroTrustAI.Collector.Requests
{
    /// <summary>How the collector paces Microsoft Graph: its own resource-unit budget and how many requests are in flight.</summary>
    public sealed class GraphPacingSettings
    {
        /// <summary>Resource units per <see cref="Window"/> for the application and tenant. Default 8,000 (tenants over 500 users).</summary>
        public int ResourceUnits { get; set; } = GraphResourceUnits.LargeTenantBudget;

        /// <summary>The window the budget refills over. Default 10 s.</summary>
        public TimeSpan Window { get; set; } = GraphResourceUnits.Window;

        /// <summary>Graph requests in flight at once (all runs for one application and tenant together). Default 16.</summary>
        public int MaxConcurrency { get; set; } = 16;

        /// <summary>Spacing of Conditional Access and Identity Protection requests (per tenant). Default 1 s.</summary>
        public TimeSpan OncePerTenantInterval { get; set; } = GraphResourceUnits.OncePerTenantInterval;

        /// <summary>Service principal reads that select keyCredentials, per minute (per tenant). Default 150.</summary>
        public int KeyCredentialReadsPerMinute { get; set; } = GraphResourceUnits.KeyCredentialReadsPerMinute;

        internal void Validate()
        {
            if (ResourceUnits < 1 || Window <= TimeSpan.Zero || MaxConcurrency < 1 || OncePerTenantInterval < TimeSpan.Zero || KeyCredentialReadsPerMinute < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(ResourceUnits), "Pacing needs a positive budget, window and concurrency.");
            }
        }
    }

    /// <summary>
    /// The collector's own copy of Graph's token bucket for one application and tenant: every request reserves its
    /// published cost (<see cref="GraphResourceUnits.CostOf"/>, a $batch the sum of its requests) before it is sent and
    /// waits while the bucket cannot pay, so a run slows down before Graph throttles it. The answer corrects the bucket:
    /// <c>x-ms-resource-unit</c> replaces the estimate, <c>x-ms-throttle-limit-percentage</c> (sent above 0.8 of the
    /// limit, by Graph's count, which includes other clients of the same app) lowers the level to what Graph has left,
    /// and a 429 empties it (the request layer still waits its Retry-After). Runs in one process share the pacer of
    /// their application and tenant (<see cref="For"/>), as they share Graph's bucket. Conditional Access requests go
    /// one at a time, each a second after the last one's answer, so they arrive at most one per second per tenant, as Graph allows.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "Pacers are shared for the life of the process; their semaphore is never disposed on purpose.")]
    internal sealed class GraphPacer
    {
        private static readonly ConcurrentDictionary<string, GraphPacer> Shared = new ConcurrentDictionary<string, GraphPacer>(StringComparer.OrdinalIgnoreCase);

        private readonly object _gate = new object();
        private readonly SemaphoreSlim _slots;

        /// <summary>
        /// One Conditional Access or Identity Protection request at a time: Graph counts its second from when a request
        /// arrives, so the next one leaves only after the last one's answer (and the spacing): two sent a second apart can
        /// arrive closer together when the first is slower on its way.
        /// </summary>
        private readonly SemaphoreSlim _oncePerTenantLane = new SemaphoreSlim(1, 1);
        private readonly double _capacity;
        private readonly double _perSecond;
        private readonly TimeSpan _oncePerTenant;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private double _level;
        private double _reserved;
        private TimeSpan _levelAt;
        private TimeSpan _nextOncePerTenant;
        private readonly double _keyCredentialCapacity;
        private double _keyCredentialLevel;

        internal GraphPacer(GraphPacingSettings settings)
        {
            _capacity = settings.ResourceUnits;
            _perSecond = settings.ResourceUnits / settings.Window.TotalSeconds;
            _oncePerTenant = settings.OncePerTenantInterval;
            _keyCredentialCapacity = settings.KeyCredentialReadsPerMinute;
            _keyCredentialLevel = _keyCredentialCapacity;
            _slots = new SemaphoreSlim(settings.MaxConcurrency, settings.MaxConcurrency);
            _level = _capacity;
        }

        /// <summary>
        /// The pacer of one application in one tenant of one Graph host, shared by every run in this process that paces
        /// with the same budget (a run given another budget must not inherit a pacer built for the first one's).
        /// </summary>
        public static GraphPacer For(Uri graph, string tenantId, string? applicationId, GraphPacingSettings settings) =>
            Shared.GetOrAdd(
                string.Join(
                    "|",
                    graph.GetLeftPart(UriPartial.Authority),
                    tenantId,
                    applicationId ?? string.Empty,
                    settings.ResourceUnits.ToString(CultureInfo.InvariantCulture),
                    settings.Window.Ticks.ToString(CultureInfo.InvariantCulture),
                    settings.MaxConcurrency.ToString(CultureInfo.InvariantCulture),
                    settings.OncePerTenantInterval.Ticks.ToString(CultureInfo.InvariantCulture),
                    settings.KeyCredentialReadsPerMinute.ToString(CultureInfo.InvariantCulture)),
                _ => new GraphPacer(settings));

        /// <summary>Time spent waiting for the budget or a per-tenant spacing (all runs on this pacer).</summary>
        public TimeSpan Waited { get; private set; }

        /// <summary>
        /// Waits for a slot, for the budget to pay the <paramref name="request"/>'s units and for its per-tenant spacing
        /// (Conditional Access, keyCredentials reads), and reserves the units. Dispose the returned lease after the answer
        /// (it frees the slot).
        /// </summary>
        public async Task<Lease> AcquireAsync(RequestEstimate request, CancellationToken cancellationToken)
        {
            var estimate = request.Units;
            var oncePerTenant = request.OncePerTenant;
            if (oncePerTenant)
            {
                await _oncePerTenantLane.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            try
            {
                await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                if (oncePerTenant)
                {
                    _oncePerTenantLane.Release();
                }

                throw;
            }

            try
            {
                while (true)
                {
                    TimeSpan wait;
                    lock (_gate)
                    {
                        Refill();
                        var now = _clock.Elapsed;
                        var spacing = oncePerTenant && _nextOncePerTenant > now ? _nextOncePerTenant - now : TimeSpan.Zero;
                        // keyCredentials reads draw on their own bucket of a minute's allowance, refilled evenly.
                        var keyReads = Math.Min(request.KeyCredentialReads, _keyCredentialCapacity);
                        if (keyReads > _keyCredentialLevel)
                        {
                            var keyWait = TimeSpan.FromMinutes((keyReads - _keyCredentialLevel) / _keyCredentialCapacity);
                            spacing = keyWait > spacing ? keyWait : spacing;
                        }

                        // A request dearer than the whole bucket waits for a full bucket, not forever.
                        var need = Math.Min(estimate, _capacity);
                        var available = _level - _reserved;
                        var refill = available >= need ? TimeSpan.Zero : TimeSpan.FromSeconds((need - available) / _perSecond);
                        wait = spacing > refill ? spacing : refill;
                        if (wait <= TimeSpan.Zero)
                        {
                            _reserved += estimate;
                            if (oncePerTenant)
                            {
                                _nextOncePerTenant = now + _oncePerTenant;
                            }

                            _keyCredentialLevel -= keyReads;

                            return new Lease(this, estimate, oncePerTenant);
                        }

                        Waited += wait;
                    }

                    await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, cancellationToken).ConfigureAwait(false);
                }
            }
            catch
            {
                _slots.Release();
                if (oncePerTenant)
                {
                    _oncePerTenantLane.Release();
                }

                throw;
            }
        }

        /// <summary>
        /// The estimate of a request: its URL's cost and whether it reads service principals' keyCredentials, or for a
        /// $batch the sums over its requests.
        /// </summary>
        public static RequestEstimate Estimate(string method, Uri uri, byte[]? body)
        {
            if (body != null && uri.AbsolutePath.EndsWith("/$batch", StringComparison.Ordinal))
            {
                using var document = JsonDocument.Parse(body);
                var version = uri.AbsolutePath.Substring(0, uri.AbsolutePath.Length - "/$batch".Length);
                var units = 0;
                var keyCredentialReads = 0;
                foreach (var request in document.RootElement.GetProperty("requests").EnumerateArray())
                {
                    var innerMethod = request.GetProperty("method").GetString() ?? "GET";
                    var url = version + "/" + (request.GetProperty("url").GetString() ?? string.Empty).TrimStart('/');
                    units += GraphResourceUnits.CostOfUrl(innerMethod, url);
                    keyCredentialReads += GraphResourceUnits.ReadsServicePrincipalKeyCredentials(innerMethod, url) ? 1 : 0;
                }

                return new RequestEstimate(units, keyCredentialReads, oncePerTenant: false);
            }

            return new RequestEstimate(
                GraphResourceUnits.CostOfUrl(method, uri.PathAndQuery),
                GraphResourceUnits.ReadsServicePrincipalKeyCredentials(method, uri.PathAndQuery) ? 1 : 0,
                GraphResourceUnits.IsOncePerSecondPerTenant(uri.AbsolutePath));
        }

        /// <summary>
        /// The units an answer says were charged (x-ms-resource-unit, summed over a $batch's responses) and the highest
        /// limit percentage it reports; null where the answer carries none.
        /// </summary>
        public static (int? Units, double? LimitPercentage, bool Throttled) ReadCharge(Func<string, string?> header, JsonDocument? body)
        {
            int? units = int.TryParse(header("x-ms-resource-unit"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var u) ? u : (int?)null;
            double? percentage = double.TryParse(header("x-ms-throttle-limit-percentage"), NumberStyles.Float, CultureInfo.InvariantCulture, out var p) ? p : (double?)null;
            var throttled = false;
            if (body != null && body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("responses", out var responses) && responses.ValueKind == JsonValueKind.Array)
            {
                foreach (var response in responses.EnumerateArray())
                {
                    throttled |= response.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.Number && status.GetInt32() == 429;
                    if (!response.TryGetProperty("headers", out var headers) || headers.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    foreach (var item in headers.EnumerateObject())
                    {
                        var text = item.Value.ValueKind == JsonValueKind.String ? item.Value.GetString() : item.Value.GetRawText();
                        if (string.Equals(item.Name, "x-ms-resource-unit", StringComparison.OrdinalIgnoreCase) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var itemUnits))
                        {
                            units = (units ?? 0) + itemUnits;
                        }
                        else if (string.Equals(item.Name, "x-ms-throttle-limit-percentage", StringComparison.OrdinalIgnoreCase) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var itemPercentage))
                        {
                            percentage = Math.Max(percentage ?? 0, itemPercentage);
                        }
                    }
                }
            }

            return (units, percentage, throttled);
        }

        /// <summary>
        /// Books an answered request. Units are taken off the level only when the answer is back and are held as
        /// reserved until then: Graph charges on arrival and its full bucket banks no refill meanwhile, so a level that
        /// refilled during the request's flight would believe in units Graph does not have.
        /// </summary>
        private void Settle(int estimate, bool oncePerTenant, int? units, double? limitPercentage, bool throttled)
        {
            lock (_gate)
            {
                Refill();
                if (oncePerTenant)
                {
                    // The answer is back, so the request has arrived: the next one may leave a full spacing later.
                    var next = _clock.Elapsed + _oncePerTenant;
                    _nextOncePerTenant = next > _nextOncePerTenant ? next : _nextOncePerTenant;
                }

                _reserved -= estimate;
                _level -= throttled && units == null ? 0 : units ?? estimate;

                if (limitPercentage is { } used)
                {
                    // Graph counts every client of this app and tenant: never assume more is left than it says.
                    _level = Math.Min(_level, _capacity * (1 - used));
                }

                if (throttled)
                {
                    _level = Math.Min(_level, 0);
                }
            }
        }

        private void Refill()
        {
            var now = _clock.Elapsed;
            var elapsed = (now - _levelAt).TotalSeconds;
            _level = Math.Min(_capacity, _level + (elapsed * _perSecond));
            _keyCredentialLevel = Math.Min(_keyCredentialCapacity, _keyCredentialLevel + (elapsed * _keyCredentialCapacity / 60));
            _levelAt = now;
        }

        /// <summary>A reserved slot and estimate; <see cref="Settle(int?, double?, bool)"/> with the answer, then dispose (an unanswered request is booked at its estimate).</summary>
        internal sealed class Lease : IDisposable
        {
            private readonly GraphPacer _pacer;
            private int _released;

            private readonly bool _oncePerTenant;

            public Lease(GraphPacer pacer, int estimate, bool oncePerTenant)
            {
                _pacer = pacer;
                Estimate = estimate;
                _oncePerTenant = oncePerTenant;
            }

            public int Estimate { get; }

            private int _settled;

            public void Settle(int? units, double? limitPercentage, bool throttled)
            {
                if (Interlocked.Exchange(ref _settled, 1) == 0)
                {
                    _pacer.Settle(Estimate, _oncePerTenant, units, limitPercentage, throttled);
                }
            }

            public void Dispose()
            {
                Settle(null, null, false);
                if (Interlocked.Exchange(ref _released, 1) == 0)
                {
                    _pacer._slots.Release();
                    if (_oncePerTenant)
                    {
                        _pacer._oncePerTenantLane.Release();
                    }
                }
            }
        }
    }

    /// <summary>What a request costs before it is sent: resource units, keyCredentials reads, and whether it is spaced per tenant.</summary>
    internal readonly struct RequestEstimate
    {
        public RequestEstimate(int units, int keyCredentialReads, bool oncePerTenant)
        {
            Units = units;
            KeyCredentialReads = keyCredentialReads;
            OncePerTenant = oncePerTenant;
        }

        public int Units { get; }

        public int KeyCredentialReads { get; }

        public bool OncePerTenant { get; }
    }
}
