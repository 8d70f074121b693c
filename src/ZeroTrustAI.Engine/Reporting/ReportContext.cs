using System;
using System.Collections.Generic;
using System.Reflection;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Reporting
{
    /// <summary>What a report says about itself: which tenant, which snapshot, when, by which tool.</summary>
    public sealed class ReportContext
    {
        /// <summary>The type engine results carry for tenant-wide targets (see <see cref="ResultTarget.Tenant"/>).</summary>
        private const string TenantResourceType = "tenant";

        public const string DefaultTitle = "Zero Trust for AI assessment";

        /// <summary>Heading of the report; <see cref="DefaultTitle"/> when not set.</summary>
        public string? Title { get; init; }

        public string? TenantId { get; init; }

        public string? TenantName { get; init; }

        /// <summary>The snapshot folder or .zip the results were evaluated from, when known.</summary>
        public string? SnapshotSource { get; init; }

        /// <summary>When the report was produced; always written as UTC.</summary>
        public DateTimeOffset GeneratedAt { get; init; } = DateTimeOffset.UtcNow;

        public string ToolName { get; init; } = "ZeroTrustAI";

        public string ToolVersion { get; init; } = EngineVersion;

        /// <summary>
        /// Finds a control's metadata (description, rationale, references, mappings) by id; returns null for an
        /// unknown id. Defaults to the built-in <see cref="ControlCatalog"/>.
        /// </summary>
        public Func<string, ControlMetadata?> ControlLookup { get; init; } = FromCatalog;

        /// <summary>The engine's version without build metadata (the part after '+').</summary>
        public static string EngineVersion { get; } = ReadEngineVersion();

        public string EffectiveTitle => string.IsNullOrWhiteSpace(Title) ? DefaultTitle : Title!;

        /// <summary>Metadata of a built-in control, or null.</summary>
        public static ControlMetadata? FromCatalog(string controlId) => ControlCatalog.Find(controlId)?.Metadata;

        /// <summary>Safe lookup: a lookup that throws (e.g. a faulty custom catalogue) must not break the report.</summary>
        internal ControlMetadata? FindControl(string controlId)
        {
            try
            {
                return ControlLookup(controlId);
            }
#pragma warning disable CA1031 // The lookup is only decoration: any failure means "no metadata".
            catch (Exception)
#pragma warning restore CA1031
            {
                return null;
            }
        }

        /// <summary>A context for the tenant and source of a snapshot.</summary>
        public static ReportContext FromSnapshot(TenantSnapshot snapshot)
        {
            if (snapshot == null)
            {
                throw new ArgumentNullException(nameof(snapshot));
            }

            return new ReportContext { TenantId = snapshot.TenantId, TenantName = snapshot.TenantName, SnapshotSource = snapshot.Source };
        }

        /// <summary>
        /// A context whose tenant is taken from the results themselves: tenant-wide results name the tenant (id and
        /// display name) as their target. Leaves the tenant unknown when no result is tenant-wide.
        /// </summary>
        public static ReportContext FromResults(IEnumerable<AssessmentResult> results)
        {
            if (results == null)
            {
                throw new ArgumentNullException(nameof(results));
            }

            string? id = null;
            string? name = null;
            foreach (var result in results)
            {
                // Results name their tenant since they are made; tenant-wide targets are the fallback for older ones.
                if (result != null && (result.TenantId != null || result.TenantName != null))
                {
                    id ??= result.TenantId;
                    name ??= result.TenantName;
                }

                if (result == null || !string.Equals(result.ResourceType, TenantResourceType, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                // The engine falls back to the literal "tenant" when the snapshot does not know the tenant.
                if (id == null && IsKnown(result.ResourceId))
                {
                    id = result.ResourceId;
                }

                if (name == null && IsKnown(result.ResourceName) && !string.Equals(result.ResourceName, result.ResourceId, StringComparison.OrdinalIgnoreCase))
                {
                    name = result.ResourceName;
                }

                if (id != null && name != null)
                {
                    break;
                }
            }

            return new ReportContext { TenantId = id, TenantName = name };
        }

        private static bool IsKnown(string? value) =>
            !string.IsNullOrWhiteSpace(value) && !string.Equals(value, TenantResourceType, StringComparison.OrdinalIgnoreCase);

        private static string ReadEngineVersion()
        {
            var assembly = typeof(ReportContext).Assembly;
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
