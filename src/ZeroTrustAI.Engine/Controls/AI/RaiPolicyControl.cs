using System;
using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>
    /// The shared frame of the content-filter controls: each model deployment is judged on the RAI policy it names.
    /// The target is the deployment, since a policy only protects the deployments that use it. Built-in policies
    /// that the snapshot does not expand are reported as Warning, never assumed safe.
    /// </summary>
    public abstract class RaiPolicyControl : Control
    {
        private const string RaiPolicyNamePath = "properties.raiPolicyName";

        /// <summary>Deployments and the policies they name; the account, when present, is where a policy is looked up by name.</summary>
        protected sealed override DataRequirement ImpliedData { get; } = DataRequirement
            .Requires(DataSets.Arm(ResourceTypes.CognitiveServicesDeployment), DataSets.Arm(ResourceTypes.CognitiveServicesRaiPolicy))
            .And(DataRequirement.ReadsIfPresent(DataSets.Arm(ResourceTypes.CognitiveServicesAccount)));

        /// <summary>What the policy must contain, in a few words, for reasons ("a blocking Jailbreak filter").</summary>
        protected abstract string Requirement { get; }

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot) =>
            EvaluateDeployments(snapshot).Select(finding =>
                (finding.Status == ResultStatus.Fail || finding.Status == ResultStatus.Warning) && snapshot.GetResource(finding.Target.Id) is ArmResource deployment
                    ? finding.WithFix(AzureFixes.RaiPolicy(deployment, deployment.GetString(RaiPolicyNamePath)))
                    : finding);

        private IEnumerable<Finding> EvaluateDeployments(TenantSnapshot snapshot)
        {
            foreach (var deployment in snapshot.ResourcesOfType(ResourceTypes.CognitiveServicesDeployment))
            {
                var policyName = deployment.GetString(RaiPolicyNamePath);
                var nameEvidence = Observed(deployment, RaiPolicyNamePath, "the name of a policy with " + Requirement);
                if (string.IsNullOrEmpty(policyName))
                {
                    yield return Fail(deployment, $"Deployment names no RAI policy (raiPolicyName is absent), so {Requirement} cannot be confirmed.", nameEvidence);
                    continue;
                }

                var policy = FindPolicy(snapshot, deployment, policyName!);
                if (policy == null)
                {
                    // Built-in policies are often not returned by the raiPolicies list; never assume what they contain.
                    yield return IsBuiltIn(policyName!)
                        ? Warn(deployment, $"Deployment uses the built-in RAI policy '{policyName}', which is not expanded in the snapshot; confirm it has {Requirement}, or assign a custom policy.", nameEvidence)
                        : Warn(deployment, $"Deployment uses RAI policy '{policyName}', which is not in the snapshot; {Requirement} cannot be confirmed.", nameEvidence);
                    continue;
                }

                yield return JudgePolicy(deployment, policy, policyName!, nameEvidence);
            }
        }

        /// <summary>Judges the deployment on the policy it uses (the policy object is in the snapshot).</summary>
        protected abstract Finding JudgePolicy(ArmResource deployment, ArmResource policy, string policyName, Evidence nameEvidence);

        /// <summary>The policy object: by id under the deployment's account, else by name among the account's children.</summary>
        private static ArmResource? FindPolicy(TenantSnapshot snapshot, ArmResource deployment, string policyName)
        {
            if (deployment.ParentId != null)
            {
                var byId = snapshot.GetResource(deployment.ParentId + "/raiPolicies/" + policyName);
                if (byId != null)
                {
                    return byId;
                }
            }

            return deployment.Parent?.ChildrenOfType(ResourceTypes.CognitiveServicesRaiPolicy)
                .FirstOrDefault(p => AiResourceTypes.LastSegment(p.Name).EqualsIgnoreCase(policyName));
        }

        internal static bool IsBuiltIn(string policyName) =>
            policyName.StartsWith("Microsoft.", StringComparison.OrdinalIgnoreCase);

        /// <summary>Filter names differ in case and format between API versions ("Jailbreak", "jailbreak", "Indirect Attack", "indirect_attack").</summary>
        internal static string Normalize(string? name) =>
            name == null
                ? string.Empty
                : new string(name.Where(c => c != ' ' && c != '_' && c != '-').ToArray()).ToUpperInvariant();
    }
}
