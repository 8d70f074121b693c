using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Every model deployment's RAI policy has one filter (a Prompt Shield, protected material) enabled and blocking.</summary>
    public abstract class RaiPolicyFilterControl : RaiPolicyControl
    {
        /// <summary>The filter's display name as in the API, e.g. "Jailbreak".</summary>
        protected abstract string FilterName { get; }

        /// <summary>The content the filter reads: <c>Prompt</c> (Prompt Shields) or <c>Completion</c> (protected material).</summary>
        protected virtual string FilterSource => "Prompt";

        protected override string Requirement => $"a blocking {FilterName} filter";

        /// <summary>How a prompt-filter control is checked: the same for every Prompt Shield but the filter's name (Markdown).</summary>
        /// <param name="filterName">The filter's name in the API, e.g. "Jailbreak".</param>
        /// <param name="spellings">The spellings that match, in Markdown, e.g. "`Jailbreak` and `jailbreak`".</param>
        /// <param name="source">The filter's `source`: Prompt or Completion.</param>
        protected static string ChecksFor(string filterName, string spellings, string source = "Prompt") => $$"""
            Reads every `Microsoft.CognitiveServices/accounts/deployments` and the account's `Microsoft.CognitiveServices/accounts/raiPolicies` (api-version 2025-06-01). Deployments and policies may be nested in the account's `resources: [...]` or collected as separate objects; they are linked by resource id.

            1. `properties.raiPolicyName` of the deployment. Absent → **Fail** (the filter cannot be confirmed).
            2. The policy `<account id>/raiPolicies/<raiPolicyName>` is looked up in the snapshot.
               - Not present and the name starts with `Microsoft.` (built-in `Microsoft.Default`, `Microsoft.DefaultV2`) → **Warning**: built-in policies are often not returned by the raiPolicies list, and their filters are never assumed.
               - Not present, custom name → **Warning** (policy not collected).
            3. The policy's `properties.mode` is `Asynchronous_filter` (or `Deferred`, its name before 2025-06-01) → **Fail**: content reaches the caller before the filters judge it, so no filter blocks, whatever its `blocking` flag says.
            4. In `properties.contentFilters[]` the item whose `name` equals `{{filterName}}` (compared without case, spaces, hyphens and underscores, so {{spellings}} all match) and whose `source` is `{{source}}`.
               - Pass: `enabled == true` and `blocking == true`.
               - Fail: no such item, `enabled` false, or `blocking` false (annotate only).
            - Target: the deployment (the policy protects only the deployments that use it).
            """;

        /// <summary>How to make a deployment's policy block with one Prompt Shield (Markdown).</summary>
        /// <param name="filterName">The filter's name in the API, e.g. "Jailbreak".</param>
        /// <param name="portalSwitch">The switch's label in the Foundry portal's input filter.</param>
        protected static string RemediationFor(string filterName, string portalSwitch) => $$"""
            - Portal (Azure AI Foundry): Guardrails + controls > Content filters > create or edit a filter > Input filter > {{portalSwitch}} = **Annotate and block**; then Deployments > edit > Content filter = that filter.
            - CLI (REST):

            ```bash
            az rest --method put \
              --url "https://management.azure.com<account-id>/raiPolicies/cf-strict?api-version=2025-06-01" \
              --body @cf-strict.json
            # then PUT each deployment with properties.raiPolicyName = "cf-strict" (same body otherwise)
            ```

            - Bicep:

            ```bicep
            resource policy 'Microsoft.CognitiveServices/accounts/raiPolicies@2025-06-01' = {
              parent: account
              name: 'cf-strict'
              properties: {
                basePolicyName: 'Microsoft.DefaultV2'
                mode: 'Blocking'
                contentFilters: [
                  { name: '{{filterName}}', source: 'Prompt', enabled: true, blocking: true }
                  // plus the Hate/Sexual/Violence/Selfharm filters for Prompt and Completion
                ]
              }
            }

            resource deployment 'Microsoft.CognitiveServices/accounts/deployments@2025-06-01' = {
              parent: account
              name: 'gpt-4o'
              sku: { name: 'GlobalStandard', capacity: 100 }
              properties: {
                model: { format: 'OpenAI', name: 'gpt-4o', version: '2024-11-20' }
                raiPolicyName: policy.name
              }
            }
            ```

            A deployment on a built-in policy gets a Warning until the policy object is in the snapshot; assigning a custom policy makes the check definite.
            """;

        protected override Finding JudgePolicy(ArmResource deployment, ArmResource policy, string policyName, Evidence nameEvidence)
        {
            var key = Normalize(FilterName);
            var filter = policy.Raw.GetArray("properties.contentFilters")
                .FirstOrDefault(f => Normalize(f.GetString("name")) == key && f.GetString("source").EqualsIgnoreCase(FilterSource));
            var filterPath = $"raiPolicies/{policy.Name}.properties.contentFilters[name={FilterName},source={FilterSource}]";
            var filterEvidence = new Evidence(filterPath, filter.ValueKind == JsonValueKind.Object ? filter.GetRawText() : null, "{\"enabled\": true, \"blocking\": true}");
            if (filter.ValueKind != JsonValueKind.Object)
            {
                return Fail(deployment, $"RAI policy '{policyName}' has no {FilterName} filter on {FilterSource.ToLowerInvariant()}s.", nameEvidence, filterEvidence);
            }

            var enabled = filter.GetBool("enabled") == true;
            var blocking = filter.GetBool("blocking") == true;
            if (enabled && blocking)
            {
                return Pass(deployment, $"RAI policy '{policyName}' blocks {FilterSource.ToLowerInvariant()}s flagged by the {FilterName} filter.", nameEvidence, filterEvidence);
            }

            var problem = !enabled ? "is not enabled" : "is enabled but not blocking (annotate only)";
            return Fail(deployment, $"RAI policy '{policyName}': the {FilterName} filter {problem}.", nameEvidence, filterEvidence);
        }
    }
}
