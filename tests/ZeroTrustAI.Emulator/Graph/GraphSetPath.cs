using System;
using System.Collections.Generic;

namespace ZeroTrustAI.Emulator.Graph
{
    /// <summary>
    /// Maps snapshot set names back to Graph request paths: '.' separates path segments except inside the
    /// <c>microsoft.graph.&lt;type&gt;</c> cast segments (servicePrincipals.microsoft.graph.agentIdentity →
    /// /servicePrincipals/microsoft.graph.agentIdentity).
    /// </summary>
    public static class GraphSetPath
    {
        /// <summary>The path after the version, e.g. <c>/roleManagement/directory/roleDefinitions</c>.</summary>
        public static string FromSetName(string setName) => "/" + string.Join("/", Segments(setName));

        /// <summary>The path segments of a set name.</summary>
        public static IReadOnlyList<string> Segments(string setName)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(setName);
            var parts = setName.Split('.');
            var segments = new List<string>();
            for (var i = 0; i < parts.Length; i++)
            {
                if (i + 2 < parts.Length &&
                    string.Equals(parts[i], "microsoft", StringComparison.OrdinalIgnoreCase) &&
                    string.Equals(parts[i + 1], "graph", StringComparison.OrdinalIgnoreCase))
                {
                    segments.Add(parts[i] + "." + parts[i + 1] + "." + parts[i + 2]);
                    i += 2;
                }
                else
                {
                    segments.Add(parts[i]);
                }
            }

            return segments;
        }

        /// <summary>True for a cast segment such as <c>microsoft.graph.agentIdentity</c>.</summary>
        public static bool IsCast(string segment) => segment.StartsWith("microsoft.graph.", StringComparison.OrdinalIgnoreCase);
    }
}
