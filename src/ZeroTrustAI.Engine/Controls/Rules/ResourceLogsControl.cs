using System;
using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Rules
{
    /// <summary>
    /// The resource-logs family: every resource of the judged types has a diagnostic setting (an extension resource,
    /// <c>&lt;id&gt;/providers/Microsoft.Insights/diagnosticSettings/&lt;name&gt;</c>) that enables a log category or
    /// category group and sends it to a destination. A control names its types; the judgement, evidence and fix are here.
    /// </summary>
    public abstract class ResourceLogsControl : Control
    {
        private const string Expected = "a setting with an enabled log category and a destination";

        private static readonly string[] DestinationPaths =
        {
            "properties.workspaceId",
            "properties.storageAccountId",
            "properties.eventHubAuthorizationRuleId",
            "properties.marketplacePartnerId",
        };

        /// <summary>The resource type whose logs are judged, from <see cref="ResourceTypes"/>; the control needs it collected.</summary>
        protected abstract string ResourceType { get; }

        /// <summary>Further types judged the same way when the snapshot holds them (a hand-made snapshot may not).</summary>
        protected virtual IReadOnlyList<string> AlsoJudgedTypes => Array.Empty<string>();

        protected sealed override DataRequirement ImpliedData =>
            DataRequirement.Requires(DataSets.Arm(ResourceType), DataSets.Arm(ResourceTypes.DiagnosticSetting))
                .And(DataRequirement.FindsTargetsIn(AlsoJudgedTypes.Select(DataSets.Arm).ToArray()));

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var resource in new[] { ResourceType }.Concat(AlsoJudgedTypes).SelectMany(snapshot.ResourcesOfType))
            {
                var subject = ResourceTypes.DisplayName(resource.Type);
                var settings = resource.ExtensionsOfType(ResourceTypes.DiagnosticSetting).ToList();
                if (settings.Count == 0)
                {
                    yield return Fail(resource, $"{subject} has no diagnostic setting: its resource logs are not kept anywhere.", new Evidence("diagnosticSettings", null, Expected));
                    continue;
                }

                var working = settings.FirstOrDefault(s => HasEnabledLog(s) && DestinationOf(s) != null);
                if (working != null)
                {
                    yield return Pass(resource, $"{subject} diagnostic setting '{working.Name}' sends logs to {DestinationOf(working)}.", Observed(working, "properties.logs", Expected));
                    continue;
                }

                var problems = settings.Select(s => $"'{s.Name}' {(HasEnabledLog(s) ? "has no destination" : "enables no log category")}");
                yield return Fail(
                    resource,
                    $"{subject}: no diagnostic setting both enables logs and has a destination ({string.Join(", ", problems)}).",
                    settings.Select(s => Observed(s, "properties.logs", Expected)).ToArray());
            }
        }

        /// <summary>
        /// A setting sending the allLogs category group (a superset of audit, and the one group every resource with resource
        /// logs supports) to a Log Analytics workspace the user names.
        /// </summary>
        protected internal override RemediationFix? FixFor(Finding finding) =>
            RemediationFix.AzureCli(
                "# Set LOG_ANALYTICS_WORKSPACE_ID to the resource id of the Log Analytics workspace that keeps security logs.",
                "az monitor diagnostic-settings create --name to-law --resource " + Quote.Shell(finding.Target.Id)
                + " --workspace \"$LOG_ANALYTICS_WORKSPACE_ID\" --logs " + Quote.Shell("[{\"categoryGroup\":\"allLogs\",\"enabled\":true}]"));

        private static bool HasEnabledLog(ArmResource setting) =>
            setting.Raw.GetArray("properties.logs").Any(l => l.GetBool("enabled") == true);

        private static string? DestinationOf(ArmResource setting) =>
            DestinationPaths.Select(p => setting.GetString(p)).FirstOrDefault(v => !string.IsNullOrEmpty(v));
    }
}
