using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Controls.AI;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>AI Foundry hubs and ML workspaces run compute in a managed network that allows only approved outbound traffic.</summary>
    public sealed class FoundryHubManagedNetworkIsolation : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-006",
            Title = "AI Foundry hubs allow only approved outbound traffic",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Microsoft.MachineLearningServices workspace of kind Hub or Default has properties.managedNetwork.isolationMode 'AllowOnlyApprovedOutbound'. Absent means Disabled (no managed network). Projects inherit the hub's managed network.",
            Rationale = """
            Prompt flows, agents and notebooks run on the hub's compute. With internet outbound allowed, injected instructions or a malicious package can send data anywhere; approved-outbound-only limits egress to private endpoints and listed FQDNs.
            """,
            Checks = """
            Reads every `Microsoft.MachineLearningServices/workspaces` (ARM GET, api-version 2024-10-01) of kind `Hub` or `Default`. Projects (kind `Project`) use the hub's managed network and are not judged on their own.

            - Path: `properties.managedNetwork.isolationMode` (compared without case).
            - Pass: `AllowOnlyApprovedOutbound`.
            - Fail: `AllowInternetOutbound`, `Disabled`, or absent (no managed network).
            - Target: the hub or workspace.
            """,
            Remediation = """
            - Portal (AI Foundry hub): Settings > Networking > Workspace managed outbound access = Allow Only Approved Outbound; add outbound rules (private endpoints, service tags, FQDNs) for what the flows need.
            - CLI: `az ml workspace update -n <hub> -g <rg> --managed-network allow_only_approved_outbound` then `az ml workspace provision-network -n <hub> -g <rg>`
            - Bicep:

            ```bicep
            properties: {
              managedNetwork: {
                isolationMode: 'AllowOnlyApprovedOutbound'
                outboundRules: {
                  'oai-contoso-prod': {
                    type: 'PrivateEndpoint'
                    destination: { serviceResourceId: openAiAccountId, subresourceTarget: 'account' }
                  }
                }
              }
            }
            ```

            The isolation mode cannot be relaxed back once set to approved-outbound-only; plan the outbound rules first.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-studio/how-to/configure-managed-network",
                "https://learn.microsoft.com/azure/machine-learning/how-to-managed-network",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_069" },
                mcsb: new[] { "NS-1", "NS-2" },
                owaspLlm: new[] { "LLM06:2025 Excessive Agency" }),
        };

        protected override string ResourceType => ResourceTypes.MachineLearningWorkspace;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.managedNetwork.isolationMode", "AllowOnlyApprovedOutbound") { Default = "Disabled", AbsentMeans = "Disabled" },
        };

        protected override string PassText => "allows only approved outbound traffic";

        protected override string FailText => "does not restrict outbound traffic";

        protected override string? NotApplicableBecause(ArmResource resource) =>
            AiResourceTypes.IsFoundryProject(resource) ? "a Foundry project inherits this setting from its hub, which is judged instead" : null;
    }
}
