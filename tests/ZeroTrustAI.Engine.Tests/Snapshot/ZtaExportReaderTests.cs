using System.IO.Compression;
using System.Text.Json.Nodes;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;
using ZeroTrustAI.Engine.Tests.Collection;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Snapshot;

/// <summary>
/// A Zero Trust Assessment output folder is a snapshot: its zt-export pages assess as the same data in our layout, and
/// every set ZTA does not export is reported as such.
/// </summary>
public sealed class ZtaExportReaderTests : IDisposable
{
    private readonly TempFolder _output = new();

    public ZtaExportReaderTests()
    {
        ZtaExportWriter.Write(Fixtures.Sample, _output.Root);
    }

    public void Dispose() => _output.Dispose();

    [Fact]
    public void SampleTenant_AsAZtaExport_AssessesAsTheSample_AndSkipsWhatZtaDoesNotExport()
    {
        var zta = SnapshotReader.Read(_output.Root);
        Assert.Empty(zta.Issues);

        var judged = 0;
        var skipped = 0;
        foreach (var control in ControlCatalog.All)
        {
            var expected = Results.Of(Fixtures.Sample, [control]);
            var actual = Results.Of(zta, [control]);
            var notExported = control.Metadata.RequiredData.Where(set => zta.GetAvailability(set).State == DataState.Unlisted).ToList();
            if (notExported.Count > 0)
            {
                // Skipped once, naming the first set it needs and why that set is missing.
                var result = Assert.Single(AssessmentEngine.EvaluateControl(zta, control));
                Assert.Equal(ResultStatus.Skipped, result.Status);
                Assert.Contains(notExported[0], result.Reason, StringComparison.Ordinal);
                Assert.Contains(ZtaExportLayout.NotExportedReason, result.Reason, StringComparison.Ordinal);
                skipped++;
                continue;
            }

            var gaps = control.Metadata.DiscoveryData.Where(set => zta.GetAvailability(set).State == DataState.Unlisted).ToList();
            if (gaps.Count == 0)
            {
                Results.AssertSame(expected, actual);
            }
            else
            {
                // Targets only the Azure data would have found are not judged, and one Skipped result names that data.
                var all = AssessmentEngine.EvaluateControl(zta, control);
                var gapResult = all[all.Count - 1];
                Assert.Equal(ResultStatus.Skipped, gapResult.Status);
                Assert.All(gaps, set => Assert.Contains(set, gapResult.Reason, StringComparison.Ordinal));
                Assert.Empty(actual.Take(actual.Count - 1).Except(expected));
            }

            judged++;
        }

        // Both kinds occur: the sample has directory-only controls and Azure-only controls.
        Assert.True(judged > 0, "no control judged the ZTA export");
        Assert.True(skipped > 0, "no control needed data ZTA does not export");
        Assert.All(
            ControlCatalog.All.Where(c => c.Metadata.RequiredData.Any(s => s.StartsWith(DataSets.ArmPrefix, StringComparison.Ordinal))),
            c => Assert.Equal(ResultStatus.Skipped, Assert.Single(AssessmentEngine.EvaluateControl(zta, c)).Status));
    }

    [Fact]
    public void SampleTenant_AsAZtaExport_JudgesExactlyAsOurLayoutWithTheSameSets()
    {
        // Our own layout holding only the sample's Graph files of the sets ZTA exports: every judgement is the same.
        var zta = SnapshotReader.Read(_output.Root);
        using var ours = new TempSnapshot();
        foreach (var set in zta.GraphSets.Where(s => s.Count > 0))
        {
            // The set's file and its pages (<set>.<n>.json), which are read together.
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Fixtures.SampleTenant, "graph"), set.Name + ".*json")
                .Where(f => string.Equals(SnapshotFileName.GetSetName(Path.GetFileName(f)), set.Name, StringComparison.Ordinal)))
            {
                ours.With($"graph/{Path.GetFileName(file)}", File.ReadAllText(file));
            }
        }

        static List<string> Judged(TenantSnapshot snapshot) =>
            Results.Of(snapshot).Where(r => !r.Contains($" | {ResultStatus.Skipped} | ", StringComparison.Ordinal)).ToList();

        var expected = Judged(ours.Read());
        Assert.NotEmpty(expected);
        Results.AssertSame(expected, Judged(zta));
    }

    [Fact]
    public void SampleTenant_AsAZtaExport_HoldsEveryGraphObjectOfTheSetsZtaExports()
    {
        var zta = SnapshotReader.Read(_output.Root);

        foreach (var set in new[]
                 {
                     GraphSetNames.ServicePrincipals, GraphSetNames.Applications, GraphSetNames.AgentIdentities, GraphSetNames.AgentBlueprints,
                     GraphSetNames.AgentBlueprintPrincipals, GraphSetNames.AppRoleAssignments, GraphSetNames.OAuth2PermissionGrants,
                     GraphSetNames.ServicePrincipalOwners, GraphSetNames.RoleDefinitions, GraphSetNames.RoleAssignments,
                 })
        {
            Assert.Equal(Fixtures.Sample.GraphItems(set).Count, zta.GraphItems(set).Count);
            Assert.Equal(DataState.Available, zta.GetAvailability(DataSets.Graph(set)).State);
        }

        // The sample's relations come unrolled as none (null) and one (a bare object); several (an array) is shown by
        // InlineRelations_InEachUnrolledShape_BecomeOurRelationSets.
        var pages = Directory.EnumerateFiles(Path.Combine(_output.Root, "zt-export", "ServicePrincipal"), "*.json")
            .SelectMany(f => JsonNode.Parse(File.ReadAllText(f))!["value"]!.AsArray())
            .ToList();
        Assert.True(pages.Count > ZtaExportWriter.PageSize, "the service principals need more than one page");
        var relations = pages.SelectMany(p => new[] { p!["owners"], p["oauth2PermissionGrants"] }).ToList();
        Assert.Contains(relations, r => r == null);
        Assert.Contains(relations, r => r is JsonObject);
    }

    [Fact]
    public void ZtaExport_NamesTheTenantAndRunFromTheReport_AndRecordsWhatItLacks()
    {
        var zta = SnapshotReader.Read(_output.Root);

        Assert.Equal(Fixtures.Sample.TenantId, zta.TenantId);
        Assert.Equal(Fixtures.Sample.TenantName, zta.TenantName);
        Assert.Equal(DateTimeOffset.Parse(ZtaExportWriter.ExecutedAt, System.Globalization.CultureInfo.InvariantCulture), zta.CollectedAt);
        Assert.Equal("ZeroTrustAssessment", zta.Manifest!.ToolName);
        Assert.Equal("2.6.0", zta.Manifest.ToolVersion);
        foreach (var missing in new[] { DataSets.Graph(GraphSetNames.ConditionalAccessPolicies), DataSets.Graph(GraphSetNames.Organization), DataSets.Arm(Azure.ResourceTypes.KeyVault) })
        {
            var availability = zta.GetAvailability(missing);
            Assert.Equal(DataState.Unlisted, availability.State);
            Assert.Equal($"{missing} was not collected ({ZtaExportLayout.NotExportedReason}).", availability.Reason);
        }
    }

    [Fact]
    public void ZtaExport_ReadsAlikeFromTheOutputFolder_ItsZtExportFolder_AndAZip()
    {
        var expected = Results.Of(SnapshotReader.Read(_output.Root));
        var zip = _output.Root + ".zip";
        try
        {
            ZipFile.CreateFromDirectory(_output.Root, zip);
            Results.AssertSame(expected, Results.Of(SnapshotReader.Read(zip)));
            Results.AssertSame(expected, Results.Of(SnapshotReader.Read(Path.Combine(_output.Root, "zt-export"))));
        }
        finally
        {
            File.Delete(zip);
        }
    }

    [Fact]
    public void EntityTheExportDidNotFinish_IsIncomplete()
    {
        // ztConfig.json marks an entity only after its last page; an interrupted run leaves pages without the mark.
        var config = Path.Combine(_output.Root, "zt-export", ZtaExportLayout.ConfigFileName);
        var marks = JsonNode.Parse(File.ReadAllText(config))!.AsObject();
        marks.Remove("ServicePrincipal");
        File.WriteAllText(config, marks.ToJsonString());

        var zta = SnapshotReader.Read(_output.Root);

        foreach (var set in new[] { GraphSetNames.ServicePrincipals, GraphSetNames.AppRoleAssignments, GraphSetNames.ServicePrincipalOwners })
        {
            var availability = zta.GetAvailability(DataSets.Graph(set));
            Assert.Equal(DataState.Incomplete, availability.State);
            Assert.Contains(ZtaExportLayout.ConfigFileName, availability.Reason, StringComparison.Ordinal);
        }

        Assert.Equal(DataState.Available, zta.GetAvailability(DataSets.Graph(GraphSetNames.RoleDefinitions)).State);
    }

    [Fact]
    public void InlineRelations_InEachUnrolledShape_BecomeOurRelationSets()
    {
        using var folder = new TempSnapshot();
        folder.With("zt-export/ServicePrincipal/ServicePrincipal-0.json", """
            {"value":[
              {"id":"sp-1","displayName":"One owner","appRoleAssignments":[{"id":"a1","appRoleId":"r1","resourceId":"res"}],
               "oauth2PermissionGrants":null,"owners":{"@odata.type":"#microsoft.graph.user","id":"u1"}},
              {"id":"sp-2","displayName":"Two owners","appRoleAssignments":[],"appRoleAssignments@odata.context":"x",
               "oauth2PermissionGrants":{"id":"g1","clientId":"sp-2","consentType":"AllPrincipals","resourceId":"res","scope":"User.Read"},
               "owners":[{"id":"u1"},{"id":"u2"}]},
              {"id":"sp-3","displayName":"Owners not fetched"}
            ]}
            """);
        folder.With("zt-export/Application/Application-0.json", """{"value":[{"id":"app-1","appId":"a","owners":{"id":"u3"}}]}""");

        var snapshot = folder.Read();

        Assert.Equal(["sp-1", "sp-2", "sp-3"], snapshot.GraphItems(GraphSetNames.ServicePrincipals).Select(s => s.GetProperty("id").GetString()));
        Assert.All(snapshot.GraphItems(GraphSetNames.ServicePrincipals), s => Assert.DoesNotContain(s.EnumerateObject(), p => p.Name.StartsWith("owners", StringComparison.Ordinal) || p.Name.StartsWith("appRoleAssignments", StringComparison.Ordinal)));
        var assignment = Assert.Single(snapshot.GraphItems(GraphSetNames.AppRoleAssignments));
        Assert.Equal("sp-1", assignment.GetProperty("principalId").GetString());
        Assert.Equal("g1", Assert.Single(snapshot.GraphItems(GraphSetNames.OAuth2PermissionGrants)).GetProperty("id").GetString());
        Assert.Equal(
            ["u1>sp-1", "u1>sp-2", "u2>sp-2"],
            snapshot.GraphItems(GraphSetNames.ServicePrincipalOwners).Select(o => o.GetProperty("id").GetString() + ">" + o.GetProperty("ownedObjectId").GetString()));
        Assert.Equal("app-1", Assert.Single(snapshot.GraphItems(GraphSetNames.ApplicationOwners)).GetProperty("ownedObjectId").GetString());

        // Without ztConfig.json or a report the pages still read; nothing else is claimed.
        Assert.Null(snapshot.TenantId);
        Assert.Equal(DataState.Unlisted, snapshot.GetAvailability(DataSets.Graph(GraphSetNames.AgentIdentities)).State);
    }

    [Fact]
    public void ZtaOutputWithoutThePagesWeRead_IsNotASnapshot()
    {
        using var folder = new TempSnapshot();
        folder.With("zt-export/ztConfig.json", """{"User": true}""")
            .With("zt-export/User/User-0.json", """{"value":[{"id":"u1"}]}""");

        var exception = Assert.Throws<SnapshotException>(folder.Read);

        Assert.Equal(SnapshotErrorIds.NotASnapshot, exception.ErrorId);
        Assert.Contains("ServicePrincipal", exception.Message, StringComparison.Ordinal);
    }
}
