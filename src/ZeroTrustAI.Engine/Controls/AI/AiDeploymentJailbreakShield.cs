using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Every model deployment blocks jailbreak attempts with Prompt Shields.</summary>
    public sealed class AiDeploymentJailbreakShield : RaiPolicyFilterControl
    {
        protected override string FilterName => "Jailbreak";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-022",
            Title = "Model deployments block jailbreak attempts (Prompt Shields)",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every Azure OpenAI / AI Services model deployment uses an RAI policy whose Jailbreak filter on prompts is enabled and blocking. Built-in policies not present in the snapshot are reported as Warning, not assumed safe.",
            Rationale = """
            A jailbreak prompt talks the model out of its system instructions and safety behaviour. For an agent with tools this turns a chat into unauthorised actions. Prompt Shields stops known jailbreak patterns before the model sees them, but only when the filter blocks rather than annotates.
            """,
            Checks = ChecksFor("Jailbreak", "`Jailbreak`, `jailbreak` and `JAILBREAK`"),
            Remediation = RemediationFor("Jailbreak", "Prompt shields for jailbreak attacks"),
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-services/openai/concepts/content-filter",
                "https://learn.microsoft.com/azure/ai-services/openai/how-to/content-filters",
                "https://learn.microsoft.com/azure/ai-services/content-safety/concepts/jailbreak-detection",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_072", "AI_105" },
                owaspLlm: new[] { "LLM01:2025 Prompt Injection" }),
        };
    }
}
