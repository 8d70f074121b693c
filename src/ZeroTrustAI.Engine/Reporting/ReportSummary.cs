using System;
using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Reporting
{
    /// <summary>Counts of results: by status, by pillar and status, and failures by severity. Built as results stream by.</summary>
    public sealed class ReportSummary
    {
        private static readonly ResultStatus[] AllStatuses = (ResultStatus[])Enum.GetValues(typeof(ResultStatus));
        private static readonly Pillar[] AllPillars = (Pillar[])Enum.GetValues(typeof(Pillar));
        private static readonly Severity[] AllSeverities = (Severity[])Enum.GetValues(typeof(Severity));

        private readonly int[] _byStatus = new int[AllStatuses.Length];
        private readonly int[,] _byPillarAndStatus = new int[AllPillars.Length, AllStatuses.Length];
        private readonly int[] _failuresBySeverity = new int[AllSeverities.Length];
        private readonly HashSet<string> _controls = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        public static IReadOnlyList<ResultStatus> Statuses => AllStatuses;

        public static IReadOnlyList<Pillar> Pillars => AllPillars;

        public static IReadOnlyList<Severity> Severities => AllSeverities;

        public int Total { get; private set; }

        /// <summary>How many distinct control ids the results came from.</summary>
        public int ControlCount => _controls.Count;

        public static ReportSummary Of(IEnumerable<AssessmentResult> results)
        {
            var summary = new ReportSummary();
            foreach (var result in results)
            {
                summary.Add(result);
            }

            return summary;
        }

        public void Add(AssessmentResult result)
        {
            if (result == null)
            {
                throw new ArgumentNullException(nameof(result));
            }

            Total++;
            _controls.Add(result.ControlId ?? string.Empty);
            var status = StatusIndex(result.Status);
            var pillar = PillarIndex(result.Pillar);
            if (status >= 0)
            {
                _byStatus[status]++;
                if (pillar >= 0)
                {
                    _byPillarAndStatus[pillar, status]++;
                }
            }

            if (result.Status == ResultStatus.Fail)
            {
                var severity = Array.IndexOf(AllSeverities, result.Severity);
                if (severity >= 0)
                {
                    _failuresBySeverity[severity]++;
                }
            }
        }

        public int Count(ResultStatus status)
        {
            var index = StatusIndex(status);
            return index < 0 ? 0 : _byStatus[index];
        }

        public int Count(Pillar pillar, ResultStatus status)
        {
            var p = PillarIndex(pillar);
            var s = StatusIndex(status);
            return p < 0 || s < 0 ? 0 : _byPillarAndStatus[p, s];
        }

        public int TotalOf(Pillar pillar)
        {
            var p = PillarIndex(pillar);
            return p < 0 ? 0 : Enumerable.Range(0, AllStatuses.Length).Sum(s => _byPillarAndStatus[p, s]);
        }

        public int Failures(Severity severity)
        {
            var index = Array.IndexOf(AllSeverities, severity);
            return index < 0 ? 0 : _failuresBySeverity[index];
        }

        private static int StatusIndex(ResultStatus status) => Array.IndexOf(AllStatuses, status);

        private static int PillarIndex(Pillar pillar) => Array.IndexOf(AllPillars, pillar);
    }
}
