using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>ML compute instances and clusters keep their SSH port closed to the public.</summary>
    public sealed class MachineLearningComputeSshClosed : Control
    {
        private const string InstanceSshPath = "properties.properties.sshSettings.sshPublicAccess";
        private const string ClusterSshPath = "properties.properties.remoteLoginPortPublicAccess";
        private const string SubnetPath = "properties.properties.subnet.id";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-162",
            Title = "ML and AI Foundry compute has public SSH access closed",
            Pillar = Pillar.AI,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.High,
            Description = "Every compute instance has properties.properties.sshSettings.sshPublicAccess 'Disabled' and every compute cluster has properties.properties.remoteLoginPortPublicAccess 'Disabled' (or 'NotSpecified' inside a virtual network, where the service closes the port).",
            Rationale = """
            An open SSH port is a door into the compute with a key or password that Entra ID never sees: no Conditional Access, no MFA, and no sign-in log. From a compute an intruder holds the workspace's identity, its data store connections and every notebook's secrets.
            """,
            Checks = """
            Reads every `Microsoft.MachineLearningServices/workspaces/computes` (api-version 2024-10-01). Attached compute (not `ComputeInstance` or `AmlCompute`) → **NotApplicable**.

            - `ComputeInstance`: `properties.properties.sshSettings.sshPublicAccess`.
              - Pass: `Disabled`, or absent (the API's default is `Disabled`).
              - Fail: `Enabled`.
            - `AmlCompute`: `properties.properties.remoteLoginPortPublicAccess` (`Enabled`, `Disabled`, `NotSpecified`).
              - Pass: `Disabled`; or `NotSpecified`/absent when `properties.properties.subnet.id` is set (the API documents `NotSpecified` as closed on all nodes if a VNet is defined).
              - Fail: `Enabled`; or `NotSpecified`/absent without a subnet (open on all public nodes).
            - Target: the compute.
            """,
            Remediation = """
            SSH access is fixed when the compute is created; recreate it with public SSH closed (use the Azure ML studio terminal or a bastion host for shell access).

            - Portal (ML studio / AI Foundry): Compute > New > Advanced settings > clear "Enable SSH access"; for clusters set remote login port public access to Disabled.
            - CLI (Azure ML v2): `ssh_public_access_enabled: false` in the compute YAML, then `az ml compute create -f compute.yml`.
            - Bicep: `sshSettings: { sshPublicAccess: 'Disabled' }` (instances) or `remoteLoginPortPublicAccess: 'Disabled'` (clusters); the failed result's fix has the definition.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/machine-learning/how-to-create-compute-instance",
                "https://learn.microsoft.com/azure/machine-learning/how-to-create-attach-compute-cluster",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_084", "AI_069" },
                mcsb: new[] { "NS-2", "IM-1" }),
            RequiredData = new[] { DataSets.Arm(ResourceTypes.MachineLearningCompute) },
            // The fix names the compute's workspace.
            Uses = new[] { MachineLearningComputes.Workspaces },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var compute in snapshot.ResourcesOfType(ResourceTypes.MachineLearningCompute))
            {
                var type = compute.GetString(MachineLearningComputes.ComputeTypePath);
                if (type.EqualsIgnoreCase(MachineLearningComputes.ComputeInstance))
                {
                    yield return JudgeInstance(compute);
                }
                else if (type.EqualsIgnoreCase(MachineLearningComputes.Cluster))
                {
                    yield return JudgeCluster(compute);
                }
                else
                {
                    yield return NotApplicable(compute, $"{type ?? "Compute"}: not an Azure ML compute instance or cluster; its SSH access is managed by its own service.", MachineLearningComputes.ComputeTypeEvidence(compute));
                }
            }
        }

        private static Finding JudgeInstance(ArmResource compute)
        {
            var access = compute.GetString(InstanceSshPath);
            var evidence = Observed(compute, InstanceSshPath, "\"Disabled\" (the default)");
            if (!access.EqualsIgnoreCase("Enabled"))
            {
                return Pass(compute, $"ComputeInstance has public SSH access closed (sshPublicAccess is {access ?? "absent: Disabled by default"}).", evidence);
            }

            return Fail(compute, "ComputeInstance has its SSH port open to the public (sshPublicAccess is Enabled).", evidence)
                .WithFix(MachineLearningComputes.Recreate(compute, "      sshSettings: { sshPublicAccess: 'Disabled' }"));
        }

        private static Finding JudgeCluster(ArmResource compute)
        {
            var access = compute.GetString(ClusterSshPath);
            var subnet = compute.GetString(SubnetPath);
            var evidence = new[]
            {
                Observed(compute, ClusterSshPath, "\"Disabled\" (or \"NotSpecified\" with a subnet)"),
                Observed(compute, SubnetPath, "a subnet when the port access is NotSpecified"),
            };
            var inVnet = !string.IsNullOrWhiteSpace(subnet);
            if (access.EqualsIgnoreCase("Disabled") || (!access.EqualsIgnoreCase("Enabled") && inVnet))
            {
                return Pass(compute, $"AmlCompute has public SSH access closed (remoteLoginPortPublicAccess is {access ?? "absent"}{(inVnet && !access.EqualsIgnoreCase("Disabled") ? ", inside a virtual network" : string.Empty)}).", evidence);
            }

            var why = access.EqualsIgnoreCase("Enabled")
                ? "remoteLoginPortPublicAccess is Enabled"
                : $"remoteLoginPortPublicAccess is {access ?? "absent"} and the cluster has no subnet, so the port is open on every node";
            return Fail(compute, $"AmlCompute has its SSH port open to the public ({why}).", evidence)
                .WithFix(MachineLearningComputes.Recreate(compute, "      remoteLoginPortPublicAccess: 'Disabled'"));
        }
    }
}
