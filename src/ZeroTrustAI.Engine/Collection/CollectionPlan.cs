using System;
using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Collection
{
    public enum CollectionKind
    {
        Graph,
        Arm,
    }

    /// <summary>One collection of a plan: a Graph set or an Azure resource type, and why it is collected.</summary>
    public sealed class CollectionPlanEntry
    {
        internal CollectionPlanEntry(string name, GraphSetRequest? graph, ArmTypeRequest? arm, IReadOnlyList<string> neededBy)
        {
            Name = name;
            Graph = graph;
            Arm = arm;
            NeededBy = neededBy;
        }

        /// <summary>The manifest name: <c>graph/&lt;set&gt;</c> or <c>arm/&lt;resource type&gt;</c>.</summary>
        public string Name { get; }

        public CollectionKind Kind => Graph != null ? CollectionKind.Graph : CollectionKind.Arm;

        /// <summary>The Graph request (set when <see cref="Kind"/> is Graph).</summary>
        public GraphSetRequest? Graph { get; }

        /// <summary>The ARM source (set when <see cref="Kind"/> is Arm).</summary>
        public ArmTypeRequest? Arm { get; }

        /// <summary>Control ids that declare this collection, and other reasons ("agent analysis", "parent of …").</summary>
        public IReadOnlyList<string> NeededBy { get; }

        /// <summary>
        /// The collection that must be complete before this one starts: the parent set of a Graph relation, or (for
        /// ARM GET per parent) the parent types.
        /// </summary>
        public IReadOnlyList<string> DependsOn =>
            Graph?.ParentSet != null
                ? new[] { DataSets.Graph(Graph.ParentSet) }
                : Arm != null ? Arm.ParentTypes.Select(DataSets.Arm).ToArray() : Array.Empty<string>();

        public override string ToString() => Name;
    }

    /// <summary>
    /// The collections a run needs: every data set the selected controls declare (<see cref="ControlMetadata.Data"/>,
    /// which includes what their indexes read), the parents of per-parent types, the organization for the tenant's name
    /// and the subscription list that scopes Azure collection. Ordered so that every collection comes after what it
    /// depends on.
    /// </summary>
    public sealed class CollectionPlan
    {
        public const string AgentAnalysisReason = "agent analysis";
        private const string TenantReason = "tenant name and id";
        private const string SubscriptionsReason = "subscription names and scope";

        private readonly Dictionary<string, CollectionPlanEntry> _byName;

        private CollectionPlan(IReadOnlyList<CollectionPlanEntry> collections)
        {
            Collections = collections;
            _byName = collections.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        }

        public IReadOnlyList<CollectionPlanEntry> Collections { get; }

        /// <summary>The manifest names, in plan order (what <see cref="CollectionCheckpoint.Open(string, string, CollectionPlan, bool, SnapshotWriteOptions?)"/> records).</summary>
        public IReadOnlyList<string> Names => Collections.Select(c => c.Name).ToList();

        public CollectionPlanEntry? Find(string name) => _byName.TryGetValue(name, out var collection) ? collection : null;

        /// <summary>The plan for every built-in control of the given pillars (all pillars when none is given).</summary>
        public static CollectionPlan ForPillars(IEnumerable<Pillar>? pillars, bool includeAgentAnalysis = false)
        {
            var filter = new ControlFilter { Pillars = (pillars ?? Array.Empty<Pillar>()).ToList() };
            return ForControls(filter.Apply(ControlCatalog.All), includeAgentAnalysis);
        }

        /// <summary>
        /// The plan for a set of controls. <paramref name="includeAgentAnalysis"/> adds what
        /// <see cref="Agents.AgentPrivilegeAnalyzer"/> reads (directory, AI resources, Azure role assignments) even when no
        /// selected control needs it.
        /// </summary>
        public static CollectionPlan ForControls(IEnumerable<Control> controls, bool includeAgentAnalysis = false)
        {
            if (controls == null)
            {
                throw new ArgumentNullException(nameof(controls));
            }

            var reasons = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
            var order = new List<string>();

            void Need(string name, string reason)
            {
                if (!reasons.TryGetValue(name, out var list))
                {
                    list = new List<string>();
                    reasons[name] = list;
                    order.Add(name);
                }

                if (!list.Contains(reason, StringComparer.OrdinalIgnoreCase))
                {
                    list.Add(reason);
                }
            }

            // Everything a control reads is in its metadata (its own sets and those of the indexes it uses), so the plan
            // needs no knowledge of what any control or index reads beside it.
            foreach (var control in controls)
            {
                foreach (var dataSet in control.Metadata.Data.All.Where(IsCollectedOnItsOwn))
                {
                    Need(dataSet, control.Metadata.Id);
                }
            }

            if (includeAgentAnalysis)
            {
                foreach (var dataSet in AgentPrivilegeAnalyzer.Data.All.Where(IsCollectedOnItsOwn))
                {
                    Need(dataSet, AgentAnalysisReason);
                }
            }

            AddParents(order, Need);

            // Structural needs of every run, not of any control: the tenant's name and id, and the subscriptions that
            // scope every Azure collection.
            if (order.Any(IsGraph))
            {
                Need(DataSets.Graph(GraphSetNames.Organization), TenantReason);
            }

            if (order.Any(IsArm))
            {
                Need(DataSets.Arm(ResourceTypes.Subscription), SubscriptionsReason);
            }

            var collections = order.Select(name => Create(name, reasons[name])).ToList();
            return new CollectionPlan(Sort(collections));
        }

        private static void AddParents(List<string> order, Action<string, string> need)
        {
            // Parents of parents (projects/connections → projects → accounts): repeat until nothing is added.
            for (var i = 0; i < order.Count; i++)
            {
                var name = order[i];
                if (IsGraph(name))
                {
                    var parent = GraphSelectCatalog.Find(name.Substring(DataSets.GraphPrefix.Length))?.ParentSet;
                    if (parent != null)
                    {
                        need(DataSets.Graph(parent), "parent of " + name);
                    }
                }
                else if (IsArm(name))
                {
                    foreach (var parent in ArmCollectionCatalog.Find(name.Substring(DataSets.ArmPrefix.Length))?.ParentTypes ?? Array.Empty<string>())
                    {
                        need(DataSets.Arm(parent), "parent of " + name);
                    }
                }
            }
        }

        private static CollectionPlanEntry Create(string name, IReadOnlyList<string> neededBy)
        {
            if (IsGraph(name))
            {
                var set = name.Substring(DataSets.GraphPrefix.Length);
                var request = GraphSelectCatalog.Find(set) ?? DefaultGraphRequest(set);
                return new CollectionPlanEntry(DataSets.Graph(request.Set), request, null, neededBy);
            }

            if (IsArm(name))
            {
                var type = name.Substring(DataSets.ArmPrefix.Length);
                var request = ArmCollectionCatalog.Find(type) ?? new ArmTypeRequest(type, ArmSource.ResourceGraph, "resources");
                return new CollectionPlanEntry(DataSets.Arm(request.ResourceType), null, request, neededBy);
            }

            throw new ArgumentException($"A control declares the data set '{name}', which is neither graph/<set> nor arm/<resource type>.");
        }

        /// <summary>
        /// A set the catalog does not know yet: requested as its name reads (dots are path separators, beta), with no
        /// <c>$select</c> cut. The catalog test makes sure built-in controls never rely on this.
        /// </summary>
        private static GraphSetRequest DefaultGraphRequest(string set) =>
            new GraphSetRequest(set, "beta", set.Replace('.', '/'), Array.Empty<string>());

        /// <summary>Graph before ARM; within each, dependencies first, otherwise the order needs were found in.</summary>
        private static List<CollectionPlanEntry> Sort(List<CollectionPlanEntry> collections)
        {
            var byName = collections.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
            var sorted = new List<CollectionPlanEntry>();
            var placed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

            void Place(CollectionPlanEntry collection)
            {
                if (!placed.Add(collection.Name))
                {
                    return;
                }

                foreach (var dependency in collection.DependsOn)
                {
                    if (byName.TryGetValue(dependency, out var parent))
                    {
                        Place(parent);
                    }
                }

                sorted.Add(collection);
            }

            foreach (var collection in collections.Where(c => c.Kind == CollectionKind.Graph))
            {
                Place(collection);
            }

            var subscriptions = collections.FirstOrDefault(c => c.Arm?.Source == ArmSource.SubscriptionList);
            if (subscriptions != null)
            {
                Place(subscriptions);
            }

            foreach (var collection in collections.Where(c => c.Kind == CollectionKind.Arm))
            {
                Place(collection);
            }

            return sorted;
        }

        // Purview output has no API: Save-ZtaiSnapshot -IncludePurview saves it from the user's own Security & Compliance
        // session, outside the plan.
        private static bool IsCollectedOnItsOwn(string dataSet) =>
            !dataSet.StartsWith(DataSets.PurviewPrefix, StringComparison.OrdinalIgnoreCase)
            && (!IsArm(dataSet) || !ArmCollectionCatalog.ReturnedInsideParent.Contains(dataSet.Substring(DataSets.ArmPrefix.Length)));

        private static bool IsGraph(string name) => name.StartsWith(DataSets.GraphPrefix, StringComparison.OrdinalIgnoreCase);

        private static bool IsArm(string name) => name.StartsWith(DataSets.ArmPrefix, StringComparison.OrdinalIgnoreCase);
    }
}
