using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Every model deployment blocks completions that reproduce protected code (public repository code without its licence).</summary>
    public sealed class AiDeploymentProtectedMaterialCode : RaiPolicyFilterControl
    {
        protected override string FilterName => "Protected Material Code";

        protected override string FilterSource => "Completion";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-154",
            Title = "Model deployments block protected code in completions",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Azure OpenAI / AI Services model deployment uses an RAI policy, filtering synchronously, whose Protected Material Code filter on completions is enabled and blocking. Built-in policies not present in the snapshot are reported as Warning.",
            Rationale = """
            Coding agents and copilots commit what the model writes. A completion that reproduces code from a public repository brings its licence obligations (and sometimes its known vulnerabilities) into the organisation's code base unnoticed. The protected material filter for code recognises such code and stops the completion, but only when it blocks rather than annotates.
            """,
            Checks = ChecksFor("Protected Material Code", "`Protected Material Code` and `protected_material_code`", "Completion"),
            Remediation = RemediationFor("Protected Material Code", "Output filter > Protected material for code"),
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-services/openai/concepts/content-filter",
                "https://learn.microsoft.com/azure/ai-services/content-safety/concepts/protected-material?tabs=code",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_072", "AI_105" },
                owaspLlm: new[] { "LLM05:2025 Improper Output Handling" },
                azurePolicy: new[] { "af253d37-136a-42f8-a1fc-30010c083d41" }),
        };
    }
}
