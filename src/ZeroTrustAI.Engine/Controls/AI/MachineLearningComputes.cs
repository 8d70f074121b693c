using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>What the ML compute controls share: which computes are Azure ML's own, and where a compute's network comes from.</summary>
    internal static class MachineLearningComputes
    {
        public const string ComputeTypePath = "properties.computeType";

        public const string ComputeInstance = "ComputeInstance";

        public const string Cluster = "AmlCompute";

        private const string IsolationModePath = "properties.managedNetwork.isolationMode";

        /// <summary>
        /// Compute instances and clusters: the computes Azure ML creates and configures (attached Kubernetes, Databricks
        /// or virtual machines are configured in their own service), as the built-in policies scope them.
        /// </summary>
        public static bool IsAzureMlCompute(ArmResource compute) =>
            compute.GetString(ComputeTypePath).EqualsIgnoreCase(ComputeInstance) || compute.GetString(ComputeTypePath).EqualsIgnoreCase(Cluster);

        public static Evidence ComputeTypeEvidence(ArmResource compute) =>
            new Evidence(ComputeTypePath, compute.Raw.GetRawText(ComputeTypePath), "\"ComputeInstance\" or \"AmlCompute\"");

        /// <summary>
        /// The workspace's managed network isolation mode when the workspace (or hub) runs one: computes there live in
        /// a Microsoft-managed virtual network and have no customer subnet.
        /// </summary>
        public static string? ManagedNetworkMode(ArmResource compute)
        {
            var mode = compute.Parent?.GetString(IsolationModePath);
            return mode != null && !mode.EqualsIgnoreCase("Disabled") ? mode : null;
        }

        public static Evidence ManagedNetworkEvidence(ArmResource compute) =>
            new Evidence("workspace " + IsolationModePath, compute.Parent?.Raw.GetRawText(IsolationModePath), "absent or \"Disabled\" (no managed network)");

        /// <summary>What the compute checks read beyond the computes: their workspace, when collected.</summary>
        public static readonly DataRequirement Workspaces = DataRequirement.ReadsIfPresent(DataSets.Arm(ResourceTypes.MachineLearningWorkspace));

        /// <summary>
        /// A fix for a setting Azure ML fixes at creation: recreate the compute with the setting in its Bicep
        /// definition (the module never deletes anything).
        /// </summary>
        public static RemediationFix Recreate(ArmResource compute, string computeProperties) => RemediationFix.Bicep(
            $"// {compute.Id}: Azure ML sets this only when the compute is created; delete it and create it again from:",
            $"resource compute 'Microsoft.MachineLearningServices/workspaces/computes@2024-10-01' = {{",
            $"  name: {Quote.Bicep(compute.Parent?.Name is string workspace ? workspace + "/" + AiResourceTypes.LastSegment(compute.Name) : compute.Name)}",
            $"  location: {Quote.Bicep(compute.Location ?? "<location>")}",
            "  properties: {",
            $"    computeType: {Quote.Bicep(compute.GetString(ComputeTypePath) ?? ComputeInstance)}",
            "    properties: {",
            $"      vmSize: {Quote.Bicep(compute.GetString("properties.properties.vmSize") ?? "<vm-size>")}",
            computeProperties,
            "    }",
            "  }",
            "}");
    }
}
