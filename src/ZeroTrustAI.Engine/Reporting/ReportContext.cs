using System;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Reporting
{
    /// <summary>
    /// What a report says about itself: its title, when it was written and by which tool. What it says about the
    /// assessment (tenant, snapshot, coverage) comes from the run each result references (<see cref="Model.RunContext"/>).
    /// </summary>
    public sealed class ReportContext
    {
        public const string DefaultTitle = "Zero Trust for AI assessment";

        /// <summary>Heading of the report; <see cref="DefaultTitle"/> when not set.</summary>
        public string? Title { get; init; }

        /// <summary>
        /// The tenant name to show instead of the one the runs recorded (or for results made by hand, which carry no
        /// run). Used only when the report holds one tenant.
        /// </summary>
        public string? TenantName { get; init; }

        /// <summary>When the report was produced; always written as UTC.</summary>
        public DateTimeOffset GeneratedAt { get; init; } = DateTimeOffset.UtcNow;

        public string ToolName { get; init; } = AssessmentEngine.ToolName;

        /// <summary>
        /// The snapshot the results were assessed from, when the caller has it: the HTML report draws the tenant's AI
        /// estate and privilege paths from it, and says so when it is absent.
        /// </summary>
        public TenantSnapshot? Snapshot { get; init; }

        public string ToolVersion { get; init; } = EngineVersion;

        /// <summary>
        /// Finds a control's metadata (description, rationale, references, mappings) by id; returns null for an
        /// unknown id. Defaults to the built-in <see cref="ControlCatalog"/>.
        /// </summary>
        public Func<string, ControlMetadata?> ControlLookup { get; init; } = FromCatalog;

        /// <summary>The engine's version without build metadata (the part after '+').</summary>
        public static string EngineVersion => AssessmentEngine.EngineVersion;

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
    }
}
