using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Every model deployment's RAI policy has one prompt filter (a Prompt Shield) enabled and blocking.</summary>
    public abstract class RaiPolicyFilterControl : RaiPolicyControl
    {
        /// <summary>The filter's display name as in the API, e.g. "Jailbreak".</summary>
        protected abstract string FilterName { get; }

        protected override string Requirement => $"a blocking {FilterName} filter";

        protected override Finding JudgePolicy(ArmResource deployment, ArmResource policy, string policyName, Evidence nameEvidence)
        {
            var key = Normalize(FilterName);
            var filter = policy.Raw.GetArray("properties.contentFilters")
                .FirstOrDefault(f => Normalize(f.GetString("name")) == key && f.GetString("source").EqualsIgnoreCase("Prompt"));
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

            var problem = !enabled ? "is not enabled" : "is enabled but not blocking (annotate only)";
            return Fail(deployment, $"RAI policy '{policyName}': the {FilterName} filter {problem}.", nameEvidence, filterEvidence);
        }
    }
}
