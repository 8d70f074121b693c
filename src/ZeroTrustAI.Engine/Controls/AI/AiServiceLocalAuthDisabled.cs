using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Azure OpenAI / AI Services accounts accept only Entra ID tokens, not keys.</summary>
    public sealed class AiServiceLocalAuthDisabled : Control
    {
        internal const string AccountType = "Microsoft.CognitiveServices/accounts";

        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-AI-020",
            Title = "AI services accept Entra ID only (local key auth disabled)",
            Pillar = Pillar.AI,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.High,
            Description = "Every Azure OpenAI, AI Services and other Cognitive Services account has properties.disableLocalAuth set to true.",
            Rationale = "An API key is a bearer secret with no identity, no Conditional Access and no per-caller audit trail. A key leaked from an agent's configuration or a prompt-injected tool call gives full model access to anyone who holds it.",
            Remediation = "Move every caller to Microsoft Entra ID (managed identities with the Cognitive Services OpenAI User or Cognitive Services User role), then set properties.disableLocalAuth to true (Bicep/ARM, or az resource update --ids <account id> --set properties.disableLocalAuth=true) and regenerate both keys.",
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-services/disable-local-auth",
                "https://learn.microsoft.com/azure/ai-services/openai/how-to/managed-identity",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_000" },
                Mcsb = new[] { "IM-1", "IM-3" },
                OwaspLlm = new[] { "LLM02:2025 Sensitive Information Disclosure" },
            },
            RequiredData = new[] { DataSets.Arm(AccountType) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot) =>
            CheckEach(
                snapshot.ResourcesOfType(AccountType),
                "properties.disableLocalAuth",
                "true",
                account => account.GetBool("properties.disableLocalAuth") == true,
                account => $"{account.Kind ?? "Cognitive Services"} account accepts Entra ID tokens only.",
                account => $"{account.Kind ?? "Cognitive Services"} account accepts API keys: disableLocalAuth is not true.");
    }
}
