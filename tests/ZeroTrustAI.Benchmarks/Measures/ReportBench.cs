using System.Diagnostics;
using Microsoft.Playwright;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Reporting;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Benchmarks.Measures;

/// <summary>
/// The HTML report at scale: the sample tenant's results repeated over distinct targets up to N results, written with
/// the sample's estate, then opened in headless Chromium (Debian's, or ZTAI_CHROMIUM) until the page is usable
/// (its script marks html[data-ready] with the milliseconds since navigation), three times; the median counts.
/// Also times a status filter and a sort over every result, inside the page.
/// </summary>
internal static class ReportBench
{
    public static async Task<object> RunAsync(int count, string folder)
    {
        var snapshot = SnapshotReader.Read(Path.Combine(AppContext.BaseDirectory, "SampleTenant"));
        var sample = AssessmentEngine.Evaluate(snapshot, ControlCatalog.All).ToList();
        var results = Enumerable.Range(0, count).Select(i => Copy(sample[i % sample.Count], i / sample.Count)).ToList();

        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"report-{count}.html");
        var write = Stopwatch.StartNew();
        using (var stream = File.Create(path))
        {
            ReportWriter.Write(ReportFormat.Html, results, new ReportContext { Snapshot = snapshot }, stream);
        }

        var writeSeconds = write.Elapsed.TotalSeconds;
        var chromium = Environment.GetEnvironmentVariable("ZTAI_CHROMIUM") is { Length: > 0 } c ? c : "/usr/bin/chromium";
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });

        var loads = new List<(double ReadyMs, double WallSeconds, double FilterMs, double SortMs)>();
        for (var run = 0; run < 3; run++)
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
            var clock = Stopwatch.StartNew();
            await page.GotoAsync(new Uri(path).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Commit, Timeout = 120_000 });
            await page.WaitForSelectorAsync("html[data-ready] #spacer .row", new PageWaitForSelectorOptions { Timeout = 120_000 });
            var wall = clock.Elapsed.TotalSeconds;
            var ready = double.Parse(await page.GetAttributeAsync("html", "data-ready") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            var filter = await page.EvaluateAsync<double>(@"() => { const s = document.getElementById('filter-status'); const t = performance.now();
                s.value = s.options[2].value; s.dispatchEvent(new Event('change')); return performance.now() - t; }");
            var sort = await page.EvaluateAsync<double>(@"() => { const s = document.getElementById('filter-status'); s.value = ''; s.dispatchEvent(new Event('change'));
                const t = performance.now(); document.querySelector('.grid-head [data-sort=target] button').click(); return performance.now() - t; }");
            // Where the time goes: the file arriving, the script starting (HTML parsed), the data parsed, the first rows shown.
            Console.WriteLine("  load " + run + ": " + await page.EvaluateAsync<string>("() => { const n = performance.getEntriesByType('navigation')[0]; return 'file read ' + Math.round(n.responseEnd) + ' ms, ' + performance.getEntriesByType('mark').map(m => m.name + ' ' + Math.round(m.startTime) + ' ms').join(', '); }"));
            loads.Add((ready, wall, filter, sort));
            await page.CloseAsync();
        }

        var median = loads.OrderBy(l => l.WallSeconds).ElementAt(loads.Count / 2);
        return new
        {
            results = count,
            bytes = new FileInfo(path).Length,
            writeSeconds,
            readyMs = median.ReadyMs,
            interactiveSeconds = median.WallSeconds,
            filterMs = median.FilterMs,
            sortMs = median.SortMs,
            path,
        };
    }

    /// <summary>A result of copy n: the same finding about a distinct target, as a large tenant has many alike.</summary>
    private static AssessmentResult Copy(AssessmentResult r, int n) => n == 0 ? r : new AssessmentResult(
        r.ControlId, r.Title, r.Pillar, r.Principle, r.Severity, r.Status,
        r.ResourceId + "-" + n, r.ResourceName + "-" + n, r.ResourceType, r.Evidence,
        r.Reason.Replace(r.ResourceName, r.ResourceName + "-" + n, StringComparison.Ordinal), r.Remediation, r.Run);
}
