using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Serverless (models-as-a-service) endpoints run Azure AI Content Safety on prompts and completions.</summary>
    public sealed class MachineLearningServerlessEndpointContentSafety : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-165",
            Title = "Serverless model endpoints have content safety enabled",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every serverless endpoint of an ML workspace or AI Foundry hub/project (Microsoft.MachineLearningServices/workspaces/serverlessEndpoints: Llama, Mistral, Phi and other catalog models served as an API) has properties.contentSafety.contentSafetyStatus 'Enabled'.",
            Rationale = """
            Models deployed as serverless APIs do not go through the Azure OpenAI content filters of ZTAI-AI-022/-031: the endpoint's content safety setting is their only filter. Switched off, an open model hands harmful output and jailbreak successes straight to the user or to the agent's tools.
            """,
            Checks = """
            Reads every `Microsoft.MachineLearningServices/workspaces/serverlessEndpoints` (api-version 2024-10-01), listed per workspace.

            - Path: `properties.contentSafety.contentSafetyStatus` (`Enabled`, `Disabled`).
            - Pass: `Enabled`.
            - Fail: `Disabled`, or absent (not confirmed).
            - Target: the endpoint.
            """,
            Remediation = """
            - Portal (Azure AI Foundry): Models + endpoints > the serverless deployment > Content filter = enabled (when deploying: "Enable content safety (Recommended)").
            - ARM: `az resource update --ids <endpoint-id> --set properties.contentSafety.contentSafetyStatus=Enabled`
            - Bicep:

            ```bicep
            resource endpoint 'Microsoft.MachineLearningServices/workspaces/serverlessEndpoints@2024-10-01' = {
              parent: project
              name: 'llama-chat'
              location: location
              sku: { name: 'Consumption' }
              properties: {
                authMode: 'Key'
                contentSafety: { contentSafetyStatus: 'Enabled' }
                modelSettings: { modelId: 'azureml://registries/azureml-meta/models/Meta-Llama-3.1-8B-Instruct' }
              }
            }
            ```
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-foundry/concepts/model-catalog-content-safety",
                "https://learn.microsoft.com/azure/ai-foundry/how-to/deploy-models-serverless",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_072", "AI_105" },
                owaspLlm: new[] { "LLM01:2025 Prompt Injection", "LLM05:2025 Improper Output Handling" }),
        };

        protected override string ResourceType => ResourceTypes.MachineLearningServerlessEndpoint;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.contentSafety.contentSafetyStatus", "Enabled") { AbsentMeans = "content safety cannot be confirmed" },
        };

        protected override string PassText => "filters prompts and completions with content safety";

        protected override string FailText => "serves the model without content safety";
    }
}
