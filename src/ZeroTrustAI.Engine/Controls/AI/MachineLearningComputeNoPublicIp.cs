using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>ML compute instances and cluster nodes have no public IP address.</summary>
    public sealed class MachineLearningComputeNoPublicIp : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-161",
            Title = "ML and AI Foundry compute has no public IP address",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every compute instance and compute cluster of an ML workspace or AI Foundry hub has properties.properties.enableNodePublicIp set to false (no-public-IP compute). Absent means public IPs are provisioned, the API's default.",
            Rationale = """
            A node with a public IP address is an internet-facing host next to the workspace's data, models and secrets: its open management ports and any service a notebook starts can be reached from anywhere, and it can send data out without passing the organisation's egress controls. No-public-IP compute is reachable only through the virtual network.
            """,
            Checks = """
            Reads every `Microsoft.MachineLearningServices/workspaces/computes` (api-version 2024-10-01).

            - Applies to `properties.computeType` `ComputeInstance` and `AmlCompute`; attached compute → **NotApplicable**.
            - Path: `properties.properties.enableNodePublicIp`.
            - Pass: `false`.
            - Fail: `true`, or absent (the API provisions public IPs unless told not to: `true - Indicates that the compute nodes will have public IPs provisioned`, and the Azure ML SDK defaults `enable_node_public_ip` to true).
            - Target: the compute.
            """,
            Remediation = """
            The setting is fixed when the compute is created: recreate the compute with no public IP (in a virtual network or a managed network).

            - Portal (ML studio / AI Foundry): Compute > New > Advanced settings > No public IP.
            - CLI (Azure ML v2): `az ml compute create -f compute.yml -w <workspace> -g <rg>` with `enable_node_public_ip: false`.
            - Bicep: `enableNodePublicIp: false` in the compute's `properties.properties` (see the failed result's fix).
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/machine-learning/how-to-secure-training-vnet",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_069" },
                mcsb: new[] { "NS-2" }),
            // The fix names the compute's workspace.
            Uses = new[] { MachineLearningComputes.Workspaces },
        };

        protected override string ResourceType => ResourceTypes.MachineLearningCompute;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.properties.enableNodePublicIp", "false") { Default = "true", AbsentMeans = "public IPs are provisioned by default" },
        };

        protected override string PassText => "has no public IP address";

        protected override string FailText => "has public IP addresses";

        protected override string Subject(ArmResource resource) => resource.GetString(MachineLearningComputes.ComputeTypePath) ?? "Compute";

        protected override string? NotApplicableBecause(ArmResource resource) =>
            MachineLearningComputes.IsAzureMlCompute(resource) ? null : "not an Azure ML compute instance or cluster: attached compute is networked by its own service";

        protected override IEnumerable<Evidence> ApplicabilityEvidence(ArmResource resource) => new[] { MachineLearningComputes.ComputeTypeEvidence(resource) };

        protected override RemediationFix? FixFor(ArmResource resource, IReadOnlyList<PropertyExpectation> failed) =>
            MachineLearningComputes.Recreate(resource, "      enableNodePublicIp: false");
    }
}
