using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>ML and AI Foundry managed online endpoints accept Entra ID tokens, not keys.</summary>
    public sealed class MachineLearningOnlineEndpointEntraAuth : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-163",
            Title = "ML and AI Foundry online endpoints accept Entra ID tokens only",
            Pillar = Pillar.AI,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.High,
            Description = "Every online endpoint of an ML workspace or AI Foundry hub/project (Microsoft.MachineLearningServices/workspaces/onlineEndpoints) has properties.authMode 'AADToken', not 'Key' or 'AMLToken'.",
            Rationale = """
            An online endpoint serves a model (often a fine-tuned or open model an agent calls). With key authentication anyone holding the key can invoke it, from anywhere, with no identity, no Conditional Access and no per-caller audit; AML tokens are workspace-issued and also bypass Entra. Entra tokens tie every call to an identity that RBAC (AzureML Data Scientist or a custom `score` role) scopes.
            """,
            Checks = """
            Reads every `Microsoft.MachineLearningServices/workspaces/onlineEndpoints` (api-version 2024-10-01), listed per workspace.

            - Path: `properties.authMode` (`AMLToken`, `Key`, `AADToken`).
            - Pass: `AADToken`.
            - Fail: `Key`, `AMLToken`, or absent (the mode is required when the endpoint is created; without it the mode cannot be confirmed).
            - Target: the endpoint.
            """,
            Remediation = """
            - CLI (Azure ML v2): `auth_mode: aad_token` in the endpoint YAML, then `az ml online-endpoint create -f endpoint.yml` (or update).
            - ARM: `az resource update --ids <endpoint-id> --set properties.authMode=AADToken`
            - Bicep:

            ```bicep
            resource endpoint 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2024-10-01' = {
              parent: workspace
              name: 'ep-forecast'
              location: location
              identity: { type: 'SystemAssigned' }
              properties: {
                authMode: 'AADToken'
                publicNetworkAccess: 'Disabled'
              }
            }
            ```

            Grant callers a role with `Microsoft.MachineLearningServices/workspaces/onlineEndpoints/score/action` on the endpoint, then stop distributing keys.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/machine-learning/how-to-authenticate-online-endpoint",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_000", "AI_084" },
                mcsb: new[] { "IM-1", "IM-3" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure" }),
        };

        protected override string ResourceType => ResourceTypes.MachineLearningOnlineEndpoint;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.authMode", "AADToken") { AbsentMeans = "the authentication mode cannot be confirmed" },
        };

        protected override string PassText => "accepts Entra ID tokens only";

        protected override string FailText => "accepts keys or workspace tokens";
    }
}
