using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Reachability;
using ZeroTrustAI.Engine.Settings;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Evaluation
{
    /// <summary>Progress of an assessment: reported as each control's results begin.</summary>
    public sealed class AssessmentProgress
    {
        public AssessmentProgress(string controlId, string title, int index, int count, int resultsSoFar)
        {
            ControlId = controlId;
            Title = title;
            Index = index;
            Count = count;
            ResultsSoFar = resultsSoFar;
        }

        public string ControlId { get; }
        public string Title { get; }
        public int Index { get; }
        public int Count { get; }
        public int ResultsSoFar { get; }
    }

    /// <summary>
    /// Runs controls over a snapshot and streams one result per (control, target). A control whose data is missing
    /// is Skipped, one whose data is incomplete reports Error, one that throws reports Error: the run goes on.
    /// </summary>
    public static class AssessmentEngine
    {
        /// <summary>The name runs record as the assessing tool.</summary>
        public const string ToolName = "ZeroTrustAI";

        /// <summary>The engine's version without build metadata (the part after '+').</summary>
        public static string EngineVersion { get; } = ReadEngineVersion();

        public static IEnumerable<AssessmentResult> Evaluate(
            TenantSnapshot snapshot,
            IEnumerable<Control> controls,
            IProgress<AssessmentProgress>? progress = null,
            CancellationToken cancellationToken = default) =>
            Run(snapshot, controls, progress, StreamAfterResults, AssessmentSettings.Empty, DateTimeOffset.UtcNow, DefaultParallelism, cancellationToken);

        /// <summary>Evaluates with a settings file's suppressions, severity overrides and parameters in force.</summary>
        /// <param name="snapshot">The snapshot to assess.</param>
        /// <param name="controls">The controls to run.</param>
        /// <param name="settings">The settings (see <see cref="SettingsReader"/>).</param>
        /// <param name="now">The time suppressions expire against (the caller's clock, so tests can fix it).</param>
        /// <param name="progress">Reported on the caller's thread as each control's results begin.</param>
        /// <param name="parallelism">
        /// Controls evaluated at once on worker threads (0: <see cref="DefaultParallelism"/>; 1: one after the other on
        /// the caller's thread). Results come in the same order either way.
        /// </param>
        /// <param name="cancellationToken">Stops the run between results.</param>
        public static IEnumerable<AssessmentResult> Evaluate(
            TenantSnapshot snapshot,
            IEnumerable<Control> controls,
            AssessmentSettings settings,
            DateTimeOffset now,
            IProgress<AssessmentProgress>? progress = null,
            int parallelism = 0,
            CancellationToken cancellationToken = default)
        {
            if (parallelism < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(parallelism), parallelism, "Parallelism is 0 (the default) or more.");
            }

            return Run(snapshot, controls, progress, StreamAfterResults, settings ?? throw new ArgumentNullException(nameof(settings)), now, parallelism == 0 ? DefaultParallelism : parallelism, cancellationToken);
        }

        /// <summary>
        /// Controls evaluated at once by default: one per processor, at most 8 (each control in flight holds its own
        /// working data, and past a few the shared indexes, not the processors, limit the run).
        /// </summary>
        public static int DefaultParallelism => Math.Max(1, Math.Min(Environment.ProcessorCount, 8));

        /// <summary>Results a control may buffer ahead of the reader when controls run in parallel.</summary>
        private const int ResultsAhead = 1024;

        /// <summary>
        /// Results a control may buffer ahead of the reader while the heap is small (<see cref="HeapGovernor.HasRoomToBuffer"/>):
        /// enough for the largest controls of a 100,000-principal tenant, so a worker finishes a later control while the
        /// reader is still on an earlier one instead of waiting for it.
        /// </summary>
        private const int ResultsAheadWhileRoomy = 65_536;

        private static IEnumerable<AssessmentResult> Run(
            TenantSnapshot snapshot,
            IEnumerable<Control> controls,
            IProgress<AssessmentProgress>? progress,
            int holdBack,
            AssessmentSettings settings,
            DateTimeOffset now,
            int parallelism,
            CancellationToken cancellationToken)
        {
            if (snapshot == null)
            {
                throw new ArgumentNullException(nameof(snapshot));
            }

            var list = controls.ToList();
            var run = StartRun(snapshot, list);
            var suppressions = new SuppressionTracker(settings, now);
            var produced = 0;

            // Controls only read the snapshot and its shared indexes (built once, thread-safe), so several can run at
            // once; their results still come in catalog order, and progress and suppressions stay on this thread.
            // The first control runs here, and alone until it has handed over its first result: a reader that wants one
            // result (Select-Object -First 1) gets it as fast as in a sequential run and waits for no worker, and the
            // indexes it builds first, the others would have waited for anyway. Then the others start on workers while
            // it goes on, one worker fewer than the parallelism until it ends, so no more controls are in flight (and in
            // memory) than processors: at 100,000 principals its agents took a third of the run's first control alone.
            OrderedParallelStreams<AssessmentResult>? parallel = null;
            var inParallel = parallelism > 1 && list.Count > 2;
            OrderedParallelStreams<AssessmentResult> StartWorkers(int workers) =>
                new OrderedParallelStreams<AssessmentResult>(list.Count - 1, (i, token) => Stream(run, snapshot, list[i + 1], settings, holdBack, token), workers, 2 * parallelism, ResultsAhead, cancellationToken, ResultsAheadWhileRoomy, HeapGovernor.HasRoomToBuffer);
            try
            {
                for (var index = 0; index < list.Count; index++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var control = list[index];
                    progress?.Report(new AssessmentProgress(control.Metadata.Id, control.Metadata.Title, index, list.Count, produced));
                    foreach (var result in parallel?.Read(index - 1) ?? Stream(run, snapshot, control, settings, holdBack, cancellationToken))
                    {
                        produced++;
                        yield return suppressions.Apply(result);
                        if (inParallel && parallel == null)
                        {
                            parallel = StartWorkers(parallelism - 1);
                        }
                    }

                    if (inParallel && index == 0)
                    {
                        if (parallel == null)
                        {
                            parallel = StartWorkers(parallelism);
                        }
                        else
                        {
                            parallel.AddWorker();
                        }
                    }
                }
            }
            finally
            {
                parallel?.Dispose();
            }

            foreach (var report in suppressions.Report(list.Select(c => c.Metadata), run))
            {
                yield return report;
            }
        }

        /// <summary>
        /// Results a control may hold back before they are streamed: a control's results are kept until it ends, so
        /// that a control that fails gives one Error instead of results that cannot be trusted, but a control over a
        /// million objects must not hold them all. Past this many, results stream, and a later failure adds an Error.
        /// </summary>
        private const int StreamAfterResults = 10_000;

        /// <summary>
        /// The context of a new assessment run over a snapshot: a new run id, the snapshot's tenant, source and
        /// manifest facts, and the coverage of the data sets the manifest lists or the controls read.
        /// </summary>
        public static RunContext StartRun(TenantSnapshot snapshot, IEnumerable<Control> controls)
        {
            if (snapshot == null)
            {
                throw new ArgumentNullException(nameof(snapshot));
            }

            var manifest = snapshot.Manifest;
            var declared = (controls ?? throw new ArgumentNullException(nameof(controls)))
                .SelectMany(c => c.Metadata.Data.All);
            return new RunContext(
                Guid.NewGuid().ToString("D"),
                snapshot.TenantId,
                snapshot.TenantName,
                snapshot.Source,
                manifest?.CollectedAt,
                DateTimeOffset.UtcNow,
                ToolName,
                EngineVersion,
                manifest?.ToolName == null ? null : (manifest.ToolName + " " + manifest.ToolVersion).TrimEnd(),
                manifest?.Cloud,
                RunCoverage.Of(snapshot, declared));
        }

        /// <summary>All results of one control, as a run of its own; never throws for a faulty control or missing data.</summary>
        public static IReadOnlyList<AssessmentResult> EvaluateControl(TenantSnapshot snapshot, Control control, CancellationToken cancellationToken = default) =>
            EvaluateControl(StartRun(snapshot, new[] { control ?? throw new ArgumentNullException(nameof(control)) }), snapshot, control, cancellationToken);

        /// <summary>All results of one control within a run; never throws for a faulty control or missing data.</summary>
        public static IReadOnlyList<AssessmentResult> EvaluateControl(RunContext run, TenantSnapshot snapshot, Control control, CancellationToken cancellationToken = default) =>
            Stream(run, snapshot, control, AssessmentSettings.Empty, int.MaxValue, cancellationToken).ToList();

        /// <summary>All results of one control, as a run of its own, with settings in force (suppression reports included).</summary>
        public static IReadOnlyList<AssessmentResult> EvaluateControl(TenantSnapshot snapshot, Control control, AssessmentSettings settings, DateTimeOffset now, CancellationToken cancellationToken = default) =>
            Run(snapshot, new[] { control }, null, int.MaxValue, settings, now, 1, cancellationToken).ToList();

        private static IEnumerable<AssessmentResult> Stream(RunContext run, TenantSnapshot snapshot, Control control, AssessmentSettings settings, int holdBack, CancellationToken cancellationToken)
        {
            var metadata = control.Metadata;
            var tenant = ResultTarget.Tenant(snapshot);
            var severity = settings.SeverityOf(metadata);

            foreach (var dataSet in metadata.RequiredData.Concat(metadata.OptionalData))
            {
                var availability = snapshot.GetAvailability(dataSet);
                switch (availability.State)
                {
                    case DataState.Missing when metadata.Data.IsRequired(dataSet):
                    case DataState.Unlisted when metadata.Data.IsRequired(dataSet):
                    case DataState.NotCollected:
                        yield return Create(run, metadata, ResultStatus.Skipped, tenant, availability.Reason, Array.Empty<Evidence>()).WithSeverity(severity);
                        yield break;
                    case DataState.Incomplete:
                        yield return Create(run, metadata, ResultStatus.Error, tenant, availability.Reason, Array.Empty<Evidence>()).WithSeverity(severity);
                        yield break;
                }
            }

            var reach = metadata.MarksAiReach ? AiReachability.For(snapshot) : null;
            var held = new List<AssessmentResult>();
            var streamed = 0;
            string? failure = null;
            using (var findings = control.Evaluate(snapshot).GetEnumerator())
            {
                while (true)
                {
                    AssessmentResult result;
                    try
                    {
                        // The control's code runs only inside MoveNext: that is when its parameters must be in force.
                        using (AmbientSettings.Enter(settings))
                        {
                            if (!findings.MoveNext())
                            {
                                break;
                            }
                        }

                        cancellationToken.ThrowIfCancellationRequested();
                        var finding = MarkAiReach(findings.Current, reach);
                        var fix = finding.Status == ResultStatus.Fail || finding.Status == ResultStatus.Warning
                            ? finding.Fix ?? control.FixFor(finding)
                            : null;
                        result = Create(run, metadata, finding.Status, finding.Target, finding.Reason, finding.Evidence, fix);
                        result = result.WithSeverity(Raise(severity, finding.SeverityRaise));
                    }
                    catch (OperationCanceledException)
                    {
                        throw;
                    }
                    catch (Exception exception)
                    {
                        // A faulty control must not end the run, and its partial results cannot be trusted.
                        failure = $"The control failed: {exception.GetType().Name}: {exception.Message}";
                        break;
                    }

                    HeapGovernor.Tick();
                    held.Add(result);
                    // Once streaming, each result goes on at once: held in batches, every result of a large control
                    // outlived the collections of the young generations and became garbage of the oldest.
                    if (streamed > 0 || held.Count > holdBack)
                    {
                        foreach (var item in held)
                        {
                            yield return item;
                        }

                        streamed += held.Count;
                        held.Clear();
                    }
                }
            }

            if (failure != null)
            {
                yield return Create(run, metadata, ResultStatus.Error, tenant, streamed == 0 ? failure : $"{failure} (after {streamed} results)", Array.Empty<Evidence>()).WithSeverity(severity);
                yield break;
            }

            // Targets that only a lost data set would have shown were not judged: say so rather than stay silent.
            var gaps = metadata.DiscoveryData
                .Select(snapshot.GetAvailability)
                .Where(a => a.State == DataState.NotCollected || a.State == DataState.Unlisted || a.State == DataState.Incomplete)
                .ToList();
            if (gaps.Count > 0)
            {
                var status = gaps.Any(g => g.State == DataState.Incomplete) ? ResultStatus.Error : ResultStatus.Skipped;
                var reason = string.Join(" ", gaps.Select(g => g.Reason)) + " Targets found only through " + (gaps.Count == 1 ? "it" : "them") + " were not judged.";
                held.Add(Create(run, metadata, status, tenant, reason, Array.Empty<Evidence>()).WithSeverity(severity));
            }

            if (streamed == 0 && held.Count == 0)
            {
                yield return Create(run, metadata, ResultStatus.NotApplicable, tenant, "No target of this control is in the snapshot.", Array.Empty<Evidence>()).WithSeverity(severity);
                yield break;
            }

            foreach (var item in held)
            {
                yield return item;
            }
        }

        /// <summary>A finding on a store some AI reaches says so, names the AI and how, and is judged one level higher.</summary>
        private static Finding MarkAiReach(Finding finding, AiReachability? reach)
        {
            var reaches = reach?.Of(finding.Target.Id);
            if (reaches == null || reaches.Count == 0 || finding.Status == ResultStatus.NotApplicable)
            {
                return finding;
            }

            return finding.Raised(
                1,
                $" AI-reachable: {string.Join("; ", reaches)}.",
                new Evidence("aiReachability", AiReachability.Describe(reaches), "judged one severity level higher"));
        }

        private static Severity Raise(Severity severity, int levels) => (Severity)Math.Max((int)Severity.Critical, (int)severity - levels);

        private static AssessmentResult Create(RunContext run, ControlMetadata metadata, ResultStatus status, ResultTarget target, string reason, IReadOnlyList<Evidence> evidence, RemediationFix? fix = null) =>
            new AssessmentResult(
                metadata.Id,
                metadata.Title,
                metadata.Pillar,
                metadata.Principle,
                metadata.Severity,
                status,
                target.Id,
                target.Name,
                target.Type,
                evidence,
                reason,
                status == ResultStatus.Pass || status == ResultStatus.NotApplicable ? string.Empty : metadata.Remediation,
                run,
                fix);

        private static string ReadEngineVersion()
        {
            var assembly = typeof(AssessmentEngine).Assembly;
            var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            if (!string.IsNullOrEmpty(informational))
            {
                var plus = informational!.IndexOf('+');
                return plus < 0 ? informational : informational.Substring(0, plus);
            }

            return assembly.GetName().Version?.ToString() ?? "0.0.0";
        }
    }
}
