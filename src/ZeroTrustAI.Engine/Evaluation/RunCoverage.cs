using System;
using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Evaluation
{
    /// <summary>
    /// What a snapshot covers, per data set: the manifest's word (skipped, failed, partial) first, then what the
    /// snapshot's files give (read in full, unreadable, absent), so coverage says what the controls were told.
    /// </summary>
    internal static class RunCoverage
    {
        public static IReadOnlyList<DataSetCoverage> Of(TenantSnapshot snapshot, IEnumerable<string> declaredData)
        {
            var names = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var record in snapshot.Manifest?.Collections ?? Enumerable.Empty<CollectionRecord>())
            {
                names.Add(record.Name.Replace('\\', '/'));
            }

            foreach (var dataSet in declaredData)
            {
                names.Add(dataSet);
            }

            var coverage = names.Select(name => Of(snapshot, name)).ToList();

            // A file that belongs to no listed data set (a Graph set no control reads, purview/) is still a gap.
            foreach (var issue in snapshot.Issues)
            {
                var dataSet = DataSetOf(issue.File);
                if (names.Add(dataSet))
                {
                    coverage.Add(new DataSetCoverage(dataSet, CoverageState.Failed, detail: issue.ToString()));
                }
            }

            return coverage;
        }

        private static DataSetCoverage Of(TenantSnapshot snapshot, string dataSet)
        {
            var record = snapshot.Manifest?.GetCollection(dataSet);
            switch (record?.Status)
            {
                case CollectionStatus.Skipped:
                    return new DataSetCoverage(dataSet, CoverageState.Skipped, record.Count, record.MissingPermission, record.Error ?? (record.MissingPermission != null ? "The identity lacks " + record.MissingPermission + "." : null));
                case CollectionStatus.Failed:
                    return new DataSetCoverage(dataSet, CoverageState.Failed, record.Count, detail: record.Error);
                case CollectionStatus.Partial:
                    return new DataSetCoverage(dataSet, CoverageState.Partial, record.Count, detail: record.Error);
            }

            var availability = snapshot.GetAvailability(dataSet);
            return availability.State switch
            {
                DataState.Available => new DataSetCoverage(dataSet, CoverageState.Collected, record?.Count),
                DataState.NotCollected => new DataSetCoverage(dataSet, CoverageState.Skipped, detail: availability.Reason),
                DataState.Incomplete => new DataSetCoverage(dataSet, CoverageState.Failed, record?.Count, detail: availability.Reason),
                // Missing, or Unlisted: a collected snapshot whose manifest never asked for the set.
                _ => new DataSetCoverage(dataSet, CoverageState.Absent, detail: availability.Reason),
            };
        }

        /// <summary>The data set a snapshot file belongs to: graph/&lt;set&gt; for Graph pages, else the file itself.</summary>
        private static string DataSetOf(string file) =>
            file.StartsWith(DataSets.GraphPrefix, StringComparison.OrdinalIgnoreCase)
                ? DataSets.Graph(SnapshotFileName.GetSetName(file.Substring(DataSets.GraphPrefix.Length)))
                : file;
    }
}
