using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Settings;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls
{
    /// <summary>What a control judged for one target. The engine adds the control's metadata.</summary>
    public sealed class Finding
    {
        public Finding(ResultStatus status, ResultTarget target, string reason, IReadOnlyList<Evidence> evidence)
        {
            Status = status;
            Target = target;
            Reason = reason;
            Evidence = evidence;
        }

        public ResultStatus Status { get; }
        public ResultTarget Target { get; }
        public string Reason { get; }
        public IReadOnlyList<Evidence> Evidence { get; }

        /// <summary>A runnable fix for this target, when the control wrote one with the finding.</summary>
        public RemediationFix? Fix { get; private set; }

        /// <summary>
        /// Severity levels this result is raised above the control's (a store that AI reaches is judged more severely);
        /// the engine applies it to the severity in force, capped at Critical.
        /// </summary>
        public int SeverityRaise { get; private set; }

        /// <summary>The same finding with a runnable fix for its target.</summary>
        public Finding WithFix(RemediationFix? fix) => new Finding(Status, Target, Reason, Evidence) { Fix = fix, SeverityRaise = SeverityRaise };

        /// <summary>The same finding, with its reason and evidence extended, judged <paramref name="levels"/> severity levels higher.</summary>
        public Finding Raised(int levels, string reasonSuffix, Evidence evidence) =>
            new Finding(Status, Target, Reason + reasonSuffix, Evidence.Concat(new[] { evidence }).ToList()) { Fix = Fix, SeverityRaise = SeverityRaise + levels };
    }

    /// <summary>The thing a finding is about: a resource, a directory object, a subscription or the tenant.</summary>
    public sealed class ResultTarget
    {
        public ResultTarget(string id, string name, string type)
        {
            Id = id;
            Name = name;
            Type = type;
        }

        public string Id { get; }
        public string Name { get; }
        public string Type { get; }

        public static ResultTarget From(ArmResource resource) => new ResultTarget(resource.Id, resource.Name, resource.Type);

        /// <summary>A Graph object: id, displayName and its @odata.type (or the given type when absent).</summary>
        public static ResultTarget FromGraph(JsonElement item, string fallbackType)
        {
            var id = item.GetString("id") ?? string.Empty;
            var name = item.GetString("displayName") ?? item.GetString("appDisplayName") ?? id;
            var type = item.GetString("@odata.type")?.TrimStart('#') ?? fallbackType;
            return new ResultTarget(id, name, type);
        }

        public static ResultTarget Tenant(TenantSnapshot snapshot) =>
            new ResultTarget(snapshot.TenantId ?? "tenant", snapshot.TenantName ?? snapshot.TenantId ?? "tenant", "tenant");
    }

    /// <summary>
    /// A control: metadata plus an evaluation over a snapshot. Subclasses are found by reflection, so adding a
    /// control is adding one class (and its doc page); the engine does not change.
    /// </summary>
    public abstract class Control
    {
        private ControlMetadata? _metadata;

        /// <summary>The control's immutable metadata, built once from its <see cref="Definition"/> and the data its form reads.</summary>
        public ControlMetadata Metadata => _metadata ??= new ControlMetadata(Definition, ImpliedData);

        /// <summary>How the control describes itself: its text, mappings and declared data.</summary>
        protected abstract ControlDefinition Definition { get; }

        /// <summary>Data the control's form reads beyond what its definition lists (a property rule's resource type).</summary>
        protected virtual DataRequirement ImpliedData => DataRequirement.None;

        /// <summary>
        /// Judges every target in scope. Called only when the data the metadata declares is available. Yielding nothing
        /// means the control had no target (reported NotApplicable).
        /// </summary>
        public abstract IEnumerable<Finding> Evaluate(TenantSnapshot snapshot);

        /// <summary>
        /// The values of the parameters the definition declares, as the settings of the running assessment set them
        /// (defaults otherwise). Read inside <see cref="Evaluate"/>: the engine puts the settings in force while it runs.
        /// </summary>
        protected ControlParameterValues Parameters => AmbientSettings.Current.ParametersOf(Metadata);

        /// <summary>
        /// A runnable fix for a failed or warned finding that carries none (<see cref="Finding.WithFix"/>): override it
        /// where the fix follows from the target alone. Every control gives its failed results a fix (tested).
        /// </summary>
        protected internal virtual RemediationFix? FixFor(Finding finding) => null;

        protected static Finding Pass(ResultTarget target, string reason, params Evidence[] evidence) =>
            new Finding(ResultStatus.Pass, target, reason, evidence);

        protected static Finding Fail(ResultTarget target, string reason, params Evidence[] evidence) =>
            new Finding(ResultStatus.Fail, target, reason, evidence);

        protected static Finding Warn(ResultTarget target, string reason, params Evidence[] evidence) =>
            new Finding(ResultStatus.Warning, target, reason, evidence);

        /// <summary>
        /// A target the control does not apply to (a kind, API, SKU or tier without the setting), with the reason. A
        /// control that yields nothing at all is still reported NotApplicable for the tenant by the engine.
        /// </summary>
        protected static Finding NotApplicable(ResultTarget target, string reason, params Evidence[] evidence) =>
            new Finding(ResultStatus.NotApplicable, target, reason, evidence);

        protected static Finding NotApplicable(ArmResource resource, string reason, params Evidence[] evidence) =>
            NotApplicable(ResultTarget.From(resource), reason, evidence);

        protected static Finding Pass(ArmResource resource, string reason, params Evidence[] evidence) =>
            Pass(ResultTarget.From(resource), reason, evidence);

        protected static Finding Fail(ArmResource resource, string reason, params Evidence[] evidence) =>
            Fail(ResultTarget.From(resource), reason, evidence);

        protected static Finding Warn(ArmResource resource, string reason, params Evidence[] evidence) =>
            Warn(ResultTarget.From(resource), reason, evidence);

        /// <summary>
        /// A target not judged because properties it is judged on were never collected: Skipped, naming them, so that
        /// data that was not read is never passed or failed.
        /// </summary>
        protected static Finding NotCollected(ResultTarget target, string subject, IReadOnlyCollection<string> missing) =>
            new Finding(
                ResultStatus.Skipped,
                target,
                $"{subject} is not judged: {string.Join(", ", missing)} {(missing.Count == 1 ? "was" : "were")} not collected.",
                missing.Select(p => new Evidence(p, null, "collected")).ToArray());

        /// <summary>Evidence for a property read from a JSON object (actual = its JSON text, or null when absent).</summary>
        protected static Evidence Observed(JsonElement source, string path, string expected) =>
            new Evidence(path, source.GetRawText(path), expected);

        /// <summary>Evidence for a property of an Azure resource.</summary>
        protected static Evidence Observed(ArmResource resource, string path, string expected) =>
            new Evidence(path, resource.Raw.GetRawText(path), expected);

        public override string ToString() => Metadata.Id;
    }
}
