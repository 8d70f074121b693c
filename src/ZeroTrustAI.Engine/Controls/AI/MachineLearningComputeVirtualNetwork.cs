using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>ML compute instances and clusters run in a customer virtual network (or in the hub's managed network).</summary>
    public sealed class MachineLearningComputeVirtualNetwork : ResourcePropertyControl
    {
        private const string SubnetPath = "properties.properties.subnet.id";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-160",
            Title = "ML and AI Foundry compute runs in a virtual network",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every compute instance and compute cluster of an ML workspace or AI Foundry hub is injected into a customer subnet (properties.properties.subnet.id), unless the workspace runs a managed network, where compute lives in the Microsoft-managed virtual network instead.",
            Rationale = """
            Compute runs the notebooks, prompt flows and training jobs that hold the workspace's data and connection secrets. Outside a virtual network it reaches, and is reached from, the internet directly: exfiltration from a poisoned notebook or package goes straight out, and private endpoints of the data stores cannot be used.
            """,
            Checks = """
            Reads every `Microsoft.MachineLearningServices/workspaces/computes` (api-version 2024-10-01) and, when collected, its workspace.

            - Applies to `properties.computeType` `ComputeInstance` and `AmlCompute`, as the built-in policy "Azure Machine Learning Computes should be in a virtual network" (7804b5c7, 1.0.1) does. Attached compute → **NotApplicable**.
            - A workspace with a managed network (`properties.managedNetwork.isolationMode` `AllowInternetOutbound` or `AllowOnlyApprovedOutbound`) places its compute in the managed virtual network, where no customer subnet exists → **NotApplicable** (ZTAI-NET-006 judges the managed network's outbound mode).
            - Path: `properties.properties.subnet.id`.
            - Pass: a non-empty subnet id. Fail: absent or empty.
            - Target: the compute.
            """,
            Remediation = """
            The subnet is set when the compute is created; recreate it in a subnet (or move the workspace to a managed network).

            - Portal (ML studio / AI Foundry): Compute > New > Advanced settings > Enable virtual network > choose the subnet.
            - Bicep:

            ```bicep
            resource cluster 'Microsoft.MachineLearningServices/workspaces/computes@2024-10-01' = {
              parent: workspace
              name: 'cpu-cluster'
              location: location
              properties: {
                computeType: 'AmlCompute'
                properties: {
                  vmSize: 'Standard_D4s_v3'
                  subnet: { id: subnetId }
                  enableNodePublicIp: false
                }
              }
            }
            ```
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/machine-learning/how-to-secure-training-vnet",
                "https://learn.microsoft.com/azure/machine-learning/how-to-managed-network",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_069" },
                mcsb: new[] { "NS-1", "NS-2" },
                azurePolicy: new[] { "7804b5c7-01dc-4723-969b-ae300cc07ff1" },
                psRule: new[] { "Azure.ML.ComputeVnet" }),
            Uses = new[] { MachineLearningComputes.Workspaces },
        };

        protected override string ResourceType => ResourceTypes.MachineLearningCompute;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation(SubnetPath)
            {
                Matches = id => !string.IsNullOrWhiteSpace(id),
                ExpectedText = "a subnet resource id",
                AbsentMeans = "no virtual network",
            },
        };

        protected override string PassText => "runs in a virtual network";

        protected override string FailText => "runs outside any virtual network";

        protected override string Subject(ArmResource resource) => resource.GetString(MachineLearningComputes.ComputeTypePath) ?? "Compute";

        protected override string? NotApplicableBecause(ArmResource resource)
        {
            if (!MachineLearningComputes.IsAzureMlCompute(resource))
            {
                return "not an Azure ML compute instance or cluster: attached compute is networked by its own service";
            }

            var mode = MachineLearningComputes.ManagedNetworkMode(resource);
            return mode == null ? null : $"the workspace runs a managed network ({mode}), so the compute has no customer subnet";
        }

        protected override IEnumerable<Evidence> ApplicabilityEvidence(ArmResource resource) => new[]
        {
            MachineLearningComputes.ComputeTypeEvidence(resource),
            MachineLearningComputes.ManagedNetworkEvidence(resource),
        };

        protected override RemediationFix? FixFor(ArmResource resource, IReadOnlyList<PropertyExpectation> failed) =>
            MachineLearningComputes.Recreate(resource, "      subnet: { id: '<subnet-resource-id>' }");
    }
}
