using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>No NSG lets the Internet reach SSH (22) or RDP (3389).</summary>
    public sealed class NsgManagementPortsClosedToInternet : Control
    {
        private static readonly int[] ManagementPorts = { 22, 3389 };

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-022",
            Title = "Network security groups block SSH and RDP from the Internet",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "No custom rule of a network security group allows inbound traffic from '*', 'Internet', 'Any', 0.0.0.0/0 or ::/0 to port 22 or 3389 (as a single port, '*', a range that contains it, or an item of destinationPortRanges), unless a Deny rule of higher precedence already refuses that port from every address.",
            Rationale = """
            SSH and RDP open to the Internet are found and brute-forced within hours. A jump box or GPU VM taken this way sits
            inside the AI workload's network, next to model endpoints, vector stores and the managed-identity tokens of agents.
            """,
            Checks = """
            - Data set: Azure resources of type `Microsoft.Network/networkSecurityGroups`; one result per NSG.
            - A custom rule **offends** when `access` is `Allow`, `direction` is `Inbound`, a source is `*`, `Internet`, `Any`,
              `0.0.0.0/0` or `::/0`, and a destination port entry covers 22 or 3389: `*`, the port itself, a range such as
              `20-25`, or an item of `destinationPortRanges`. ICMP rules carry no ports and never offend.
            - A port is not counted when an inbound `Deny` rule with a lower priority number (higher precedence) already refuses
              it from every address (`*`, `Any`, `0.0.0.0/0`, `::/0`) for the same protocol or `*`.
            - **Pass** when no rule offends (an NSG without custom rules passes). **Fail** otherwise; the evidence lists each
              offending rule (path and its JSON) and the reason names the rule, the ports it opens and its sources.

            Rules are read from `properties.securityRules[]` with their fields under `properties` (ARM REST, Resource
            Graph), from `SecurityRules[]` with the fields directly on the rule and prefixes/ports as lists
            (`Get-AzNetworkSecurityGroup | ConvertTo-Json`), and from separate `networkSecurityGroups/securityRules` resources
            linked to their NSG. Both the singular fields (`sourceAddressPrefix`, `destinationPortRange`) and the list fields
            (`sourceAddressPrefixes`, `destinationPortRanges`) are read, whether each holds a string or a list. Default rules
            (`defaultSecurityRules`) are not judged: they cannot be changed and admit only `VirtualNetwork` and `AzureLoadBalancer`.

            Resources are read from any file under `arm/`: ARM REST / `az` output, Azure Resource Graph rows (lowercase types) and `Get-AzResource -ExpandProperties | ConvertTo-Json` (PascalCase `ResourceId`, `ResourceType`, `Properties`). Property names and enum values are compared without regard to case.
            """,
            Remediation = """
            - Delete or narrow the rule to known source ranges: `az network nsg rule delete -g <rg> --nsg-name <nsg> -n <rule>`
              or `az network nsg rule update ... --source-address-prefixes <ranges>`.
            - Reach VMs through Azure Bastion, or open ports on demand with Defender for Cloud just-in-time VM access.
            - Bicep: remove the rule from `securityRules`, or set `sourceAddressPrefix` to the Bastion subnet.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview",
                "https://learn.microsoft.com/azure/bastion/bastion-overview",
                "https://learn.microsoft.com/azure/defender-for-cloud/just-in-time-access-usage",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_069" },
                mcsb: new[] { "NS-1", "PA-7" },
                azurePolicy: new[] { "e372f825", "2c89a2e5 (deprecated", "logic reused)" }),
            RequiredData = new[] { DataSets.Arm(ResourceTypes.NetworkSecurityGroup) },
            Uses = new[] { NsgSecurityRule.Data },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            const string Expected = "no Allow Inbound rule from *, Internet, Any, 0.0.0.0/0 or ::/0 to port 22 or 3389";
            foreach (var nsg in snapshot.ResourcesOfType(ResourceTypes.NetworkSecurityGroup))
            {
                var rules = NsgSecurityRule.ReadAll(nsg);
                var offending = rules
                    .Where(rule => rule.IsInboundAllow && rule.HasInternetSource && OpenedPorts(rule, rules).Any())
                    .ToList();

                if (offending.Count == 0)
                {
                    var checkedNames = JsonSerializer.Serialize(rules.Select(rule => rule.Name).ToArray());
                    yield return Pass(
                        nsg,
                        $"None of the {rules.Count} custom rule(s) allow SSH or RDP from the Internet.",
                        new Evidence("properties.securityRules[].name", checkedNames, Expected));
                    continue;
                }

                var evidence = offending
                    .Select(rule => new Evidence(rule.Path, rule.Json, Expected))
                    .ToArray();
                var details = offending.Select(rule =>
                    $"{rule.Name} opens {string.Join(" and ", OpenedPorts(rule, rules))} to {string.Join(",", rule.Sources)}");
                yield return Fail(
                    nsg,
                    $"{offending.Count} rule(s) allow SSH/RDP from the Internet: {string.Join("; ", details)}.",
                    evidence).WithFix(NsgSecurityRule.DenyFix(nsg, offending, "Close SSH/RDP from the Internet: reach machines through Azure Bastion or just-in-time access instead."));
            }
        }

        /// <summary>The management ports this rule opens that no earlier Deny rule already closes.</summary>
        private static IEnumerable<string> OpenedPorts(NsgSecurityRule rule, IReadOnlyList<NsgSecurityRule> rules) =>
            ManagementPorts
                .Where(port => rule.CoversPort(port) && !rule.IsShadowedForInternet(port, rules))
                .Select(port => port.ToString(CultureInfo.InvariantCulture));
    }
}
