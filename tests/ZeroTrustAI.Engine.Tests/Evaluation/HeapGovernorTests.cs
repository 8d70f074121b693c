using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Snapshot;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Evaluation;

[CollectionDefinition(nameof(HeapGovernorTests), DisableParallelization = true)]
public class HeapGovernorAlone
{
}

// Alone: the governor's count is process-wide, and other tests' results would count too.
[Collection(nameof(HeapGovernorTests))]
public class HeapGovernorTests
{
    private const long GiB = 1L << 30;

    [Fact]
    public void A_heap_under_the_floor_is_never_collected_by_the_governor()
    {
        Assert.False(HeapGovernor.ShouldCollect(HeapGovernor.FloorBytes - 1, allowance: 0));
        Assert.False(HeapGovernor.ShouldCollect(600L << 20, HeapGovernor.AllowanceAfter(100L << 20)));
    }

    [Fact]
    public void A_heap_is_collected_once_it_outgrows_the_last_live_size_by_the_headroom()
    {
        var allowance = HeapGovernor.AllowanceAfter(2 * GiB);

        Assert.Equal(2 * GiB + HeapGovernor.HeadroomBytes, allowance);
        Assert.False(HeapGovernor.ShouldCollect(allowance - 1, allowance));
        Assert.True(HeapGovernor.ShouldCollect(allowance, allowance));
    }

    [Fact]
    public void The_allowance_never_falls_below_the_floor()
    {
        Assert.Equal(HeapGovernor.FloorBytes, HeapGovernor.AllowanceAfter(0));
        Assert.Equal(HeapGovernor.FloorBytes, HeapGovernor.AllowanceAfter(HeapGovernor.FloorBytes / 2));
        Assert.Equal(HeapGovernor.FloorBytes, HeapGovernor.AllowanceAfter(HeapGovernor.FloorBytes - HeapGovernor.HeadroomBytes));
        Assert.Equal(HeapGovernor.FloorBytes + 1, HeapGovernor.AllowanceAfter(HeapGovernor.FloorBytes - HeapGovernor.HeadroomBytes + 1));
    }

    [Fact]
    public void On_this_runtime_the_governor_collects_aggressively_so_freed_memory_goes_back_to_the_system()
    {
        // .NET 7 and later define GCCollectionMode.Aggressive (3); the tests run on such a runtime.
        Assert.Equal(3, (int)HeapGovernor.FullCollectionMode);
        Assert.True(Enum.IsDefined(HeapGovernor.FullCollectionMode));
    }

    [Fact]
    public void Every_object_read_counts_so_a_snapshot_read_again_can_collect_the_last_one()
    {
        var before = HeapGovernor.Ticks;

        var snapshot = SnapshotReader.Read(Fixtures.SampleTenant);

        var servicePrincipals = snapshot.GraphItems("servicePrincipals").Count;
        Assert.True(servicePrincipals > 10);
        Assert.True(HeapGovernor.Ticks - before >= servicePrincipals, $"{HeapGovernor.Ticks - before} objects counted, {servicePrincipals} service principals read");
    }

    [Fact]
    public void Building_the_directory_counts_every_principal_and_application_it_parses_again()
    {
        var snapshot = SnapshotReader.Read(Fixtures.SampleTenant);
        var before = HeapGovernor.Ticks;

        var directory = ZeroTrustAI.Engine.Graph.GraphDirectory.For(snapshot);

        var parsed = directory.ServicePrincipals.Count + directory.Applications.Count;
        Assert.True(parsed > 10);
        Assert.True(HeapGovernor.Ticks - before >= parsed, $"{HeapGovernor.Ticks - before} counted, {parsed} principals and applications parsed");
    }
}
