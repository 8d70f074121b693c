using System;
using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Comparison
{
    /// <summary>How one control on one target (or a whole control) changed between two runs.</summary>
    public enum ComparisonChange
    {
        /// <summary>Fails now and did not fail before (also a target that is new and fails).</summary>
        NewFailure,

        /// <summary>Failed before; passes now or no longer applies.</summary>
        Fixed,

        /// <summary>Got worse without failing: a pass became a warning, or judged data became unreadable or missing.</summary>
        Regressed,

        /// <summary>Got better without being fixed (a warning that passes, data readable again).</summary>
        Improved,

        /// <summary>Another change of status (a failure suppressed, or no longer judged).</summary>
        Changed,

        Unchanged,

        /// <summary>A target that is new and does not fail.</summary>
        Added,

        /// <summary>A target that was judged before and is gone.</summary>
        Removed,

        /// <summary>A control with no result before (a new control, or one now selected).</summary>
        ControlAdded,

        /// <summary>A control with no result now.</summary>
        ControlRemoved,
    }

    /// <summary>One line of a comparison: a control and a target with its status in the reference and difference runs.</summary>
    public sealed class ComparisonEntry
    {
        internal ComparisonEntry(ComparisonChange change, AssessmentResult? reference, AssessmentResult? difference, string? controlTitle = null)
        {
            var latest = difference ?? reference ?? throw new ArgumentException("An entry needs a result on one side.");
            Change = change;
            ControlId = latest.ControlId;
            Title = controlTitle ?? latest.Title;
            Pillar = latest.Pillar;
            Severity = latest.Severity;
            IsControl = change == ComparisonChange.ControlAdded || change == ComparisonChange.ControlRemoved;
            ResourceId = IsControl ? null : latest.ResourceId;
            ResourceName = IsControl ? null : latest.ResourceName;
            ResourceType = IsControl ? null : latest.ResourceType;
            ReferenceStatus = IsControl ? null : reference?.Status;
            DifferenceStatus = IsControl ? null : difference?.Status;
            Reason = IsControl ? null : latest.Reason;
        }

        public ComparisonChange Change { get; }
        public string ControlId { get; }
        public string Title { get; }
        public Pillar Pillar { get; }
        public Severity Severity { get; }

        /// <summary>True for an entry about a whole control (ControlAdded, ControlRemoved); its target fields are null.</summary>
        public bool IsControl { get; }

        public string? ResourceId { get; }
        public string? ResourceName { get; }
        public string? ResourceType { get; }

        /// <summary>The status in the reference (earlier) run; null when the target was not there.</summary>
        public ResultStatus? ReferenceStatus { get; }

        /// <summary>The status in the difference (later) run; null when the target is gone.</summary>
        public ResultStatus? DifferenceStatus { get; }

        /// <summary>The latest reason given for the target.</summary>
        public string? Reason { get; }

        public override string ToString() => $"{Change} {ControlId} {ResourceName}";
    }

    /// <summary>What to fail a pipeline on: failures new since the reference run, or any failure in the difference run.</summary>
    public enum FailOnKind
    {
        New,
        Any,
    }

    /// <summary>Compares the results of two runs, matching results by control id and target (resource id), case-insensitively.</summary>
    public sealed class AssessmentComparison
    {
        private AssessmentComparison(IReadOnlyList<ComparisonEntry> entries)
        {
            Entries = entries;
        }

        /// <summary>Entries worst first: new failures, regressions, fixes, other changes, then the unchanged.</summary>
        public IReadOnlyList<ComparisonEntry> Entries { get; }

        public static AssessmentComparison Compare(IEnumerable<AssessmentResult> reference, IEnumerable<AssessmentResult> difference)
        {
            var before = Index(reference ?? throw new ArgumentNullException(nameof(reference)));
            var afterList = (difference ?? throw new ArgumentNullException(nameof(difference))).Where(r => r != null).ToList();
            var after = Index(afterList);
            var controlsBefore = new HashSet<string>(before.Values.Select(r => r.ControlId), StringComparer.OrdinalIgnoreCase);
            var controlsAfter = new HashSet<string>(after.Values.Select(r => r.ControlId), StringComparer.OrdinalIgnoreCase);

            var entries = new List<ComparisonEntry>();
            foreach (var control in after.Values.Where(r => !controlsBefore.Contains(r.ControlId)).GroupBy(r => r.ControlId, StringComparer.OrdinalIgnoreCase))
            {
                entries.Add(new ComparisonEntry(ComparisonChange.ControlAdded, null, control.First()));
            }

            foreach (var control in before.Values.Where(r => !controlsAfter.Contains(r.ControlId)).GroupBy(r => r.ControlId, StringComparer.OrdinalIgnoreCase))
            {
                entries.Add(new ComparisonEntry(ComparisonChange.ControlRemoved, control.First(), null));
            }

            foreach (var pair in after)
            {
                before.TryGetValue(pair.Key, out var old);
                entries.Add(new ComparisonEntry(Classify(old?.Status, pair.Value.Status), old, pair.Value));
            }

            foreach (var pair in before.Where(p => !after.ContainsKey(p.Key)))
            {
                entries.Add(new ComparisonEntry(ComparisonChange.Removed, pair.Value, null));
            }

            var ordered = entries
                .OrderBy(e => (int)e.Change)
                .ThenBy(e => (int)e.Severity)
                .ThenBy(e => e.ControlId, StringComparer.OrdinalIgnoreCase)
                .ThenBy(e => e.ResourceName, StringComparer.OrdinalIgnoreCase)
                .ToList();
            return new AssessmentComparison(ordered);
        }

        /// <summary>The change from one status (null: the target was not there) to another.</summary>
        public static ComparisonChange Classify(ResultStatus? before, ResultStatus after)
        {
            if (after == ResultStatus.Fail)
            {
                return before == ResultStatus.Fail ? ComparisonChange.Unchanged : ComparisonChange.NewFailure;
            }

            if (before == null)
            {
                return ComparisonChange.Added;
            }

            if (before == after)
            {
                return ComparisonChange.Unchanged;
            }

            if (before == ResultStatus.Fail)
            {
                return after == ResultStatus.Pass || after == ResultStatus.NotApplicable ? ComparisonChange.Fixed : ComparisonChange.Changed;
            }

            var was = Badness(before.Value);
            var now = Badness(after);
            return now > was ? ComparisonChange.Regressed : now < was ? ComparisonChange.Improved : ComparisonChange.Changed;
        }

        public int Count(ComparisonChange change) => Entries.Count(e => e.Change == change);

        /// <summary>
        /// The entries that fail a pipeline gate: new failures (<see cref="FailOnKind.New"/>) or every failure of the
        /// difference run (<see cref="FailOnKind.Any"/>), of <paramref name="minimumSeverity"/> or worse.
        /// </summary>
        public IReadOnlyList<ComparisonEntry> GateFailures(FailOnKind failOn, Severity minimumSeverity)
        {
            return Entries
                .Where(e => (int)e.Severity <= (int)minimumSeverity)
                .Where(e => failOn == FailOnKind.New
                    ? e.Change == ComparisonChange.NewFailure
                    : !e.IsControl && e.DifferenceStatus == ResultStatus.Fail)
                .ToList();
        }

        /// <summary>How bad a non-failing status is, for regressed versus improved: judged fine, needs review, not judged.</summary>
        private static int Badness(ResultStatus status) => status switch
        {
            ResultStatus.Pass or ResultStatus.NotApplicable or ResultStatus.Suppressed => 0,
            ResultStatus.Warning => 1,
            ResultStatus.Skipped or ResultStatus.Error => 2,
            _ => 3,
        };

        private static Dictionary<string, AssessmentResult> Index(IEnumerable<AssessmentResult> results)
        {
            // A control reports each target once; should a list hold one twice (two runs concatenated), the last wins.
            var index = new Dictionary<string, AssessmentResult>(StringComparer.OrdinalIgnoreCase);
            foreach (var result in results)
            {
                if (result != null)
                {
                    index[result.ControlId + "\u0000" + (result.ResourceId ?? result.ResourceName)] = result;
                }
            }

            return index;
        }
    }
}
