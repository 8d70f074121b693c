using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>AI services accounts have a managed identity, so they reach storage, Key Vault and search without secrets.</summary>
    public sealed class AiServiceManagedIdentity : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-021",
            Title = "AI services accounts have a managed identity",
            Pillar = Pillar.AI,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.Medium,
            Description = "Every Azure OpenAI, AI Services and other Cognitive Services account has a system- or user-assigned managed identity (identity.type is SystemAssigned, UserAssigned or both).",
            Rationale = """
            Without a managed identity, an AI account that grounds on storage or search, or encrypts with a customer key, must hold connection strings or keys. Those secrets leak through configuration and agent tool calls; a managed identity is verified by Entra ID on every call and cannot be copied.
            """,
            Checks = """
            Reads every `Microsoft.CognitiveServices/accounts` (ARM GET, api-version 2025-06-01; any kind: OpenAI, AIServices, ContentSafety, ...).

            - Path: `identity.type`.
            - Pass: the value contains `SystemAssigned` or `UserAssigned` (`SystemAssigned, UserAssigned` with or without the space; compared without case).
            - Fail: `None` or absent.
            - Target: the account.
            """,
            Remediation = """
            - Portal: account > Resource Management > Identity > System assigned > On.
            - CLI: `az cognitiveservices account identity assign -n <account> -g <rg>`
            - Bicep: `identity: { type: 'SystemAssigned' }` on the `Microsoft.CognitiveServices/accounts` resource.

            Then grant the identity data-plane roles (e.g. `Search Index Data Reader`, `Storage Blob Data Reader`) on exactly the resources it uses.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-services/openai/how-to/managed-identity",
                "https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/overview",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_084" },
                mcsb: new[] { "IM-3" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure" }),
        };

        protected override string ResourceType => ResourceTypes.CognitiveServicesAccount;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            AiResourceTypes.ManagedIdentityExpectation(),
        };

        protected override string PassText => "has a managed identity";

        protected override string FailText => "has no managed identity";

        protected override string Subject(ArmResource resource) => $"{resource.Kind ?? "Cognitive Services"} account";
    }
}
