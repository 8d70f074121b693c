using System.Collections.Generic;
using ZeroTrustAI.Engine.Controls.AI;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>AI services accounts are not open to the whole internet.</summary>
    public sealed class AiServicePublicNetworkRestricted : Control
    {
        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-NET-001",
            Title = "AI services public network access is restricted",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every Cognitive Services account (OpenAI, AI Services, ...) has properties.publicNetworkAccess 'Disabled' or a firewall with properties.networkAcls.defaultAction 'Deny'. Absent publicNetworkAccess means Enabled (the service default).",
            Rationale = "A model endpoint reachable from any address can be called by anyone holding a leaked key or token, from anywhere, and used to pull grounding data or burn quota. Restricting the network adds a second condition an attacker must meet.",
            Remediation = "Disable public access (az resource update --ids <account-id> --set properties.publicNetworkAccess=Disabled, or Set-AzCognitiveServicesAccount -PublicNetworkAccess Disabled) and reach the account through a private endpoint, or set networkAcls.defaultAction to Deny with selected virtual networks and IP ranges.",
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-services/cognitive-services-virtual-networks",
                "https://learn.microsoft.com/azure/private-link/private-endpoint-overview",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_069" },
                Mcsb = new[] { "NS-2" },
                OwaspLlm = new[] { "LLM10:2025 Unbounded Consumption" },
            },
            RequiredData = new[] { DataSets.Arm(AiResourceTypes.Account) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var account in snapshot.ResourcesOfType(AiResourceTypes.Account))
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
    }
}
