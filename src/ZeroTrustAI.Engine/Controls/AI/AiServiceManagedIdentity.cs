using System.Collections.Generic;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>AI services accounts have a managed identity, so they reach storage, Key Vault and search without secrets.</summary>
    public sealed class AiServiceManagedIdentity : Control
    {
        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-AI-021",
            Title = "AI services accounts have a managed identity",
            Pillar = Pillar.AI,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.Medium,
            Description = "Every Azure OpenAI, AI Services and other Cognitive Services account has a system- or user-assigned managed identity (identity.type is SystemAssigned, UserAssigned or both).",
            Rationale = "Without a managed identity, an AI account that grounds on storage or search, or encrypts with a customer key, must hold connection strings or keys. Those secrets leak through configuration and agent tool calls; a managed identity is verified by Entra ID on every call and cannot be copied.",
            Remediation = "Enable a system-assigned identity (az cognitiveservices account identity assign -n <account> -g <rg>) or attach a user-assigned identity, then grant it data-plane roles on the resources it uses and remove stored keys.",
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-services/openai/how-to/managed-identity",
                "https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/overview",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_084" },
                Mcsb = new[] { "IM-3" },
                OwaspLlm = new[] { "LLM02:2025 Sensitive Information Disclosure" },
            },
            RequiredData = new[] { DataSets.Arm(AiResourceTypes.Account) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot) =>
            CheckEach(
                snapshot.ResourcesOfType(AiResourceTypes.Account),
                "identity.type",
                "SystemAssigned, UserAssigned or both",
                account => HasManagedIdentity(account.GetString("identity.type")),
                account => $"{account.Kind ?? "Cognitive Services"} account has a {account.GetString("identity.type")} managed identity.",
                account => account.GetString("identity.type") == null
                    ? $"{account.Kind ?? "Cognitive Services"} account has no managed identity (identity is absent)."
                    : $"{account.Kind ?? "Cognitive Services"} account has no managed identity: identity.type is '{account.GetString("identity.type")}'.");

        /// <summary>Accepts 'SystemAssigned', 'UserAssigned' and 'SystemAssigned, UserAssigned' with or without the space.</summary>
        internal static bool HasManagedIdentity(string? identityType)
        {
            if (identityType == null)
            {
                return false;
            }

            foreach (var part in identityType.Split(','))
            {
                var kind = part.Trim();
                if (kind.EqualsIgnoreCase("SystemAssigned") || kind.EqualsIgnoreCase("UserAssigned"))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
