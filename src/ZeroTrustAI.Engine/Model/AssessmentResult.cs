using System;
using System.Collections.Generic;

namespace ZeroTrustAI.Engine.Model
{
    /// <summary>The result of one control for one target (resource, object or tenant).</summary>
    public sealed class AssessmentResult
    {
        public AssessmentResult(
            string controlId,
            string title,
            Pillar pillar,
            Principle principle,
            Severity severity,
            ResultStatus status,
            string resourceId,
            string resourceName,
            string resourceType,
            IReadOnlyList<Evidence> evidence,
            string reason,
            string remediation)
            : this(controlId, title, pillar, principle, severity, status, resourceId, resourceName, resourceType, evidence, reason, remediation, run: null)
        {
        }

        public AssessmentResult(
            string controlId,
            string title,
            Pillar pillar,
            Principle principle,
            Severity severity,
            ResultStatus status,
            string resourceId,
            string resourceName,
            string resourceType,
            IReadOnlyList<Evidence> evidence,
            string reason,
            string remediation,
            RunContext? run,
            RemediationFix? fix = null)
        {
            Fix = fix;
            ControlId = controlId;
            Title = title;
            Pillar = pillar;
            Principle = principle;
            Severity = severity;
            Status = status;
            ResourceId = resourceId;
            ResourceName = resourceName;
            ResourceType = resourceType;
            Evidence = evidence;
            Reason = reason;
            Remediation = remediation;
            Run = run;
        }

        public string ControlId { get; }
        public string Title { get; }
        public Pillar Pillar { get; }
        public Principle Principle { get; }
        public Severity Severity { get; }
        public ResultStatus Status { get; }
        public string ResourceId { get; }
        public string ResourceName { get; }
        public string ResourceType { get; }
        public IReadOnlyList<Evidence> Evidence { get; }

        /// <summary>One human line saying why the status was given.</summary>
        public string Reason { get; }

        public string Remediation { get; }

        /// <summary>A runnable fix for this target (failed and warned results); printed and exported, never run.</summary>
        public RemediationFix? Fix { get; }

        /// <summary>The assessment run that produced the result (shared, not copied); null for a result made by hand.</summary>
        public RunContext? Run { get; }

        /// <summary>The tenant the snapshot came from, when known (from <see cref="Run"/>).</summary>
        public string? TenantId => Run?.TenantId;

        /// <summary>The tenant's display name, when known (from <see cref="Run"/>).</summary>
        public string? TenantName => Run?.TenantName;

        /// <summary>Returns a copy with another status and reason (used for suppression), of the same run.</summary>
        public AssessmentResult WithStatus(ResultStatus status, string reason) => With(Severity, status, reason);

        /// <summary>Returns a copy with another severity (a settings file's override), of the same run.</summary>
        public AssessmentResult WithSeverity(Severity severity) => severity == Severity ? this : With(severity, Status, Reason);

        private AssessmentResult With(Severity severity, ResultStatus status, string reason) =>
            new AssessmentResult(ControlId, Title, Pillar, Principle, severity, status, ResourceId, ResourceName, ResourceType, Evidence, reason, Remediation, Run, Fix);

        public override string ToString() => $"{ControlId} {Status} {ResourceName}: {Reason}";
    }
}
