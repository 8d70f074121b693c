using System.Collections.Concurrent;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Settings;
using ZeroTrustAI.Engine.Snapshot;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Evaluation;

/// <summary>
/// Controls evaluated on worker threads must give exactly what a sequential run gives, in the same order, with the same
/// error semantics, and must leave no work running once the reader stops.
/// </summary>
public class ParallelEvaluationTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(16)]
    public void Every_control_over_the_sample_gives_the_sequential_results_in_the_same_order(int parallelism)
    {
        var sequential = Canonical(Evaluate(Fixtures.Sample, ControlCatalog.All, 1));

        var parallel = Canonical(Evaluate(Fixtures.Sample, ControlCatalog.All, parallelism));

        Assert.Equal(sequential.Count, parallel.Count);
        for (var i = 0; i < sequential.Count; i++)
        {
            Assert.Equal(sequential[i], parallel[i]);
        }
    }

    [Fact]
    public void A_fresh_snapshot_builds_each_shared_index_once_under_parallel_controls_and_matches_a_sequential_run()
    {
        // Each run reads its own snapshot, so the directory, privilege graph and reachability indexes are built while
        // several controls ask for them at once: the Network and Data controls come first, so the first control (run
        // alone) builds none of the AI pillar's indexes, and building the directory interns strings while other
        // controls look strings up.
        var controls = ControlCatalog.All.OrderBy(c => c.Metadata.Pillar == Pillar.AI ? 1 : 0).ToList();
        var sequential = Canonical(Evaluate(SnapshotReader.Read(Fixtures.SampleTenant), controls, 1));
        for (var run = 0; run < 3; run++)
        {
            Assert.Equal(sequential, Canonical(Evaluate(SnapshotReader.Read(Fixtures.SampleTenant), controls, 4)));
        }
    }

    [Fact]
    public void Controls_that_outrun_the_reader_are_held_back_and_delivered_in_order()
    {
        using var temp = new TempSnapshot().With("graph/servicePrincipals.json", """{"value":[]}""");
        var controls = Enumerable.Range(1, 6).Select(i => (Control)new Many($"TEST-M{i}", 3_000 * i)).ToList();

        var results = Evaluate(temp.Read(), controls, 3);

        Assert.Equal(controls.Sum(c => ((Many)c).Count), results.Count);
        var expected = controls.SelectMany(c => Enumerable.Range(0, ((Many)c).Count).Select(n => (c.Metadata.Id, $"t{n}")));
        Assert.Equal(expected, results.Select(r => (r.ControlId, r.ResourceId)));
    }

    [Fact]
    public void A_control_that_throws_gives_one_error_and_the_others_still_report_as_in_a_sequential_run()
    {
        using var temp = new TempSnapshot().With("graph/servicePrincipals.json", """{"value":[]}""");
        var controls = new Control[] { new Many("TEST-M1", 50), new ThrowsAfter("TEST-T1", 20), new Many("TEST-M2", 30), new ThrowsAfter("TEST-T2", 20_000), new Many("TEST-M3", 5) };

        var sequential = Canonical(Evaluate(temp.Read(), controls, 1));
        var parallel = Canonical(Evaluate(temp.Read(), controls, 4));

        Assert.Equal(sequential, parallel);
        var errors = Evaluate(temp.Read(), controls, 4).Where(r => r.Status == ResultStatus.Error).ToList();
        Assert.Equal(new[] { "TEST-T1", "TEST-T2" }, errors.Select(e => e.ControlId));
        // Past the first 10,001 results a control streams each one, so all 20,000 went out before it threw.
        Assert.Contains("after 20000 results", errors[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reader_that_stops_early_leaves_no_control_running()
    {
        using var temp = new TempSnapshot().With("graph/servicePrincipals.json", """{"value":[]}""");
        var endless = Enumerable.Range(1, 5).Select(i => new Endless($"TEST-E{i}")).ToList();
        // The first control runs on the reader's thread; the endless ones after it on workers.
        var controls = new Control[] { new Many("TEST-M0", 10) }.Concat(endless);

        var read = AssessmentEngine.Evaluate(temp.Read(), controls, AssessmentSettings.Empty, Now, parallelism: 4).Take(13).ToList();

        Assert.Equal(13, read.Count);
        Assert.Equal(3, read.Count(r => r.ControlId == "TEST-E1"));
        // The run's enumerator was disposed by Take: every control a worker started has been stopped and ended.
        var started = endless.Where(c => c.Started).ToList();
        Assert.NotEmpty(started);
        Assert.All(started, c => Assert.True(c.Ended, $"{c.Metadata.Id} still runs"));
    }

    [Fact]
    public void Cancelling_the_run_stops_the_workers_and_throws_to_the_reader()
    {
        using var temp = new TempSnapshot().With("graph/servicePrincipals.json", """{"value":[]}""");
        var endless = Enumerable.Range(1, 3).Select(i => new Endless($"TEST-E{i}")).ToList();
        var controls = new Control[] { new Many("TEST-M0", 10) }.Concat(endless);
        using var cancellation = new CancellationTokenSource();
        var read = 0;

        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var _ in AssessmentEngine.Evaluate(temp.Read(), controls, AssessmentSettings.Empty, Now, null, 3, cancellation.Token))
            {
                if (++read == 100)
                {
                    cancellation.Cancel();
                }
            }
        });

        Assert.True(endless[0].Started);
        Assert.All(endless.Where(c => c.Started), c => Assert.True(c.Ended, $"{c.Metadata.Id} still runs"));
    }

    [Fact]
    public void Progress_is_reported_on_the_callers_thread_once_per_control_in_order()
    {
        using var temp = new TempSnapshot().With("graph/servicePrincipals.json", """{"value":[]}""");
        var controls = Enumerable.Range(1, 5).Select(i => (Control)new Many($"TEST-M{i}", 2_000)).ToList();
        var caller = Environment.CurrentManagedThreadId;
        var seen = new ConcurrentQueue<(int Thread, string Control)>();

        _ = AssessmentEngine.Evaluate(temp.Read(), controls, AssessmentSettings.Empty, Now, new InlineProgress(p => seen.Enqueue((Environment.CurrentManagedThreadId, p.ControlId))), 4).ToList();

        Assert.Equal(controls.Select(c => c.Metadata.Id), seen.Select(s => s.Control));
        Assert.All(seen, s => Assert.Equal(caller, s.Thread));
    }

    [Fact]
    public void Data_reads_recorded_on_the_callers_flow_include_those_of_worker_threads()
    {
        var sequential = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using (DataAccessLog.Record(sequential))
        {
            _ = Evaluate(Fixtures.Sample, ControlCatalog.All, 1);
        }

        var parallel = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using (DataAccessLog.Record(parallel))
        {
            _ = Evaluate(Fixtures.Sample, ControlCatalog.All, 4);
        }

        Assert.NotEmpty(parallel);
        Assert.Equal(sequential.OrderBy(s => s, StringComparer.OrdinalIgnoreCase), parallel.OrderBy(s => s, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void Later_controls_start_on_workers_once_the_first_control_has_handed_over_a_result_while_it_goes_on()
    {
        using var temp = new TempSnapshot().With("graph/servicePrincipals.json", """{"value":[]}""");
        using var started = new ManualResetEventSlim();
        var first = new WaitsForALaterControl("TEST-W0", started);
        var controls = new Control[] { first, new Signals("TEST-S1", started), new Many("TEST-M2", 5) };

        var results = Evaluate(temp.Read(), controls, 2);

        // The first control's last result comes after it saw the later control start: both ran at once.
        var last = results.Last(r => r.ControlId == "TEST-W0");
        Assert.Equal(ResultStatus.Pass, last.Status);
        Assert.Equal(new[] { "TEST-W0", "TEST-S1", "TEST-M2" }, results.Select(r => r.ControlId).Distinct());
    }

    [Fact]
    public void A_reader_that_takes_only_the_first_result_starts_no_worker()
    {
        using var temp = new TempSnapshot().With("graph/servicePrincipals.json", """{"value":[]}""");
        var endless = Enumerable.Range(1, 3).Select(i => new Endless($"TEST-E{i}")).ToList();
        var controls = new Control[] { new Many("TEST-M0", 10) }.Concat(endless);

        var read = AssessmentEngine.Evaluate(temp.Read(), controls, AssessmentSettings.Empty, Now, parallelism: 4).Take(1).ToList();

        Assert.Single(read);
        Assert.All(endless, c => Assert.False(c.Started, $"{c.Metadata.Id} was started"));
    }

    [Fact]
    public void A_negative_parallelism_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AssessmentEngine.Evaluate(Fixtures.Sample, ControlCatalog.All, AssessmentSettings.Empty, Now, parallelism: -1));
    }

    private static List<AssessmentResult> Evaluate(TenantSnapshot snapshot, IEnumerable<Control> controls, int parallelism) =>
        AssessmentEngine.Evaluate(snapshot, controls, AssessmentSettings.Empty, Now, parallelism: parallelism).ToList();

    /// <summary>Everything a result says except its run (each run has its own id and start time).</summary>
    internal static List<string> Canonical(IEnumerable<AssessmentResult> results) =>
        results.Select(r => string.Join(
            "\u001f",
            r.ControlId,
            r.Title,
            r.Pillar,
            r.Principle,
            r.Severity,
            r.Status,
            r.ResourceId,
            r.ResourceName,
            r.ResourceType,
            r.Reason,
            r.Remediation,
            string.Join("\u001e", r.Evidence.Select(e => $"{e.Path}\u001d{e.Actual}\u001d{e.Expected}")),
            r.Fix == null ? string.Empty : $"{r.Fix.Language}\u001d{r.Fix.Script}")).ToList();

    private sealed class Many(string id, int count) : Control
    {
        public int Count { get; } = count;

        protected override ControlDefinition Definition { get; } = new ControlDefinition { Id = id, Title = "Many results" };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot) =>
            Enumerable.Range(0, Count).Select(n => Pass(new ResultTarget($"t{n}", $"target {n}", "test"), "ok"));
    }

    /// <summary>
    /// Gives enough results to be streamed (past the engine's hold-back), then waits for a later control to start: Pass
    /// when it did, Fail when it waited in vain (a later control only starts after this one ends).
    /// </summary>
    private sealed class WaitsForALaterControl(string id, ManualResetEventSlim laterStarted) : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition { Id = id, Title = "Waits" };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            for (var n = 0; n < 10_001; n++)
            {
                yield return Pass(new ResultTarget($"t{n}", $"target {n}", "test"), "ok");
            }

            var target = new ResultTarget("last", "last", "test");
            yield return laterStarted.Wait(TimeSpan.FromSeconds(30))
                ? Pass(target, "a later control started while this one ran")
                : Fail(target, "no later control started while this one ran");
        }
    }

    /// <summary>Signals when a worker starts it.</summary>
    private sealed class Signals(string id, ManualResetEventSlim started) : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition { Id = id, Title = "Signals" };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            started.Set();
            yield return Pass(new ResultTarget("t0", "target 0", "test"), "ok");
        }
    }

    private sealed class ThrowsAfter(string id, int results) : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition { Id = id, Title = "Throws" };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            for (var n = 0; n < results; n++)
            {
                yield return Fail(new ResultTarget($"t{n}", $"target {n}", "test"), "not ok");
            }

            throw new InvalidOperationException("boom");
        }
    }

    /// <summary>Yields for ever; notes when a worker starts it and when its enumeration is ended (disposed).</summary>
    private sealed class Endless(string id) : Control
    {
        private int _started;
        private int _ended;

        public bool Started => Volatile.Read(ref _started) == 1;

        public bool Ended => Volatile.Read(ref _ended) == 1;

        protected override ControlDefinition Definition { get; } = new ControlDefinition { Id = id, Title = "Endless" };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            Volatile.Write(ref _started, 1);
            try
            {
                for (var n = 0L; ; n++)
                {
                    yield return Pass(new ResultTarget($"t{n}", $"target {n}", "test"), "ok");
                }
            }
            finally
            {
                Volatile.Write(ref _ended, 1);
            }
        }
    }

    private sealed class InlineProgress(Action<AssessmentProgress> report) : IProgress<AssessmentProgress>
    {
        public void Report(AssessmentProgress value) => report(value);
    }
}
