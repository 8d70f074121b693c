using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
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

        // The fix is AzureFixes.RaiPolicy for the deployment found by the target's id; the policy-writing fix below is
        // only the fallback, so it is made only when that lookup fails.
        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot) =>
            EvaluateDeployments(snapshot).Select(judged =>
            {
                var finding = judged.Finding;
                if (finding.Status != ResultStatus.Fail && finding.Status != ResultStatus.Warning)
                {
                    return finding;
                }

                return snapshot.GetResource(finding.Target.Id) is ArmResource deployment
                    ? finding.WithFix(AzureFixes.RaiPolicy(deployment, deployment.GetString(RaiPolicyNamePath)))
                    : judged.WritesPolicy ? finding.WithFix(PolicyFix(judged.Deployment, judged.Policy)) : finding;
            });

        /// <summary>A finding on a deployment, and whether its fallback fix writes a policy (from the one named, when there is one).</summary>
        private readonly struct Judged
        {
            public Judged(Finding finding, ArmResource deployment, ArmResource? policy, bool writesPolicy)
            {
                Finding = finding;
                Deployment = deployment;
                Policy = policy;
                WritesPolicy = writesPolicy;
            }

            public Finding Finding { get; }
            public ArmResource Deployment { get; }
            public ArmResource? Policy { get; }
            public bool WritesPolicy { get; }
        }

        private IEnumerable<Judged> EvaluateDeployments(TenantSnapshot snapshot)
        {
            foreach (var deployment in snapshot.ResourcesOfType(ResourceTypes.CognitiveServicesDeployment))
            {
                var policyName = deployment.GetString(RaiPolicyNamePath);
                var nameEvidence = Observed(deployment, RaiPolicyNamePath, "the name of a policy with " + Requirement);
                if (string.IsNullOrEmpty(policyName))
                {
                    yield return new Judged(Fail(deployment, $"Deployment names no RAI policy (raiPolicyName is absent), so {Requirement} cannot be confirmed.", nameEvidence), deployment, null, true);
                    continue;
                }

                var policy = FindPolicy(snapshot, deployment, policyName!);
                if (policy == null)
                {
                    // Built-in policies are often not returned by the raiPolicies list; never assume what they contain.
                    var unseen = IsBuiltIn(policyName!)
                        ? Warn(deployment, $"Deployment uses the built-in RAI policy '{policyName}', which is not expanded in the snapshot; confirm it has {Requirement}, or assign a custom policy.", nameEvidence)
                        : Warn(deployment, $"Deployment uses RAI policy '{policyName}', which is not in the snapshot; {Requirement} cannot be confirmed.", nameEvidence);
                    yield return new Judged(unseen, deployment, null, true);
                    continue;
                }

                // In asynchronous mode the service returns content before the filters have judged it: a filter marked
                // blocking only annotates after the fact, so no control may pass it as blocking.
                var mode = policy.GetString(ModePath);
                if (IsAsynchronous(mode))
                {
                    var blocksLate = Fail(
                        deployment,
                        $"RAI policy '{policyName}' runs in mode {mode}: content reaches the caller before the filters judge it, so {Requirement} does not block.",
                        nameEvidence,
                        Observed(policy, ModePath, "\"Default\" or \"Blocking\" (filters judge content before it is returned)"));
                    yield return new Judged(blocksLate, deployment, policy, true);
                    continue;
                }

                var finding = JudgePolicy(deployment, policy, policyName!, nameEvidence);
                yield return new Judged(finding, deployment, policy, finding.Status != ResultStatus.Pass);
            }
        }

        /// <summary>The path of the policy's filtering mode.</summary>
        internal const string ModePath = "properties.mode";

        /// <summary>
        /// Modes in which content is returned before it is filtered: <c>Asynchronous_filter</c> (2025-06-01 on) and
        /// <c>Deferred</c>, its name before 2025-06-01 (the API documents them as the same mode).
        /// </summary>
        internal static bool IsAsynchronous(string? mode) =>
            mode.EqualsIgnoreCase("Asynchronous_filter") || mode.EqualsIgnoreCase("Deferred");

        /// <summary>The custom policy a fix writes when the deployment has none of its own.</summary>
        internal const string FixPolicyName = "cf-ztai-strict";

        private const string RaiApiVersion = "2025-06-01";

        /// <summary>
        /// The fix for a deployment: write a custom policy (the deployment's own, or a new one) in Blocking mode with
        /// the strict filters, keeping its custom blocklists, then point the deployment at it.
        /// </summary>
        private RemediationFix? PolicyFix(ArmResource deployment, ArmResource? policy)
        {
            if (deployment.ParentId == null)
            {
                return null;
            }

            var name = policy != null && !IsBuiltIn(AiResourceTypes.LastSegment(policy.Name)) ? AiResourceTypes.LastSegment(policy.Name) : FixPolicyName;
            var properties = policy?.Raw.Get("properties") is JsonElement existing && existing.ValueKind == JsonValueKind.Object
                ? (JsonNode.Parse(existing.GetRawText()) as JsonObject) ?? new JsonObject()
                : new JsonObject();
            foreach (var readOnly in new[] { "type", "provisioningState" })
            {
                properties.Remove(readOnly);
            }

            properties["basePolicyName"] = "Microsoft.DefaultV2";
            properties["mode"] = "Blocking";
            properties["contentFilters"] = StrictFilters();
            Strengthen(properties);
            var body = new JsonObject { ["properties"] = properties }.ToJsonString();
            var policyUrl = "https://management.azure.com" + deployment.ParentId + "/raiPolicies/" + name + "?api-version=" + RaiApiVersion;
            var lines = new List<string> { $"# Deployment {deployment.Id}: give it a custom RAI policy with {Requirement}." };
            lines.AddRange(FixPrerequisites("https://management.azure.com" + deployment.ParentId, RaiApiVersion));
            lines.Add("az rest --method put --url " + Quote.Shell(policyUrl) + " --body " + Quote.Shell(body));
            lines.Add("az resource update --ids " + Quote.Shell(deployment.Id) + " --set " + Quote.Shell(RaiPolicyNamePath + "=" + name));
            return RemediationFix.AzureCli(lines.ToArray());
        }

        /// <summary>Adds what this control needs beyond the strict filters to a policy's properties (a fix); nothing by default.</summary>
        protected virtual void Strengthen(JsonObject properties)
        {
        }

        /// <summary>Commands a fix runs before it writes the policy (e.g. creating a blocklist the policy names); none by default.</summary>
        /// <param name="accountUrl">The account's management URL, without api-version.</param>
        /// <param name="apiVersion">The api-version the fix uses.</param>
        protected virtual IEnumerable<string> FixPrerequisites(string accountUrl, string apiVersion) => Array.Empty<string>();

        /// <summary>The filters of a strict policy: harm categories at Medium on both sides, Prompt Shields and protected material, all blocking.</summary>
        private static JsonArray StrictFilters()
        {
            var filters = new JsonArray();
            foreach (var source in new[] { "Prompt", "Completion" })
            {
                foreach (var category in new[] { "Hate", "Sexual", "Violence", "Selfharm" })
                {
                    filters.Add(new JsonObject { ["name"] = category, ["source"] = source, ["severityThreshold"] = "Medium", ["enabled"] = true, ["blocking"] = true });
                }
            }

            foreach (var (filter, source) in new[] { ("Jailbreak", "Prompt"), ("Indirect Attack", "Prompt"), ("Protected Material Text", "Completion"), ("Protected Material Code", "Completion") })
            {
                filters.Add(new JsonObject { ["name"] = filter, ["source"] = source, ["enabled"] = true, ["blocking"] = true });
            }

            return filters;
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
