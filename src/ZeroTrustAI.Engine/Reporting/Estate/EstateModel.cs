using System.Collections.Generic;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Reporting.Estate
{
    /// <summary>The columns of the estate drawing, left to right.</summary>
    public enum EstateNodeKind
    {
        /// <summary>An agent, AI app or AI managed identity.</summary>
        Agent,

        /// <summary>A permission or role an agent holds (deduplicated across agents).</summary>
        Permission,

        /// <summary>A data store or AI resource an agent reaches.</summary>
        DataStore,

        /// <summary>How data stores are exposed on the network (one node per exposure class).</summary>
        Network,
    }

    /// <summary>One box of the estate drawing.</summary>
    public sealed class EstateNode
    {
        internal EstateNode(string key, EstateNodeKind kind, string label, string detail, int tier)
        {
            Key = key;
            Kind = kind;
            Label = label;
            Detail = detail;
            Tier = tier;
        }

        /// <summary>Unique within the model: an object id, an ARM id, or a built key for shared nodes.</summary>
        public string Key { get; }

        public EstateNodeKind Kind { get; }

        public string Label { get; }

        /// <summary>A second line: the identity kind, the permission's resource, the resource type.</summary>
        public string Detail { get; }

        /// <summary>The privilege tier for agents and permissions (0 most powerful); 2 for other nodes.</summary>
        public int Tier { get; }

        /// <summary>The result targets (object or ARM ids) whose results belong to the node.</summary>
        public ISet<string> Targets { get; } = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);

        /// <summary>When set, only results of <see cref="Targets"/> in this pillar belong to the node (network exposure).</summary>
        public Pillar? Pillar { get; internal set; }

        /// <summary>When set, only results of <see cref="Targets"/> whose reason or evidence names this text belong to the node (a permission).</summary>
        public string? Mentions { get; internal set; }

        public override string ToString() => Kind + " " + Label;
    }

    /// <summary>An arrow of the drawing, by node index.</summary>
    public sealed class EstateEdge
    {
        internal EstateEdge(int from, int to, string relation)
        {
            From = from;
            To = to;
            Relation = relation;
        }

        public int From { get; }

        public int To { get; }

        /// <summary>"holds", "reaches", "exposed as", "identity of", "uses".</summary>
        public string Relation { get; }
    }

    /// <summary>One step of a privilege path: from -relation-> to.</summary>
    public sealed class EstatePathStep
    {
        public EstatePathStep(string from, string relation, string to, string toKind)
        {
            From = from;
            Relation = relation;
            To = to;
            ToKind = toKind;
        }

        public string From { get; }

        public string Relation { get; }

        public string To { get; }

        /// <summary>What the step leads to ("app", "permission", "role", "group").</summary>
        public string ToKind { get; }
    }

    /// <summary>
    /// The report's own view of a privilege path (agent -owns-> app -holds-> permission => consequence), so the drawing
    /// does not depend on the analyzer's types; <see cref="EstatePaths.Of"/> is the one place that maps them.
    /// </summary>
    public sealed class EstatePath
    {
        public EstatePath(string agentId, int tier, IReadOnlyList<EstatePathStep> steps, string consequence)
        {
            AgentId = agentId;
            Tier = tier;
            Steps = steps;
            Consequence = consequence;
        }

        public string AgentId { get; }

        public int Tier { get; }

        public IReadOnlyList<EstatePathStep> Steps { get; }

        public string Consequence { get; }

        public override string ToString()
        {
            var text = new System.Text.StringBuilder();
            for (var i = 0; i < Steps.Count; i++)
            {
                if (i == 0)
                {
                    text.Append(Steps[i].From);
                }

                text.Append(" -").Append(Steps[i].Relation).Append("-> ").Append(Steps[i].To);
            }

            return text.Append(" => ").Append(Consequence).ToString();
        }
    }

    /// <summary>The tenant's AI estate as the report draws it: agents, what they hold, what they reach, how it is exposed.</summary>
    public sealed class EstateModel
    {
        internal EstateModel(IReadOnlyList<EstateNode> nodes, IReadOnlyList<EstateEdge> edges, IReadOnlyList<EstatePath> paths)
        {
            Nodes = nodes;
            Edges = edges;
            Paths = paths;
        }

        public IReadOnlyList<EstateNode> Nodes { get; }

        public IReadOnlyList<EstateEdge> Edges { get; }

        /// <summary>The privilege paths of tier-0 and tier-1 agents.</summary>
        public IReadOnlyList<EstatePath> Paths { get; }
    }
}
