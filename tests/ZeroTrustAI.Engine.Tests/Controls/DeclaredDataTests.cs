using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Controls;

/// <summary>
/// A control may judge only data it declares (its own sets and those of the indexes it uses): that declaration is
/// what the availability gate and the collection plan follow, so an undeclared read could pass or fail on data that
/// was never collected.
/// </summary>
public class DeclaredDataTests
{
    public static TheoryData<string> ControlIds() => CatalogTests.ControlIds();

    [Theory]
    [MemberData(nameof(ControlIds))]
    public void Every_set_a_control_reads_is_declared(string id)
    {
        var control = ControlCatalog.Find(id)!;
        var snapshots = new List<string> { Fixtures.SampleTenant };
        snapshots.AddRange(Fixtures.FixtureCases(id));

        foreach (var path in snapshots)
        {
            // A fresh read per control, so the shared indexes are built (and their reads recorded) inside it.
            var snapshot = SnapshotReader.Read(path);
            var read = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            using (DataAccessLog.Record(read))
            {
                _ = control.Evaluate(snapshot).ToList();
            }

            var undeclared = read.Where(set => !control.Metadata.Data.Declares(set)).ToList();
            Assert.True(undeclared.Count == 0, $"{id} reads {string.Join(", ", undeclared)} over {path} without declaring it ({control.Metadata.Data}).");
        }
    }

    [Fact]
    public void The_privilege_analysis_reads_only_what_it_declares()
    {
        var snapshot = SnapshotReader.Read(Fixtures.SampleTenant);
        var read = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using (DataAccessLog.Record(read))
        {
            _ = AgentPrivilegeAnalyzer.AnalyzeAll(snapshot);
        }

        Assert.NotEmpty(read);
        Assert.All(read, set => Assert.True(AgentPrivilegeAnalyzer.Data.Declares(set), set));
    }

    [Fact]
    public void A_snapshot_without_role_assignments_skips_the_controls_that_need_them()
    {
        // A collected snapshot whose manifest does not list Azure role assignments: they were never asked for.
        using var snapshot = new TempSnapshot()
            .With("manifest.json", """
                {"schemaVersion":1,"tenantId":"t1","collections":{
                  "arm/Microsoft.CognitiveServices/accounts":{"status":"complete","count":1}}}
                """)
            .With("arm/accounts.json", """
                [{"id":"/subscriptions/s1/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/oai","name":"oai",
                  "type":"Microsoft.CognitiveServices/accounts","kind":"OpenAI","identity":{"type":"SystemAssigned","principalId":"p1"},
                  "properties":{}}]
                """);
        var read = snapshot.Read();

        var needing = ControlCatalog.All.Where(c => c.Metadata.RequiredData.Contains("arm/Microsoft.Authorization/roleAssignments", StringComparer.OrdinalIgnoreCase)).ToList();

        Assert.NotEmpty(needing);
        foreach (var control in needing)
        {
            var result = Assert.Single(AssessmentEngine.EvaluateControl(read, control));
            Assert.Equal(ResultStatus.Skipped, result.Status);
            Assert.Contains("roleAssignments was not collected", result.Reason, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void A_hand_made_snapshot_without_a_type_skips_rather_than_finds_none()
    {
        // No manifest: storage accounts are present, Defender pricings are not, so the Defender plan controls cannot say
        // that a subscription lacks a plan.
        using var snapshot = new TempSnapshot()
            .With("arm/accounts.json", """
                [{"id":"/subscriptions/s1/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/oai","name":"oai",
                  "type":"Microsoft.CognitiveServices/accounts","kind":"OpenAI","properties":{}}]
                """);
        var read = snapshot.Read();

        var result = Assert.Single(Fixtures.Evaluate("ZTAI-AI-024", read));

        Assert.Equal(ResultStatus.Skipped, result.Status);
        Assert.Contains("Microsoft.Security/pricings", result.Reason, StringComparison.Ordinal);
        Assert.Equal(ResultStatus.Fail, Fixtures.Evaluate("ZTAI-AI-020", read).Single().Status);
    }

    [Fact]
    public void A_graph_only_collection_judges_the_agents_graph_shows_and_names_the_gap()
    {
        using var snapshot = new TempSnapshot()
            .With("manifest.json", """
                {"schemaVersion":1,"tenantId":"t1","collections":{
                  "graph/servicePrincipals":{"status":"complete","count":1},
                  "graph/servicePrincipals.appRoleAssignments":{"status":"complete","count":0},
                  "arm/Microsoft.CognitiveServices/accounts":{"status":"skipped","error":"No Azure token."}}}
                """)
            .With("graph/servicePrincipals.json", """[{ "id": "s1", "displayName": "agentic", "tags": ["AgenticApp"], "appRoleAssignments": [] }]""")
            .With("graph/servicePrincipals.appRoleAssignments.json", "[]");
        var read = snapshot.Read();

        var results = Fixtures.Evaluate("ZTAI-AI-001", read);

        Assert.Equal(ResultStatus.Pass, results.StatusOf("agentic"));
        var gap = Assert.Single(results, r => r.Status == ResultStatus.Skipped);
        Assert.Contains("arm/Microsoft.CognitiveServices/accounts", gap.Reason, StringComparison.Ordinal);
    }
}
