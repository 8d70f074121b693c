using System;
using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Rules
{
    /// <summary>
    /// The common shape of an Azure resource check, declared instead of written: every resource of one type passes when
    /// each expected property holds an accepted value (absent ones judged by the documented default). The resource type
    /// is the control's required data; reasons and evidence follow from the declaration.
    /// </summary>
    public abstract class ResourcePropertyControl : Control
    {
        /// <summary>The full resource type judged, from <see cref="ResourceTypes"/>.</summary>
        protected abstract string ResourceType { get; }

        /// <summary>The properties judged; all must pass, or one when <see cref="PassesWhenAnyHolds"/>.</summary>
        protected abstract IReadOnlyList<PropertyExpectation> Expectations { get; }

        /// <summary>True when any one expectation is enough (public access off, or a firewall that denies by default).</summary>
        protected virtual bool PassesWhenAnyHolds => false;

        /// <summary>What passing means, after the subject: "accepts Entra ID tokens only".</summary>
        protected abstract string PassText { get; }

        /// <summary>What failing means, after the subject: "accepts API keys".</summary>
        protected abstract string FailText { get; }

        /// <summary>The resource in words, for reasons: "Storage account", or an account's kind.</summary>
        protected virtual string Subject(ArmResource resource) => ResourceTypes.DisplayName(ResourceType);

        /// <summary>Null when the control applies to the resource; otherwise why not (the result is NotApplicable).</summary>
        protected virtual string? NotApplicableBecause(ArmResource resource) => null;

        /// <summary>The properties that decided applicability, shown as evidence on a NotApplicable result.</summary>
        protected virtual IEnumerable<Evidence> ApplicabilityEvidence(ArmResource resource) => Array.Empty<Evidence>();

        /// <summary>
        /// The fix for a failed resource: set each failed property to the value that passes (only the first when any one
        /// is enough). Override where a dedicated command is clearer or a value cannot simply be set.
        /// </summary>
        protected virtual RemediationFix? FixFor(ArmResource resource, IReadOnlyList<PropertyExpectation> failed)
        {
            var settable = failed.Where(e => e.ValueToSet != null).ToList();
            var toSet = PassesWhenAnyHolds ? settable.Take(1).ToList() : settable;
            return toSet.Count == 0
                ? null
                : RemediationFix.Later(FixLanguage.AzureCli, (resource.Id, toSet), static fix => new[]
                {
                    "az resource update --ids " + Quote.Shell(fix.Id) + " " + string.Join(" ", fix.toSet.Select(e => "--set " + Quote.Shell(e.Path + "=" + e.ValueToSet))),
                });
        }

        protected sealed override DataRequirement ImpliedData => DataRequirement.Requires(DataSets.Arm(ResourceType));

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var resource in snapshot.ResourcesOfType(ResourceType))
            {
                var subject = Subject(resource);
                var outOfScope = NotApplicableBecause(resource);
                if (outOfScope != null)
                {
                    yield return NotApplicable(ResultTarget.From(resource), $"{subject}: {outOfScope}", ApplicabilityEvidence(resource).ToArray());
                    continue;
                }

                var verdicts = Expectations.Select(e => e.Judge(resource)).ToList();
                var evidence = verdicts.Select(v => v.Evidence).ToArray();
                var failed = verdicts.Where(v => !v.Passes).ToList();
                var passes = PassesWhenAnyHolds ? failed.Count < verdicts.Count : failed.Count == 0;
                yield return passes
                    ? Pass(resource, $"{subject} {PassText}: {string.Join("; ", verdicts.Where(v => v.Passes || !PassesWhenAnyHolds).Select(v => v.Observation))}.", evidence)
                    : Fail(resource, $"{subject} {FailText}: {string.Join("; ", failed.Select(v => v.Observation))}.", evidence)
                        .WithFix(FixFor(resource, Expectations.Where((e, i) => !verdicts[i].Passes).ToList()));
            }
        }
    }
}
