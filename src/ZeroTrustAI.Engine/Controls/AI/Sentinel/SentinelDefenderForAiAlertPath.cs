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
    /// Defender for AI services alerts reach each Sentinel workspace through exactly one path: none loses them, two
    /// duplicate every incident (and teach the SOC to ignore them).
    /// </summary>
    public sealed class SentinelDefenderForAiAlertPath : SentinelWorkspaceControl
    {
        private static readonly string[] MdcIncidentProducts = { "Azure Security Center", "Microsoft Defender for Cloud" };

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-241",
            Title = "Defender for AI alerts reach Sentinel through one path",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Each Microsoft Sentinel workspace receives Microsoft Defender for Cloud alerts (which carry the Defender for AI services alerts: jailbreak, prompt injection, data leakage) through exactly one path.",
            Rationale = """
            Defender for AI services raises the alerts that say an agent or model is being attacked. They reach Sentinel
            through Defender for Cloud: a tenant-based or legacy Defender for Cloud connector, the Defender XDR connector,
            or the Content hub solutions. With no path the SOC never sees them; with two, every alert becomes two incidents,
            and duplicates are how real alerts get closed unread.
            """,
            Checks = """
            On every Sentinel workspace (Log Analytics workspace with a `Microsoft.SecurityInsights/onboardingStates`
            resource), reads `Microsoft.SecurityInsights/dataConnectors`, `.../alertRules` and `.../contentPackages`
            (api-version 2024-09-01). Paths counted:

            - a data connector of kind `MicrosoftDefenderForCloud*` (tenant-based), `AzureSecurityCenter` (legacy) or
              `MicrosoftThreatProtection` (Defender XDR) with at least one `properties.dataTypes.*.state` of `Enabled`;
            - the Content hub solutions 'Microsoft Defender for Cloud' and 'Microsoft Defender XDR' / 'Microsoft 365 Defender'.

            Pass: exactly one path. Fail: none. Warning: more than one, or the Defender XDR path together with an enabled
            `MicrosoftSecurityIncidentCreation` rule for 'Azure Security Center' / 'Microsoft Defender for Cloud' alerts
            (incidents created twice).
            """,
            Remediation = """
            Prefer the Defender XDR path: connect the Microsoft Defender XDR connector, then disconnect the Defender for
            Cloud connectors and disable the "Create incidents based on Microsoft Defender for Cloud alerts" rule. With no
            path at all, install the Microsoft Defender XDR solution (the result's fix) and connect it.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/sentinel/microsoft-365-defender-sentinel-integration",
                "https://learn.microsoft.com/azure/defender-for-cloud/ai-threat-protection",
                "https://learn.microsoft.com/azure/sentinel/connect-defender-for-cloud",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_089", "AI_106" },
                zeroTrustAssessment: new[] { "61017" },
                mcsb: new[] { "LT-1", "IR-2" }),
        };

        protected override IReadOnlyList<string> SentinelTypes { get; } = new[]
        {
            ResourceTypes.SentinelDataConnector,
            ResourceTypes.SentinelAlertRule,
            ResourceTypes.SentinelContentPackage,
        };

        protected override Finding Judge(ArmResource workspace)
        {
            var connectors = workspace.ExtensionsOfType(ResourceTypes.SentinelDataConnector).ToList();
            var paths = new List<string>();
            if (connectors.Any(c => (c.Kind ?? string.Empty).StartsWith("MicrosoftDefenderForCloud", System.StringComparison.OrdinalIgnoreCase) && IsActiveConnector(c)))
            {
                paths.Add("Defender for Cloud connector (tenant-based)");
            }

            if (connectors.Any(c => c.Kind.EqualsIgnoreCase("AzureSecurityCenter") && IsActiveConnector(c)))
            {
                paths.Add("Defender for Cloud connector (legacy, per subscription)");
            }

            var xdrConnector = connectors.Any(c => c.Kind.EqualsIgnoreCase("MicrosoftThreatProtection") && IsActiveConnector(c));
            if (xdrConnector)
            {
                paths.Add("Defender XDR connector");
            }

            var packages = InstalledPackages(workspace);
            if (packages.Any(p => p.EqualsIgnoreCase("Microsoft Defender for Cloud")))
            {
                paths.Add("Defender for Cloud solution");
            }

            var xdrPackage = packages.Any(p => p.EqualsIgnoreCase("Microsoft Defender XDR") || p.EqualsIgnoreCase("Microsoft 365 Defender"));
            if (xdrPackage)
            {
                paths.Add("Defender XDR solution");
            }

            var incidentRule = workspace.ExtensionsOfType(ResourceTypes.SentinelAlertRule).FirstOrDefault(r =>
                r.Kind.EqualsIgnoreCase("MicrosoftSecurityIncidentCreation")
                && MdcIncidentProducts.Any(p => p.EqualsIgnoreCase(r.GetString("properties.productFilter")))
                && r.GetBool("properties.enabled") == true);

            var evidence = new[]
            {
                new Evidence("providers/Microsoft.SecurityInsights/dataConnectors[].kind", JsonText.StringArray(connectors.Select(c => c.Kind).OrderBy(k => k, System.StringComparer.OrdinalIgnoreCase)), "one active Defender for Cloud or Defender XDR path"),
                new Evidence("providers/Microsoft.SecurityInsights/contentPackages[].properties.displayName", JsonText.StringArray(packages), "one Defender solution"),
                new Evidence("providers/Microsoft.SecurityInsights/alertRules[kind=MicrosoftSecurityIncidentCreation].properties.enabled", incidentRule == null ? null : "true", "disabled when the Defender XDR path is used"),
            };

            if (paths.Count == 0)
            {
                return Fail(workspace, "No path brings Defender for AI alerts into this Sentinel workspace (no active Defender for Cloud or Defender XDR connector or solution).", evidence)
                    .WithFix(SentinelContentPackageControl.InstallFix(workspace.Id, "Microsoft Defender XDR"));
            }

            var xdrWithRule = (xdrConnector || xdrPackage) && incidentRule != null;
            if (paths.Count > 1 || xdrWithRule)
            {
                var detail = string.Join(", ", paths) + (xdrWithRule ? $" and the incident creation rule '{incidentRule!.GetString("properties.displayName") ?? incidentRule.Name}'" : string.Empty);
                var redundant = xdrConnector || xdrPackage
                    ? connectors.Where(c => IsDefenderForCloud(c) && IsActiveConnector(c)).ToList()
                    : connectors.Where(c => IsDefenderForCloud(c) && IsActiveConnector(c)).Skip(1).ToList();
                return Warn(workspace, $"Defender for AI alerts reach this Sentinel workspace through more than one path, so incidents are duplicated: {detail}.", evidence)
                    .WithFix(KeepOnePathFix(workspace, redundant, xdrWithRule ? incidentRule : null));
            }

            return Pass(workspace, $"Defender for AI alerts reach this Sentinel workspace through one path: {paths[0]}.", evidence);
        }

        private static bool IsDefenderForCloud(ArmResource connector) =>
            (connector.Kind ?? string.Empty).StartsWith("MicrosoftDefenderForCloud", System.StringComparison.OrdinalIgnoreCase)
            || connector.Kind.EqualsIgnoreCase("AzureSecurityCenter");

        /// <summary>
        /// Keeps one path: with Defender XDR present, the Defender for Cloud connectors go and the incident creation rule
        /// is turned off (read, changed and written back whole); otherwise all but the first Defender for Cloud connector go.
        /// </summary>
        private static RemediationFix KeepOnePathFix(ArmResource workspace, List<ArmResource> redundant, ArmResource? incidentRule)
        {
            var lines = new List<string>
            {
                "# " + Quote.Comment($"Keep one path for Defender for AI alerts into Sentinel workspace '{workspace.Name}'."),
                "Connect-AzAccount",
            };
            foreach (var connector in redundant)
            {
                lines.Add("Invoke-AzRestMethod -Method DELETE -Path " + Quote.PowerShell(connector.Id + "?api-version=2024-09-01"));
            }

            if (incidentRule != null)
            {
                lines.Add("$rule = " + Quote.PowerShell(incidentRule.Id + "?api-version=2024-09-01"));
                lines.Add("$body = (Invoke-AzRestMethod -Method GET -Path $rule).Content | ConvertFrom-Json");
                lines.Add("$body.properties.enabled = $false");
                lines.Add("Invoke-AzRestMethod -Method PUT -Path $rule -Payload ($body | ConvertTo-Json -Depth 10)");
            }

            if (redundant.Count == 0 && incidentRule == null)
            {
                // Two solutions and no connector to drop: the reader picks which solution to remove in the Content hub.
                lines.Add("Invoke-AzRestMethod -Method GET -Path " + Quote.PowerShell(workspace.Id + "/providers/Microsoft.SecurityInsights/contentPackages?api-version=2024-09-01"));
            }

            return RemediationFix.PowerShell(lines.ToArray());
        }
    }
}
