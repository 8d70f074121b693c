using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.AI;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>AI services accounts are not open to the whole internet.</summary>
    public sealed class AiServicePublicNetworkRestricted : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-001",
            Title = "AI services public network access is restricted",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every Cognitive Services account (OpenAI, AI Services, ...) has properties.publicNetworkAccess 'Disabled' or a firewall with properties.networkAcls.defaultAction 'Deny'. Absent publicNetworkAccess means Enabled (the service default).",
            Rationale = """
            A model endpoint reachable from any address can be called by anyone holding a leaked key or token, from anywhere, and used to pull grounding data or burn quota. Restricting the network adds a second condition an attacker must meet.
            """,
            Checks = """
            Reads every `Microsoft.CognitiveServices/accounts` (ARM GET, api-version 2025-06-01; any kind: OpenAI, AIServices, ContentSafety, ...).

            - Paths: `properties.publicNetworkAccess`, `properties.networkAcls.defaultAction` (compared without case).
            - Pass: `publicNetworkAccess == 'Disabled'`, **or** `networkAcls.defaultAction == 'Deny'` (public endpoint limited to listed virtual networks and IP ranges).
            - Fail: otherwise; an absent `publicNetworkAccess` is `Enabled` (the service default).
            - Target: the account.
            """,
            Remediation = """
            - Portal: account > Resource Management > Networking > Firewalls and virtual networks > Disabled (or Selected networks and private endpoints).
            - CLI: `az resource update --ids <account-id> --set properties.publicNetworkAccess=Disabled` (or `--set properties.networkAcls.defaultAction=Deny` with IP and virtual network rules).
            - PowerShell: `Set-AzCognitiveServicesAccount -ResourceGroupName <rg> -Name <account> -PublicNetworkAccess Disabled`
            - Bicep:

            ```bicep
            properties: {
              publicNetworkAccess: 'Disabled'
              networkAcls: { defaultAction: 'Deny', ipRules: [], virtualNetworkRules: [] }
            }
            ```
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-services/cognitive-services-virtual-networks",
                "https://learn.microsoft.com/azure/private-link/private-endpoint-overview",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_069" },
                mcsb: new[] { "NS-2" },
                owaspLlm: new[] { "LLM10:2025 Unbounded Consumption" }),
            RequiredData = new[] { DataSets.Arm(ResourceTypes.CognitiveServicesAccount) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var account in snapshot.ResourcesOfType(ResourceTypes.CognitiveServicesAccount))
            {
                var access = account.GetString("properties.publicNetworkAccess");
                var defaultAction = account.GetString("properties.networkAcls.defaultAction");
                var evidence = new[]
                {
                    Observed(account, "properties.publicNetworkAccess", "Disabled"),
                    Observed(account, "properties.networkAcls.defaultAction", "Deny (when public access is enabled)"),
                };
                var noun = account.Kind ?? "Cognitive Services";
                if (access.EqualsIgnoreCase("Disabled"))
                {
                    yield return Pass(account, $"{noun} account has public network access disabled.", evidence);
                }
                else if (defaultAction.EqualsIgnoreCase("Deny"))
                {
                    yield return Pass(account, $"{noun} account is public but its firewall denies by default (only listed networks and IPs).", evidence);
                }
                else
                {
                    var accessText = access == null ? "absent (Enabled by default)" : $"'{access}'";
                    var aclText = defaultAction == null ? "no network ACL" : $"networkAcls.defaultAction '{defaultAction}'";
                    yield return Fail(account, $"{noun} account is open to the internet: publicNetworkAccess is {accessText} with {aclText}.", evidence);
                }
            }
        }

        protected internal override RemediationFix? FixFor(Finding finding) =>
            RemediationFix.Later(FixLanguage.AzureCli, finding.Target.Id, static id => new[]
            {
                AzureFixes.Comment("Reach the account through its private endpoint only; to keep selected public networks instead, set networkAcls.defaultAction to Deny with IP rules."),
                "az resource update --ids " + Quote.Shell(id) + " --set properties.publicNetworkAccess=Disabled",
            });
    }
}
