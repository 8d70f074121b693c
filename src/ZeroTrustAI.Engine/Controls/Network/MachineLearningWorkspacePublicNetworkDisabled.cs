using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Controls.AI;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>Azure Machine Learning workspaces and AI Foundry hubs are not reachable from the public internet.</summary>
    public sealed class MachineLearningWorkspacePublicNetworkDisabled : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-005",
            Title = "ML workspaces and AI Foundry hubs have public access disabled",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every Microsoft.MachineLearningServices workspace of kind Hub or Default has properties.publicNetworkAccess 'Disabled' and allowPublicAccessWhenBehindVnet not true. Foundry projects (kind Project) inherit their hub's network settings and are judged through the hub. Absent publicNetworkAccess means Enabled.",
            Rationale = """
            A hub or workspace holds connections (with keys to OpenAI, search and storage), prompt flows, datasets and models. Reachable from the internet, a stolen token or a phished data scientist's session is enough to read them or run compute.
            """,
            Checks = """
            Reads every `Microsoft.MachineLearningServices/workspaces` (ARM GET, api-version 2024-10-01) of kind `Hub` or `Default`. Workspaces of kind `Project` (AI Foundry projects) inherit the hub's network isolation and are judged through their hub.

            - Paths: `properties.publicNetworkAccess`, `properties.allowPublicAccessWhenBehindVnet`.
            - Pass: `publicNetworkAccess == 'Disabled'` (compared without case) and `allowPublicAccessWhenBehindVnet` is not `true`.
            - Fail: `Enabled` or absent (`Enabled` by default), or disabled but re-opened with `allowPublicAccessWhenBehindVnet: true`.
            - Target: the hub or workspace.
            """,
            Remediation = """
            - Portal (AI Foundry hub / ML workspace): Settings > Networking > Public access = Disabled.
            - CLI: `az ml workspace update -n <hub> -g <rg> --public-network-access Disabled`
            - Bicep:

            ```bicep
            resource hub 'Microsoft.MachineLearningServices/workspaces@2024-10-01' = {
              name: 'hub-contoso-ai'
              location: location
              kind: 'Hub'
              identity: { type: 'SystemAssigned' }
              properties: {
                publicNetworkAccess: 'Disabled'
                allowPublicAccessWhenBehindVnet: false
              }
            }
            ```
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-studio/how-to/configure-private-link",
                "https://learn.microsoft.com/azure/machine-learning/how-to-configure-private-link",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_069" },
                mcsb: new[] { "NS-2" }),
        };

        protected override string ResourceType => ResourceTypes.MachineLearningWorkspace;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.publicNetworkAccess", "Disabled") { Default = "Enabled", AbsentMeans = "Enabled by default" },

            // Re-opens the public endpoint to clients the workspace's virtual network rules admit.
            new PropertyExpectation("properties.allowPublicAccessWhenBehindVnet", "false") { Default = "false" },
        };

        protected override string PassText => "has public network access disabled";

        protected override string FailText => "is reachable from the internet";

        protected override string Subject(ArmResource resource) => resource.Kind.EqualsIgnoreCase("Hub") ? "AI Foundry hub" : "ML workspace";

        protected override string? NotApplicableBecause(ArmResource resource) =>
            AiResourceTypes.IsFoundryProject(resource) ? "a Foundry project inherits this setting from its hub, which is judged instead" : null;
    }
}
