using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>One link of a Global Secure Access policy into a security profile (networkAccess/filteringProfiles/{id}/policies).</summary>
    internal sealed class PolicyLink
    {
        public PolicyLink(JsonElement profile, JsonElement link, string? appliesBecause)
        {
            Profile = profile;
            Link = link;
            AppliesBecause = appliesBecause;
        }

        public JsonElement Profile { get; }

        public JsonElement Link { get; }

        /// <summary>Why the profile applies to traffic (baseline, or the enabled Conditional Access policies assigning it); null when it does not.</summary>
        public string? AppliesBecause { get; }

        public string ProfileName => Profile.GetString("name") ?? Profile.GetString("id") ?? "profile";

        /// <summary>A link's state has no documented default: only an explicit "enabled" counts.</summary>
        public bool IsEnabled => Link.GetString("state").EqualsIgnoreCase("enabled");

        public bool Applies => IsEnabled && AppliesBecause != null;

        public string Describe() =>
            $"{ProfileName} (link {Link.GetString("state") ?? "without state"}, " + (AppliesBecause ?? "profile applies to no traffic") + ")";
    }

    /// <summary>
    /// Global Secure Access security profiles (networkAccess/filteringProfiles, with their policy links and assigning
    /// Conditional Access policies) and what they apply. A profile applies when it is enabled and is either the baseline
    /// profile (priority 65000: all traffic, Copilot Studio agents' included) or assigned by an enabled Conditional Access
    /// policy (session control "Use Global Secure Access security profile"). A policy applies through an enabled link
    /// in such a profile.
    /// </summary>
    internal sealed class SecurityProfiles
    {
        /// <summary>The priority Global Secure Access gives the baseline profile, which applies to all traffic.</summary>
        public const long BaselinePriority = 65000;

        public const string ProfilesUri = GraphFixes.Beta + "networkAccess/filteringProfiles";

        /// <summary>The data every judgement through profiles reads.</summary>
        public static readonly IReadOnlyList<string> DataSets = new[] { GraphSetNames.FilteringProfiles, GraphSetNames.ConditionalAccessPolicies };

        private readonly IReadOnlyList<JsonElement> _profiles;
        private readonly Dictionary<string, JsonElement> _caPolicies;

        public SecurityProfiles(TenantSnapshot snapshot)
        {
            _profiles = snapshot.GraphItems(GraphSetNames.FilteringProfiles);
            _caPolicies = snapshot.GraphItems(GraphSetNames.ConditionalAccessPolicies)
                .Where(p => p.GetString("id") != null)
                .GroupBy(p => p.GetString("id")!, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        }

        public static bool IsBaseline(JsonElement profile) =>
            profile.Get("priority") is { ValueKind: JsonValueKind.Number } priority && priority.TryGetInt64(out var value) && value == BaselinePriority;

        /// <summary>Why the profile applies to traffic, or null: disabled, or neither baseline nor assigned by an enabled policy.</summary>
        public string? AppliesBecause(JsonElement profile)
        {
            if (!profile.GetString("state").EqualsIgnoreCase("enabled"))
            {
                return null;
            }

            if (IsBaseline(profile))
            {
                return "baseline profile";
            }

            var assigning = profile.GetArray("conditionalAccessPolicies")
                .Select(p => p.GetString("id"))
                .Where(id => id != null && _caPolicies.TryGetValue(id, out var policy) && policy.GetString("state").EqualsIgnoreCase("enabled"))
                .Select(id => _caPolicies[id!].GetString("displayName") ?? id!)
                .ToList();
            return assigning.Count == 0 ? null : "assigned by the enabled Conditional Access policy " + string.Join(", ", assigning);
        }

        /// <summary>Every link of the policy, in any profile. A link names its policy in the expanded <c>policy</c>.</summary>
        public IReadOnlyList<PolicyLink> LinksTo(string policyId) =>
            _profiles.SelectMany(profile => profile.GetArray("policies")
                    .Where(link => (link.GetString("policy.id") ?? string.Empty).EqualsIgnoreCase(policyId))
                    .Select(link => new PolicyLink(profile, link, AppliesBecause(profile))))
                .ToList();

        /// <summary>
        /// Makes a policy apply: enables its disabled link in a profile that applies, or else links it to the baseline
        /// profile (looked up when the script runs, since the snapshot may hold no baseline). <paramref name="policyIdExpression"/>
        /// is PowerShell: a quoted id, or the variable of a policy the script has just created.
        /// </summary>
        public static IEnumerable<string> ApplyLines(string policyIdExpression, string linkType, string policyType, IReadOnlyList<PolicyLink> links, bool ordered)
        {
            var disabled = links.FirstOrDefault(l => !l.IsEnabled && l.AppliesBecause != null);
            var profileId = disabled?.Profile.GetString("id");
            var linkId = disabled?.Link.GetString("id");
            if (profileId != null && linkId != null)
            {
                yield return GraphFixes.Comment($"Enable the link in '{disabled!.ProfileName}'.");
                yield return "Invoke-MgGraphRequest -Method PATCH -Uri " + Quote.PowerShell(ProfilesUri + "/" + profileId + "/policies/" + linkId) + " -Body @{ state = 'enabled' }";
                yield break;
            }

            yield return GraphFixes.Comment("Link the policy to the baseline profile (priority 65000), which applies to all traffic, agents' included.");
            yield return "$baseline = (Invoke-MgGraphRequest -Method GET -Uri " + Quote.PowerShell(ProfilesUri) + ").value | Where-Object { $_.priority -eq " + BaselinePriority + " } | Select-Object -First 1";
            yield return "$links = \"" + ProfilesUri + "/$($baseline.id)/policies\"";
            var priority = string.Empty;
            if (ordered)
            {
                // Filtering policy links are processed by priority: the new one goes after those already there.
                yield return "$priority = 100 + (@((Invoke-MgGraphRequest -Method GET -Uri $links).value | ForEach-Object { $_.priority }) + 0 | Measure-Object -Maximum).Maximum";
                priority = "; priority = $priority";
            }

            yield return "Invoke-MgGraphRequest -Method POST -Uri $links -Body @{ '@odata.type' = '#microsoft.graph.networkaccess." + linkType + "'; state = 'enabled'" + priority
                + "; policy = @{ '@odata.type' = '#microsoft.graph.networkaccess." + policyType + "'; id = " + policyIdExpression + " } }";
        }

        /// <summary>Evidence of where a policy is linked, against what would make it apply.</summary>
        public static Evidence LinkEvidence(string policyId, IReadOnlyList<PolicyLink> links) =>
            new Evidence("networkAccess/filteringProfiles.policies[policy.id=" + policyId + "]", Describe(links), "an enabled link in an enabled baseline profile or one assigned by an enabled Conditional Access policy");

        /// <summary>The profiles through which a policy applies, with why each applies.</summary>
        public static string AppliedThrough(IEnumerable<PolicyLink> applying) =>
            string.Join(", ", applying.Select(l => $"{l.ProfileName} ({l.AppliesBecause})"));

        public static string Describe(IReadOnlyList<PolicyLink> links) =>
            links.Count == 0 ? "linked to no security profile" : string.Join("; ", links.Select(l => l.Describe()));
    }
}
