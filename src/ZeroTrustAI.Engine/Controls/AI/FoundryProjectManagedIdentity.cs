using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Foundry projects (Microsoft.CognitiveServices/accounts/projects) have a managed identity.</summary>
    public sealed class FoundryProjectManagedIdentity : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-156",
            Title = "Foundry projects have a managed identity",
            Pillar = Pillar.AI,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.Medium,
            Description = "Every Foundry project (Microsoft.CognitiveServices/accounts/projects) has identity.type SystemAssigned, UserAssigned or both, so its agents and connections reach other resources as an Entra identity instead of with stored keys.",
            Rationale = """
            The agents of a Foundry project call models, search indexes, storage and tools on the project's behalf. With a managed identity those calls carry an Entra token that RBAC scopes, Conditional Access and sign-in logs see (and ZTAI-AI-027 and the privilege graph judge); without one the project falls back to keys stored in connections, which no one can scope or trace to the agent.
            """,
            Checks = """
            Reads every `Microsoft.CognitiveServices/accounts/projects` (api-version 2025-06-01), nested in the account or separate.

            - Path: `identity.type`.
            - Pass: `SystemAssigned`, `UserAssigned` or `SystemAssigned, UserAssigned` (with or without the space).
            - Fail: `None` or absent.
            - Target: the project.
            """,
            Remediation = """
            - Portal (Azure AI Foundry / Azure portal): the project > Identity > System assigned = On.
            - CLI: `az resource update --ids <project-id> --set identity.type=SystemAssigned`
            - Bicep:

            ```bicep
            resource project 'Microsoft.CognitiveServices/accounts/projects@2025-06-01' = {
              parent: account
              name: 'proj-assistant'
              location: location
              identity: { type: 'SystemAssigned' }
              properties: {}
            }
            ```

            Then grant the identity the least roles its agents need and move connections to `AAD` or `ManagedIdentity` (ZTAI-AI-032).
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-foundry/concepts/rbac-azure-ai-foundry",
                "https://learn.microsoft.com/azure/ai-services/authentication",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_084", "AI_000" },
                mcsb: new[] { "IM-3" }),
        };

        protected override string ResourceType => ResourceTypes.CognitiveServicesProject;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[] { AiResourceTypes.ManagedIdentityExpectation() };

        protected override string PassText => "has a managed identity";

        protected override string FailText => "has no managed identity";
    }
}
