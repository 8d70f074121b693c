using System.Collections.Generic;
using ZeroTrustAI.Engine.Json;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Azure;
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
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-023",
            Title = "Network security groups allow no inbound traffic from any source",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "No custom inbound Allow rule of a network security group has '*', 'Any', 0.0.0.0/0 or ::/0 as its source (sourceAddressPrefix or sourceAddressPrefixes). Rules naming the 'Internet' service tag or specific ranges pass: they state their intent.",
            Rationale = """
            A wildcard source admits the Internet **and** every peered virtual network, VPN and ExpressRoute branch at once. A
            compromised host anywhere in the estate can then reach the subnet of model endpoints, vector stores and agent runtimes.
            Explicit sources keep segmentation reviewable.

            This control reports **Fail**, not Warning: `*` is wider than the Internet, so it never states an intended exposure. A
            service that is meant to be public names the `Internet` service tag or specific ranges, which this control accepts
            (ZTAI-NET-022 still catches `Internet` on management ports). PSRule's `Azure.NSG.AnyInboundSource` fails the same rule.
            """,
            Checks = $"""
            - Data set: Azure resources of type `Microsoft.Network/networkSecurityGroups`; one result per NSG.
            - A custom rule **offends** when `access` is `Allow`, `direction` is `Inbound`, `sourceAddressPrefix` or any item of
              `sourceAddressPrefixes` is `*`, `Any`, `0.0.0.0/0` or `::/0`, and the rule decides at least one flow (from the
              Internet or the virtual network, to any destination, port and protocol): a wildcard Allow that earlier Deny rules
              hide completely admits nothing. `Deny` rules, outbound rules and rules naming service tags (`Internet`,
              `AzureLoadBalancer`, `VirtualNetwork`, ...) or ranges do not offend.
            - **Pass** when no rule offends; **Fail** otherwise, with each offending rule as evidence.

            {NsgEvaluator.HowRulesAreEvaluated}
            - Default rules are never offending themselves: they cannot be changed and admit only `VirtualNetwork` and
              `AzureLoadBalancer`.

            Resources are read from any file under `arm/`: ARM REST / `az` output, Azure Resource Graph rows (lowercase types) and `Get-AzResource -ExpandProperties | ConvertTo-Json` (PascalCase `ResourceId`, `ResourceType`, `Properties`). Property names and enum values are compared without regard to case.
            """,
            Remediation = """
            Replace the wildcard with the sources the service really serves: service tags (`AzureFrontDoor.Backend`,
            `AzureLoadBalancer`, `VirtualNetwork`, or `Internet` when public exposure is intended) or address ranges.

            - CLI: `az network nsg rule update -g <rg> --nsg-name <nsg> -n <rule> --source-address-prefixes <prefixes>`
            - Bicep: `sourceAddressPrefix: 'AzureFrontDoor.Backend'` (or `sourceAddressPrefixes: [ ... ]`)
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview",
                "https://learn.microsoft.com/azure/virtual-network/service-tags-overview",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_069" },
                mcsb: new[] { "NS-1" },
                psRule: new[] { "Azure.NSG.AnyInboundSource" }),
            RequiredData = new[] { DataSets.Arm(ResourceTypes.NetworkSecurityGroup) },
            Uses = new[] { NsgSecurityRule.Data },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            const string Expected = "no Allow Inbound rule with source *, Any, 0.0.0.0/0 or ::/0 deciding any flow";
            foreach (var nsg in snapshot.ResourcesOfType(ResourceTypes.NetworkSecurityGroup))
            {
                var rules = NsgSecurityRule.ReadEffective(nsg);

                // A wildcard Allow that earlier Deny rules hide completely decides no flow and admits nothing.
                var deciding = new HashSet<NsgSecurityRule>(
                    NsgEvaluator.DecidingRules(rules, NsgSourceClass.Internet).Concat(NsgEvaluator.DecidingRules(rules, NsgSourceClass.VirtualNetwork)));
                var custom = rules.Where(rule => !rule.IsDefault).ToList();
                var offending = custom
                    .Where(rule => rule.IsAllow && "Inbound".EqualsIgnoreCase(rule.Direction) && rule.Sources.Any(NsgAddress.IsEverything) && deciding.Contains(rule))
                    .ToList();
                if (offending.Count == 0)
                {
                    var checkedNames = JsonText.StringArray(custom.Select(rule => rule.Name));
                    yield return Pass(
                        nsg,
                        $"None of the {custom.Count} custom rule(s) allow inbound traffic from any source.",
                        new Evidence("properties.securityRules[].name", checkedNames, Expected));
                    continue;
                }

                var evidence = offending
                    .Select(rule => new Evidence(rule.Path, rule.Json, Expected))
                    .ToArray();
                var group = ManagementPortExposure.ResourceGroupOf(nsg.Id);
                yield return Fail(
                    nsg,
                    $"{offending.Count} rule(s) allow inbound traffic from any source: {string.Join("; ", offending.Select(rule => rule.Describe()))}.",
                    evidence)
                    .WithFix(RemediationFix.AzureCli(offending.Select(rule =>
                        $"az network nsg rule update --resource-group {Quote.Shell(group)} --nsg-name {Quote.Shell(nsg.Name)} --name {Quote.Shell(rule.Name)} --source-address-prefixes VirtualNetwork").ToArray()));
            }
        }
    }
}
