using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace ZeroTrustAI.Engine.Snapshot
{
    /// <summary>
    /// The data sets something reads: a control, or an index or analysis that controls share (the directory index,
    /// the privilege analysis). A control's metadata is the union of its own requirement and those of what it uses, so
    /// the engine's availability gate and the collection plan both follow from one declaration.
    /// </summary>
    public sealed class DataRequirement
    {
        private static readonly ReadOnlyCollection<string> NoSets = new ReadOnlyCollection<string>(Array.Empty<string>());

        public static readonly DataRequirement None = new DataRequirement(NoSets, NoSets, NoSets);

        private DataRequirement(ReadOnlyCollection<string> required, ReadOnlyCollection<string> optional, ReadOnlyCollection<string> discovery)
        {
            Required = required;
            Optional = optional;
            Discovery = discovery;
        }

        /// <summary>Sets without which nothing can be judged: missing or not collected gives Skipped, unreadable gives Error.</summary>
        public ReadOnlyCollection<string> Required { get; }

        /// <summary>
        /// Sets read when present (e.g. owners, which may also come inline): absent is fine, but recorded as not collected
        /// gives Skipped and unreadable gives Error, so a judgement never rests on data that was lost.
        /// </summary>
        public ReadOnlyCollection<string> Optional { get; }

        /// <summary>
        /// Sets that only widen the set of targets (AI resources whose managed identities are agents): when one was not
        /// collected the targets found elsewhere are still judged, and one Skipped result names the set, so the gap shows.
        /// </summary>
        public ReadOnlyCollection<string> Discovery { get; }

        /// <summary>Every set named, in declaration order, once.</summary>
        public IEnumerable<string> All => Required.Concat(Optional).Concat(Discovery).Distinct(StringComparer.OrdinalIgnoreCase);

        public static DataRequirement Requires(params string[] dataSets) => None.And(dataSets, NoSets, NoSets);

        public static DataRequirement ReadsIfPresent(params string[] dataSets) => None.And(NoSets, dataSets, NoSets);

        public static DataRequirement FindsTargetsIn(params string[] dataSets) => None.And(NoSets, NoSets, dataSets);

        /// <summary>The union of two requirements; a set required by either is required, optional wins over discovery.</summary>
        public DataRequirement And(DataRequirement other) => And(other.Required, other.Optional, other.Discovery);

        public DataRequirement And(IEnumerable<string> required, IEnumerable<string> optional, IEnumerable<string> discovery)
        {
            var requiredSets = Union(Required, required);
            var optionalSets = Union(Optional, optional).Except(requiredSets, StringComparer.OrdinalIgnoreCase).ToList();
            var discoverySets = Union(Discovery, discovery)
                .Except(requiredSets.Concat(optionalSets), StringComparer.OrdinalIgnoreCase)
                .ToList();
            return new DataRequirement(Freeze(requiredSets), Freeze(optionalSets), Freeze(discoverySets));
        }

        public bool IsRequired(string dataSet) => Required.Contains(dataSet, StringComparer.OrdinalIgnoreCase);

        public bool Declares(string dataSet) => All.Contains(dataSet, StringComparer.OrdinalIgnoreCase);

        public override string ToString() =>
            $"required: {string.Join(", ", Required)}; optional: {string.Join(", ", Optional)}; discovery: {string.Join(", ", Discovery)}";

        private static List<string> Union(IEnumerable<string> first, IEnumerable<string> second) =>
            first.Concat(second).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

        private static ReadOnlyCollection<string> Freeze(List<string> sets) => sets.Count == 0 ? NoSets : sets.AsReadOnly();
    }
}
