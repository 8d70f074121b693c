using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Rules
{
    /// <summary>
    /// The Graph counterpart of <see cref="ResourcePropertyControl"/>: every object in scope (by default each object of
    /// <see cref="GraphSet"/>) passes when each <see cref="PropertyExpectation"/> holds. A property the collection did not bring
    /// (absent where Graph always returns it) is not judged: the object is Skipped, naming it. A failed object's fix is a
    /// PATCH of the properties that failed, to the values that pass.
    /// </summary>
    public abstract class GraphObjectPropertyControl : Control
    {
        /// <summary>The Graph set the objects come from (required data).</summary>
        protected abstract string GraphSet { get; }

        /// <summary>The object type for targets without <c>@odata.type</c>, e.g. <c>microsoft.graph.application</c>.</summary>
        protected abstract string ObjectType { get; }

        protected abstract IReadOnlyList<PropertyExpectation> Expectations { get; }

        /// <summary>Words after the subject when the object passes ("has the app instance property lock on").</summary>
        protected abstract string PassText { get; }

        protected abstract string FailText { get; }

        /// <summary>
        /// Properties that must be present for a judgement (Graph returns them, null or empty, on every object it was asked
        /// for): absent means not collected, and the object is Skipped.
        /// </summary>
        protected virtual IReadOnlyList<string> CollectedProperties => Expectations.Select(e => e.Path.Split('.')[0]).Distinct().ToList();

        /// <summary>The objects in scope; every object of <see cref="GraphSet"/> unless narrowed.</summary>
        protected virtual IEnumerable<JsonElement> Targets(TenantSnapshot snapshot) => snapshot.GraphItems(GraphSet);

        /// <summary>The result's target; the object's id, name and type unless the object has none (a tenant setting).</summary>
        protected virtual ResultTarget TargetOf(TenantSnapshot snapshot, JsonElement item) => ResultTarget.FromGraph(item, ObjectType);

        /// <summary>The object in words, for reasons: "AI app registration 'X'".</summary>
        protected virtual string Subject(TenantSnapshot snapshot, JsonElement item) => $"'{ResultTarget.FromGraph(item, ObjectType).Name}'";

        /// <summary>Why the object has no such setting (a single-tenant app has no instance lock to set), or null.</summary>
        protected virtual string? NotApplicableBecause(JsonElement item) => null;

        /// <summary>The object's Graph URI after the host, for the fix, e.g. <c>v1.0/applications/{id}</c>.</summary>
        protected abstract string UpdateUri(JsonElement item);

        /// <summary>The fix of a failed object: a PATCH of the failed properties to the values that pass, unless a control knows better.</summary>
        protected virtual RemediationFix FixOf(JsonElement item, IReadOnlyList<PropertyExpectation> failed) =>
            GraphFixes.Script(GraphFixes.Patch(UpdateUri(item), failed.Where(e => e.ValueToSet != null).Select(e => new KeyValuePair<string, System.Text.Json.Nodes.JsonNode?>(e.Path, GraphFixes.Value(e.ValueToSet!)))));

        protected sealed override DataRequirement ImpliedData => DataRequirement.Requires(DataSets.Graph(GraphSet));

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var item in Targets(snapshot))
            {
                var target = TargetOf(snapshot, item);
                var subject = Subject(snapshot, item);
                var missing = CollectedProperties.Where(p => !item.TryGetPropertyIgnoreCase(p, out _)).ToList();
                if (missing.Count > 0)
                {
                    yield return NotCollected(target, subject, missing);
                    continue;
                }

                var outOfScope = NotApplicableBecause(item);
                if (outOfScope != null)
                {
                    yield return NotApplicable(target, $"{subject}: {outOfScope}");
                    continue;
                }

                var verdicts = Expectations.Select(e => e.Judge(item)).ToList();
                var evidence = verdicts.Select(v => v.Evidence).ToArray();
                var failed = Expectations.Where((e, i) => !verdicts[i].Passes).ToList();
                yield return failed.Count == 0
                    ? Pass(target, $"{subject} {PassText}: {string.Join("; ", verdicts.Select(v => v.Observation))}.", evidence)
                    : Fail(target, $"{subject} {FailText}: {string.Join("; ", verdicts.Where(v => !v.Passes).Select(v => v.Observation))}.", evidence)
                        .WithFix(FixOf(item, failed));
            }
        }
    }
}
