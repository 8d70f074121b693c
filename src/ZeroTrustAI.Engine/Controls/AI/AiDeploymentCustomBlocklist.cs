using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Every model deployment's RAI policy applies at least one custom blocklist that blocks.</summary>
    public sealed class AiDeploymentCustomBlocklist : RaiPolicyControl
    {
        private const string BlocklistsPath = "properties.customBlocklists";

        /// <summary>The blocklist a fix creates and attaches when the policy has none that blocks.</summary>
        private const string FixBlocklistName = "bl-ztai-organisation";

        protected override string Requirement => "a blocking custom blocklist";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-155",
            Title = "Model deployments apply a blocking custom blocklist",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Low,
            Description = "Every Azure OpenAI / AI Services model deployment uses an RAI policy, filtering synchronously, that applies at least one custom blocklist (properties.customBlocklists) with blocking true, so the organisation's own forbidden terms (project code names, customer identifiers, internal hostnames) are stopped in prompts or completions.",
            Rationale = """
            The built-in filters know harm categories and attacks, not the organisation. A blocklist is the only content-filter control that names what must never reach or leave a model in this tenant: secret project names, customer numbers, internal endpoints an agent must not be talked into calling. Without one, a prompt-injected agent can be asked for exactly those.
            """,
            Checks = """
            Reads every `Microsoft.CognitiveServices/accounts/deployments` and the account's `Microsoft.CognitiveServices/accounts/raiPolicies` (api-version 2025-06-01), nested or separate, linked by resource id.

            1. `properties.raiPolicyName` absent → **Fail**; built-in (`Microsoft.*`, which carry no custom blocklists) or custom policy not in the snapshot → **Warning**.
            2. The policy's `properties.mode` is `Asynchronous_filter` or `Deferred` → **Fail** (nothing blocks in asynchronous mode).
            3. `properties.customBlocklists[]` (items `blocklistName`, `source` `Prompt`/`Completion`, `blocking`):
               - Pass: at least one item with `blocking == true`.
               - Fail: the list is absent or empty, or no item blocks (annotate only).
            - The blocklist's items (`raiBlocklists/<name>/raiBlocklistItems`) are not read: what a list should contain is the organisation's decision.
            - Target: the deployment.
            """,
            Remediation = """
            - Portal (Azure AI Foundry): Guardrails + controls > Blocklists > create a list and add terms or regular expressions; then Content filters > edit the filter > Input filter and Output filter > Blocklist = the list, **blocking**.
            - CLI:

            ```bash
            az rest --method put \
              --url "https://management.azure.com<account-id>/raiBlocklists/bl-organisation?api-version=2025-06-01" \
              --body '{"properties":{"description":"Terms that must never reach or leave a model"}}'
            # add the policy's customBlocklists items, then PUT the policy (the failed result's fix writes the whole body)
            ```

            - Bicep:

            ```bicep
            resource blocklist 'Microsoft.CognitiveServices/accounts/raiBlocklists@2025-06-01' = {
              parent: account
              name: 'bl-organisation'
              properties: { description: 'Terms that must never reach or leave a model' }
            }
            // in the raiPolicies resource:
            //   customBlocklists: [
            //     { blocklistName: blocklist.name, source: 'Prompt', blocking: true }
            //     { blocklistName: blocklist.name, source: 'Completion', blocking: true }
            //   ]
            ```
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-services/openai/how-to/use-blocklists",
                "https://learn.microsoft.com/azure/ai-services/openai/concepts/content-filter",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_072", "AI_105" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure", "LLM01:2025 Prompt Injection" }),
        };

        protected override Finding JudgePolicy(ArmResource deployment, ArmResource policy, string policyName, Evidence nameEvidence)
        {
            var evidence = Observed(policy, BlocklistsPath, "at least one item with \"blocking\": true");
            var lists = policy.Raw.GetArray(BlocklistsPath).ToList();
            var blocking = lists.Where(l => l.GetBool("blocking") == true).Select(l => l.GetString("blocklistName") ?? "(unnamed)").Distinct().ToList();
            if (blocking.Count > 0)
            {
                return Pass(deployment, $"RAI policy '{policyName}' blocks with custom blocklist(s) {string.Join(", ", blocking.Select(n => "'" + n + "'"))}.", nameEvidence, evidence);
            }

            return Fail(
                deployment,
                lists.Count == 0
                    ? $"RAI policy '{policyName}' applies no custom blocklist."
                    : $"RAI policy '{policyName}' applies {lists.Count} custom blocklist(s), none blocking (annotate only).",
                nameEvidence,
                evidence);
        }

        protected override void Strengthen(JsonObject properties)
        {
            var lists = properties["customBlocklists"] as JsonArray ?? new JsonArray();
            foreach (var item in lists.OfType<JsonObject>())
            {
                item["blocking"] = true;
            }

            if (lists.Count == 0)
            {
                lists.Add(new JsonObject { ["blocklistName"] = FixBlocklistName, ["source"] = "Prompt", ["blocking"] = true });
                lists.Add(new JsonObject { ["blocklistName"] = FixBlocklistName, ["source"] = "Completion", ["blocking"] = true });
            }

            properties["customBlocklists"] = lists;
        }

        // A blocklist the policy names must exist; creating it empty is harmless and the terms are added afterwards.
        protected override IEnumerable<string> FixPrerequisites(string accountUrl, string apiVersion) => new[]
        {
            "az rest --method put --url " + Quote.Shell(accountUrl + "/raiBlocklists/" + FixBlocklistName + "?api-version=" + apiVersion)
                + " --body " + Quote.Shell("{\"properties\":{\"description\":\"Terms that must never reach or leave a model (add items)\"}}"),
        };
    }
}
