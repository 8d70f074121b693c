using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Evaluation;

public class RunContextTests
{
    /// <summary>A snapshot whose manifest records every collection state, plus a file that cannot be read.</summary>
    internal static TempSnapshot SnapshotWithEveryCoverageState(string tenantId = "t-1", string tenantName = "Fabrikam") => new TempSnapshot()
        .With("manifest.json", $$"""
            {"schemaVersion":1,"tenantId":"{{tenantId}}","collectedAt":"2026-11-20T09:30:00Z",
             "tool":{"name":"ZeroTrustAI","version":"0.1.0"},"cloud":{"name":"USGovernment"},
             "collections":{
               "graph/organization":{"status":"complete","count":1},
               "graph/servicePrincipals":{"status":"complete","count":2},
               "graph/oauth2PermissionGrants":{"status":"skipped","missingPermission":"DelegatedPermissionGrant.Read.All"},
               "graph/applications":{"status":"failed","error":"403 Forbidden"},
               "arm/Microsoft.KeyVault/vaults":{"status":"partial","error":"Interrupted after 1 page(s)."} } }
            """)
        .With("graph/organization.json", $$"""{"value":[{"id":"{{tenantId}}","displayName":"{{tenantName}}"}]}""")
        .With("graph/servicePrincipals.json", """{"value":[{"id":"1","displayName":"good","ok":true},{"id":"2","displayName":"bad","ok":false}]}""")
        .With("graph/servicePrincipals.owners.json", """{"value":[{"id":"1",""");

    [Fact]
    public void Every_result_of_one_assessment_references_one_run_and_each_assessment_gets_its_own()
    {
        var first = AssessmentEngine.Evaluate(Fixtures.Sample, ControlCatalog.All).ToList();
        var second = AssessmentEngine.Evaluate(Fixtures.Sample, ControlCatalog.All).ToList();

        var run = first[0].Run!;
        Assert.All(first, r => Assert.Same(run, r.Run));
        Assert.All(first, r => Assert.Equal((Fixtures.Sample.TenantId, Fixtures.Sample.TenantName), (r.TenantId, r.TenantName)));
        Assert.NotEqual(run.RunId, second[0].Run!.RunId);
        Assert.True(Guid.TryParse(run.RunId, out _));
        Assert.Equal(Fixtures.Sample.Source, run.SnapshotSource);
        Assert.Equal(Fixtures.Sample.Manifest!.CollectedAt, run.CollectedAt);
        Assert.Equal(AssessmentEngine.EngineVersion, run.ToolVersion);
    }

    [Fact]
    public void Sample_coverage_lists_every_manifest_collection_as_collected_with_its_count()
    {
        var run = AssessmentEngine.StartRun(Fixtures.Sample, ControlCatalog.All);

        foreach (var record in Fixtures.Sample.Manifest!.Collections.Where(c => c.Status == CollectionStatus.Complete))
        {
            var entry = Assert.Single(run.Coverage, c => string.Equals(c.DataSet, record.Name, StringComparison.OrdinalIgnoreCase));
            Assert.Equal(CoverageState.Collected, entry.State);
            Assert.Equal(record.Count, entry.Count);
        }

        // And every data set a control reads is listed, whatever its state.
        var declared = ControlCatalog.All.SelectMany(c => c.Metadata.Data.All).Distinct(StringComparer.OrdinalIgnoreCase);
        Assert.All(declared, d => Assert.Contains(run.Coverage, c => string.Equals(c.DataSet, d, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void Coverage_takes_each_state_from_the_manifest_and_the_snapshot_issues()
    {
        using var temp = SnapshotWithEveryCoverageState();
        var snapshot = temp.Read();
        var needsAbsentSet = new DataControl(DataSets.Graph("identity.conditionalAccess.policies"));

        var run = AssessmentEngine.StartRun(snapshot, [needsAbsentSet]);

        Assert.Equal(("t-1", "Fabrikam", "USGovernment", "ZeroTrustAI 0.1.0"), (run.TenantId, run.TenantName, run.Cloud, run.CollectedWith));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero), run.CollectedAt);
        Assert.Equal(temp.Root, run.SnapshotSource);
        var byName = run.Coverage.ToDictionary(c => c.DataSet, StringComparer.OrdinalIgnoreCase);
        Assert.Equal((CoverageState.Collected, (long?)2), (byName["graph/servicePrincipals"].State, byName["graph/servicePrincipals"].Count));
        Assert.Equal((CoverageState.Skipped, "DelegatedPermissionGrant.Read.All"), (byName["graph/oauth2PermissionGrants"].State, byName["graph/oauth2PermissionGrants"].MissingPermission));
        Assert.Equal((CoverageState.Failed, "403 Forbidden"), (byName["graph/applications"].State, byName["graph/applications"].Detail));
        Assert.Equal(CoverageState.Partial, byName["arm/Microsoft.KeyVault/vaults"].State);
        Assert.Equal(CoverageState.Absent, byName["graph/identity.conditionalAccess.policies"].State);

        // A file no control reads and the manifest does not list still shows as a gap, naming the file.
        var unreadable = byName["graph/servicePrincipals.owners"];
        Assert.Equal(CoverageState.Failed, unreadable.State);
        Assert.Contains("servicePrincipals.owners.json", unreadable.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_coverage_cannot_be_changed_through_a_result()
    {
        using var temp = SnapshotWithEveryCoverageState();
        var run = AssessmentEngine.StartRun(temp.Read(), ControlCatalog.All);

        Assert.Throws<NotSupportedException>(() => ((IList<DataSetCoverage>)run.Coverage).Add(new DataSetCoverage("graph/x", CoverageState.Collected)));
        Assert.All(typeof(RunContext).GetProperties(), p => Assert.False(p.CanWrite, p.Name + " can be written."));
        Assert.All(typeof(DataSetCoverage).GetProperties(), p => Assert.False(p.CanWrite, p.Name + " can be written."));
        Assert.False(typeof(AssessmentResult).GetProperty(nameof(AssessmentResult.Run))!.CanWrite);
        Assert.False(typeof(AssessmentResult).GetProperty(nameof(AssessmentResult.TenantId))!.CanWrite);
    }

    private sealed class DataControl(string dataSet) : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition { Id = "TEST-RUN", Title = "Reads one set", OptionalData = [dataSet] };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot) => [];
    }
}
