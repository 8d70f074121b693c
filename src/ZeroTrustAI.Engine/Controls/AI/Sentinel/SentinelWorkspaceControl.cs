using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI.Sentinel
{
    /// <summary>
    /// The family of checks on Microsoft Sentinel workspaces: every Log Analytics workspace with Sentinel onboarded
    /// (an onboardingStates extension resource) is judged on the Sentinel resources a subclass reads. Workspaces without
    /// Sentinel are not judged; with none at all the control is NotApplicable (ZTAI-AI-240 fails that case).
    /// </summary>
    public abstract class SentinelWorkspaceControl : Control
    {
        /// <summary>What every Sentinel check reads: the workspaces and their onboarding states.</summary>
        internal static readonly DataRequirement WorkspaceData =
            DataRequirement.Requires(DataSets.Arm(ResourceTypes.LogAnalyticsWorkspace), DataSets.Arm(ResourceTypes.SentinelOnboardingState));

        /// <summary>The Sentinel extension types the check reads on each workspace.</summary>
        protected abstract IReadOnlyList<string> SentinelTypes { get; }

        protected sealed override DataRequirement ImpliedData =>
            WorkspaceData.And(DataRequirement.Requires(SentinelTypes.Select(DataSets.Arm).ToArray()));

        /// <summary>Workspaces where Sentinel is onboarded.</summary>
        internal static IEnumerable<ArmResource> OnboardedWorkspaces(TenantSnapshot snapshot) =>
            snapshot.ResourcesOfType(ResourceTypes.LogAnalyticsWorkspace).Where(w => w.ExtensionsOfType(ResourceTypes.SentinelOnboardingState).Any());

        /// <summary>Judges one Sentinel workspace.</summary>
        protected abstract Finding Judge(ArmResource workspace);

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot) => OnboardedWorkspaces(snapshot).Select(Judge);

        /// <summary>A data connector is active when at least one of its data types is Enabled.</summary>
        internal static bool IsActiveConnector(ArmResource connector)
        {
            var dataTypes = connector.Get("properties.dataTypes");
            return dataTypes.HasValue && dataTypes.Value.ValueKind == JsonValueKind.Object
                && dataTypes.Value.EnumerateObject().Any(t => t.Value.GetString("state").EqualsIgnoreCase("Enabled"));
        }

        /// <summary>The display names of the Content hub solutions installed on a workspace.</summary>
        internal static IReadOnlyList<string> InstalledPackages(ArmResource workspace) =>
            workspace.ExtensionsOfType(ResourceTypes.SentinelContentPackage)
                .Select(p => p.GetString("properties.displayName") ?? p.GetString("properties.contentId") ?? p.Name)
                .OrderBy(n => n, System.StringComparer.OrdinalIgnoreCase)
                .ToList();
    }
}
