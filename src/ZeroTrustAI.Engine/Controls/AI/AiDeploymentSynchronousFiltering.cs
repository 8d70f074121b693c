using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Every model deployment's RAI policy filters content before it is returned (not in asynchronous mode).</summary>
    public sealed class AiDeploymentSynchronousFiltering : RaiPolicyControl
    {
        protected override string Requirement => "filtering that judges content before it is returned";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-152",
            Title = "Model deployments filter content before it is returned (no asynchronous filter)",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every Azure OpenAI / AI Services model deployment uses an RAI policy whose mode is not Asynchronous_filter (called Deferred before api-version 2025-06-01). In asynchronous mode streamed content reaches the caller before the filters judge it, so no filter of the policy blocks anything.",
            Rationale = """
            Asynchronous filtering trades safety for latency: completion tokens are streamed to the caller at once and the filters run afterwards, only annotating what already left. A jailbreak that succeeds, harmful output or protected material is delivered to the user or to the agent's next tool call before any filter can stop it. Every filter of the policy reads "blocking" while nothing is blocked, which is why ZeroTrustAI fails the content-filter controls (ZTAI-AI-022, -023, -031, -153, -154, -155) on such a policy too.
            """,
            Checks = """
            Reads every `Microsoft.CognitiveServices/accounts/deployments` and the account's `Microsoft.CognitiveServices/accounts/raiPolicies` (api-version 2025-06-01), nested or separate, linked by resource id.

            1. `properties.raiPolicyName` of the deployment absent → **Fail**; built-in (`Microsoft.*`) or custom policy not in the snapshot → **Warning** (never assumed).
            2. The policy's `properties.mode` (enum `Default`, `Deferred`, `Blocking`, `Asynchronous_filter`; the API documents `Deferred` as the pre-2025-06-01 name of `Asynchronous_filter`):
               - `Asynchronous_filter` or `Deferred` (compared without case) → **Fail**.
               - `Default`, `Blocking`, or absent (the enum's value 0 is `Default`) → **Pass**.
            - Target: the deployment.
            """,
            Remediation = """
            - Portal (Azure AI Foundry): Guardrails + controls > Content filters > edit the filter > Output filter > Streaming mode = **Default** (not Asynchronous Filter).
            - CLI: PUT the policy with `properties.mode` `Blocking` (the failed result's fix writes the whole policy body):

            ```bash
            az rest --method put \
              --url "https://management.azure.com<account-id>/raiPolicies/<policy>?api-version=2025-06-01" \
              --body @policy-blocking.json
            ```

            - Bicep: `mode: 'Blocking'` on the `Microsoft.CognitiveServices/accounts/raiPolicies@2025-06-01` resource.

            Keep asynchronous filtering only for deployments whose output goes to people who may see unfiltered content, and record why.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-services/openai/concepts/content-streaming",
                "https://learn.microsoft.com/azure/ai-services/openai/how-to/content-filters",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_072", "AI_105" },
                owaspLlm: new[] { "LLM01:2025 Prompt Injection", "LLM05:2025 Improper Output Handling" },
                azurePolicy: new[] { "c1ad46c6-37f8-4af0-9c71-c208375c87dd" }),
        };

        // The base fails asynchronous policies before this runs: what reaches here filters synchronously.
        protected override Finding JudgePolicy(ArmResource deployment, ArmResource policy, string policyName, Evidence nameEvidence) =>
            Pass(
                deployment,
                $"RAI policy '{policyName}' filters content before it is returned (mode {policy.GetString(ModePath) ?? "absent: Default"}).",
                nameEvidence,
                Observed(policy, ModePath, "\"Default\" or \"Blocking\""));
    }
}
