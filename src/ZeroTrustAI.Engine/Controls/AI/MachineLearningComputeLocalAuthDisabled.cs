using System.Linq;
using System.Collections.Generic;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Compute in ML workspaces and AI Foundry hubs accepts only Entra ID, not local (SSH key / password) accounts.</summary>
    public sealed class MachineLearningComputeLocalAuthDisabled : Control
    {
        internal const string ComputeType = "Microsoft.MachineLearningServices/workspaces/computes";

        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-AI-033",
            Title = "ML and AI Foundry compute has local authentication disabled",
            Pillar = Pillar.AI,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.Medium,
            Description = "Every compute of an ML workspace or AI Foundry hub (compute instances, clusters, attached compute) has properties.disableLocalAuth set to true. Absent means local authentication is allowed.",
            Rationale = "Compute instances and clusters run notebooks, prompt flows and fine-tuning jobs next to the hub's data and connection secrets. Local accounts and SSH keys bypass Entra ID, Conditional Access and MFA, and stay valid after the person who created them leaves.",
            Remediation = "Recreate the compute with local authentication disabled (Bicep: properties.disableLocalAuth: true on Microsoft.MachineLearningServices/workspaces/computes; CLI: az ml compute create ... with disable_local_auth in the YAML), and turn SSH access off on compute instances.",
            References = new[]
            {
                "https://learn.microsoft.com/azure/machine-learning/how-to-integrate-azure-policy",
                "https://learn.microsoft.com/azure/machine-learning/how-to-create-compute-instance",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_084" },
                Mcsb = new[] { "IM-1" },
            },
            RequiredData = new[] { DataSets.Arm(ComputeType) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var compute in snapshot.ResourcesOfType(ComputeType))
            {
                // disableLocalAuth exists for Azure ML's own computes; attached computes (Kubernetes, Databricks,
                // VirtualMachine, ...) authenticate on their own, as the built-in policy e96a9a5f (2.1.0) scopes it.
                if (!LocalAuthComputeTypes.Any(t => t.EqualsIgnoreCase(compute.GetString(ComputeTypePath))))
                {
                    yield return NotApplicable(
                        compute,
                        $"{ComputeKind(compute)} is not an Azure ML compute instance or cluster: the built-in policy 'Azure Machine Learning Computes should have local authentication methods disabled' (e96a9a5f-07ca-471b-9bc5-6a0f33cbd68f, 2.1.0) covers only ComputeInstance and AmlCompute.",
                        Observed(compute, ComputeTypePath, "\"ComputeInstance\" or \"AmlCompute\""));
                    continue;
                }

                var evidence = Observed(compute, LocalAuthPath, "true");
                var disabled = compute.GetBool(LocalAuthPath);
                yield return disabled == true
                    ? Pass(compute, $"{ComputeKind(compute)} accepts Entra ID only.", evidence)
                    : Fail(
                        compute,
                        disabled == false
                            ? $"{ComputeKind(compute)} allows local authentication: disableLocalAuth is false."
                            : $"{ComputeKind(compute)} allows local authentication: disableLocalAuth is absent.",
                        evidence);
            }
        }

        private const string ComputeTypePath = "properties.computeType";
        private const string LocalAuthPath = "properties.disableLocalAuth";
        private static readonly string[] LocalAuthComputeTypes = { "ComputeInstance", "AmlCompute" };

        private static string ComputeKind(ArmResource compute) =>
            compute.GetString(ComputeTypePath) ?? "Compute";
    }
}
