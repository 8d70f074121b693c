using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Evaluation;

public class AssessmentEngineTests
{
    private sealed class EveryServicePrincipalPasses : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "TEST-001",
            Title = "Test control",
            Pillar = Pillar.AI,
            Principle = Principle.LeastPrivilege,
            Severity = Severity.High,
            Remediation = "Fix it.",
            RequiredData = new[] { DataSets.Graph("servicePrincipals") },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot) =>
            snapshot.GraphItems("servicePrincipals").Select(sp =>
                sp.GetBool("ok") == true
                    ? Pass(ResultTarget.FromGraph(sp, "servicePrincipal"), "ok")
                    : Fail(ResultTarget.FromGraph(sp, "servicePrincipal"), "not ok", Observed(sp, "ok", "true")));
    }

    private sealed class Throws : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition { Id = "TEST-002", Title = "Throws" };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            yield return Pass(ResultTarget.Tenant(snapshot), "first");
            throw new InvalidOperationException("boom");
        }
    }

    [Fact]
    public void Results_carry_metadata_target_evidence_and_remediation_only_when_not_passing()
    {
        using var temp = new TempSnapshot().With("graph/servicePrincipals.json", """{"value":[{"id":"1","displayName":"good","ok":true},{"id":"2","displayName":"bad","ok":false}]}""");

        var results = AssessmentEngine.EvaluateControl(temp.Read(), new EveryServicePrincipalPasses());

        Assert.Equal(ResultStatus.Pass, results.StatusOf("good"));
        var bad = results.Single(r => r.ResourceName == "bad");
        Assert.Equal(ResultStatus.Fail, bad.Status);
        Assert.Equal(("TEST-001", Pillar.AI, Principle.LeastPrivilege, Severity.High), (bad.ControlId, bad.Pillar, bad.Principle, bad.Severity));
        Assert.Equal("2", bad.ResourceId);
        Assert.Equal("Fix it.", bad.Remediation);
        Assert.Equal("false", Assert.Single(bad.Evidence).Actual);
        Assert.Equal(string.Empty, results.Single(r => r.ResourceName == "good").Remediation);
    }

    [Fact]
    public void Results_name_their_tenant_through_their_run()
    {
        using var temp = new TempSnapshot()
            .With("graph/organization.json", """{"value":[{"id":"t-1","displayName":"Fabrikam"}]}""")
            .With("graph/servicePrincipals.json", """{"value":[{"id":"1","displayName":"good","ok":true}]}""");

        var result = Assert.Single(AssessmentEngine.EvaluateControl(temp.Read(), new EveryServicePrincipalPasses()));

        Assert.Equal(("t-1", "Fabrikam"), (result.TenantId, result.TenantName));
        Assert.Equal(("t-1", "Fabrikam"), (result.Run!.TenantId, result.Run.TenantName));
        Assert.Same(result.Run, result.WithStatus(ResultStatus.Suppressed, "accepted").Run);
    }

    [Fact]
    public void Missing_data_is_skipped_never_passed()
    {
        using var temp = new TempSnapshot().With("graph/applications.json", """{"value":[]}""");

        var result = Assert.Single(AssessmentEngine.EvaluateControl(temp.Read(), new EveryServicePrincipalPasses()));

        Assert.Equal(ResultStatus.Skipped, result.Status);
        Assert.Contains("graph/servicePrincipals", result.Reason);
    }

    [Fact]
    public void Unreadable_data_is_an_error_naming_the_file()
    {
        using var temp = new TempSnapshot().With("graph/servicePrincipals.json", """{"value":[{"id":"1","ok":true},""");

        var result = Assert.Single(AssessmentEngine.EvaluateControl(temp.Read(), new EveryServicePrincipalPasses()));

        Assert.Equal(ResultStatus.Error, result.Status);
        Assert.Contains("graph/servicePrincipals.json", result.Reason);
    }

    [Fact]
    public void Permission_missing_in_manifest_is_skipped_with_the_permission_named()
    {
        using var temp = new TempSnapshot()
            .With("manifest.json", """{"schemaVersion":1,"collections":{"graph/servicePrincipals":{"status":"skipped","missingPermission":"Application.Read.All"}}}""")
            .With("graph/applications.json", """{"value":[]}""");

        var result = Assert.Single(AssessmentEngine.EvaluateControl(temp.Read(), new EveryServicePrincipalPasses()));

        Assert.Equal(ResultStatus.Skipped, result.Status);
        Assert.Contains("Application.Read.All", result.Reason);
    }

    [Fact]
    public void Optional_data_may_be_absent_but_not_lost()
    {
        var owners = DataSets.Graph("servicePrincipals.owners");
        var control = Fixtures.WithOptionalData(new EveryServicePrincipalPasses(), owners);
        const string principals = """{"value":[{"id":"1","displayName":"good","ok":true}]}""";

        using var absent = new TempSnapshot().With("graph/servicePrincipals.json", principals);
        using var skipped = new TempSnapshot()
            .With("manifest.json", """{"schemaVersion":1,"collections":{"graph/servicePrincipals.owners":{"status":"skipped","missingPermission":"Application.Read.All"}}}""")
            .With("graph/servicePrincipals.json", principals);
        using var broken = new TempSnapshot().With("graph/servicePrincipals.json", principals).With("graph/servicePrincipals.owners.json", "{\"value\":[");

        Assert.Equal(ResultStatus.Pass, Assert.Single(AssessmentEngine.EvaluateControl(absent.Read(), control)).Status);
        var skip = Assert.Single(AssessmentEngine.EvaluateControl(skipped.Read(), control));
        Assert.Equal(ResultStatus.Skipped, skip.Status);
        Assert.Contains("Application.Read.All", skip.Reason);
        Assert.Equal(ResultStatus.Error, Assert.Single(AssessmentEngine.EvaluateControl(broken.Read(), control)).Status);
    }

    [Fact]
    public void Directory_controls_are_skipped_when_owners_were_not_collected()
    {
        using var temp = new TempSnapshot();
        foreach (var file in Directory.EnumerateFiles(Fixtures.SampleTenant, "*", SearchOption.AllDirectories))
        {
            temp.With(Path.GetRelativePath(Fixtures.SampleTenant, file).Replace('\\', '/'), File.ReadAllText(file));
        }

        temp.With("manifest.json", """{"schemaVersion":1,"collections":{"graph/servicePrincipals.owners":{"status":"skipped","missingPermission":"Application.Read.All"}}}""");
        File.Delete(Path.Combine(temp.Root, "graph", "servicePrincipals.owners.json"));

        var result = Assert.Single(Fixtures.Evaluate("ZTAI-AI-009", temp.Read()));
        Assert.Equal(ResultStatus.Skipped, result.Status);
        Assert.Contains("Application.Read.All", result.Reason);
    }

    [Fact]
    public void No_targets_is_not_applicable()
    {
        using var temp = new TempSnapshot().With("graph/servicePrincipals.json", """{"value":[]}""");

        Assert.Equal(ResultStatus.NotApplicable, Assert.Single(AssessmentEngine.EvaluateControl(temp.Read(), new EveryServicePrincipalPasses())).Status);
    }

    [Fact]
    public void A_control_that_throws_reports_one_error_and_the_run_goes_on()
    {
        using var temp = new TempSnapshot().With("graph/servicePrincipals.json", """{"value":[{"id":"1","displayName":"good","ok":true}]}""");

        var results = AssessmentEngine.Evaluate(temp.Read(), new Control[] { new Throws(), new EveryServicePrincipalPasses() }).ToList();

        Assert.Equal(ResultStatus.Error, results.Single(r => r.ControlId == "TEST-002").Status);
        Assert.Contains("boom", results.Single(r => r.ControlId == "TEST-002").Reason);
        Assert.Equal(ResultStatus.Pass, results.Single(r => r.ControlId == "TEST-001").Status);
    }

    [Fact]
    public void Cancellation_stops_the_run()
    {
        using var temp = new TempSnapshot().With("graph/servicePrincipals.json", """{"value":[{"id":"1","ok":true}]}""");
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.Throws<OperationCanceledException>(() => AssessmentEngine.Evaluate(temp.Read(), new Control[] { new EveryServicePrincipalPasses() }, null, cancellation.Token).ToList());
    }

    [Fact]
    public void Progress_is_reported_per_control()
    {
        using var temp = new TempSnapshot().With("graph/servicePrincipals.json", """{"value":[]}""");
        var seen = new List<string>();

        _ = AssessmentEngine.Evaluate(temp.Read(), new Control[] { new Throws(), new EveryServicePrincipalPasses() }, new InlineProgress(p => seen.Add($"{p.Index}/{p.Count} {p.ControlId}"))).ToList();

        Assert.Equal(new[] { "0/2 TEST-002", "1/2 TEST-001" }, seen);
    }

    [Theory]
    [InlineData("ZTAI-AI-*", "ZTAI-AI-020", true)]
    [InlineData("ztai-ai-02?", "ZTAI-AI-020", true)]
    [InlineData("ZTAI-NET-*", "ZTAI-AI-020", false)]
    [InlineData("ZTAI-AI-0[12]0", "ZTAI-AI-020", true)]
    [InlineData("ZTAI-AI-020", "ZTAI-AI-0201", false)]
    public void Control_ids_match_wildcards_ignoring_case(string pattern, string id, bool expected) =>
        Assert.Equal(expected, Wildcard.IsMatch(id, pattern));

    [Fact]
    public void Filter_combines_lists_with_and_and_values_with_or()
    {
        var metadata = new ControlMetadata(new ControlDefinition { Id = "ZTAI-AI-020", Pillar = Pillar.AI, Principle = Principle.VerifyExplicitly, Severity = Severity.High });

        Assert.True(new ControlFilter { Pillars = new[] { Pillar.AI, Pillar.Data } }.Matches(metadata));
        Assert.False(new ControlFilter { Pillars = new[] { Pillar.AI }, Severities = new[] { Severity.Low } }.Matches(metadata));
        Assert.True(new ControlFilter { Principles = new[] { Principle.VerifyExplicitly }, ControlIds = new[] { "X", "ZTAI-AI-*" } }.Matches(metadata));
    }

    private sealed class InlineProgress(Action<AssessmentProgress> report) : IProgress<AssessmentProgress>
    {
        public void Report(AssessmentProgress value) => report(value);
    }
}
