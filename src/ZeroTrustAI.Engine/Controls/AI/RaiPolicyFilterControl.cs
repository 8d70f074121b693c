using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>
    /// The shared check behind the content-filter controls: every model deployment's RAI policy has a given prompt
    /// filter enabled and blocking. The target is the deployment, since the policy only protects what uses it.
    /// </summary>
    public abstract class RaiPolicyFilterControl : Control
    {
        private const string RaiPolicyNamePath = "properties.raiPolicyName";

        /// <summary>The filter's display name as in the API, e.g. "Jailbreak".</summary>
        protected abstract string FilterName { get; }

        /// <summary>The same name in lower case without spaces, hyphens or underscores, as API versions differ in format.</summary>
        private string FilterKey => Normalize(FilterName);

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var deployment in snapshot.ResourcesOfType(AiResourceTypes.Deployment))
            {
                yield return Judge(snapshot, deployment);
            }
        }

        private Finding Judge(TenantSnapshot snapshot, ArmResource deployment)
        {
            var policyName = deployment.GetString(RaiPolicyNamePath);
            var nameEvidence = Observed(deployment, RaiPolicyNamePath, "the name of a policy with a blocking " + FilterName + " filter");
            if (string.IsNullOrEmpty(policyName))
            {
                return Fail(deployment, $"Deployment names no RAI policy (raiPolicyName is absent), so its {FilterName} filter cannot be confirmed.", nameEvidence);
            }

            var policy = FindPolicy(snapshot, deployment, policyName!);
            if (policy == null)
            {
                // Built-in policies are often not returned by the raiPolicies list; never assume what they contain.
                return IsBuiltIn(policyName!)
                    ? Warn(deployment, $"Deployment uses the built-in RAI policy '{policyName}', which is not expanded in the snapshot; confirm its {FilterName} filter is enabled and blocking, or assign a custom policy.", nameEvidence)
                    : Warn(deployment, $"Deployment uses RAI policy '{policyName}', which is not in the snapshot; its {FilterName} filter cannot be confirmed.", nameEvidence);
            }

            var filter = policy.Raw.GetArray("properties.contentFilters").FirstOrDefault(IsPromptFilter);
            var filterPath = $"raiPolicies/{policy.Name}.properties.contentFilters[name={FilterName},source=Prompt]";
            var filterEvidence = new Evidence(filterPath, filter.ValueKind == JsonValueKind.Object ? filter.GetRawText() : null, "{\"enabled\": true, \"blocking\": true}");
            if (filter.ValueKind != JsonValueKind.Object)
            {
                return Fail(deployment, $"RAI policy '{policyName}' has no {FilterName} filter on prompts.", nameEvidence, filterEvidence);
            }

            var enabled = filter.GetBool("enabled") == true;
            var blocking = filter.GetBool("blocking") == true;
            if (enabled && blocking)
            {
                return Pass(deployment, $"RAI policy '{policyName}' blocks prompts flagged by the {FilterName} filter.", nameEvidence, filterEvidence);
            }

            var problem = !enabled
                ? "is not enabled"
                : "is enabled but not blocking (annotate only)";
            return Fail(deployment, $"RAI policy '{policyName}': the {FilterName} filter {problem}.", nameEvidence, filterEvidence);
        }

        private bool IsPromptFilter(JsonElement filter) =>
            Normalize(filter.GetString("name")) == FilterKey && filter.GetString("source").EqualsIgnoreCase("Prompt");

        /// <summary>The policy object: by id under the deployment's account, else by name among the account's children.</summary>
        private static ArmResource? FindPolicy(TenantSnapshot snapshot, ArmResource deployment, string policyName)
        {
            if (deployment.ParentId != null)
            {
                var byId = snapshot.GetResource(deployment.ParentId + "/raiPolicies/" + policyName);
                if (byId != null)
                {
                    return byId;
                }
            }

            return deployment.Parent?.ChildrenOfType(AiResourceTypes.RaiPolicy)
                .FirstOrDefault(p => AiResourceTypes.LastSegment(p.Name).EqualsIgnoreCase(policyName));
        }

        internal static bool IsBuiltIn(string policyName) =>
            policyName.StartsWith("Microsoft.", StringComparison.OrdinalIgnoreCase);

        internal static string Normalize(string? name) =>
            name == null
                ? string.Empty
                : new string(name.Where(c => c != ' ' && c != '_' && c != '-').ToArray()).ToUpperInvariant();
    }
}
