using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>
    /// The resource-logs family: a resource passes when one of its diagnostic settings (extension resources
    /// <c>Microsoft.Insights/diagnosticSettings</c>) both enables a log category and names a destination.
    /// </summary>
    public abstract class ResourceLogsControl : Control
    {
        private static readonly string[] DestinationPaths =
        {
            "properties.workspaceId",
            "properties.storageAccountId",
            "properties.eventHubAuthorizationRuleId",
            "properties.marketplacePartnerId",
        };

        /// <summary>Judges each resource on its diagnostic settings; failed results carry an az command that adds one.</summary>
        protected static IEnumerable<Finding> JudgeLogs(IEnumerable<ArmResource> resources)
        {
            foreach (var resource in resources)
            {
                var settings = resource.ExtensionsOfType(ResourceTypes.DiagnosticSetting).ToList();
                var expected = "a setting with an enabled log category and a destination";
                if (settings.Count == 0)
                {
                    yield return Fail(resource, "No diagnostic setting: resource logs are not kept anywhere.", new Evidence("diagnosticSettings", null, expected)).WithFix(AddSetting(resource));
                    continue;
                }

                var working = settings.FirstOrDefault(s => HasEnabledLog(s) && HasDestination(s));
                if (working != null)
                {
                    yield return Pass(
                        resource,
                        $"Diagnostic setting '{working.Name}' sends logs to {DestinationOf(working)}.",
                        Observed(working, "properties.logs", expected));
                    continue;
                }

                var evidence = settings.Select(s => Observed(s, "properties.logs", expected)).ToArray();
                var problems = settings.Select(s => $"'{s.Name}' {(HasEnabledLog(s) ? "has no destination" : "enables no log category")}");
                yield return Fail(resource, $"No diagnostic setting both enables logs and has a destination ({string.Join(", ", problems)}).", evidence).WithFix(AddSetting(resource));
            }
        }

        // The workspace is the tenant's choice: the placeholder names what to put there.
        private static RemediationFix AddSetting(ArmResource resource) => RemediationFix.AzureCli(
            "az monitor diagnostic-settings create --name to-law --resource " + Quote.Shell(resource.Id)
                + " --workspace " + Quote.Shell("<log-analytics-workspace-resource-id>")
                + " --logs " + Quote.Shell("[{\"categoryGroup\":\"allLogs\",\"enabled\":true}]"));

        private static bool HasEnabledLog(ArmResource setting) =>
            setting.Raw.GetArray("properties.logs").Any(l => l.GetBool("enabled") == true);

        private static bool HasDestination(ArmResource setting) => DestinationOf(setting) != null;

        private static string? DestinationOf(ArmResource setting) =>
            DestinationPaths.Select(p => setting.GetString(p)).FirstOrDefault(v => !string.IsNullOrEmpty(v));
    }
}
