using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>AI services accounts may call out only to an allow-list of FQDNs (tools, grounding, web fetch).</summary>
    public sealed class AiServiceOutboundRestricted : Control
    {
        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-AI-029",
            Title = "AI services outbound access is restricted to approved FQDNs",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Azure OpenAI / AI Services account (kinds OpenAI and AIServices) has properties.restrictOutboundNetworkAccess set to true, so the service reaches only the hosts in properties.allowedFqdnList. Absent means unrestricted.",
            Rationale = "Models and agents hosted in the account fetch URLs, call tools and read grounding data on the service side. A prompt-injected request can make the service send data to an attacker's host (server-side request forgery, exfiltration). An outbound allow-list confines those calls to known destinations.",
            Remediation = "Set restrictOutboundNetworkAccess to true and list the required hosts (search, storage, tool endpoints) in allowedFqdnList: Set-AzCognitiveServicesAccount -RestrictOutboundNetworkAccess $true -AllowedFqdnList <fqdns>, or in Bicep properties.restrictOutboundNetworkAccess / allowedFqdnList.",
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-services/cognitive-services-data-loss-prevention",
                "https://learn.microsoft.com/powershell/module/az.cognitiveservices/set-azcognitiveservicesaccount",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_069" },
                Mcsb = new[] { "DP-2", "NS-2" },
                OwaspLlm = new[] { "LLM02:2025 Sensitive Information Disclosure", "LLM06:2025 Excessive Agency" },
            },
            RequiredData = new[] { DataSets.Arm(AiResourceTypes.Account) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var account in snapshot.ResourcesOfType(AiResourceTypes.Account).Where(AiResourceTypes.IsGenerativeAccount))
            {
                var restricted = account.GetBool("properties.restrictOutboundNetworkAccess");
                var allowed = account.Raw.GetArray("properties.allowedFqdnList").Count();
                var evidence = new[]
                {
                    Observed(account, "properties.restrictOutboundNetworkAccess", "true"),
                    Observed(account, "properties.allowedFqdnList", "the hosts the service must reach (empty blocks all)"),
                };
                if (restricted == true)
                {
                    // An empty list is stricter still: the service reaches nothing outside its own network.
                    var reason = allowed == 0
                        ? $"{account.Kind} account restricts outbound access with an empty allow-list: it may reach no outside host."
                        : $"{account.Kind} account may reach only its {allowed} allow-listed host(s).";
                    yield return Pass(account, reason, evidence);
                }
                else
                {
                    var state = restricted == false ? "false" : "absent";
                    yield return Fail(account, $"{account.Kind} account may call any host: restrictOutboundNetworkAccess is {state}.", evidence);
                }
            }
        }
    }
}
