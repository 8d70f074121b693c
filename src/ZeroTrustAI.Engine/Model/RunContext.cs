using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace ZeroTrustAI.Engine.Model
{
    /// <summary>What became of one data set in the snapshot an assessment read.</summary>
    public enum CoverageState
    {
        /// <summary>Present and read in full.</summary>
        Collected,

        /// <summary>Not collected on purpose or for lack of a permission (<see cref="DataSetCoverage.MissingPermission"/>).</summary>
        Skipped,

        /// <summary>The collection failed, or a file of it could not be read.</summary>
        Failed,

        /// <summary>The collection stopped part way.</summary>
        Partial,

        /// <summary>Not in the snapshot at all.</summary>
        Absent,
    }

    /// <summary>One data set of a run's coverage: a Graph set or an Azure resource type, as controls name them.</summary>
    public sealed class DataSetCoverage
    {
        public DataSetCoverage(string dataSet, CoverageState state, long? count = null, string? missingPermission = null, string? detail = null)
        {
            DataSet = dataSet ?? throw new ArgumentNullException(nameof(dataSet));
            State = state;
            Count = count;
            MissingPermission = missingPermission;
            Detail = detail;
        }

        /// <summary>The data set name, e.g. graph/servicePrincipals or arm/Microsoft.KeyVault/vaults.</summary>
        public string DataSet { get; }

        public CoverageState State { get; }

        /// <summary>Objects collected, when the manifest records it.</summary>
        public long? Count { get; }

        /// <summary>The permission the collecting identity lacked, for a data set skipped for that reason.</summary>
        public string? MissingPermission { get; }

        /// <summary>Why the data set is not collected in full (the manifest's error or the file problem); null when it is.</summary>
        public string? Detail { get; }

        public override string ToString() => DataSet + ": " + State + (Detail == null ? string.Empty : " (" + Detail + ")");
    }

    /// <summary>
    /// One assessment run: which tenant and snapshot it read, when, with which tool, and what the snapshot covered.
    /// Made once per assessment by the engine and referenced by each of its results, so reports take run metadata
    /// from here and results of several runs can be told apart. Immutable.
    /// </summary>
    public sealed class RunContext
    {
        public RunContext(
            string runId,
            string? tenantId,
            string? tenantName,
            string? snapshotSource,
            DateTimeOffset? collectedAt,
            DateTimeOffset assessedAt,
            string toolName,
            string toolVersion,
            string? collectedWith = null,
            string? cloud = null,
            IEnumerable<DataSetCoverage>? coverage = null)
        {
            RunId = string.IsNullOrWhiteSpace(runId) ? throw new ArgumentException("A run needs an id.", nameof(runId)) : runId;
            TenantId = tenantId;
            TenantName = tenantName;
            SnapshotSource = snapshotSource;
            CollectedAt = collectedAt?.ToUniversalTime();
            AssessedAt = assessedAt.ToUniversalTime();
            ToolName = toolName ?? throw new ArgumentNullException(nameof(toolName));
            ToolVersion = toolVersion ?? throw new ArgumentNullException(nameof(toolVersion));
            CollectedWith = collectedWith;
            Cloud = cloud;

            // A read-only copy: the list is shared by every result of the run, so nobody may change it.
            Coverage = new ReadOnlyCollection<DataSetCoverage>((coverage ?? Enumerable.Empty<DataSetCoverage>()).Where(c => c != null).ToList());
        }

        /// <summary>A new id per assessment (a GUID), even for two assessments of the same snapshot.</summary>
        public string RunId { get; }

        public string? TenantId { get; }

        public string? TenantName { get; }

        /// <summary>The snapshot folder or .zip the run read.</summary>
        public string? SnapshotSource { get; }

        /// <summary>When the snapshot was collected (UTC), from its manifest; null for a snapshot made by hand.</summary>
        public DateTimeOffset? CollectedAt { get; }

        /// <summary>When the assessment ran (UTC).</summary>
        public DateTimeOffset AssessedAt { get; }

        /// <summary>The tool that assessed the snapshot.</summary>
        public string ToolName { get; }

        public string ToolVersion { get; }

        /// <summary>The tool that collected the snapshot ("name version"), from its manifest, when recorded.</summary>
        public string? CollectedWith { get; }

        /// <summary>The cloud the snapshot was collected from (Global, USGovernment, ...), when recorded.</summary>
        public string? Cloud { get; }

        /// <summary>Every data set the manifest lists or the assessed controls read, by name.</summary>
        public IReadOnlyList<DataSetCoverage> Coverage { get; }

        public override string ToString() => "Run " + RunId + " of tenant " + (TenantName ?? TenantId ?? "(unknown)");
    }
}
