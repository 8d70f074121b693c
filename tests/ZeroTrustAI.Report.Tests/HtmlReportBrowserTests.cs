using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Reporting.Estate;

namespace ZeroTrustAI.Report.Tests;

/// <summary>The HTML report in a real browser (headless Chromium): loads clean, filters, draws the estate, resists markup.</summary>
public sealed class HtmlReportBrowserTests(ReportBrowser browser) : IClassFixture<ReportBrowser>
{
    private const string Hostile = "<img src=x onerror=window.__pwned=1>";

    [Fact]
    public async Task Report_LoadsWithoutConsoleErrorsOrRequests_AndShowsEveryResult()
    {
        await using var report = await browser.OpenAsync(SampleReport.File);

        Assert.Empty(report.Problems);
        Assert.Equal(SampleReport.Results.Count, await report.ShownAsync());
        Assert.NotEmpty(await report.ColumnAsync(2));
        Assert.True(await report.Page.Locator("#spacer .row").CountAsync() < SampleReport.Results.Count, "Every row is in the DOM: the table is not virtual.");
    }

    [Fact]
    public async Task FiltersSearchAndSort_ChangeTheRowsShown()
    {
        await using var report = await browser.OpenAsync(SampleReport.File);
        var page = report.Page;

        await page.SelectOptionAsync("#filter-status", ((int)ResultStatus.Fail).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(SampleReport.Results.Count(r => r.Status == ResultStatus.Fail), await report.ShownAsync());
        Assert.All(await report.ColumnAsync(0), status => Assert.Equal("Fail", status));

        await page.SelectOptionAsync("#filter-status", string.Empty);
        var control = SampleReport.Results.Where(r => r.Status == ResultStatus.Fail).Select(r => r.ControlId).First();
        await page.FillAsync("#filter-text", control);
        await page.WaitForFunctionAsync("n => document.getElementById('shown').textContent.startsWith(n + ' ')", SampleReport.Results.Count(r => Haystack(r).Contains(control, StringComparison.OrdinalIgnoreCase)));
        Assert.All(await report.ColumnAsync(2), text => Assert.Contains(control, text, StringComparison.Ordinal));

        await page.FillAsync("#filter-text", string.Empty);
        await page.WaitForFunctionAsync("n => document.getElementById('shown').textContent.startsWith(n + ' ')", SampleReport.Results.Count);
        var ids = SampleReport.Results.Select(r => r.ControlId).ToList();
        await page.ClickAsync(".grid-head [data-sort=control] button");
        Assert.StartsWith(ids.Min(StringComparer.Ordinal)!, (await report.ColumnAsync(2))[0], StringComparison.Ordinal);
        await page.ClickAsync(".grid-head [data-sort=control] button");
        Assert.StartsWith(ids.Max(StringComparer.Ordinal)!, (await report.ColumnAsync(2))[0], StringComparison.Ordinal);
        Assert.Equal("descending", await page.GetAttributeAsync(".grid-head [data-sort=control]", "aria-sort"));

        await page.SelectOptionAsync("#group-by", "control");
        var first = page.Locator("#spacer .row").First;
        Assert.Contains("group", await first.GetAttributeAsync("class"), StringComparison.Ordinal);
        var groupText = await first.TextContentAsync() ?? string.Empty;
        Assert.Contains(ids, id => groupText.Contains(id, StringComparison.Ordinal));
        await first.Locator("button").ClickAsync();
        Assert.Equal("false", await page.Locator("#spacer .row").First.Locator("button").GetAttributeAsync("aria-expanded"));
        Assert.Contains("group", await page.Locator("#spacer .row").Nth(1).GetAttributeAsync("class"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeepLink_ToAControl_ShowsOnlyItsResults()
    {
        var control = SampleReport.Results.First(r => r.Status == ResultStatus.Fail).ControlId;
        await using var report = await browser.OpenAsync(SampleReport.File, "#" + control);

        Assert.Equal(SampleReport.Results.Count(r => r.ControlId == control), await report.ShownAsync());
        Assert.All(await report.ColumnAsync(2), text => Assert.StartsWith(control, text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Estate_DrawsEveryAgentOfTheSample_AndClickingANodeFiltersTheResults()
    {
        var agents = GraphDirectory.For(SampleReport.Snapshot).Agents;
        await using var report = await browser.OpenAsync(SampleReport.File);
        var page = report.Page;

        var drawn = await page.EvalOnSelectorAllAsync<string[]>("#estate-svg g.node[data-kind=agent] title", "ts => ts.map(t => t.textContent)");
        Assert.Equal(agents.Count, drawn.Length);
        Assert.All(agents, agent => Assert.Contains(drawn, title => title.StartsWith(agent.DisplayName + " \u2013 ", StringComparison.Ordinal)));

        var estate = EstateBuilder.Build(SampleReport.Snapshot);
        var failing = agents.First(a => SampleReport.Results.Any(r => r.ResourceId == a.Id && r.Status == ResultStatus.Fail));
        var node = estate.Nodes.First(n => n.Kind == EstateNodeKind.Agent && n.Key == failing.Id);
        var expected = SampleReport.Results.Count(r => node.Targets.Contains(r.ResourceId));
        var index = estate.Nodes.ToList().IndexOf(node);

        // The canvas shows the first rows; fitting the estate brings every node into it before one is clicked.
        await page.ClickAsync("#estate-fit");
        await page.ClickAsync($"#estate-svg g.node[data-node='{index}']");
        Assert.Equal(expected, await report.ShownAsync());
        Assert.True(await page.IsVisibleAsync("#node-chip"));
        Assert.Equal("true", await page.EvaluateAsync<string>($"() => String(document.querySelector(\"#estate-svg g.node[data-node='{index}']\").classList.contains('selected'))"));

        await page.ClickAsync("#node-chip-clear");
        Assert.Equal(SampleReport.Results.Count, await report.ShownAsync());
    }

    [Fact]
    public async Task WithoutASnapshot_TheEstateViewIsANote()
    {
        await using var report = await browser.OpenAsync(SampleReport.Write(SampleReport.Results, snapshot: null));

        Assert.Empty(report.Problems);
        Assert.Equal(0, await report.Page.Locator("#estate-svg").CountAsync());
        Assert.Contains("-Snapshot", await report.Page.TextContentAsync("#estate .note"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostileDisplayNames_StayText_AndRunNothing()
    {
        var agent = GraphDirectory.For(SampleReport.Snapshot).Agents.First(a => a.Kind == Engine.Agents.AgentKind.AgentIdentity);
        var snapshot = SampleReport.SampleWith("graph/servicePrincipals.microsoft.graph.agentIdentity.json", "\"" + agent.DisplayName + "\"", "\"" + Hostile + "\"");
        var hostile = Engine.Evaluation.AssessmentEngine.Evaluate(snapshot, Engine.Controls.ControlCatalog.All)
            .Select(r => new AssessmentResult(r.ControlId, Hostile, r.Pillar, r.Principle, r.Severity, r.Status, r.ResourceId, r.ResourceName, Hostile, r.Evidence, Hostile + r.Reason, Hostile, r.Run))
            .ToList();
        await using var report = await browser.OpenAsync(SampleReport.Write(hostile, snapshot));
        var page = report.Page;

        await page.ClickAsync("#spacer .row:not(.group) button.open");
        await page.WaitForSelectorAsync("#detail:not([hidden])");
        Assert.Empty(report.Problems);
        Assert.Equal(0, await page.Locator("img").CountAsync());
        Assert.False(await page.EvaluateAsync<bool>("() => '__pwned' in window"));
        Assert.Contains(Hostile, await page.TextContentAsync("#spacer .row:not(.group)"), StringComparison.Ordinal);
        Assert.Contains(Hostile, await page.TextContentAsync("#detail"), StringComparison.Ordinal);
        var labels = await page.EvalOnSelectorAllAsync<string[]>("#estate-svg g.node[data-kind=agent] title", "ts => ts.map(t => t.textContent)");
        Assert.Contains(labels, label => label.StartsWith(Hostile, StringComparison.Ordinal));
    }

    [Fact]
    public async Task KeyboardFocus_ReachesEveryControl()
    {
        await using var report = await browser.OpenAsync(SampleReport.File);
        var page = report.Page;

        // Every control on the page gets a mark; rows of the table come and go as it scrolls, so one is enough for them.
        var count = await page.EvaluateAsync<int>(@"() => {
            const all = [...document.querySelectorAll('button, select, input, a[href], [tabindex=""0""]')]
              .filter(e => !e.closest('#spacer') && !e.closest('[hidden]') && e.getClientRects().length > 0);
            all.forEach((e, i) => e.setAttribute('data-mark', String(i)));
            return all.length;
        }");
        Assert.True(count > 20, $"Only {count} controls were found.");

        var reached = new HashSet<string>();
        var reachedRow = false;
        await page.FocusAsync("body");
        for (var press = 0; press < 2000 && reached.Count < count; press++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string>("() => { const e = document.activeElement; return e.closest('#spacer') ? '#row' : e.getAttribute('data-mark') || ''; }");
            reachedRow |= focused == "#row";
            if (focused.Length > 0 && focused != "#row")
            {
                reached.Add(focused);
            }
        }

        var missing = await page.EvaluateAsync<string[]>("marks => [...document.querySelectorAll('[data-mark]')].filter(e => !marks.includes(e.getAttribute('data-mark'))).map(e => e.outerHTML.slice(0, 120))", reached.ToArray());
        Assert.Empty(missing);
        Assert.True(reachedRow, "No row of the results table received keyboard focus.");
    }

    private static string Haystack(AssessmentResult r) =>
        string.Join("\n", r.ControlId, r.Title, r.ResourceId, r.ResourceName, r.ResourceType, r.Reason);
}
