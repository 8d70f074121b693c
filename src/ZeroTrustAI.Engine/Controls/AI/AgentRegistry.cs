using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>The Microsoft Entra agent registry (beta <c>agentRegistry/agentInstances</c>): which agent identities it lists, and in which collections.</summary>
    internal sealed class AgentRegistry
    {
        private readonly Dictionary<string, JsonElement> _byAgentIdentity = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);

        public AgentRegistry(TenantSnapshot snapshot)
        {
            foreach (var instance in snapshot.GraphItems(GraphSetNames.AgentInstances))
            {
                if (instance.GetString("agentIdentityId") is string agentId && !_byAgentIdentity.ContainsKey(agentId))
                {
                    _byAgentIdentity[agentId] = instance;
                }
            }
        }

        /// <summary>The agent identities the registry is judged for: agent instances of blueprints (not blueprint principals).</summary>
        public static IEnumerable<DirectoryAgent> AgentIdentities(TenantSnapshot snapshot) =>
            GraphDirectory.For(snapshot).Agents.Where(a => a.Kind == AgentKind.AgentIdentity && !a.IsBlueprintPrincipal);

        /// <summary>The agent instance whose <c>agentIdentityId</c> is the agent's object id, or null.</summary>
        public JsonElement? InstanceOf(DirectoryAgent agent) => _byAgentIdentity.TryGetValue(agent.Id, out var instance) ? instance : (JsonElement?)null;

        /// <summary>The collections an instance belongs to (expanded <c>collections</c>); null when they were not expanded.</summary>
        public static IReadOnlyList<JsonElement>? CollectionsOf(JsonElement instance) =>
            instance.TryGetProperty("collections", out var collections) && collections.ValueKind == JsonValueKind.Array
                ? collections.EnumerateArray().ToList()
                : null;
    }
}
