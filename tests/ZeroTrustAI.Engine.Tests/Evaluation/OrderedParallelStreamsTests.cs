using ZeroTrustAI.Engine.Evaluation;

namespace ZeroTrustAI.Engine.Tests.Evaluation;

/// <summary>
/// How far a worker may run ahead of the reader: its capacity always, its roomy capacity while memory allows. Each test
/// holds the reader on the first stream while a worker makes the second, waits until the worker has made all it may,
/// then checks it made no more (a worker past its bound would have run on in the pause).
/// </summary>
public class OrderedParallelStreamsTests
{
    private const int Capacity = 1024;
    private const int Chunk = 256;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void Without_room_a_worker_holds_only_its_capacity_and_the_chunk_it_is_making_ahead_of_the_reader()
    {
        var made = RunAhead(secondStreamItems: 5_000, roomyCapacity: 8_192, hasRoom: () => false, expectedAhead: Capacity + Chunk);

        Assert.Equal(Capacity + Chunk, made);
    }

    [Fact]
    public void With_room_a_worker_runs_ahead_to_its_roomy_capacity_and_no_further()
    {
        var made = RunAhead(secondStreamItems: 5_000, roomyCapacity: 2_048, hasRoom: () => true, expectedAhead: 2_048 + Chunk);

        Assert.Equal(2_048 + Chunk, made);
    }

    [Fact]
    public void With_room_a_later_stream_ends_while_the_reader_is_still_on_an_earlier_one()
    {
        var made = RunAhead(secondStreamItems: 5_000, roomyCapacity: 8_192, hasRoom: () => true, expectedAhead: 5_000);

        Assert.Equal(5_000, made);
    }

    [Fact]
    public void Room_is_asked_again_as_the_reader_takes_chunks()
    {
        var room = 1;
        var made = 0;
        using var streams = new OrderedParallelStreams<int>(
            2, (index, token) => index == 0 ? Enumerable.Range(0, 10) : Counted(4_000, () => Interlocked.Increment(ref made)),
            workers: 2, window: 2, Capacity, CancellationToken.None, roomyCapacity: 8_192, hasRoom: () => Volatile.Read(ref room) == 1);
        using var first = streams.Read(0).GetEnumerator();
        Assert.True(first.MoveNext());
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref made) == 4_000, Patience), "the second stream did not run ahead with room");

        // Room is gone, yet the reader still gets every item in order, and the worker is not left waiting.
        Volatile.Write(ref room, 0);
        var rest = new List<int>();
        while (first.MoveNext())
        {
            rest.Add(first.Current);
        }

        Assert.Equal(Enumerable.Range(1, 9), rest);
        Assert.Equal(Enumerable.Range(0, 4_000), streams.Read(1));
    }

    [Fact]
    public void A_worker_added_later_takes_the_next_stream_not_yet_started()
    {
        using var secondStarted = new ManualResetEventSlim();
        IEnumerable<int> Produce(int index, CancellationToken token)
        {
            if (index == 1)
            {
                secondStarted.Set();
            }

            // The first stream's one worker waits until another has taken the second stream.
            yield return index == 0 ? (secondStarted.Wait(Patience, token) ? 1 : 0) : 1;
        }

        using var streams = new OrderedParallelStreams<int>(3, Produce, workers: 1, window: 3, Capacity, CancellationToken.None);
        streams.AddWorker();

        Assert.Equal(new[] { 1 }, streams.Read(0));
        Assert.Equal(new[] { 1 }, streams.Read(1));
        Assert.Equal(new[] { 1 }, streams.Read(2));
    }

    /// <summary>
    /// Two streams on two workers; the reader takes one item of the first and waits. Returns how many items of the second
    /// were made once the worker has made <paramref name="expectedAhead"/> and a pause has passed; then reads both
    /// streams to their ends and checks every item came once, in order.
    /// </summary>
    private static int RunAhead(int secondStreamItems, int roomyCapacity, Func<bool> hasRoom, int expectedAhead)
    {
        var made = 0;
        using var streams = new OrderedParallelStreams<int>(
            2, (index, token) => index == 0 ? Enumerable.Range(0, 10) : Counted(secondStreamItems, () => Interlocked.Increment(ref made)),
            workers: 2, window: 2, Capacity, CancellationToken.None, roomyCapacity, hasRoom);

        using var first = streams.Read(0).GetEnumerator();
        Assert.True(first.MoveNext());
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref made) >= expectedAhead, Patience), $"the second stream made {Volatile.Read(ref made)} items, not {expectedAhead}");
        Thread.Sleep(200);
        var ahead = Volatile.Read(ref made);

        var firstItems = new List<int> { first.Current };
        while (first.MoveNext())
        {
            firstItems.Add(first.Current);
        }

        Assert.Equal(Enumerable.Range(0, 10), firstItems);
        Assert.Equal(Enumerable.Range(0, secondStreamItems), streams.Read(1));
        return ahead;
    }

    private static IEnumerable<int> Counted(int count, Action made)
    {
        for (var i = 0; i < count; i++)
        {
            made();
            yield return i;
        }
    }
}
