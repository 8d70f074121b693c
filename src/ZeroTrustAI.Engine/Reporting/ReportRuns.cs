using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Reporting
{
    /// <summary>The results of one run within a report, with their counts.</summary>
    internal sealed class RunGroup
    {
        public RunGroup(RunContext? run) => Run = run;

        /// <summary>The run; null for results made by hand, which carry none.</summary>
        public RunContext? Run { get; }

        public ReportSummary Summary { get; } = new ReportSummary();

        /// <summary>The tenant the group belongs to, for telling tenants apart: its id, else its name, else null.</summary>
        public string? TenantKey => Run?.TenantId ?? Run?.TenantName;
    }

    /// <summary>
    /// The runs a report's results came from, in order of first appearance, so that results piped from several
    /// assessments (of one tenant or many) each keep their own tenant, snapshot and coverage. Built as results stream by.
    /// </summary>
    internal sealed class ReportRuns
    {
        private readonly Dictionary<string, RunGroup> _byId = new Dictionary<string, RunGroup>(StringComparer.Ordinal);
        private readonly List<RunGroup> _groups = new List<RunGroup>();
        private readonly HashSet<string> _tenants = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private RunGroup? _withoutRun;

        public IReadOnlyList<RunGroup> Groups => _groups;

        /// <summary>The one run of the report, or null when it holds none, several, or results made by hand.</summary>
        public RunContext? SingleRun => _groups.Count == 1 ? _groups[0].Run : null;

        /// <summary>True when the results come from more than one tenant (results made by hand count as one unknown tenant).</summary>
        public bool SeveralTenants => _tenants.Count > 1;

        /// <summary>How many tenants the results come from (results made by hand count as one unknown tenant).</summary>
        public int TenantCount => _tenants.Count;

        public static ReportRuns Of(IEnumerable<AssessmentResult> results)
        {
            var runs = new ReportRuns();
            foreach (var result in results)
            {
                runs.Add(result);
            }

            return runs;
        }

        public RunGroup Add(AssessmentResult result)
        {
            var group = GroupOf(result.Run);
            group.Summary.Add(result);
            return group;
        }

        /// <summary>The tenant id of the report: the one tenant's id, or null when unknown or several.</summary>
        public string? TenantId => SeveralTenants ? null : _groups.Select(g => g.Run?.TenantId).FirstOrDefault(id => id != null);

        /// <summary>The tenant name of the report: the context's override, else the one tenant's name; null when several.</summary>
        public string? TenantName(ReportContext context) =>
            SeveralTenants ? null : context.TenantName ?? _groups.Select(g => g.Run?.TenantName).FirstOrDefault(name => name != null);

        /// <summary>A run's tenant name: the context's override when the report holds one tenant, else the run's.</summary>
        public string? TenantNameOf(RunContext? run, ReportContext context) => (SeveralTenants ? null : context.TenantName) ?? run?.TenantName;

        /// <summary>How a run's tenant is shown: its name, else its id, else "unknown tenant".</summary>
        public string TenantLabel(RunContext? run, ReportContext context) => TenantNameOf(run, context) ?? run?.TenantId ?? "unknown tenant";

        /// <summary>A UTC time as reports show it to people.</summary>
        public static string Time(DateTimeOffset? value) =>
            value?.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "unknown";

        /// <summary>A UTC time as machine-readable reports write it (ISO 8601, second precision).</summary>
        public static string? IsoTime(DateTimeOffset? value) =>
            value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        /// <summary>"31 of 33 data sets collected" for a run's coverage.</summary>
        public static string CoverageLine(RunContext run)
        {
            var collected = run.Coverage.Count(c => c.State == CoverageState.Collected);
            return collected.ToString(CultureInfo.InvariantCulture) + " of " + run.Coverage.Count.ToString(CultureInfo.InvariantCulture) + " data sets collected";
        }

        /// <summary>The coverage entries that are not collected in full, worst first (failed, partial, skipped, absent).</summary>
        public static IEnumerable<DataSetCoverage> Gaps(RunContext run) =>
            run.Coverage.Where(c => c.State != CoverageState.Collected).OrderBy(c => GapRank(c.State)).ThenBy(c => c.DataSet, StringComparer.OrdinalIgnoreCase);

        private static int GapRank(CoverageState state) => state switch
        {
            CoverageState.Failed => 0,
            CoverageState.Partial => 1,
            CoverageState.Skipped => 2,
            _ => 3,
        };

        private RunGroup GroupOf(RunContext? run)
        {
            if (run == null)
            {
                if (_withoutRun == null)
                {
                    _withoutRun = new RunGroup(null);
                    _groups.Add(_withoutRun);
                    _tenants.Add(string.Empty);
                }

                return _withoutRun;
            }

            if (!_byId.TryGetValue(run.RunId, out var group))
            {
                group = new RunGroup(run);
                _byId.Add(run.RunId, group);
                _groups.Add(group);
                _tenants.Add(group.TenantKey ?? string.Empty);
            }

            return group;
        }
    }
}
