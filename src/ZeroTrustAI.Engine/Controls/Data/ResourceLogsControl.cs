using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>
    /// The shape of a resource-log check: every resource of one type has a diagnostic setting (an extension resource,
    /// <c>&lt;id&gt;/providers/Microsoft.Insights/diagnosticSettings/&lt;name&gt;</c>) that enables a log category or
    /// category group and sends it to a destination.
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

        /// <summary>The resource type whose logs are judged, from <see cref="ResourceTypes"/>.</summary>
        protected abstract string ResourceType { get; }

        protected sealed override DataRequirement ImpliedData =>
            DataRequirement.Requires(DataSets.Arm(ResourceType), DataSets.Arm(ResourceTypes.DiagnosticSetting));

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var resource in snapshot.ResourcesOfType(ResourceType))
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

        /// <summary>A setting sending the audit and all-logs category groups to a Log Analytics workspace the user names.</summary>
        protected internal override RemediationFix? FixFor(Finding finding) =>
            RemediationFix.AzureCli(
                "# Set LOG_ANALYTICS_WORKSPACE_ID to the resource id of the Log Analytics workspace that keeps security logs.",
                "az monitor diagnostic-settings create --name to-law --resource " + Quote.Shell(finding.Target.Id)
                + " --workspace \"$LOG_ANALYTICS_WORKSPACE_ID\" --logs " + Quote.Shell("[{\"categoryGroup\":\"audit\",\"enabled\":true},{\"categoryGroup\":\"allLogs\",\"enabled\":true}]"));

        private static bool HasEnabledLog(ArmResource setting) =>
            setting.Raw.GetArray("properties.logs").Any(l => l.GetBool("enabled") == true);

        private static string? DestinationOf(ArmResource setting) =>
            DestinationPaths.Select(p => setting.GetString(p)).FirstOrDefault(v => !string.IsNullOrEmpty(v));
    }
}
