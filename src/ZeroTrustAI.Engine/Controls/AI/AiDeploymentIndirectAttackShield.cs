using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Every model deployment blocks indirect prompt injection hidden in grounding documents and tool output.</summary>
    public sealed class AiDeploymentIndirectAttackShield : RaiPolicyFilterControl
    {
        protected override string FilterName => "Indirect Attack";

        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-AI-023",
            Title = "Model deployments block indirect prompt injection (XPIA)",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Azure OpenAI / AI Services model deployment uses an RAI policy whose 'Indirect Attack' filter on prompts is enabled and blocking. Built-in policies not present in the snapshot are reported as Warning.",
            Rationale = "Retrieval-augmented apps and agents feed the model text nobody reviewed: web pages, mails, documents, tool results. Instructions hidden there (cross-prompt injection) can make the model leak data or call tools. The Prompt Shields indirect-attack filter detects such embedded instructions in documents marked up by the app.",
            Remediation = "In the content filter (RAI policy) enable 'Prompt shields for indirect attacks' with Annotate and block (contentFilters { name: 'Indirect Attack', source: 'Prompt', enabled: true, blocking: true }), assign it to each deployment, and have the app pass grounding data as documents so the shield can inspect them.",
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-services/openai/concepts/content-filter",
                "https://learn.microsoft.com/azure/ai-services/content-safety/concepts/jailbreak-detection",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_072" },
                OwaspLlm = new[] { "LLM01:2025 Prompt Injection" },
            },
            RequiredData = new[] { DataSets.Arm(AiResourceTypes.Deployment), DataSets.Arm(AiResourceTypes.RaiPolicy) },
        };
    }
}
