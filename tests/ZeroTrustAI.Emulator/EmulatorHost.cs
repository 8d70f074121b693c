using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using ZeroTrustAI.Emulator.Arm;
using ZeroTrustAI.Emulator.Graph;
using ZeroTrustAI.Emulator.Http;
using GraphResourceUnits = ZeroTrustAI.Engine.Collection.GraphResourceUnits;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Emulator
{
    /// <summary>
    /// A local Microsoft Graph (http://127.0.0.1:port) and Azure Resource Manager (https://127.0.0.1:port, with a
    /// self-signed certificate made for this run) serving one snapshot, with configurable faults and a request log.
    /// <code>
    /// await using var emulator = await EmulatorHost.StartAsync(snapshotPath, new EmulatorOptions { GraphPageSize = 5 });
    /// using var client = new HttpClient(emulator.CreateTrustingHandler());
    /// </code>
    /// </summary>
    public sealed class EmulatorHost : IAsyncDisposable
    {
        private const int MaxRequestBodyBytes = 1024 * 1024;

        private readonly WebApplication _app;
        private readonly GraphApi _graph;
        private readonly ArmApi _arm;
        private int _disposed;
        private int _inFlight;
        private int _peakInFlight;

        private EmulatorHost(TenantSnapshot snapshot, EmulatorOptions options, X509Certificate2 certificate, WebApplication app)
        {
            Snapshot = snapshot;
            Options = options;
            ServerCertificate = certificate;
            _app = app;
            _graph = new GraphApi(snapshot, options, async inner => (await ExecuteAsync(inner, EmulatorApi.Graph).ConfigureAwait(false)).Response);
            _arm = new ArmApi(snapshot, options);
        }

        /// <summary>Microsoft Graph's root, e.g. http://127.0.0.1:49152/ (requests go to /v1.0/... and /beta/...).</summary>
        public Uri GraphBaseUri { get; private set; } = null!;

        /// <summary>Azure Resource Manager's root, e.g. https://127.0.0.1:49153/.</summary>
        public Uri ArmBaseUri { get; private set; } = null!;

        /// <summary>The ARM endpoint's certificate, made for this run and trusted by nothing unless a test says so.</summary>
        public X509Certificate2 ServerCertificate { get; }

        /// <summary>The live options: page sizes, latency, expected token and faults may be changed while running.</summary>
        public EmulatorOptions Options { get; }

        public RequestLog RequestLog { get; } = new RequestLog();

        /// <summary>The most HTTP requests handled at the same time so far (how parallel the client was).</summary>
        public int PeakConcurrency => Volatile.Read(ref _peakInFlight);

        /// <summary>The snapshot being served.</summary>
        public TenantSnapshot Snapshot { get; }

        /// <summary>The Graph set paths served (after /v1.0 or /beta), e.g. /servicePrincipals/microsoft.graph.agentIdentity.</summary>
        public IReadOnlyCollection<string> GraphSetPaths => _graph.SetPaths;

        /// <summary>Reads the snapshot (folder or .zip) and starts both endpoints on free loopback ports.</summary>
        public static async Task<EmulatorHost> StartAsync(string snapshotPath, EmulatorOptions? options = null, CancellationToken cancellationToken = default)
        {
            var snapshot = SnapshotReader.Read(snapshotPath, cancellationToken: cancellationToken);
            var certificate = EmulatorCertificate.Create();
            EmulatorHost? host = null;
            try
            {
                var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
                builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration().ConfigureKestrel(kestrel =>
                {
                    kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
                    kestrel.Listen(IPAddress.Loopback, 0);
                    kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate));
                });
                var app = builder.Build();
                host = new EmulatorHost(snapshot, options ?? new EmulatorOptions(), certificate, app);
                app.Run(host.HandleAsync);
                await app.StartAsync(cancellationToken).ConfigureAwait(false);

                var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
                host.GraphBaseUri = new Uri(addresses.Single(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) + "/");
                host.ArmBaseUri = new Uri(addresses.Single(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) + "/");
                return host;
            }
            catch
            {
                if (host != null)
                {
                    await host.DisposeAsync().ConfigureAwait(false);
                }
                else
                {
                    certificate.Dispose();
                }

                throw;
            }
        }

        /// <summary>A handler that trusts exactly <see cref="ServerCertificate"/> (for ARM; Graph is plain http).</summary>
        /// <summary>Builds the Graph relation indexes now rather than on first use (benchmarks: before the clock starts).</summary>
        public void IndexGraphRelations() => _graph.IndexRelations();

        public HttpClientHandler CreateTrustingHandler() => EmulatorCertificate.CreateHttpClientHandler(ServerCertificate);

        /// <summary>A <see cref="SocketsHttpHandler"/> that trusts exactly <see cref="ServerCertificate"/>.</summary>
        public SocketsHttpHandler CreateTrustingSocketsHandler() => EmulatorCertificate.CreateSocketsHttpHandler(ServerCertificate);

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            try
            {
                await _app.StopAsync().ConfigureAwait(false);
            }
            finally
            {
                await _app.DisposeAsync().ConfigureAwait(false);
                ServerCertificate.Dispose();
            }
        }

        private async Task HandleAsync(HttpContext context)
        {
            var inFlight = Interlocked.Increment(ref _inFlight);
            for (var peak = Volatile.Read(ref _peakInFlight); inFlight > peak; peak = Volatile.Read(ref _peakInFlight))
            {
                Interlocked.CompareExchange(ref _peakInFlight, inFlight, peak);
            }

            try
            {
                await HandleOneAsync(context).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        private async Task HandleOneAsync(HttpContext context)
        {
            var api = context.Request.IsHttps ? EmulatorApi.Arm : EmulatorApi.Graph;
            var body = await ReadBodyAsync(context).ConfigureAwait(false);
            var request = new EmulatorRequest(
                context.Request.Method,
                context.Request.Path.Value ?? "/",
                context.Request.QueryString.Value ?? string.Empty,
                body,
                api == EmulatorApi.Graph ? GraphBaseUri : ArmBaseUri,
                context.Request.Headers.Authorization.ToString(),
                batched: false,
                context.RequestAborted);

            var latency = Options.Latency;
            if (latency > TimeSpan.Zero)
            {
                await Task.Delay(latency, context.RequestAborted).ConfigureAwait(false);
            }

            var (response, fault) = await ExecuteAsync(request, api).ConfigureAwait(false);
            await WriteAsync(context, response, fault).ConfigureAwait(false);
        }

        private static async Task<byte[]> ReadBodyAsync(HttpContext context)
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            return buffer.ToArray();
        }

        /// <summary>Routes, authenticates, applies the first due fault, answers and logs one request (HTTP or inside $batch).</summary>
        private async Task<(EmulatorResponse Response, FaultRule? Fault)> ExecuteAsync(EmulatorRequest request, EmulatorApi api)
        {
            var routed = api == EmulatorApi.Graph ? _graph.Route(request) : _arm.Route(request);
            EmulatorResponse response;
            FaultRule? fault = null;
            TimeSpan? retryAfter = null;
            var units = 0;
            var authError = Authenticate(request, api);
            if (authError != null)
            {
                response = authError;
            }
            else
            {
                fault = Options.SelectFault(request.Method, request.Path, routed.Route, request.Batched);
                if (fault?.Kind == FaultKind.SlowResponse)
                {
                    await Task.Delay(fault.Delay, request.Aborted).ConfigureAwait(false);
                }

                var throttle = fault == null && api == EmulatorApi.Graph ? Options.GraphThrottle : null;
                var decision = throttle?.Charge(
                    request.Authorization ?? string.Empty,
                    GraphResourceUnits.CostOf(request.Method, routed.Route, name => request.Query.ContainsKey(name), int.TryParse(request.QueryValue("$top"), out var top) ? top : null),
                    GraphResourceUnits.IsOncePerSecondPerTenant(request.Path),
                    DateTime.UtcNow,
                    GraphResourceUnits.ReadsServicePrincipalKeyCredentials(request.Method, request.PathAndQuery));
                retryAfter = decision?.RetryAfter;
                units = decision?.Cost ?? 0;
                response = retryAfter.HasValue ? Throttled(api, retryAfter.Value)
                    : (fault == null ? null : StatusFault(api, fault, request)) ?? await AnswerAsync(routed, api).ConfigureAwait(false);
                foreach (var header in retryAfter.HasValue ? Array.Empty<KeyValuePair<string, string>>() : decision?.Headers ?? Array.Empty<KeyValuePair<string, string>>())
                {
                    response = response.WithHeader(header.Key, header.Value);
                }
            }

            RequestLog.Add(new RequestLogEntry(request.Method, request.PathAndQuery, routed.Route, response.Status, api, request.Batched, fault?.Kind ?? (retryAfter.HasValue ? FaultKind.Throttle : null), units, DateTime.UtcNow, request.Received));
            return (response, fault);
        }

        /// <summary>The answer of a status fault (429, 503, 401, 403); null for faults that change how the real answer is sent.</summary>
        private EmulatorResponse? StatusFault(EmulatorApi api, FaultRule fault, EmulatorRequest request) => fault.Kind switch
        {
            FaultKind.Throttle => Throttled(api, fault.RetryAfter ?? TimeSpan.FromSeconds(1)),
            FaultKind.ServiceUnavailable => Unavailable(api, fault.RetryAfter),
            FaultKind.TokenExpired => Expired(api),
            FaultKind.Forbidden => Forbidden(api, request),
            _ => null,
        };

        /// <summary>The real answer; an emulator bug becomes a 500 that names it, in the log like any other answer.</summary>
        private static async Task<EmulatorResponse> AnswerAsync(RoutedRequest routed, EmulatorApi api)
        {
            try
            {
                return await routed.Handle().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                return ErrorBodies.For(api, 500, "EmulatorError", $"The emulator failed on this request: {exception.GetType().Name}: {exception.Message}");
            }
        }

        /// <summary>A bearer token is required on every request; any token is accepted unless <see cref="EmulatorOptions.ExpectedToken"/> is set.</summary>
        private EmulatorResponse? Authenticate(EmulatorRequest request, EmulatorApi api)
        {
            const string prefix = "Bearer ";
            var header = request.Authorization;
            var token = header != null && header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? header.Substring(prefix.Length).Trim() : null;
            if (string.IsNullOrEmpty(token))
            {
                return api == EmulatorApi.Graph
                    ? ErrorBodies.Graph(401, "InvalidAuthenticationToken", "Access token is empty.").WithHeader("WWW-Authenticate", "Bearer realm=\"\", error=\"invalid_token\", error_description=\"Access token is empty\"")
                    : ErrorBodies.Arm(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.").WithHeader("WWW-Authenticate", ArmChallenge("The authentication failed because of missing 'Authorization' header."));
            }

            var expected = Options.ExpectedToken;
            if (expected != null && !string.Equals(token, expected, StringComparison.Ordinal))
            {
                return api == EmulatorApi.Graph
                    ? ErrorBodies.Graph(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.")
                    : ErrorBodies.Arm(401, "InvalidAuthenticationToken", "The access token is invalid.").WithHeader("WWW-Authenticate", ArmChallenge("The access token is invalid."));
            }

            return null;
        }

        private string ArmChallenge(string description) =>
            $"Bearer authorization_uri=\"https://login.microsoftonline.com/{Snapshot.TenantId ?? "common"}\", error=\"invalid_token\", error_description=\"{description}\"";

        private static EmulatorResponse Throttled(EmulatorApi api, TimeSpan retryAfter)
        {
            var response = api == EmulatorApi.Graph
                ? ErrorBodies.Graph(429, "TooManyRequests", "Too many requests have been sent; retry after the time in Retry-After.")
                : ErrorBodies.Arm(429, "TooManyRequests", "The request was throttled; retry after the time in Retry-After.");
            // Conditional Access and Identity Protection answer 429 without Retry-After (Zero stands for that).
            return retryAfter > TimeSpan.Zero ? response.WithHeader("Retry-After", Seconds(retryAfter)) : response;
        }

        private static EmulatorResponse Unavailable(EmulatorApi api, TimeSpan? retryAfter)
        {
            var response = api == EmulatorApi.Graph
                ? ErrorBodies.Graph(503, "serviceNotAvailable", "The service is temporarily unavailable.")
                : ErrorBodies.Arm(503, "ServiceUnavailable", "The service is temporarily unavailable.");
            return retryAfter.HasValue ? response.WithHeader("Retry-After", Seconds(retryAfter.Value)) : response;
        }

        private EmulatorResponse Expired(EmulatorApi api) =>
            api == EmulatorApi.Graph
                ? ErrorBodies.Graph(401, "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired.")
                    .WithHeader("WWW-Authenticate", "Bearer realm=\"\", error=\"invalid_token\", error_description=\"Lifetime validation failed, the token is expired.\"")
                : ErrorBodies.Arm(401, "ExpiredAuthenticationToken", "The access token expiry UTC time is earlier than current UTC time.")
                    .WithHeader("WWW-Authenticate", ArmChallenge("The access token has expired."));

        private static EmulatorResponse Forbidden(EmulatorApi api, EmulatorRequest request) =>
            api == EmulatorApi.Graph
                ? ErrorBodies.Graph(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
                : ErrorBodies.Arm(403, "AuthorizationFailed", $"The client does not have authorization to perform this action over scope '{request.Path}'.");

        private static string Seconds(TimeSpan value) =>
            ((long)Math.Ceiling(Math.Max(0, value.TotalSeconds))).ToString(CultureInfo.InvariantCulture);

        /// <summary>Writes the response whole, or cut short as the transport fault says.</summary>
        private static async Task WriteAsync(HttpContext context, EmulatorResponse response, FaultRule? fault)
        {
            var bytes = response.BodyBytes();
            context.Response.StatusCode = response.Status;
            foreach (var header in response.Headers)
            {
                context.Response.Headers[header.Key] = header.Value;
            }

            if (response.HasBody)
            {
                context.Response.ContentType = "application/json; charset=utf-8";
            }

            var cut = fault == null ? bytes.Length : (int)Math.Clamp(Math.Round(bytes.Length * fault.BodyFraction), 1, Math.Max(1, bytes.Length - 1));
            switch (fault?.Kind)
            {
                case FaultKind.DropMidBody:
                    // The headers promise the whole body; the connection ends after part of it. Kestrel closes a
                    // response shorter than its Content-Length only after sending what was written, so the client
                    // always sees the headers and then a body that stops. An abort (TCP reset) instead would race the
                    // client: a reset can overtake bytes Kestrel has not sent yet, and the failure then comes before
                    // the headers.
                    context.Response.ContentLength = bytes.Length;
                    await context.Response.Body.WriteAsync(bytes.AsMemory(0, Math.Min(cut, bytes.Length))).ConfigureAwait(false);
                    return;
                case FaultKind.TruncatedJson:
                    // A well-formed HTTP response whose JSON stops half way.
                    var length = Math.Min(cut, bytes.Length);
                    context.Response.ContentLength = length;
                    await context.Response.Body.WriteAsync(bytes.AsMemory(0, length)).ConfigureAwait(false);
                    return;
                default:
                    context.Response.ContentLength = bytes.Length;
                    await context.Response.Body.WriteAsync(bytes).ConfigureAwait(false);
                    return;
            }
        }
    }
}
