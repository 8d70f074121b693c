using System.Text.Json;
using System.Text.RegularExpressions;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Tests.Reporting;

/// <summary>The HTML report's JSON data block, decoded: its string table resolved, results as records.</summary>
internal sealed class ReportData
{
    public sealed record Row(string ControlId, ResultStatus Status, Severity Severity, string TargetName, string Reason, string? Remediation, List<(string Path, string? Actual, string Expected)> Evidence);

    public required List<string> Strings { get; init; }

    public required List<string> ControlIds { get; init; }

    public required List<string?> Anchors { get; init; }

    public required List<Row> Results { get; init; }

    public string? AnchorOf(string controlId) => Anchors[ControlIds.IndexOf(controlId)];

    public static string Block(string html) =>
        Regex.Match(html, "<script type=\"application/json\" id=\"ztai-data\">(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;

    public static JsonDocument Document(string html) => JsonDocument.Parse(Block(html));

    public static ReportData Of(string html)
    {
        using var document = Document(html);
        var root = document.RootElement;
        var strings = root.GetProperty("s").EnumerateArray().Select(s => s.GetString()!).ToList();
        string? Text(JsonElement index) => index.GetInt32() < 0 ? null : strings[index.GetInt32()];
        var controls = root.GetProperty("c").EnumerateArray().ToList();
        var targets = root.GetProperty("t").EnumerateArray().ToList();
        return new ReportData
        {
            Strings = strings,
            ControlIds = controls.Select(c => Text(c[0])!).ToList(),
            Anchors = controls.Select(c => Text(c[5])).ToList(),
            Results = root.GetProperty("r").EnumerateArray().Select(r => new Row(
                Text(controls[r[0].GetInt32()][0])!,
                (ResultStatus)r[1].GetInt32(),
                (Severity)r[2].GetInt32(),
                Text(targets[r[3].GetInt32()][1])!,
                Text(r[4])!,
                Text(r[5]),
                r[6].ValueKind == JsonValueKind.Array ? r[6].EnumerateArray().Select(e => (Text(e[0])!, Text(e[1]), Text(e[2])!)).ToList() : [])).ToList(),
        };
    }
}
