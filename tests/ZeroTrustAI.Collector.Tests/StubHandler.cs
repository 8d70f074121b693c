using System.Net;
using System.Text;

namespace ZeroTrustAI.Collector.Tests;

/// <summary>The end of a handler chain: records what reached the wire and answers from a script.</summary>
internal sealed class StubHandler : HttpMessageHandler
{
    private readonly Func<HttpRequestMessage, int, HttpResponseMessage> _respond;

    public StubHandler(Func<HttpRequestMessage, int, HttpResponseMessage>? respond = null)
    {
        _respond = respond ?? ((_, _) => Json(HttpStatusCode.OK, "{\"value\":[]}"));
    }

    public List<(string Method, Uri Uri, string? Authorization, string? Body)> Requests { get; } = new();

    public static HttpResponseMessage Json(HttpStatusCode status, string json)
        => new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content == null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request.Method.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), body));
        var response = _respond(request, Requests.Count);
        response.RequestMessage = request;
        return response;
    }
}
