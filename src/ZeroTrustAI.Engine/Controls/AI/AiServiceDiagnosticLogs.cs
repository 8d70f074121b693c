using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>AI services accounts and AI Search services send their resource logs somewhere they are kept.</summary>
    public sealed class AiServiceDiagnosticLogs : Control
    {
        private static readonly string[] DestinationPaths =
        {
            "properties.workspaceId",
            "properties.storageAccountId",
            "properties.eventHubAuthorizationRuleId",
            "properties.marketplacePartnerId",
        };

        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-AI-028",
            Title = "AI services and AI Search send resource logs to a destination",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Cognitive Services account (OpenAI, AI Services, ...) and AI Search service has at least one diagnostic setting with an enabled log category or category group and a destination (Log Analytics workspace, storage account, event hub or partner solution).",
            Rationale = "Audit and request logs are the only record of who called a model or queried an index, from where and how often. Without them, key abuse, prompt-injection campaigns and bulk extraction of grounding data cannot be investigated or detected in Sentinel.",
            Remediation = "Add a diagnostic setting on each resource: az monitor diagnostic-settings create --resource <id> -n to-law --workspace <law-id> --logs '[{\"categoryGroup\":\"audit\",\"enabled\":true},{\"categoryGroup\":\"allLogs\",\"enabled\":true}]'. At scale, assign the built-in 'Enable logging by category group' policy initiatives.",
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-services/diagnostic-logging",
                "https://learn.microsoft.com/azure/search/monitor-azure-cognitive-search",
                "https://learn.microsoft.com/azure/azure-monitor/essentials/diagnostic-settings",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_085", "AI_089" },
                Mcsb = new[] { "LT-3", "LT-4" },
            },
            RequiredData = new[] { DataSets.Arm(AiResourceTypes.Account), DataSets.Arm(AiResourceTypes.DiagnosticSetting) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var resources = snapshot.ResourcesOfType(AiResourceTypes.Account).Concat(snapshot.ResourcesOfType(AiResourceTypes.SearchService));
            foreach (var resource in resources)
            {
                var settings = resource.ExtensionsOfType(ResourceTypes.DiagnosticSetting).ToList();
                var expected = "a setting with an enabled log category and a destination";
                if (settings.Count == 0)
                {
                    yield return Fail(resource, "No diagnostic setting: resource logs are not kept anywhere.", new Evidence("diagnosticSettings", null, expected));
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
                yield return Fail(resource, $"No diagnostic setting both enables logs and has a destination ({string.Join(", ", problems)}).", evidence);
            }
        }

        private static bool HasEnabledLog(ArmResource setting) =>
            setting.Raw.GetArray("properties.logs").Any(l => l.GetBool("enabled") == true);

        private static bool HasDestination(ArmResource setting) => DestinationOf(setting) != null;

        private static string? DestinationOf(ArmResource setting) =>
            DestinationPaths.Select(p => setting.GetString(p)).FirstOrDefault(v => !string.IsNullOrEmpty(v));
    }
}
