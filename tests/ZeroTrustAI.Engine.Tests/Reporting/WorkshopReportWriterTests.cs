using System.Text.Json;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Reporting;
using static ZeroTrustAI.Engine.Tests.Reporting.ReportTestData;

namespace ZeroTrustAI.Engine.Tests.Reporting;

public class WorkshopReportWriterTests
{
    [Fact]
    public void Workshop_HasTheShapeOfZtasExport_WithAnOverridePerMappedAiItem()
    {
        var results = CiFormatTests.SampleResults;
        using var document = JsonDocument.Parse(Render(ReportFormat.Workshop, results));
        var root = document.RootElement;
        Assert.Equal(new[] { "metadata", "configuration", "statistics" }, root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("full-configuration", root.GetProperty("metadata").GetProperty("exportType").GetString());
        Assert.Equal("1.0", root.GetProperty("metadata").GetProperty("formatVersion").GetString());

        var overrides = root.GetProperty("configuration").GetProperty("pillars").GetProperty("ai").GetProperty("taskOverrides").EnumerateObject().ToList();
        var expected = results
            .GroupBy(r => r.ControlId)
            .Where(g => g.Any(r => r.Status is ResultStatus.Pass or ResultStatus.Fail or ResultStatus.Warning or ResultStatus.Error))
            .SelectMany(g => ControlCatalog.Find(g.Key)!.Metadata.Mappings.Workshop)
            .Distinct()
            .OrderBy(t => t, StringComparer.Ordinal);
        Assert.Equal(expected, overrides.Select(o => o.Name).OrderBy(t => t, StringComparer.Ordinal));
        Assert.Equal(overrides.Count, root.GetProperty("statistics").GetProperty("modifiedTasks").GetInt32());
        foreach (var task in overrides)
        {
            Assert.Matches("^AI_[0-9]{3}$", task.Name);
            Assert.Equal("not-reviewed", task.Value.GetProperty("status").GetString());
            var notes = task.Value.GetProperty("notes").GetString()!;
            Assert.True(notes.Length <= WorkshopReportWriter.MaxNotesLength, $"{task.Name}: {notes.Length} characters");
            var lines = notes.TrimEnd('\n').Split('\n');
            Assert.Equal(lines.Length, lines.Distinct(StringComparer.Ordinal).Count());
            Assert.All(lines, line => Assert.True(line.Length <= WorkshopReportWriter.MaxLineLength, line));
        }
    }

    [Fact]
    public void Notes_OverTheLimit_KeepWhatFits_AndCountTheRest()
    {
        var findings = Enumerable.Range(0, 40).Select(i => "\u274C ZTAI-AI-" + i.ToString("000", System.Globalization.CultureInfo.InvariantCulture) + " " + new string('x', 60)).ToList();
        var notes = WorkshopReportWriter.Notes(findings.Concat(findings));

        Assert.True(notes.Length <= WorkshopReportWriter.MaxNotesLength, notes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var lines = notes.TrimEnd('\n').Split('\n').Skip(1).ToList();
        var kept = lines.Count - 1;
        Assert.Equal("\u2026(+" + (40 - kept) + " more findings)", lines[^1]);
        Assert.Equal(findings.Take(kept), lines.Take(kept));
    }

    [Fact]
    public void Line_OverTwoHundredCharacters_IsShortenedToIdAndTitle()
    {
        var targets = Enumerable.Range(0, 30).Select(i => Result(controlId: "ZTAI-AI-020", resourceName: "oai-contoso-region-" + i)).ToList();
        var notes = WorkshopReportWriter.TaskNotes(targets, Context());
        var line = notes[0].Value.Split('\n')[1];

        Assert.True(line.Length <= WorkshopReportWriter.MaxLineLength, line);
        Assert.StartsWith("\u274C ZTAI-AI-020 ", line, StringComparison.Ordinal);
        Assert.EndsWith(": 30 of 30 targets fail", line, StringComparison.Ordinal);
    }

    [Fact]
    public void SkippedControls_AreLeftOut()
    {
        var notes = WorkshopReportWriter.TaskNotes(new[] { Result(controlId: "ZTAI-AI-020", status: ResultStatus.Skipped) }, Context());
        Assert.Empty(notes);
    }
}
