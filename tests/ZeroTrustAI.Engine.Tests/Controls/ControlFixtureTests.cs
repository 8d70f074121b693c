using System.Text.Json.Nodes;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Snapshot;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Controls;

/// <summary>
/// Every control against its fixture folder Fixtures/Controls/&lt;id&gt;: the results must be exactly the targets its
/// expected.json lists, with their statuses, reasons and evidence.
/// </summary>
public class ControlFixtureTests
{
    private const string FixtureRoot = "Controls";

    /// <summary>Every control id and every fixture folder, so a control without fixture and a stray folder both fail by name.</summary>
    public static TheoryData<string> ControlsAndFixtureFolders()
    {
        var folders = Directory.Exists(Fixtures.PathOf(FixtureRoot))
            ? Directory.EnumerateDirectories(Fixtures.PathOf(FixtureRoot)).Select(Path.GetFileName).OfType<string>()
            : Enumerable.Empty<string>();
        var data = new TheoryData<string>();
        foreach (var id in ControlCatalog.All.Select(c => c.Metadata.Id).Union(folders, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            data.Add(id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ControlsAndFixtureFolders))]
    public void Control_gives_the_expected_outcome_on_its_fixture(string controlId)
    {
        var fixture = $"Fixtures/{FixtureRoot}/{controlId}";
        var folder = Fixtures.PathOf($"{FixtureRoot}/{controlId}");
        var control = ControlCatalog.All.FirstOrDefault(c => string.Equals(c.Metadata.Id, controlId, StringComparison.Ordinal));
        Assert.True(control != null, $"{fixture} names no control of the catalog.");
        Assert.True(Directory.Exists(folder), $"{controlId} has no fixture folder {fixture}.");
        var cases = Fixtures.FixtureCases(controlId);
        Assert.True(cases.Count > 0, $"{controlId}: {fixture} has no {FixtureExpectation.FileName}, nor case folders with one (see Fixtures/Controls/README.md).");

        var problems = new List<string>();
        var statuses = new HashSet<Model.ResultStatus>();
        foreach (var caseFolder in cases)
        {
            var name = caseFolder == folder ? fixture : $"{fixture}/{Path.GetFileName(caseFolder)}";
            var expectedFile = Path.Combine(caseFolder, FixtureExpectation.FileName);
            var expected = FixtureExpectation.Load(expectedFile);
            var snapshot = SnapshotReader.Read(caseFolder);
            var results = Fixtures.Evaluate(controlId, snapshot);

            // Cases share the duty to show a Pass and a Fail; a single folder carries it alone.
            problems.AddRange(expected.Compare(results)
                .Where(p => cases.Count == 1 || !p.Contains("lists no ", StringComparison.Ordinal))
                .Select(p => cases.Count == 1 ? p : $"{name}: {p}"));
            statuses.UnionWith(expected.Targets.Select(t => t.Status));
            problems.AddRange(snapshot.Issues.Where(i => string.Equals(i.File, FixtureExpectation.FileName, StringComparison.OrdinalIgnoreCase))
                .Select(i => $"the snapshot reader reported {FixtureExpectation.FileName}: {i}"));
        }

        foreach (var needed in new[] { Model.ResultStatus.Pass, Model.ResultStatus.Fail })
        {
            if (cases.Count > 1 && !statuses.Contains(needed))
            {
                problems.Add($"no case lists a {needed} target: the cases together show the control passing and failing");
            }
        }

        Assert.True(problems.Count == 0, $"{controlId} on {fixture} differs from its {FixtureExpectation.FileName}:\n  " + string.Join("\n  ", problems));
    }

    /// <summary>Remediation as code: each failed or warned result carries a runnable fix that names its own target.</summary>
    [Theory]
    [MemberData(nameof(ControlsAndFixtureFolders))]
    public void Every_failed_result_carries_a_fix_for_its_target(string controlId)
    {
        var cases = Fixtures.FixtureCases(controlId);
        Assert.True(cases.Count > 0, $"{controlId} has no fixture folder.");
        var failed = cases.SelectMany(c => Fixtures.Evaluate(controlId, SnapshotReader.Read(c)))
            .Where(r => r.Status == Model.ResultStatus.Fail || r.Status == Model.ResultStatus.Warning)
            .ToList();
        Assert.NotEmpty(failed);
        foreach (var result in failed)
        {
            Assert.True(result.Fix != null, $"{controlId}: the {result.Status} result for '{result.ResourceName}' carries no fix.");
            Assert.False(string.IsNullOrWhiteSpace(result.Fix!.Script), $"{controlId}: the fix for '{result.ResourceName}' is empty.");
            Assert.True(
                NamesTarget(result.Fix.Script, result.ResourceType, result.ResourceId, result.ResourceName),
                $"{controlId}: the fix for '{result.ResourceName}' names neither its id '{result.ResourceId}' nor its name:\n{result.Fix.Script}");
        }
    }

    // A tenant-wide fix names no object; any other fix must be about its own target, not a placeholder.
    private static bool NamesTarget(string script, string type, string id, string name) =>
        string.Equals(type, "tenant", StringComparison.Ordinal)
        || (!string.IsNullOrEmpty(id) && script.Contains(id, StringComparison.OrdinalIgnoreCase))
        || (!string.IsNullOrEmpty(name) && script.Contains(name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>The fixture runner fails on each kind of difference, so moving an assertion into expected.json keeps its power.</summary>
public class FixtureExpectationTests
{
    private const string Control = "ZTAI-DATA-020";

    [Fact]
    public void The_unchanged_expectation_matches() => Assert.Empty(Problems(_ => { }));

    [Fact]
    public void A_wrong_status_names_the_target_with_expected_and_actual_status_and_reason() =>
        AssertReported("target 'stsharedkeyon': expected Pass, got Fail: Storage account accepts", e => Target(e, "stsharedkeyon")["status"] = "Pass");

    [Fact]
    public void An_expected_target_without_result_is_reported() =>
        AssertReported("target 'st-ghost': expected Pass, but the control gave no result", e => Targets(e).Add(new JsonObject { ["name"] = "st-ghost", ["status"] = "Pass" }));

    [Fact]
    public void A_result_not_listed_is_reported() =>
        AssertReported("unexpected target 'stsharedkeyoff'", e => Targets(e).Remove(Target(e, "stsharedkeyoff")));

    [Fact]
    public void A_target_listed_twice_is_reported() =>
        AssertReported("target 'stsharedkeyoff' is listed 2 times", e => Targets(e).Add(Target(e, "stsharedkeyoff").DeepClone()));

    [Fact]
    public void A_judged_target_that_must_be_absent_is_reported() =>
        AssertReported("target 'STSHAREDKEYON' must not be judged, got Fail", e => e["absent"] = new JsonArray("STSHAREDKEYON"));

    [Fact]
    public void A_matching_name_with_another_id_is_not_the_target() =>
        AssertReported("target 'stsharedkeyon': expected Fail, but the control gave no result", e => Target(e, "stsharedkeyon")["id"] = "/subscriptions/other");

    [Fact]
    public void Reason_checks_are_reported()
    {
        AssertReported("target 'stsharedkeyon': the reason should contain \"never said\"", e => Target(e, "stsharedkeyon")["reasonContains"] = new JsonArray("never said"));
        AssertReported("target 'stsharedkeyabsent': the reason should not contain \"absent\"", e => Target(e, "stsharedkeyabsent")["reasonExcludes"] = new JsonArray("absent"));
    }

    [Fact]
    public void Evidence_checks_are_reported()
    {
        AssertReported("target 'stsharedkeyon': expected 2 evidence item(s), got 1", e => Target(e, "stsharedkeyon")["evidenceCount"] = 2);
        AssertReported("no evidence at properties.allowSharedKeyAccess with the value absent", e => Target(e, "stsharedkeyon")["evidence"] = Evidence(("path", "properties.allowSharedKeyAccess"), ("actual", null)));
        AssertReported("no evidence containing fals", e => Target(e, "stsharedkeyon")["evidence"] = Evidence(("actualContains", "fals")));
        AssertReported("no evidence at properties.allowSharedKeyAccess equal to true (in this order)", e => Target(e, "stsharedkeyon")["evidence"] =
            new JsonArray(Evidence(("path", "properties.allowSharedKeyAccess"))[0]!.DeepClone(), Evidence(("path", "properties.allowSharedKeyAccess"), ("actual", "true"))[0]!.DeepClone()));
    }

    [Fact]
    public void An_expectation_without_a_pass_or_a_fail_target_is_reported()
    {
        AssertReported("lists no Pass target", e => { foreach (var t in Targets(e)) t!["status"] = "Fail"; });
        AssertReported("lists no Fail target", e => { foreach (var t in Targets(e)) t!["status"] = "Pass"; });
    }

    [Theory]
    [InlineData("""{ "targets": [ { "name": "a", "status": "Fail", "reasonContain": ["x"] } ] }""", "unknown key 'reasonContain'")]
    [InlineData("""{ "target": [] }""", "unknown key 'target'")]
    [InlineData("""{ "absent": [] }""", "needs 'targets'")]
    [InlineData("""{ "targets": [ { "name": "a", "status": "Failed" } ] }""", "'status' Failed is not one of")]
    [InlineData("""{ "targets": [ { "name": "a", "status": "1" } ] }""", "'status' 1 is not one of")]
    [InlineData("""{ "targets": [ { "status": "Fail" } ] }""", "needs 'name' or 'id'")]
    [InlineData("""{ "targets": [ { "name": "a", "status": "Fail", "evidence": [ {} ] } ] }""", "checks nothing")]
    public void A_malformed_expectation_fails_naming_the_mistake(string json, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => FixtureExpectation.Parse(json, "expected.json"));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static void AssertReported(string message, Action<JsonObject> change)
    {
        var problems = Problems(change);
        Assert.True(problems.Any(p => p.Contains(message, StringComparison.Ordinal)), $"'{message}' not among: {string.Join(" | ", problems)}");
    }

    private static IReadOnlyList<string> Problems(Action<JsonObject> change)
    {
        var expected = JsonNode.Parse(File.ReadAllText(Fixtures.PathOf($"Controls/{Control}/{FixtureExpectation.FileName}")))!.AsObject();
        change(expected);
        return FixtureExpectation.Parse(expected.ToJsonString(), Control).Compare(Fixtures.EvaluateFixture(Control));
    }

    private static JsonArray Targets(JsonObject expected) => expected["targets"]!.AsArray();

    private static JsonObject Target(JsonObject expected, string name) =>
        Targets(expected).Single(t => (string?)t!["name"] == name)!.AsObject();

    private static JsonArray Evidence(params (string Key, string? Value)[] checks)
    {
        var item = new JsonObject();
        foreach (var (key, value) in checks)
        {
            item[key] = value;
        }

        return new JsonArray(item);
    }
}
