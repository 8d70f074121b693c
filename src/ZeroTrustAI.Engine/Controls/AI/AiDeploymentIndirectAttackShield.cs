using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Every model deployment blocks indirect prompt injection hidden in grounding documents and tool output.</summary>
    public sealed class AiDeploymentIndirectAttackShield : RaiPolicyFilterControl
    {
        protected override string FilterName => "Indirect Attack";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-023",
            Title = "Model deployments block indirect prompt injection (XPIA)",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Azure OpenAI / AI Services model deployment uses an RAI policy whose 'Indirect Attack' filter on prompts is enabled and blocking. Built-in policies not present in the snapshot are reported as Warning.",
            Rationale = """
            Retrieval-augmented apps and agents feed the model text nobody reviewed: web pages, mails, documents, tool results. Instructions hidden there (cross-prompt injection) can make the model leak data or call tools. The Prompt Shields indirect-attack filter detects such embedded instructions in documents marked up by the app.
            """,
            Checks = """
            Reads every `Microsoft.CognitiveServices/accounts/deployments` and the account's `Microsoft.CognitiveServices/accounts/raiPolicies` (api-version 2025-06-01). Deployments and policies may be nested in the account's `resources: [...]` or collected as separate objects; they are linked by resource id.

            1. `properties.raiPolicyName` of the deployment. Absent → **Fail** (the filter cannot be confirmed).
            2. The policy `<account id>/raiPolicies/<raiPolicyName>` is looked up in the snapshot.
               - Not present and the name starts with `Microsoft.` (built-in `Microsoft.Default`, `Microsoft.DefaultV2`) → **Warning**: built-in policies are often not returned by the raiPolicies list, and their filters are never assumed.
               - Not present, custom name → **Warning** (policy not collected).
            3. In `properties.contentFilters[]` the item whose `name` equals `Indirect Attack` (compared without case, spaces, hyphens and underscores, so `Indirect Attack`, `indirect_attack` and `IndirectAttack` all match) and whose `source` is `Prompt`.
               - Pass: `enabled == true` and `blocking == true`.
               - Fail: no such item, `enabled` false, or `blocking` false (annotate only).
            - Target: the deployment (the policy protects only the deployments that use it).

            The filter name `Indirect Attack` comes from the allowed values of the built-in Azure Policy definition f3a9c2e0, not from REST examples; verify against a live tenant.
            """,
            Remediation = """
            - Portal (Azure AI Foundry): Guardrails + controls > Content filters > create or edit a filter > Input filter > Prompt shields for indirect attacks = **Annotate and block**; then Deployments > edit > Content filter = that filter.
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
                  { name: 'Indirect Attack', source: 'Prompt', enabled: true, blocking: true }
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

            The shield only inspects text the application passes as documents, so RAG apps must mark grounding data accordingly.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-services/openai/concepts/content-filter",
                "https://learn.microsoft.com/azure/ai-services/content-safety/concepts/jailbreak-detection",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_072" },
                owaspLlm: new[] { "LLM01:2025 Prompt Injection" }),
        };
    }
}
