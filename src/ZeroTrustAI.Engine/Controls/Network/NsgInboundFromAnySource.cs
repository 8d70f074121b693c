using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>No NSG rule allows inbound traffic from every address ('*').</summary>
    /// <remarks>
    /// Fail rather than Warning: '*' is wider than the Internet (it also admits every peered network, VPN and
    /// ExpressRoute branch), so it never states an intended exposure. A deliberate public service names the
    /// 'Internet' tag or specific ranges, which this control accepts; PSRule's Azure.NSG.AnyInboundSource fails it too.
    /// </remarks>
    public sealed class NsgInboundFromAnySource : Control
    {
        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-NET-023",
            Title = "Network security groups allow no inbound traffic from any source",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "No custom inbound Allow rule of a network security group has '*', 'Any', 0.0.0.0/0 or ::/0 as its source (sourceAddressPrefix or sourceAddressPrefixes). Rules naming the 'Internet' service tag or specific ranges pass: they state their intent.",
            Rationale = "A wildcard source admits the Internet and every peered, VPN and on-premises network at once, so a compromised host anywhere can move laterally into the subnet of model endpoints, vector stores and agent runtimes. Explicit sources keep segmentation reviewable.",
            Remediation = "Replace '*' with the service tags (for example AzureLoadBalancer, AzureFrontDoor.Backend, VirtualNetwork, or Internet when public exposure is intended) or the address ranges the service really serves: az network nsg rule update -g <rg> --nsg-name <nsg> -n <rule> --source-address-prefixes <prefixes>.",
            References = new[]
            {
                "https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview",
                "https://learn.microsoft.com/azure/virtual-network/service-tags-overview",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_069" },
                Mcsb = new[] { "NS-1" },
            },
            RequiredData = new[] { DataSets.Arm(NsgSecurityRule.NsgType) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            const string Expected = "no Allow Inbound rule with source *, Any, 0.0.0.0/0 or ::/0";
            foreach (var nsg in snapshot.ResourcesOfType(NsgSecurityRule.NsgType))
            {
                var rules = NsgSecurityRule.ReadAll(nsg);
                var offending = rules.Where(rule => rule.IsInboundAllow && rule.HasWildcardSource).ToList();
                if (offending.Count == 0)
                {
                    var checkedNames = JsonSerializer.Serialize(rules.Select(rule => rule.Name).ToArray());
                    yield return Pass(
                        nsg,
                        $"None of the {rules.Count} custom rule(s) allow inbound traffic from any source.",
                        new Evidence("properties.securityRules[].name", checkedNames, Expected));
                    continue;
                }

                var evidence = offending
                    .Select(rule => new Evidence(rule.Path, rule.Json, Expected))
                    .ToArray();
                yield return Fail(
                    nsg,
                    $"{offending.Count} rule(s) allow inbound traffic from any source: {string.Join("; ", offending.Select(rule => rule.Describe()))}.",
                    evidence);
            }
        }
    }
}
