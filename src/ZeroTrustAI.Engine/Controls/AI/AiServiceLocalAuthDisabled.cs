using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Azure OpenAI / AI Services accounts accept only Entra ID tokens, not keys.</summary>
    public sealed class AiServiceLocalAuthDisabled : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-020",
            Title = "AI services accept Entra ID only (local key auth disabled)",
            Pillar = Pillar.AI,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.High,
            Description = "Every Azure OpenAI, AI Services and other Cognitive Services account has properties.disableLocalAuth set to true.",
            Rationale = """
            An API key is a bearer secret with no identity, no Conditional Access and no per-caller audit trail. A key leaked from an agent's configuration or a prompt-injected tool call gives full model access to anyone who holds it.
            """,
            Checks = """
            Reads every `Microsoft.CognitiveServices/accounts` (ARM GET, api-version 2025-06-01; any kind: OpenAI, AIServices, ContentSafety, ...).

            - Path: `properties.disableLocalAuth`.
            - Pass: the value is `true`.
            - Fail: `false` or absent (the service accepts keys by default).
            - Target: the account.
            """,
            Remediation = """
            - Portal: not exposed as a switch; use CLI, ARM or Bicep.
            - CLI: `az resource update --ids <account-id> --set properties.disableLocalAuth=true`
            - Bicep:

            ```bicep
            resource account 'Microsoft.CognitiveServices/accounts@2025-06-01' = {
              name: 'oai-contoso-prod'
              location: location
              kind: 'OpenAI'
              sku: { name: 'S0' }
              properties: {
                disableLocalAuth: true
              }
            }
            ```

            Move every caller to a managed identity with `Cognitive Services OpenAI User` first, then regenerate both keys.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-services/disable-local-auth",
                "https://learn.microsoft.com/azure/ai-services/openai/how-to/managed-identity",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_000" },
                mcsb: new[] { "IM-1", "IM-3" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure" }),
        };

        protected override string ResourceType => ResourceTypes.CognitiveServicesAccount;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.disableLocalAuth", "true") { Default = "false", AbsentMeans = "keys are on by default" },
        };

        protected override string PassText => "accepts Entra ID tokens only";

        protected override string FailText => "accepts API keys";

        protected override string Subject(ArmResource resource) => $"{resource.Kind ?? "Cognitive Services"} account";
    }
}
