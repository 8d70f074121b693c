using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>ML and AI Foundry managed online endpoints are reachable through private endpoints only.</summary>
    public sealed class MachineLearningOnlineEndpointPublicAccessDisabled : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-164",
            Title = "ML and AI Foundry online endpoints have public network access disabled",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every online endpoint of an ML workspace or AI Foundry hub/project has properties.publicNetworkAccess 'Disabled', so it is scored only through the workspace's private endpoint. Absent means Enabled.",
            Rationale = """
            A model endpoint on the internet can be probed, brute-forced and abused for extraction by anyone who finds its URI; with key authentication (ZTAI-AI-163) a leaked key is enough. Disabling public access confines scoring to the virtual networks that reach the workspace's private endpoint.
            """,
            Checks = """
            Reads every `Microsoft.MachineLearningServices/workspaces/onlineEndpoints` (api-version 2024-10-01).

            - Path: `properties.publicNetworkAccess` (`Enabled`, `Disabled`).
            - Pass: `Disabled`.
            - Fail: `Enabled` or absent (`Enabled` by default).
            - Target: the endpoint.
            """,
            Remediation = """
            - CLI (Azure ML v2): `public_network_access: disabled` in the endpoint YAML, then `az ml online-endpoint update -f endpoint.yml`.
            - ARM: `az resource update --ids <endpoint-id> --set properties.publicNetworkAccess=Disabled`
            - Bicep: `publicNetworkAccess: 'Disabled'` in the endpoint's properties (see ZTAI-AI-163).

            The workspace needs a private endpoint (ZTAI-NET-007) for clients to keep scoring.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/machine-learning/concept-secure-online-endpoint",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_069" },
                mcsb: new[] { "NS-2" }),
        };

        protected override string ResourceType => ResourceTypes.MachineLearningOnlineEndpoint;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.publicNetworkAccess", "Disabled") { Default = "Enabled", AbsentMeans = "Enabled by default" },
        };

        protected override string PassText => "is reachable through private endpoints only";

        protected override string FailText => "is reachable from public networks";
    }
}
