using System.Text.Json;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Tests.Infrastructure;

/// <summary>
/// The outcome a control must give on its fixture: Fixtures/Controls/&lt;id&gt;/expected.json, shape in
/// Fixtures/Controls/README.md. Parsing is strict so a misspelt key cannot silently drop a check.
/// </summary>
public sealed class FixtureExpectation
{
    public const string FileName = "expected.json";

    private FixtureExpectation(IReadOnlyList<ExpectedTarget> targets, IReadOnlyList<string> absent)
    {
        Targets = targets;
        Absent = absent;
    }

    public IReadOnlyList<ExpectedTarget> Targets { get; }

    /// <summary>Names or ids the control must not judge (objects out of its scope).</summary>
    public IReadOnlyList<string> Absent { get; }

    public static FixtureExpectation Load(string path) => Parse(File.ReadAllText(path), path);

    public static FixtureExpectation Parse(string json, string source)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var reader = new Reader(source);
        reader.OnlyKeys(root, "top level", "targets", "absent", "note");
        var targets = reader.Array(root, "targets", "top level", required: true).Select((t, i) => ExpectedTarget.Parse(t, reader, $"targets[{i}]")).ToList();
        var absent = reader.Strings(root, "absent", "top level");
        return new FixtureExpectation(targets, absent);
    }

    /// <summary>Every way the results differ from this expectation, one line each naming the target; empty when they match.</summary>
    public IReadOnlyList<string> Compare(IReadOnlyList<AssessmentResult> results)
    {
        var problems = new List<string>();
        var claimedBy = results.ToDictionary(r => r, _ => new List<ExpectedTarget>());
        foreach (var target in Targets)
        {
            var matches = results.Where(target.Matches).ToList();
            matches.ForEach(r => claimedBy[r].Add(target));
            if (matches.Count == 0)
            {
                problems.Add($"{target.Label}: expected {target.Status}, but the control gave no result for it");
            }
            else if (matches.Count > 1)
            {
                problems.Add($"{target.Label}: {matches.Count} results carry this name; name the target by its id");
            }
            else
            {
                problems.AddRange(target.Compare(matches[0]));
            }
        }

        foreach (var (result, claims) in claimedBy)
        {
            if (claims.Count == 0)
            {
                problems.Add($"unexpected target '{result.ResourceName}' ({result.ResourceId}): got {result.Status}: {result.Reason}" +
                             $" (list it in {FileName}: {{\"name\": \"{result.ResourceName}\", \"status\": \"{result.Status}\"}})");
            }
            else if (claims.Count > 1)
            {
                problems.Add($"target '{result.ResourceName}' is listed {claims.Count} times");
            }
        }

        foreach (var name in Absent)
        {
            foreach (var judged in results.Where(r => string.Equals(r.ResourceName, name, StringComparison.OrdinalIgnoreCase)
                                                      || string.Equals(r.ResourceId, name, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"target '{name}' must not be judged, got {judged.Status}: {judged.Reason}");
            }
        }

        foreach (var needed in new[] { ResultStatus.Pass, ResultStatus.Fail })
        {
            if (!Targets.Any(t => t.Status == needed))
            {
                problems.Add($"{FileName} lists no {needed} target: every fixture shows the control passing and failing a target");
            }
        }

        return problems;
    }

    /// <summary>Typed reads of the expectation JSON that name the file and property on every mistake.</summary>
    internal sealed class Reader(string source)
    {
        public void OnlyKeys(JsonElement element, string where, params string[] allowed)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(where, "must be an object");
            }

            foreach (var property in element.EnumerateObject().Where(p => !allowed.Contains(p.Name, StringComparer.Ordinal)))
            {
                throw Invalid(where, $"has unknown key '{property.Name}' (known: {string.Join(", ", allowed)})");
            }
        }

        public string? String(JsonElement element, string key, string where) =>
            !element.TryGetProperty(key, out var value) ? null
            : value.ValueKind == JsonValueKind.String ? value.GetString()
            : throw Invalid(where, $"'{key}' must be a string");

        public int? Int(JsonElement element, string key, string where) =>
            !element.TryGetProperty(key, out var value) ? null
            : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number
            : throw Invalid(where, $"'{key}' must be a whole number");

        public IReadOnlyList<JsonElement> Array(JsonElement element, string key, string where, bool required = false) =>
            !element.TryGetProperty(key, out var value) ? (required ? throw Invalid(where, $"needs '{key}'") : System.Array.Empty<JsonElement>())
            : value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList()
            : throw Invalid(where, $"'{key}' must be an array");

        public IReadOnlyList<string> Strings(JsonElement element, string key, string where) =>
            Array(element, key, where).Select(s => s.ValueKind == JsonValueKind.String ? s.GetString()! : throw Invalid(where, $"'{key}' must hold strings")).ToList();

        public InvalidDataException Invalid(string where, string message) => new($"{source}: {where} {message}.");
    }
}

/// <summary>One target of a fixture: found by name (and id when given), with its status and optional reason and evidence checks.</summary>
public sealed class ExpectedTarget
{
    private ExpectedTarget(string? name, string? id, ResultStatus status)
    {
        Name = name;
        Id = id;
        Status = status;
    }

    public string? Name { get; }
    public string? Id { get; }
    public ResultStatus Status { get; }
    public IReadOnlyList<string> ReasonContains { get; private init; } = System.Array.Empty<string>();
    public IReadOnlyList<string> ReasonExcludes { get; private init; } = System.Array.Empty<string>();
    public int? EvidenceCount { get; private init; }
    public IReadOnlyList<ExpectedEvidence> Evidence { get; private init; } = System.Array.Empty<ExpectedEvidence>();

    public string Label => Name != null ? $"target '{Name}'" : $"target id '{Id}'";

    internal static ExpectedTarget Parse(JsonElement element, FixtureExpectation.Reader reader, string where)
    {
        reader.OnlyKeys(element, where, "name", "id", "status", "note", "reasonContains", "reasonExcludes", "evidenceCount", "evidence");
        var name = reader.String(element, "name", where);
        var id = reader.String(element, "id", where);
        if (name == null && id == null)
        {
            throw reader.Invalid(where, "needs 'name' or 'id'");
        }

        var statusText = reader.String(element, "status", where) ?? throw reader.Invalid(where, "needs 'status'");
        if (!Enum.GetNames<ResultStatus>().Contains(statusText, StringComparer.Ordinal))
        {
            throw reader.Invalid(where, $"'status' {statusText} is not one of {string.Join(", ", Enum.GetNames<ResultStatus>())}");
        }

        return new ExpectedTarget(name, id, Enum.Parse<ResultStatus>(statusText))
        {
            ReasonContains = reader.Strings(element, "reasonContains", where),
            ReasonExcludes = reader.Strings(element, "reasonExcludes", where),
            EvidenceCount = reader.Int(element, "evidenceCount", where),
            Evidence = reader.Array(element, "evidence", where).Select((e, i) => ExpectedEvidence.Parse(e, reader, $"{where}.evidence[{i}]")).ToList(),
        };
    }

    public bool Matches(AssessmentResult result) =>
        (Name == null || string.Equals(result.ResourceName, Name, StringComparison.Ordinal))
        && (Id == null || string.Equals(result.ResourceId, Id, StringComparison.Ordinal));

    public IEnumerable<string> Compare(AssessmentResult result)
    {
        if (result.Status != Status)
        {
            yield return $"{Label}: expected {Status}, got {result.Status}: {result.Reason}";
        }

        foreach (var part in ReasonContains.Where(p => !result.Reason.Contains(p, StringComparison.Ordinal)))
        {
            yield return $"{Label}: the reason should contain \"{part}\" but is: {result.Reason}";
        }

        foreach (var part in ReasonExcludes.Where(p => result.Reason.Contains(p, StringComparison.Ordinal)))
        {
            yield return $"{Label}: the reason should not contain \"{part}\" but is: {result.Reason}";
        }

        if (EvidenceCount is { } count && result.Evidence.Count != count)
        {
            yield return $"{Label}: expected {count} evidence item(s), got {result.Evidence.Count}: {Describe(result.Evidence)}";
        }

        // In order: each expectation is met by an evidence item after the one that met the previous expectation.
        var next = 0;
        foreach (var expected in Evidence)
        {
            var found = result.Evidence.Skip(next).Select((e, i) => (e, i)).FirstOrDefault(x => expected.Matches(x.e));
            if (found.e == null)
            {
                yield return $"{Label}: no evidence {expected} (in this order) among: {Describe(result.Evidence)}";
                yield break;
            }

            next += found.i + 1;
        }
    }

    private static string Describe(IReadOnlyList<Evidence> evidence) =>
        evidence.Count == 0 ? "(none)" : string.Join("; ", evidence.Select(e => e.ToString()));
}

/// <summary>One evidence item a target must carry: path (exact), actual (exact JSON text, null for absent) or a substring of actual.</summary>
public sealed class ExpectedEvidence
{
    private string? Path { get; init; }
    private bool ChecksActual { get; init; }
    private string? Actual { get; init; }
    private string? ActualContains { get; init; }

    internal static ExpectedEvidence Parse(JsonElement element, FixtureExpectation.Reader reader, string where)
    {
        reader.OnlyKeys(element, where, "path", "actual", "actualContains");
        var checksActual = element.TryGetProperty("actual", out var actual);
        if (checksActual && actual.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            throw reader.Invalid(where, "'actual' must be a string or null");
        }

        var expected = new ExpectedEvidence
        {
            Path = reader.String(element, "path", where),
            ChecksActual = checksActual,
            Actual = checksActual ? actual.GetString() : null,
            ActualContains = reader.String(element, "actualContains", where),
        };
        return expected.Path == null && !expected.ChecksActual && expected.ActualContains == null
            ? throw reader.Invalid(where, "checks nothing: give 'path', 'actual' or 'actualContains'")
            : expected;
    }

    public bool Matches(Evidence evidence) =>
        (Path == null || string.Equals(evidence.Path, Path, StringComparison.Ordinal))
        && (!ChecksActual || string.Equals(evidence.Actual, Actual, StringComparison.Ordinal))
        && (ActualContains == null || (evidence.Actual?.Contains(ActualContains, StringComparison.Ordinal) ?? false));

    public override string ToString()
    {
        var parts = new List<string>();
        if (Path != null)
        {
            parts.Add($"at {Path}");
        }

        if (ChecksActual)
        {
            parts.Add(Actual == null ? "with the value absent" : $"equal to {Actual}");
        }

        if (ActualContains != null)
        {
            parts.Add($"containing {ActualContains}");
        }

        return string.Join(" ", parts);
    }
}
