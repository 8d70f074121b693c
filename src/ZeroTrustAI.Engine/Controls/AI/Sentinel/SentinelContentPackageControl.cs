using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI.Sentinel
{
    /// <summary>
    /// A Content hub solution that brings an AI signal into Sentinel is installed on every Sentinel workspace: a
    /// contentPackages resource whose displayName (or contentId) is one of the solution's names.
    /// </summary>
    public abstract class SentinelContentPackageControl : SentinelWorkspaceControl
    {
        /// <summary>The solution's display names, as Content hub lists them (compared without case).</summary>
        protected abstract IReadOnlyList<string> PackageNames { get; }

        /// <summary>The solution's content ids, when known.</summary>
        protected virtual IReadOnlyList<string> ContentIds => System.Array.Empty<string>();

        /// <summary>What the solution brings, for reasons ("Microsoft 365 Copilot activity").</summary>
        protected abstract string Signal { get; }

        protected sealed override IReadOnlyList<string> SentinelTypes { get; } = new[] { ResourceTypes.SentinelContentPackage };

        protected override Finding Judge(ArmResource workspace)
        {
            var installed = workspace.ExtensionsOfType(ResourceTypes.SentinelContentPackage)
                .FirstOrDefault(p => PackageNames.Any(n => n.EqualsIgnoreCase(p.GetString("properties.displayName")))
                                  || ContentIds.Any(id => id.EqualsIgnoreCase(p.GetString("properties.contentId"))));
            var evidence = new Evidence(
                "providers/Microsoft.SecurityInsights/contentPackages[].properties.displayName",
                JsonText.StringArray(InstalledPackages(workspace)),
                "includes " + string.Join(" or ", PackageNames.Select(n => "'" + n + "'")));
            return installed != null
                ? Pass(workspace, $"Sentinel workspace has the '{installed.GetString("properties.displayName") ?? PackageNames[0]}' solution: {Signal} can reach it.", evidence)
                : Fail(workspace, $"Sentinel workspace lacks the '{PackageNames[0]}' solution: {Signal} does not reach it.", evidence)
                    .WithFix(InstallFix(workspace.Id, PackageNames[0]));
        }

        /// <summary>Installs the solution from the Content hub catalog (contentProductPackages), by its display name.</summary>
        internal static RemediationFix InstallFix(string workspaceId, string packageName) =>
            RemediationFix.PowerShell(
                "# " + Quote.Comment($"Install the '{packageName}' solution from the Content hub, then connect its data connector in the Sentinel portal."),
                "Connect-AzAccount",
                "$workspace = " + Quote.PowerShell(workspaceId),
                "$catalog = Invoke-AzRestMethod -Method GET -Path \"$workspace/providers/Microsoft.SecurityInsights/contentProductPackages?api-version=2024-09-01\"",
                "$package = ($catalog.Content | ConvertFrom-Json).value | Where-Object { $_.properties.displayName -eq " + Quote.PowerShell(packageName) + " } | Select-Object -First 1",
                "$body = @{ properties = @{ contentId = $package.properties.contentId; contentProductId = $package.properties.contentProductId; contentKind = 'Solution'; displayName = $package.properties.displayName; version = $package.properties.version } } | ConvertTo-Json -Depth 5",
                "Invoke-AzRestMethod -Method PUT -Path \"$workspace/providers/Microsoft.SecurityInsights/contentPackages/$($package.properties.contentId)?api-version=2024-09-01\" -Payload $body");
    }
}
