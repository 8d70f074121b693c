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
            Checks = ChecksFor("Indirect Attack", "`Indirect Attack`, `indirect_attack` and `IndirectAttack`") + """


            The filter name `Indirect Attack` comes from the allowed values of the built-in Azure Policy definition f3a9c2e0, not from REST examples; verify against a live tenant.
            """,
            Remediation = RemediationFor("Indirect Attack", "Prompt shields for indirect attacks") + """


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
