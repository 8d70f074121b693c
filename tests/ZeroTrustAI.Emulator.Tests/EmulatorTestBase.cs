using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ZeroTrustAI.Emulator.Tests;

/// <summary>Starts an emulator over the bundled Contoso sample tenant and gives plain HttpClients for it.</summary>
public abstract class EmulatorTestBase : IAsyncLifetime
{
    public static readonly string SampleTenantPath = Path.Combine(AppContext.BaseDirectory, "SampleTenant");

    private readonly List<IDisposable> _disposables = new();

    protected EmulatorHost Emulator { get; private set; } = null!;

    /// <summary>Talks to both endpoints with a bearer token and a handler that trusts only this run's certificate.</summary>
    protected HttpClient Client { get; private set; } = null!;

    protected virtual EmulatorOptions CreateOptions() => new();

    /// <summary>The snapshot folder served: the sample tenant unless a test class serves its own.</summary>
    protected virtual string Served() => SampleTenantPath;

    public async Task InitializeAsync()
    {
        Emulator = await EmulatorHost.StartAsync(Served(), CreateOptions());
        Client = NewClient(Emulator.CreateTrustingHandler());
    }

    public async Task DisposeAsync()
    {
        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }

        await Emulator.DisposeAsync();
    }

    protected HttpClient NewClient(HttpMessageHandler handler, string? token = "test-token")
    {
        var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(20) };
        if (token != null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        _disposables.Add(client);
        return client;
    }

    protected Uri Graph(string pathAndQuery) => new(Emulator.GraphBaseUri, pathAndQuery);

    protected Uri Arm(string pathAndQuery) => new(Emulator.ArmBaseUri, pathAndQuery);

    protected static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    protected async Task<(HttpResponseMessage Response, JsonElement Body)> GetJsonAsync(Uri uri)
    {
        var response = await Client.GetAsync(uri);
        return (response, await ReadJsonAsync(response));
    }

    protected async Task<(HttpResponseMessage Response, JsonElement Body)> PostJsonAsync(Uri uri, object body)
    {
        using var content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        var response = await Client.PostAsync(uri, content);
        return (response, await ReadJsonAsync(response));
    }

    /// <summary>Follows @odata.nextLink (Graph) or nextLink (ARM) to the end; returns every item and the page count.</summary>
    protected async Task<(List<JsonElement> Items, int Pages)> GetAllPagesAsync(Uri first)
    {
        var items = new List<JsonElement>();
        var pages = 0;
        Uri? next = first;
        while (next != null)
        {
            var (response, body) = await GetJsonAsync(next);
            Assert.True(response.IsSuccessStatusCode, $"{next} answered {(int)response.StatusCode}: {body}");
            pages++;
            items.AddRange(body.GetProperty("value").EnumerateArray());
            next = body.TryGetProperty("@odata.nextLink", out var link) || body.TryGetProperty("nextLink", out link)
                ? new Uri(link.GetString()!)
                : null;
        }

        return (items, pages);
    }

    /// <summary>The objects of a snapshot file, read straight from disk, for expected values.</summary>
    /// <summary>The objects of a sample file and of its page files (<c>&lt;set&gt;.&lt;n&gt;.json</c>), which helpers add to the sample.</summary>
    protected static List<JsonElement> SnapshotItems(string relativePath)
    {
        var path = Path.Combine(SampleTenantPath, relativePath);
        var stem = Path.GetFileNameWithoutExtension(path);
        var pages = Directory.GetFiles(Path.GetDirectoryName(path)!, stem + ".*.json")
            .Where(f => Path.GetFileNameWithoutExtension(f).Substring(stem.Length + 1).All(char.IsDigit));
        var items = new List<JsonElement>();
        foreach (var file in new[] { path }.Concat(pages.OrderBy(f => f, StringComparer.Ordinal)))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            var root = document.RootElement;
            var list = root.ValueKind == JsonValueKind.Array ? root
                : root.TryGetProperty("value", out var value) ? value
                : root.GetProperty("data");
            items.AddRange(list.EnumerateArray().Select(e => e.Clone()));
        }

        return items;
    }

    protected static string Id(JsonElement item) => item.GetProperty("id").GetString()!;
}
