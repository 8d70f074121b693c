using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI.Sentinel
{
    /// <summary>
    /// Checks on Sentinel automation rules (Microsoft.SecurityInsights/automationRules): a rule acts only while
    /// triggeringLogic.isEnabled is true and its expirationTimeUtc, if any, is after the snapshot was collected.
    /// </summary>
    public abstract class SentinelAutomationRuleControl : SentinelWorkspaceControl
    {
        protected override IReadOnlyList<string> SentinelTypes { get; } = new[] { ResourceTypes.SentinelAutomationRule };

        public sealed override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var at = snapshot.CollectedAt ?? DateTimeOffset.UtcNow;
            return OnboardedWorkspaces(snapshot).Select(w => Judge(w, ActiveRules(w, at)));
        }

        protected sealed override Finding Judge(ArmResource workspace) => Judge(workspace, ActiveRules(workspace, DateTimeOffset.UtcNow));

        /// <summary>Judges one Sentinel workspace on its active automation rules.</summary>
        protected abstract Finding Judge(ArmResource workspace, IReadOnlyList<ArmResource> activeRules);

        private static List<ArmResource> ActiveRules(ArmResource workspace, DateTimeOffset at) =>
            workspace.ExtensionsOfType(ResourceTypes.SentinelAutomationRule)
                .Where(r => r.GetBool("properties.triggeringLogic.isEnabled") == true && !Expired(r, at))
                .OrderBy(r => r.GetString("properties.displayName") ?? r.Name, StringComparer.OrdinalIgnoreCase)
                .ToList();

        private static bool Expired(ArmResource rule, DateTimeOffset at)
        {
            var expiry = rule.GetString("properties.triggeringLogic.expirationTimeUtc");
            return expiry != null
                && DateTimeOffset.TryParse(expiry, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)
                && when <= at;
        }

        /// <summary>The action types of a rule (RunPlaybook, ModifyProperties, AddIncidentTask).</summary>
        internal static IReadOnlyList<string> ActionTypes(ArmResource rule)
        {
            var actions = rule.Get("properties.actions");
            return actions.HasValue && actions.Value.ValueKind == JsonValueKind.Array
                ? actions.Value.EnumerateArray().Select(a => a.GetString("actionType")).OfType<string>().ToList()
                : (IReadOnlyList<string>)Array.Empty<string>();
        }

        /// <summary>The Logic App ids a rule's RunPlaybook actions start.</summary>
        internal static IReadOnlyList<string> Playbooks(ArmResource rule)
        {
            var actions = rule.Get("properties.actions");
            return actions.HasValue && actions.Value.ValueKind == JsonValueKind.Array
                ? actions.Value.EnumerateArray()
                    .Where(a => a.GetString("actionType").EqualsIgnoreCase("RunPlaybook"))
                    .Select(a => a.GetString("actionConfiguration.logicAppResourceId"))
                    .OfType<string>()
                    .ToList()
                : (IReadOnlyList<string>)Array.Empty<string>();
        }

        internal static string NameOf(ArmResource rule) => rule.GetString("properties.displayName") ?? rule.Name;

        /// <summary>
        /// Creates an enabled automation rule (api-version 2024-09-01) that runs a playbook on new incidents, with Az
        /// PowerShell; the playbook (a Logic App with the Microsoft Sentinel incident trigger) is the reader's to name.
        /// </summary>
        internal static RemediationFix RunPlaybookFix(string workspaceId, string displayName, string? conditionsJson)
        {
            var lines = new List<string>
            {
                "# " + Quote.Comment($"Run a response playbook on new incidents ('{displayName}'). Set the playbook's Logic App id; Microsoft Sentinel needs the Microsoft Sentinel Automation Contributor role on its resource group."),
                "Connect-AzAccount",
                "$workspace = " + Quote.PowerShell(workspaceId),
                "$playbook = '<Logic App resource id of the playbook>'",
                "$trigger = @{ isEnabled = $true; triggersOn = 'Incidents'; triggersWhen = 'Created' }",
            };
            if (conditionsJson != null)
            {
                lines.Add("$trigger.conditions = @(" + Quote.PowerShell(conditionsJson) + " | ConvertFrom-Json)");
            }

            lines.Add("$action = @{ order = 1; actionType = 'RunPlaybook'; actionConfiguration = @{ logicAppResourceId = $playbook } }");
            lines.Add("$body = @{ properties = @{ displayName = " + Quote.PowerShell(displayName) + "; order = 1; triggeringLogic = $trigger; actions = @($action) } } | ConvertTo-Json -Depth 10");
            lines.Add("Invoke-AzRestMethod -Method PUT -Path \"$workspace/providers/Microsoft.SecurityInsights/automationRules/$([guid]::NewGuid())?api-version=2024-09-01\" -Payload $body");
            return RemediationFix.PowerShell(lines.ToArray());
        }
    }
}
