using ZeroTrustAI.Engine.Settings;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Tests.Infrastructure;

/// <summary>Builds snapshots for tests: fixture folders beside the tests, or files written to a temp folder.</summary>
public sealed class TempSnapshot : IDisposable
{
    public TempSnapshot()
    {
        Root = Path.Combine(Path.GetTempPath(), "ztai-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Writes a file (relative path with '/'), creating folders.</summary>
    public TempSnapshot With(string relativePath, string content)
    {
        var full = Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return this;
    }

    public TenantSnapshot Read() => SnapshotReader.Read(Root);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public static class Fixtures
{
    /// <summary>The folder of a fixture under Fixtures/ in the test output.</summary>
    public static string PathOf(string relative) =>
        Path.Combine(AppContext.BaseDirectory, "Fixtures", relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>The bundled Contoso sample tenant (module/SampleTenant, copied into the test output).</summary>
    public static string SampleTenant => Path.Combine(AppContext.BaseDirectory, "SampleTenant");

    private static readonly Lazy<TenantSnapshot> LazySample = new(() => SnapshotReader.Read(SampleTenant));

    /// <summary>The sample tenant, read once for the whole test run.</summary>
    public static TenantSnapshot Sample => LazySample.Value;

    public static TenantSnapshot Read(string relative) => SnapshotReader.Read(PathOf(relative));

    /// <summary>The settings file a control's fixture folder may hold: for a control that judges nothing until a parameter is set.</summary>
    public const string FixtureSettingsFileName = "settings.json";

    /// <summary>
    /// Evaluates one control (by id) over a snapshot, with the settings of its fixture folder when it holds
    /// <see cref="FixtureSettingsFileName"/> (so the fixture and the sample tenant are judged alike).
    /// </summary>
    public static IReadOnlyList<AssessmentResult> Evaluate(string controlId, TenantSnapshot snapshot)
    {
        var control = ControlCatalog.Find(controlId) ?? throw new InvalidOperationException($"No control {controlId}.");
        var settings = PathOf("Controls/" + controlId + "/" + FixtureSettingsFileName);
        return File.Exists(settings)
            ? AssessmentEngine.EvaluateControl(snapshot, control, SettingsReader.Read(settings), DateTimeOffset.UtcNow)
            : AssessmentEngine.EvaluateControl(snapshot, control);
    }

    /// <summary>
    /// The snapshot folders of a control's fixture: the folder itself when it holds expected.json, else each sub-folder
    /// that does (cases: a tenant-wide control needs one snapshot that passes and one that fails). Empty when none.
    /// </summary>
    public static IReadOnlyList<string> FixtureCases(string controlId)
    {
        var folder = PathOf("Controls/" + controlId);
        if (!Directory.Exists(folder))
        {
            return Array.Empty<string>();
        }

        if (File.Exists(Path.Combine(folder, FixtureExpectation.FileName)))
        {
            return new[] { folder };
        }

        return Directory.EnumerateDirectories(folder)
            .Where(d => File.Exists(Path.Combine(d, FixtureExpectation.FileName)))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Evaluates the control over its fixture folder Fixtures/Controls/&lt;controlId&gt;.</summary>
    public static IReadOnlyList<AssessmentResult> EvaluateFixture(string controlId) =>
        Evaluate(controlId, Read("Controls/" + controlId));

    /// <summary>A control like <paramref name="inner"/> that also declares optional data sets.</summary>
    public static Control WithOptionalData(Control inner, params string[] optional) => new OptionalDataControl(inner, optional);

    private sealed class OptionalDataControl(Control inner, string[] optional) : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = inner.Metadata.Id,
            Title = inner.Metadata.Title,
            Pillar = inner.Metadata.Pillar,
            Principle = inner.Metadata.Principle,
            Severity = inner.Metadata.Severity,
            Remediation = inner.Metadata.Remediation,
            RequiredData = inner.Metadata.RequiredData,
            OptionalData = inner.Metadata.OptionalData.Concat(optional).ToArray(),
            Uses = new[] { DataRequirement.FindsTargetsIn(inner.Metadata.DiscoveryData.ToArray()) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot) => inner.Evaluate(snapshot);
    }

    /// <summary>The status given to the target with this name (or id); fails the test when there is not exactly one.</summary>
    public static ResultStatus StatusOf(this IReadOnlyList<AssessmentResult> results, string nameOrId)
    {
        var matches = results.Where(r => string.Equals(r.ResourceName, nameOrId, StringComparison.OrdinalIgnoreCase)
                                         || string.Equals(r.ResourceId, nameOrId, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(matches.Count == 1, $"Expected one result for '{nameOrId}', found {matches.Count}: {string.Join("; ", results)}");
        return matches[0].Status;
    }
}
