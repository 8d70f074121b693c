using Microsoft.Playwright;

namespace ZeroTrustAI.Report.Tests;

/// <summary>
/// One headless Chromium for the test class: Debian's /usr/bin/chromium (build.ps1 -Task Test installs it with apt),
/// or the one ZTAI_CHROMIUM names. Playwright never downloads a browser here.
/// </summary>
public sealed class ReportBrowser : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("ZTAI_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"Chromium is not at '{ChromiumPath}': run the tests through build.ps1 -Task Test, which installs Debian's chromium, or set ZTAI_CHROMIUM.");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser != null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>A new page on a report file, recording console errors, page errors and every request that is not the file itself.</summary>
    public async Task<ReportPage> OpenAsync(string file, string fragment = "", int width = 1400, int height = 1000)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        var report = new ReportPage(page, context);
        var url = new Uri(file).AbsoluteUri;
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                report.Problems.Add("console " + message.Type + ": " + message.Text);
            }
        };
        page.PageError += (_, error) => report.Problems.Add("page error: " + error);
        page.RequestFailed += (_, request) => report.Problems.Add("failed request: " + request.Url);
        page.Request += (_, request) =>
        {
            if (!string.Equals(request.Url.Split('#')[0], url, StringComparison.Ordinal))
            {
                report.Problems.Add("request: " + request.Url);
            }
        };
        await page.GotoAsync(url + fragment);
        await page.WaitForSelectorAsync("#spacer .row, #no-match:not([hidden])");
        return report;
    }
}

/// <summary>A page showing a report, with what went wrong while it loaded.</summary>
public sealed class ReportPage(IPage page, IBrowserContext context) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    public List<string> Problems { get; } = [];

    /// <summary>"12 of 208 results" → 12.</summary>
    public async Task<int> ShownAsync()
    {
        var text = await Page.TextContentAsync("#shown") ?? string.Empty;
        return int.Parse(text.Split(' ')[0].Replace(",", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The text of one column (0-based) of every result row now in the DOM.</summary>
    public Task<string[]> ColumnAsync(int column) =>
        Page.EvalOnSelectorAllAsync<string[]>("#spacer .row:not(.group)", "(rows, c) => rows.sort((a, b) => a.offsetTop - b.offsetTop).map(r => r.children[c].textContent)", column);

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}
