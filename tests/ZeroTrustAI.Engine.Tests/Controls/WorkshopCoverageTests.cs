using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Controls.Coverage;

namespace ZeroTrustAI.Engine.Tests.Controls;

public class WorkshopCoverageTests
{
    private static IReadOnlyList<ControlMetadata> Catalog => ControlCatalog.All.Select(c => c.Metadata).ToList();

    [Fact]
    public void The_item_list_agrees_with_the_controls_mappings() =>
        Assert.Empty(WorkshopCoverage.FindInconsistencies(Catalog));

    [Fact]
    public void A_mapped_item_is_automated_by_the_controls_that_map_it()
    {
        var mapping = Catalog.SelectMany(c => c.Mappings.Workshop.Select(w => (Item: w, Control: c.Id))).First();
        var item = WorkshopCoverage.Compute(Catalog).Single(i => i.Id == mapping.Item);

        Assert.Contains(item.Status, new[] { CoverageStatus.Automated, CoverageStatus.Partial });
        Assert.Contains(mapping.Control, item.Controls);
    }

    [Fact]
    public void Without_the_controls_no_item_is_automated_and_every_item_says_why()
    {
        var items = WorkshopCoverage.Compute(Array.Empty<ControlMetadata>());

        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Contains(i.Status, new[] { CoverageStatus.NotYetAutomated, CoverageStatus.NotAutomatable }));
        Assert.All(items, i => Assert.False(string.IsNullOrWhiteSpace(i.Reason), i.Id));
        Assert.Equal(items.Count, items.Select(i => i.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void An_item_a_control_maps_cannot_also_be_called_not_automatable()
    {
        var notAutomatable = WorkshopCoverage.Compute(Catalog).First(i => i.Status == CoverageStatus.NotAutomatable);
        var pretend = Catalog.Select(c => c).ToList();
        var mapping = new ControlMetadata(
            new TestControlDefinition(notAutomatable.Id).Definition,
            Engine.Snapshot.DataRequirement.None);
        pretend.Add(mapping);

        Assert.Contains(WorkshopCoverage.FindInconsistencies(pretend), p => p.Contains(notAutomatable.Id, StringComparison.Ordinal));
        Assert.Equal(CoverageStatus.Automated, WorkshopCoverage.Compute(pretend).Single(i => i.Id == notAutomatable.Id).Status);
    }

    [Fact]
    public void An_unknown_workshop_id_in_a_mapping_is_reported()
    {
        var pretend = Catalog.Append(new ControlMetadata(new TestControlDefinition("AI_999").Definition, Engine.Snapshot.DataRequirement.None)).ToList();
        Assert.Contains(WorkshopCoverage.FindInconsistencies(pretend), p => p.Contains("AI_999", StringComparison.Ordinal));
    }

    private sealed class TestControlDefinition
    {
        public TestControlDefinition(string workshopItem) =>
            Definition = new ControlDefinition
            {
                Id = "ZTAI-AI-998",
                Title = "Test",
                Pillar = Model.Pillar.AI,
                Principle = Model.Principle.VerifyExplicitly,
                Severity = Model.Severity.Low,
                Description = "Test.",
                Mappings = new ControlMappings(workshop: new[] { workshopItem }),
            };

        public ControlDefinition Definition { get; }
    }
}
