using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>AI services accounts may call out only to an allow-list of FQDNs (tools, grounding, web fetch).</summary>
    public sealed class AiServiceOutboundRestricted : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-029",
            Title = "AI services outbound access is restricted to approved FQDNs",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Azure OpenAI / AI Services account (kinds OpenAI and AIServices) has properties.restrictOutboundNetworkAccess set to true, so the service reaches only the hosts in properties.allowedFqdnList. Absent means unrestricted.",
            Rationale = """
            Models and agents hosted in the account fetch URLs, call tools and read grounding data on the service side. A prompt-injected request can make the service send data to an attacker's host (server-side request forgery, exfiltration). An outbound allow-list confines those calls to known destinations.
            """,
            Checks = """
            Reads every `Microsoft.CognitiveServices/accounts` (ARM GET, api-version 2025-06-01; any kind: OpenAI, AIServices, ContentSafety, ...) of kind `OpenAI` or `AIServices` (the kinds that host models and agents).

            - Paths: `properties.restrictOutboundNetworkAccess`, `properties.allowedFqdnList`.
            - Pass: `restrictOutboundNetworkAccess == true`. The allow-list may be empty: then the service reaches no outside host, which is stricter. (The catalog row asks for a non-empty list; an empty list is accepted here on purpose.)
            - Fail: `false` or absent (outbound is unrestricted by default).
            - Target: the account.

            Both properties are in the 2025-06-01 AccountProperties schema; no built-in Azure Policy checks them, so verify against a live account.
            """,
            Remediation = """
            - Portal: not exposed; use PowerShell, REST or Bicep.
            - PowerShell: `Set-AzCognitiveServicesAccount -ResourceGroupName <rg> -Name <account> -RestrictOutboundNetworkAccess $true -AllowedFqdnList 'srch-contoso-rag.search.windows.net','stcontosoragprod.blob.core.windows.net'`
            - CLI: `az resource update --ids <account-id> --set properties.restrictOutboundNetworkAccess=true properties.allowedFqdnList='["srch-contoso-rag.search.windows.net"]'`
            - Bicep:

            ```bicep
            properties: {
              restrictOutboundNetworkAccess: true
              allowedFqdnList: [
                'srch-contoso-rag.search.windows.net'
                'stcontosoragprod.blob.core.windows.net'
              ]
            }
            ```
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-services/cognitive-services-data-loss-prevention",
                "https://learn.microsoft.com/powershell/module/az.cognitiveservices/set-azcognitiveservicesaccount",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_069" },
                mcsb: new[] { "DP-2", "NS-2" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure", "LLM06:2025 Excessive Agency" }),
            RequiredData = new[] { DataSets.Arm(ResourceTypes.CognitiveServicesAccount) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var account in snapshot.ResourcesOfType(ResourceTypes.CognitiveServicesAccount).Where(AiResourceTypes.IsGenerativeAccount))
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

        protected internal override RemediationFix? FixFor(Finding finding) =>
            RemediationFix.Later(FixLanguage.AzureCli, finding.Target.Id, static id => new[]
            {
                AzureFixes.Comment("List the hosts the service must reach (data sources, tools); an empty list blocks every outside host."),
                "allowed='[\"<host the service must reach>\"]'",
                "az resource update --ids " + Quote.Shell(id) + " --set properties.restrictOutboundNetworkAccess=true --set \"properties.allowedFqdnList=$allowed\"",
            });
    }
}
