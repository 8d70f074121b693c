using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>
    /// How far a Conditional Access policy reaches agents (beta <c>conditionalAccessPolicy</c>): agent identities through
    /// <c>conditions.clientApplications</c> (<c>includeAgentIdServicePrincipals</c>, <c>excludeAgentIdServicePrincipals</c>,
    /// <c>agentIdServicePrincipalFilter</c>), agent users through <c>conditions.users.includeUsers</c> <c>AllAgentIdUsers</c>,
    /// and the resources through <c>conditions.applications</c>. A policy covers an agent only when nothing it states could
    /// leave the agent or a resource out: a filter on custom security attributes cannot be evaluated offline, and a policy
    /// scoped to some applications leaves the others open.
    /// </summary>
    internal static class AgentConditionalAccess
    {
        public const string AllAgentIdUsers = "AllAgentIdUsers";

        public const string PoliciesUri = GraphFixes.Beta + "identity/conditionalAccess/policies";

        /// <summary>
        /// Takes an object out of each policy's <c>conditions.clientApplications.&lt;excludeProperty&gt;</c> list, keeping every
        /// other condition as it is.
        /// </summary>
        public static RemediationFix RemoveExclusion(string comment, string objectId, string excludeProperty, IEnumerable<JsonElement> policies)
        {
            var lines = new List<string>
            {
                GraphFixes.Comment(comment),
                GraphFixes.Connect("Policy.Read.All", "Policy.ReadWrite.ConditionalAccess"),
            };
            foreach (var id in policies.Select(p => p.GetString("id")).OfType<string>())
            {
                var uri = Quote.PowerShell(PoliciesUri + "/" + id);
                lines.Add("$conditions = (Invoke-MgGraphRequest -Method GET -Uri " + uri + ").conditions");
                lines.Add($"$conditions.clientApplications.{excludeProperty} = @($conditions.clientApplications.{excludeProperty} | Where-Object {{ $_ -ne " + Quote.PowerShell(objectId) + " })");
                lines.Add("Invoke-MgGraphRequest -Method PATCH -Uri " + uri + " -Body @{ conditions = $conditions }");
            }

            return RemediationFix.PowerShell(lines.ToArray());
        }

        /// <summary>A block policy for All resources, created report-only so its impact is seen before it is enabled.</summary>
        public static RemediationFix CreateReportOnlyBlockPolicy(string comment, string displayName, string riskCondition, string clientApplications) =>
            RemediationFix.PowerShell(
                GraphFixes.Comment(comment),
                GraphFixes.Connect("Policy.Read.All", "Policy.ReadWrite.ConditionalAccess"),
                "Invoke-MgGraphRequest -Method POST -Uri " + Quote.PowerShell(PoliciesUri) + " -Body @{",
                "    displayName = " + Quote.PowerShell(displayName),
                "    state = 'enabledForReportingButNotEnforced'",
                "    conditions = @{",
                "        " + riskCondition,
                "        applications = @{ includeApplications = @('All') }",
                "        clientApplications = @{ " + clientApplications + " }",
                "    }",
                "    grantControls = @{ operator = 'OR'; builtInControls = @('block') }",
                "}");

        public static string NameOf(JsonElement policy) => policy.GetString("displayName") ?? policy.GetString("id") ?? "?";

        /// <summary>Enforced: <c>state</c> is <c>enabled</c> (report-only <c>enabledForReportingButNotEnforced</c> is not).</summary>
        public static bool IsEnforced(JsonElement policy) => policy.GetString("state").EqualsIgnoreCase("enabled");

        public static bool Blocks(JsonElement policy) =>
            policy.GetStrings("grantControls.builtInControls").Any(c => c.EqualsIgnoreCase("block"));

        /// <summary>Why the policy does not apply to every resource (null when it includes All and excludes none).</summary>
        public static string? ResourceGap(JsonElement policy)
        {
            var included = policy.GetStrings("conditions.applications.includeApplications").ToList();
            if (!included.Any(a => a.EqualsIgnoreCase("All")))
            {
                return included.Count == 0
                    ? "it names no target resources"
                    : $"it targets only {string.Join(", ", included)}, not All resources";
            }

            var excluded = policy.GetStrings("conditions.applications.excludeApplications").ToList();
            if (excluded.Count > 0)
            {
                return $"it excludes resources ({string.Join(", ", excluded)})";
            }

            return policy.Get("conditions.applications.applicationFilter.rule")?.ValueKind == JsonValueKind.String
                ? "it narrows the resources with an application filter"
                : null;
        }

        /// <summary>
        /// Why the policy does not cover the agent identity (null when it does): the agent must be included (All or its
        /// id), not excluded by id, and no <c>agentIdServicePrincipalFilter</c> may decide its scope.
        /// </summary>
        public static string? AgentIdentityGap(JsonElement policy, string agentId)
        {
            if (policy.GetStrings("conditions.clientApplications.excludeAgentIdServicePrincipals").Any(i => i.EqualsIgnoreCase(agentId)))
            {
                return "it excludes the agent by id";
            }

            var filterMode = FilterMode(policy);
            if (filterMode.EqualsIgnoreCase("exclude"))
            {
                return "it excludes agents through agentIdServicePrincipalFilter (custom security attributes), which cannot be evaluated offline";
            }

            var included = policy.GetStrings("conditions.clientApplications.includeAgentIdServicePrincipals").ToList();
            if (included.Any(i => i.EqualsIgnoreCase("All") || i.EqualsIgnoreCase(agentId)))
            {
                return null;
            }

            return filterMode.EqualsIgnoreCase("include")
                ? "it selects agents only through agentIdServicePrincipalFilter (custom security attributes), which cannot be evaluated offline"
                : "it does not include the agent";
        }

        /// <summary>The targeting of all agent identities, or why not: includes All and excludes none, by id or by filter.</summary>
        public static string? AllAgentIdentitiesGap(JsonElement policy)
        {
            if (!policy.GetStrings("conditions.clientApplications.includeAgentIdServicePrincipals").Any(i => i.EqualsIgnoreCase("All")))
            {
                return FilterMode(policy).EqualsIgnoreCase("include")
                    ? "it selects agents only through agentIdServicePrincipalFilter"
                    : "it does not include All agent identities";
            }

            var excluded = policy.GetStrings("conditions.clientApplications.excludeAgentIdServicePrincipals").ToList();
            if (excluded.Count > 0)
            {
                return $"it excludes {excluded.Count} agent identit{(excluded.Count == 1 ? "y" : "ies")}";
            }

            return FilterMode(policy).EqualsIgnoreCase("exclude") ? "it excludes agents through agentIdServicePrincipalFilter" : null;
        }

        /// <summary>The targeting of all agent users, or why not: includeUsers holds AllAgentIdUsers and nothing is excluded.</summary>
        public static string? AllAgentUsersGap(JsonElement policy)
        {
            if (!policy.GetStrings("conditions.users.includeUsers").Any(u => u.EqualsIgnoreCase(AllAgentIdUsers)))
            {
                return "it does not include AllAgentIdUsers";
            }

            var exclusions = new[] { "excludeUsers", "excludeGroups", "excludeRoles" }
                .SelectMany(p => policy.GetStrings("conditions.users." + p))
                .ToList();
            return exclusions.Count > 0 ? $"it excludes {exclusions.Count} user, group or role entr{(exclusions.Count == 1 ? "y" : "ies")}" : null;
        }

        /// <summary>Enforced, blocking and for all resources, or why not.</summary>
        public static string? EnforcedBlockGap(JsonElement policy)
        {
            if (!IsEnforced(policy))
            {
                return $"its state is {policy.GetString("state") ?? "absent"}, not enabled";
            }

            if (!Blocks(policy))
            {
                return "its grant control is not block";
            }

            return ResourceGap(policy);
        }

        /// <summary>Evidence text: each policy named with the reason it does not count, or "counts".</summary>
        public static string Describe(IEnumerable<(JsonElement Policy, string? Gap)> policies) =>
            JsonText.StringArray(policies.Select(p => NameOf(p.Policy) + ": " + (p.Gap ?? "counts")));

        private static string? FilterMode(JsonElement policy)
        {
            var rule = policy.GetString("conditions.clientApplications.agentIdServicePrincipalFilter.rule");
            return string.IsNullOrWhiteSpace(rule) ? null : policy.GetString("conditions.clientApplications.agentIdServicePrincipalFilter.mode") ?? "include";
        }
    }
}
