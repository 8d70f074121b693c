using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Reporting;
using ZeroTrustAI.Engine.Snapshot;
using ZeroTrustAI.Engine.Tests.Controls;
using ZeroTrustAI.Engine.Tests.Infrastructure;
using static ZeroTrustAI.Engine.Tests.Reporting.ReportTestData;

namespace ZeroTrustAI.Engine.Tests.Reporting;

public class JsonlReportWriterTests
{
    internal static List<JsonElement> Rows(string jsonl) =>
        jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

    private static List<string> Names(JsonElement row) => row.EnumerateObject().Select(p => p.Name).ToList();

    [Fact]
    public void Jsonl_writes_one_flat_row_per_result_with_every_column_in_order()
    {
        var text = Render(ReportFormat.Jsonl, Small());
        var rows = Rows(text);

        Assert.Equal(Small().Count, rows.Count);
        Assert.Equal(Small().Count, text.Count(c => c == '\n'));
        Assert.All(rows, row => Assert.Equal(ResultRow.ColumnNames, Names(row)));
        Assert.All(rows, row => Assert.All(row.EnumerateObject(), p => Assert.True(p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Null, p.Name)));

        var first = rows[0];
        Assert.Equal((TenantId, "Contoso", Run.RunId), (first.GetProperty("tenantId").GetString(), first.GetProperty("tenantName").GetString(), first.GetProperty("runId").GetString()));
        Assert.Equal(("2026-11-20T09:30:00Z", "2026-11-25T13:40:00Z", "9.8.7"), (first.GetProperty("collectedAt").GetString(), first.GetProperty("assessedAt").GetString(), first.GetProperty("toolVersion").GetString()));
        Assert.Equal(("ZTAI-AI-020", "Fail", "High", "AI", "VerifyExplicitly"), (first.GetProperty("controlId").GetString(), first.GetProperty("status").GetString(), first.GetProperty("severity").GetString(), first.GetProperty("pillar").GetString(), first.GetProperty("principle").GetString()));
        Assert.Equal(("oai-contoso-prod", "Microsoft.CognitiveServices/accounts"), (first.GetProperty("targetName").GetString(), first.GetProperty("targetType").GetString()));
        Assert.EndsWith("/oai-contoso-prod", first.GetProperty("targetId").GetString(), StringComparison.Ordinal);

        // Evidence is JSON text holding the same array as the JSON report, an absent value as null.
        using var evidence = JsonDocument.Parse(first.GetProperty("evidence").GetString()!);
        var item = Assert.Single(evidence.RootElement.EnumerateArray());
        Assert.Equal(("properties.disableLocalAuth", "false", "true"), (item.GetProperty("path").GetString(), item.GetProperty("actual").GetString(), item.GetProperty("expected").GetString()));
        using var absent = JsonDocument.Parse(rows[1].GetProperty("evidence").GetString()!);
        Assert.Equal(JsonValueKind.Null, absent.RootElement[0].GetProperty("actual").ValueKind);
        Assert.Equal("[]", rows[4].GetProperty("evidence").GetString());

        // Text with quotes and line breaks stays on its one line.
        Assert.Equal("Public blob access is allowed.\nAnyone can read.", rows[3].GetProperty("reason").GetString());
    }

    [Fact]
    public void Jsonl_rows_of_results_without_a_run_keep_the_schema_with_nulls()
    {
        var rows = Rows(Render(ReportFormat.Jsonl, Small().Select(WithoutRun)));

        Assert.All(rows, row => Assert.Equal(ResultRow.ColumnNames, Names(row)));
        Assert.All(rows, row => Assert.Equal(JsonValueKind.Null, row.GetProperty("runId").ValueKind));
        Assert.All(rows, row => Assert.Equal(JsonValueKind.Null, row.GetProperty("collectedAt").ValueKind));
    }

    [Fact]
    public void Jsonl_stream_and_text_writer_give_the_same_bytes_without_a_byte_order_mark()
    {
        var many = Enumerable.Range(0, 2000).Select(i => Result(resourceName: $"Контосо-日本-😀-{i}")).ToList();

        var text = Render(ReportFormat.Jsonl, many);
        var bytes = RenderBytes(ReportFormat.Jsonl, many);

        Assert.Equal(text, Encoding.UTF8.GetString(bytes));
        Assert.NotEqual(0xEF, bytes[0]);
        Assert.Equal("Контосо-日本-😀-1999", Rows(text)[1999].GetProperty("targetName").GetString());
    }

    [Fact]
    public void Jsonl_writes_each_row_before_the_next_result_is_produced()
    {
        // Constant memory: the writer must not hold results, so each row is in the stream before the next result exists.
        using var output = new MemoryStream();
        var lengths = new List<long>();
        IEnumerable<AssessmentResult> Produce()
        {
            for (var i = 0; i < 500; i++)
            {
                lengths.Add(output.Length);
                yield return Result(resourceName: "r" + i);
            }
        }

        ReportWriter.Write(ReportFormat.Jsonl, Produce(), Context(), output);

        Assert.Equal(0, lengths[0]);
        Assert.All(lengths.Zip(lengths.Skip(1)), pair => Assert.True(pair.Second > pair.First, "A row was not written before the next result was requested."));
        Assert.Equal(500, Rows(Encoding.UTF8.GetString(output.ToArray())).Count);
    }

    [Fact]
    public void Snapshots_assessed_in_parallel_merge_into_rows_that_keep_their_tenant_and_run()
    {
        var tenants = Enumerable.Range(1, 4).Select(i => $"00000000-0000-4000-8000-00000000000{i}").ToList();
        var snapshots = tenants.Select(SampleCopyFor).ToList();
        try
        {
            var perRun = new ConcurrentBag<(string Tenant, int Results, string Jsonl)>();
            Parallel.ForEach(snapshots, new ParallelOptions { MaxDegreeOfParallelism = 4 }, snapshot =>
            {
                var results = AssessmentEngine.Evaluate(SnapshotReader.Read(snapshot.Root), ControlCatalog.All).ToList();
                using var output = new MemoryStream();
                ReportWriter.Write(ReportFormat.Jsonl, results, new ReportContext(), output);
                perRun.Add((results[0].TenantId!, results.Count, Encoding.UTF8.GetString(output.ToArray())));
            });

            var merged = perRun.SelectMany(r => Rows(r.Jsonl)).ToList();

            Assert.Equal(tenants.OrderBy(t => t), perRun.Select(r => r.Tenant).OrderBy(t => t));
            foreach (var run in perRun)
            {
                Assert.Equal(run.Results, merged.Count(row => row.GetProperty("tenantId").GetString() == run.Tenant));
            }

            var runIds = merged.GroupBy(row => row.GetProperty("tenantId").GetString()).Select(g => g.Select(row => row.GetProperty("runId").GetString()).Distinct().ToList()).ToList();
            Assert.All(runIds, ids => Assert.Single(ids));
            Assert.Equal(tenants.Count, runIds.Select(ids => ids[0]).Distinct().Count());
            Assert.All(merged, row => Assert.Equal(ResultRow.ColumnNames, Names(row)));
        }
        finally
        {
            snapshots.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public void Report_formats_doc_lists_the_row_columns_with_their_types()
    {
        var doc = File.ReadAllText(Path.Combine(CatalogTests.RepositoryRoot(), "docs", "report-formats.md"));
        var section = doc.Substring(doc.IndexOf("## JSON Lines", StringComparison.Ordinal));
        var documented = Regex.Matches(section, @"^\| `(\w+)` \| (\w+) \|", RegexOptions.Multiline).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();

        Assert.Equal(ResultRow.Columns.Select(c => (c.Name, c.KustoType)), documented);
    }

    [Fact]
    public void Scale_out_doc_creates_tables_with_the_row_columns()
    {
        var doc = File.ReadAllText(Path.Combine(CatalogTests.RepositoryRoot(), "docs", "scale-out.md"));
        var expected = ResultRow.Columns.Select(c => (c.Name, c.KustoType)).ToList();

        var create = Regex.Match(doc, @"\.create table ZtaiResults \(([^)]*)\)");
        Assert.True(create.Success, "docs/scale-out.md has no .create table ZtaiResults command.");
        var adx = create.Groups[1].Value.Split(',').Select(c => c.Split(':')).Select(p => (p[0].Trim(), p[1].Trim())).ToList();
        Assert.Equal(expected, adx);

        var stream = Regex.Match(doc, @"""Custom-ZtaiResults"":\s*\{\s*""columns"":\s*\[(.*?)\]", RegexOptions.Singleline);
        Assert.True(stream.Success, "docs/scale-out.md has no Custom-ZtaiResults stream declaration.");
        var dcr = Regex.Matches(stream.Groups[1].Value, @"""name"":\s*""(\w+)"",\s*""type"":\s*""(\w+)""").Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();
        Assert.Equal(expected, dcr);

        // The rule's transformation maps every row column to the table.
        var transform = Regex.Match(doc, @"""transformKql"":\s*""([^""]*)""").Groups[1].Value;
        Assert.All(expected, column => Assert.Matches(@"= " + column.Name + @"(,|$)", transform));
    }

    /// <summary>A copy of the sample tenant under another tenant id, as another customer's snapshot would be.</summary>
    private static TempSnapshot SampleCopyFor(string tenantId)
    {
        var copy = new TempSnapshot();
        foreach (var file in Directory.EnumerateFiles(Fixtures.SampleTenant, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Fixtures.SampleTenant, file).Replace(Path.DirectorySeparatorChar, '/');
            copy.With(relative, File.ReadAllText(file).Replace(Fixtures.Sample.TenantId!, tenantId, StringComparison.OrdinalIgnoreCase));
        }

        return copy;
    }
}
