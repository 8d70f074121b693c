using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Every model deployment blocks completions that reproduce protected text (lyrics, articles, recipes, ...).</summary>
    public sealed class AiDeploymentProtectedMaterialText : RaiPolicyFilterControl
    {
        protected override string FilterName => "Protected Material Text";

        protected override string FilterSource => "Completion";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-153",
            Title = "Model deployments block protected text in completions",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Azure OpenAI / AI Services model deployment uses an RAI policy, filtering synchronously, whose Protected Material Text filter on completions is enabled and blocking. Built-in policies not present in the snapshot are reported as Warning.",
            Rationale = """
            A model can be steered, directly or through injected content, into reproducing copyrighted or licensed text verbatim. Output that an agent then publishes, mails or stores makes the organisation the distributor. The protected material filter recognises known text and stops the completion, but only when it blocks rather than annotates.
            """,
            Checks = ChecksFor("Protected Material Text", "`Protected Material Text` and `protected_material_text`", "Completion"),
            Remediation = RemediationFor("Protected Material Text", "Output filter > Protected material for text"),
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-services/openai/concepts/content-filter",
                "https://learn.microsoft.com/azure/ai-services/content-safety/concepts/protected-material",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_072", "AI_105" },
                owaspLlm: new[] { "LLM05:2025 Improper Output Handling" },
                azurePolicy: new[] { "af253d37-136a-42f8-a1fc-30010c083d41" }),
        };
    }
}
