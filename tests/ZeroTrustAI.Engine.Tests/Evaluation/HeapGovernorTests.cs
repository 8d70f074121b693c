using ZeroTrustAI.Engine.Evaluation;

namespace ZeroTrustAI.Engine.Tests.Evaluation;

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
        // 900 MiB alive: a quarter more (225 MiB) is under the cap and over the floor.
        var live = 900L << 20;
        var allowance = HeapGovernor.AllowanceAfter(live);

        Assert.Equal((long)(live * HeapGovernor.Headroom), allowance);
        Assert.False(HeapGovernor.ShouldCollect(allowance - 1, allowance));
        Assert.True(HeapGovernor.ShouldCollect(allowance, allowance));
    }

    [Fact]
    public void A_large_heap_may_outgrow_its_live_size_by_no_more_than_the_cap()
    {
        var allowance = HeapGovernor.AllowanceAfter(2 * GiB);

        Assert.Equal(2 * GiB + HeapGovernor.MaxHeadroomBytes, allowance);
        Assert.True(allowance < (long)(2 * GiB * HeapGovernor.Headroom));
        Assert.False(HeapGovernor.ShouldCollect(allowance - 1, allowance));
        Assert.True(HeapGovernor.ShouldCollect(allowance, allowance));
    }

    [Fact]
    public void The_allowance_never_falls_below_the_floor()
    {
        Assert.Equal(HeapGovernor.FloorBytes, HeapGovernor.AllowanceAfter(0));
        Assert.Equal(HeapGovernor.FloorBytes, HeapGovernor.AllowanceAfter(HeapGovernor.FloorBytes / 2));
        Assert.True(HeapGovernor.Headroom > 1 && HeapGovernor.Headroom < 2);
    }
}
