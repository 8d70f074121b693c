using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Compute in ML workspaces and AI Foundry hubs accepts only Entra ID, not local (SSH key / password) accounts.</summary>
    public sealed class MachineLearningComputeLocalAuthDisabled : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-033",
            Title = "ML and AI Foundry compute has local authentication disabled",
            Pillar = Pillar.AI,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.Medium,
            Description = "Every compute of an ML workspace or AI Foundry hub (compute instances, clusters, attached compute) has properties.disableLocalAuth set to true. Absent means local authentication is allowed.",
            Rationale = """
            Compute instances and clusters run notebooks, prompt flows and fine-tuning jobs next to the hub's data and connection secrets. Local accounts and SSH keys bypass Entra ID, Conditional Access and MFA, and stay valid after the person who created them leaves.
            """,
            Checks = """
            Reads every `Microsoft.MachineLearningServices/workspaces/computes` (api-version 2024-10-01): compute instances, compute clusters and attached compute of hubs and workspaces, nested in the workspace's `resources: [...]` or as separate objects.

            - Applies to `properties.computeType` `ComputeInstance` and `AmlCompute`, as the built-in policy "Azure Machine
              Learning Computes should have local authentication methods disabled" (e96a9a5f-07ca-471b-9bc5-6a0f33cbd68f, 2.1.0)
              does. Attached compute (`Kubernetes`, `Databricks`, `VirtualMachine`, ...) is **NotApplicable**, the reason naming
              its type.
            - Path: `properties.disableLocalAuth`.
            - Pass: `true`.
            - Fail: `false` or absent (local authentication allowed).
            - Target: the compute.

            The catalog row also names `properties.properties.subnet.id` (virtual network injection). It is not checked here: compute in a hub's managed network (ZTAI-NET-006) has no customer subnet and would fail for no reason.
            """,
            Remediation = """
            Local authentication cannot be changed on existing compute; recreate it.

            - Portal (AI Foundry / ML studio): Compute > New > Advanced settings > clear "Enable SSH access"; for clusters choose no admin user.
            - CLI: `az ml compute create -f compute.yml -w <hub> -g <rg>` with `ssh_public_access_enabled: false` and no admin credentials.
            - Bicep:

            ```bicep
            resource ci 'Microsoft.MachineLearningServices/workspaces/computes@2024-10-01' = {
              parent: hub
              name: 'ci-alex-wilber'
              location: location
              properties: {
                computeType: 'ComputeInstance'
                disableLocalAuth: true
                properties: {
                  vmSize: 'Standard_E4ds_v4'
                  sshSettings: { sshPublicAccess: 'Disabled' }
                }
              }
            }
            ```

            Assign the built-in policy "Azure Machine Learning Computes should have local authentication methods disabled" (e96a9a5f) with Deny to stop new ones.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/machine-learning/how-to-integrate-azure-policy",
                "https://learn.microsoft.com/azure/machine-learning/how-to-create-compute-instance",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_084" },
                mcsb: new[] { "IM-1" }),
        };

        protected override string ResourceType => ResourceTypes.MachineLearningCompute;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.disableLocalAuth", "true") { AbsentMeans = "local authentication cannot be ruled out" },
        };

        protected override string PassText => "accepts Entra ID only";

        protected override string FailText => "allows local authentication";

        protected override string Subject(ArmResource resource) => resource.GetString(MachineLearningComputes.ComputeTypePath) ?? "Compute";

        // disableLocalAuth exists for Azure ML's own computes; attached computes (Kubernetes, Databricks, VirtualMachine,
        // ...) authenticate on their own, as the built-in policy e96a9a5f (2.1.0) scopes it.
        protected override string? NotApplicableBecause(ArmResource resource) =>
            MachineLearningComputes.IsAzureMlCompute(resource)
                ? null
                : "not an Azure ML compute instance or cluster: the built-in policy 'Azure Machine Learning Computes should have local authentication methods disabled' (e96a9a5f-07ca-471b-9bc5-6a0f33cbd68f, 2.1.0) covers only ComputeInstance and AmlCompute";

        protected override IEnumerable<Evidence> ApplicabilityEvidence(ArmResource resource) => new[] { MachineLearningComputes.ComputeTypeEvidence(resource) };
    }
}
