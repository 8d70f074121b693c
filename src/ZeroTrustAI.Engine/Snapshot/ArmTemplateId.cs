using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using ZeroTrustAI.Engine.Json;

namespace ZeroTrustAI.Engine.Snapshot
{
    /// <summary>
    /// The id ARM gives an object shaped like an ARM template resource (a <c>type</c> and <c>name</c>, no id), where
    /// type and name determine it:
    /// <list type="bullet">
    /// <item>nested in a parent, short child type: <c>{"type":"deployments","name":"gpt-4o"}</c> → {parent}/deployments/gpt-4o;</item>
    /// <item>nested, full child type: <c>{"type":"Microsoft.CognitiveServices/accounts/deployments","name":"acct/gpt-4o"}</c> → the same;</item>
    /// <item>nested, another provider's type (an extension resource): <c>{"type":"Microsoft.Insights/diagnosticSettings","name":"to-law"}</c>
    /// → {parent}/providers/Microsoft.Insights/diagnosticSettings/to-law;</item>
    /// <item>nested, the older extension form <c>{"type":"providers/diagnosticSettings","name":"Microsoft.Insights/to-law"}</c> → the same;</item>
    /// <item>top level with <c>subscriptionId</c> and <c>resourceGroup</c> (or <c>resourceGroupName</c>):
    /// /subscriptions/{s}/resourceGroups/{rg}/providers/{type with names}.</item>
    /// </list>
    /// Anything else, and any template expression (<c>[concat(...)]</c>), determines no id.
    /// </summary>
    internal static class ArmTemplateId
    {
        private const string ProvidersPrefix = "providers/";
        private static readonly char[] Slash = { '/' };

        public static string? Derive(JsonElement item, ArmResource? parent, string? type, string? name)
        {
            if (type == null || name == null || IsExpression(type) || IsExpression(name))
            {
                return null;
            }

            var typeSegments = type.Split(Slash, StringSplitOptions.RemoveEmptyEntries);
            var nameSegments = name.Split(Slash, StringSplitOptions.RemoveEmptyEntries);
            if (typeSegments.Length == 0 || nameSegments.Length == 0)
            {
                return null;
            }

            if (parent == null)
            {
                var subscription = item.GetString("subscriptionId");
                var group = item.GetString("resourceGroup") ?? item.GetString("resourceGroupName");
                return subscription == null || group == null || typeSegments.Length < 2
                    ? null
                    : Pairs($"/subscriptions/{subscription}/resourceGroups/{group}/providers/{typeSegments[0]}", typeSegments.Skip(1).ToArray(), nameSegments);
            }

            if (type.StartsWith(ProvidersPrefix, StringComparison.OrdinalIgnoreCase))
            {
                // "providers/diagnosticSettings" named "Microsoft.Insights/to-law": the namespace leads the name.
                return nameSegments.Length < 2
                    ? null
                    : Pairs(parent.Id + "/providers/" + nameSegments[0], typeSegments.Skip(1).ToArray(), nameSegments.Skip(1).ToArray());
            }

            if (typeSegments.Length == 1)
            {
                return Pairs(parent.Id, typeSegments, nameSegments);
            }

            if (type.StartsWith(parent.Type + "/", StringComparison.OrdinalIgnoreCase))
            {
                var childTypes = typeSegments.Skip(parent.Type.Split(Slash).Length).ToArray();
                return Pairs(parent.Id, childTypes, nameSegments);
            }

            if (!typeSegments[0].EqualsIgnoreCase(parent.Type.Split(Slash)[0]))
            {
                return Pairs(parent.Id + "/providers/" + typeSegments[0], typeSegments.Skip(1).ToArray(), nameSegments);
            }

            return null;
        }

        /// <summary>{prefix}/{type1}/{name1}/...: the last names pair with the types (a template names a child "parent/child").</summary>
        private static string? Pairs(string prefix, string[] types, string[] names)
        {
            if (types.Length == 0 || names.Length < types.Length)
            {
                return null;
            }

            var id = new StringBuilder(prefix.TrimEnd('/'));
            var offset = names.Length - types.Length;
            for (var i = 0; i < types.Length; i++)
            {
                id.Append('/').Append(types[i]).Append('/').Append(names[offset + i]);
            }

            return id.ToString();
        }

        private static bool IsExpression(string value) => value.StartsWith("[", StringComparison.Ordinal);
    }
}
