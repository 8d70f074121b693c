using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Every model deployment filters hate, sexual, violence and self-harm content in prompts and completions.</summary>
    public sealed class AiDeploymentHarmFilters : RaiPolicyControl
    {
        private static readonly string[] Categories = { "Hate", "Sexual", "Violence", "Selfharm" };
        private static readonly string[] Sources = { "Prompt", "Completion" };
        private static readonly string[] AcceptedThresholds = { "Low", "Medium" };

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-031",
            Title = "Model deployments block harmful content in prompts and completions",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Azure OpenAI / AI Services model deployment uses an RAI policy whose Hate, Sexual, Violence and Selfharm filters are enabled and blocking for both Prompt and Completion, at severityThreshold Low or Medium. Built-in policies not present in the snapshot are reported as Warning.",
            Rationale = """
            Harm filters are the last check between a manipulated model and the user or the downstream tool. A filter that only annotates, or blocks only High severity, lets a jailbroken or poisoned model hand harmful output to people and agents.
            """,
            Checks = """
            Reads every `Microsoft.CognitiveServices/accounts/deployments` and the account's `Microsoft.CognitiveServices/accounts/raiPolicies` (api-version 2025-06-01), nested or separate, linked by resource id.

            1. `properties.raiPolicyName` absent → **Fail**; built-in (`Microsoft.*`) or custom policy not in the snapshot → **Warning** (never assumed).
            2. The policy's `properties.mode` is `Asynchronous_filter` (or `Deferred`, its name before 2025-06-01) → **Fail**: content reaches the caller before the filters judge it, so nothing is blocked.
            3. In the policy's `properties.contentFilters[]`, for each category `Hate`, `Sexual`, `Violence`, `Selfharm` (names compared without case, spaces, hyphens, underscores: `Self_harm` matches) and each `source` `Prompt` and `Completion`:
               - the item exists, `enabled == true`, `blocking == true`,
               - `severityThreshold` is `Low` or `Medium` (a filter at `High` lets medium-severity content through; the choice of Medium as the weakest accepted threshold is ZeroTrustAI's judgement).
            - Pass: all eight items qualify. Fail: the reason lists every category/source that does not.
            - Target: the deployment.
            """,
            Remediation = """
            - Portal (Azure AI Foundry): Guardrails + controls > Content filters > edit > Input filter and Output filter: Hate, Sexual, Violence, Self-harm = **Annotate and block** at threshold **Medium** (or Low); assign the filter to each deployment.
            - Bicep:

            ```bicep
            resource policy 'Microsoft.CognitiveServices/accounts/raiPolicies@2025-06-01' = {
              parent: account
              name: 'cf-strict'
              properties: {
                basePolicyName: 'Microsoft.DefaultV2'
                mode: 'Blocking'
                contentFilters: [
                  { name: 'Hate', source: 'Prompt', severityThreshold: 'Medium', enabled: true, blocking: true }
                  { name: 'Sexual', source: 'Prompt', severityThreshold: 'Medium', enabled: true, blocking: true }
                  { name: 'Violence', source: 'Prompt', severityThreshold: 'Medium', enabled: true, blocking: true }
                  { name: 'Selfharm', source: 'Prompt', severityThreshold: 'Medium', enabled: true, blocking: true }
                  { name: 'Hate', source: 'Completion', severityThreshold: 'Medium', enabled: true, blocking: true }
                  { name: 'Sexual', source: 'Completion', severityThreshold: 'Medium', enabled: true, blocking: true }
                  { name: 'Violence', source: 'Completion', severityThreshold: 'Medium', enabled: true, blocking: true }
                  { name: 'Selfharm', source: 'Completion', severityThreshold: 'Medium', enabled: true, blocking: true }
                ]
              }
            }
            ```

            Then set `properties.raiPolicyName: 'cf-strict'` on each deployment.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-services/openai/concepts/content-filter",
                "https://learn.microsoft.com/azure/ai-services/openai/how-to/content-filters",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_072", "AI_105" },
                owaspLlm: new[] { "LLM05:2025 Improper Output Handling" }),
        };

        protected override string Requirement => "blocking harm filters on prompts and completions";

        protected override Finding JudgePolicy(ArmResource deployment, ArmResource policy, string policyName, Evidence nameEvidence)
        {
            var filters = policy.Raw.GetArray("properties.contentFilters").ToList();
            var problems = new List<string>();
            foreach (var source in Sources)
            {
                foreach (var category in Categories)
                {
                    var problem = ProblemOf(filters, category, source);
                    if (problem != null)
                    {
                        problems.Add($"{category}/{source} {problem}");
                    }
                }
            }

            var evidence = new Evidence(
                $"raiPolicies/{policy.Name}.properties.contentFilters",
                policy.Raw.GetRawText("properties.contentFilters"),
                "Hate, Sexual, Violence, Selfharm for Prompt and Completion: enabled, blocking, severityThreshold Low or Medium");
            return problems.Count == 0
                ? Pass(deployment, $"RAI policy '{policyName}' blocks harmful content in prompts and completions at Medium or lower.", nameEvidence, evidence)
                : Fail(deployment, $"RAI policy '{policyName}' lets harmful content through: {string.Join("; ", problems)}.", nameEvidence, evidence);
        }

        private static string? ProblemOf(List<JsonElement> filters, string category, string source)
        {
            var key = Normalize(category);
            var filter = filters.FirstOrDefault(f => Normalize(f.GetString("name")) == key && f.GetString("source").EqualsIgnoreCase(source));
            if (filter.ValueKind != JsonValueKind.Object)
            {
                return "missing";
            }

            if (filter.GetBool("enabled") != true)
            {
                return "not enabled";
            }

            if (filter.GetBool("blocking") != true)
            {
                return "not blocking";
            }

            var threshold = filter.GetString("severityThreshold");
            return AcceptedThresholds.Any(t => t.EqualsIgnoreCase(threshold))
                ? null
                : $"threshold {threshold ?? "absent"}";
        }
    }
}
