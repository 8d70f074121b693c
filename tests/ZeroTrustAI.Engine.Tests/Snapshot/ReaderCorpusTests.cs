using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Snapshot;

/// <summary>
/// One estate (every resource type the controls read, each with its child and extension resources) exported by each
/// tool: Fixtures/Reader/rest (ARM REST list pages), az (az resource show, and the flattened output of
/// az monitor diagnostic-settings / role assignment / lock / security commands), azresource
/// (Get-AzResource -ExpandProperties | ConvertTo-Json), graph (Resource Graph rows, plus ARM pages for what Resource
/// Graph does not hold) and nested (children and extension resources nested in resources: [...] in template form).
/// Whatever the shape, the reader must see the same resources, the same links and give the same results.
/// </summary>
public class ReaderCorpusTests
{
    public static readonly TheoryData<string> OtherShapes = new() { "az", "azresource", "graph", "nested" };

    private const string Reference = "rest";

    private static TenantSnapshot Read(string shape) => Fixtures.Read("Reader/" + shape);

    /// <summary>Each resource as (id, type, parent id, extension?), ids compared without case.</summary>
    private static List<string> Shape(TenantSnapshot snapshot) =>
        snapshot.Resources
            .Select(r => $"{r.Id.ToLowerInvariant()} | {r.Type} | {r.Parent?.Id.ToLowerInvariant() ?? "-"} | {(r.IsExtension ? "extension" : "resource")}")
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToList();

    [Fact]
    public void Reference_shape_holds_every_type_the_controls_read_with_children_and_extensions()
    {
        var snapshot = Read(Reference);

        Assert.Empty(snapshot.Issues);
        var read = new[]
        {
            ResourceTypes.CognitiveServicesAccount, ResourceTypes.CognitiveServicesDeployment, ResourceTypes.CognitiveServicesRaiPolicy,
            ResourceTypes.CognitiveServicesDefenderForAiSettings, ResourceTypes.CognitiveServicesProject, ResourceTypes.CognitiveServicesConnection,
            ResourceTypes.CognitiveServicesProjectConnection, ResourceTypes.SearchService, ResourceTypes.MachineLearningWorkspace,
            ResourceTypes.MachineLearningConnection, ResourceTypes.MachineLearningCompute, ResourceTypes.StorageAccount, ResourceTypes.KeyVault,
            ResourceTypes.CosmosDbAccount, ResourceTypes.NetworkSecurityGroup, ResourceTypes.NetworkSecurityRule, ResourceTypes.FirewallPolicy,
            ResourceTypes.DefenderPricing, ResourceTypes.RoleAssignment, ResourceTypes.DiagnosticSetting,
        };
        Assert.All(read, type => Assert.NotEmpty(snapshot.ResourcesOfType(type)));
        Assert.Single(snapshot.Subscriptions);

        // Extension resources hang off the resource they extend, never counted as it.
        var vault = Assert.Single(snapshot.ResourcesOfType(ResourceTypes.KeyVault));
        Assert.Single(vault.ExtensionsOfType(ResourceTypes.DiagnosticSetting));
        Assert.Single(vault.ExtensionsOfType(ResourceTypes.RoleAssignment));
        var account = Assert.Single(snapshot.ResourcesOfType(ResourceTypes.CognitiveServicesAccount));
        Assert.Single(account.ExtensionsOfType(ResourceTypes.Lock));
        Assert.Single(account.ChildrenOfType(ResourceTypes.CognitiveServicesAccount + "/privateEndpointConnections"));
        var storage = Assert.Single(snapshot.ResourcesOfType(ResourceTypes.StorageAccount));
        Assert.Single(storage.ExtensionsOfType(ResourceTypes.AdvancedThreatProtectionSetting));
        Assert.All(snapshot.Resources.Where(r => r.IsExtension), r => Assert.NotNull(r.Parent));
    }

    [Theory]
    [MemberData(nameof(OtherShapes))]
    public void Every_shape_reads_the_same_resources_and_links(string shape)
    {
        var snapshot = Read(shape);

        Assert.DoesNotContain(snapshot.Issues, i => i.Kind != SnapshotIssueKind.Information);
        Assert.Equal(Shape(Read(Reference)), Shape(snapshot));
        var subscription = Assert.Single(snapshot.Subscriptions);
        Assert.Equal("Corpus", subscription.GetProperty("displayName").GetString());
    }

    [Theory]
    [MemberData(nameof(OtherShapes))]
    public void Every_shape_gives_the_same_assessment(string shape)
    {
        static List<string> Results(TenantSnapshot snapshot) =>
            AssessmentEngine.Evaluate(snapshot, ControlCatalog.All)
                .Select(r => $"{r.ControlId} | {r.Status} | {r.ResourceId.ToLowerInvariant()} | {r.ResourceName} | {r.ResourceType} | {r.Reason}")
                .OrderBy(s => s, StringComparer.Ordinal)
                .ToList();

        var expected = Results(Read(Reference));

        Assert.Equal(expected, Results(Read(shape)));
        Assert.Contains(expected, r => r.Contains("| Pass |", StringComparison.Ordinal));
        Assert.Contains(expected, r => r.Contains("| Fail |", StringComparison.Ordinal));
    }

    [Fact]
    public void Nested_template_objects_get_derived_ids_and_say_so()
    {
        var snapshot = Read("nested");

        var derived = snapshot.Resources.Where(r => r.IdDerived).ToList();
        Assert.NotEmpty(derived);
        Assert.Contains(derived, r => r.IsType(ResourceTypes.DiagnosticSetting) && r.Parent!.IsType(ResourceTypes.KeyVault));
        Assert.Equal(
            derived.Select(r => r.Id).OrderBy(i => i),
            snapshot.Issues.Where(i => i.ErrorId == SnapshotErrorIds.ResourceIdDerived).Select(i => derived.Single(r => i.Message.Contains(r.Id, StringComparison.Ordinal)).Id).OrderBy(i => i));
        Assert.All(snapshot.Issues, i => Assert.Equal(SnapshotIssueKind.Information, i.Kind));
    }
}
