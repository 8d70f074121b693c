using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>
    /// No network interface is reachable from the Internet on SSH or RDP once both NSGs on its path are applied: the
    /// subnet's and its own. Inbound traffic passes only when each NSG present allows it.
    /// </summary>
    public sealed class NicManagementPortsEffectiveExposure : Control
    {
        private static readonly DataRequirement Subnets = DataRequirement.ReadsIfPresent(DataSets.Arm(ResourceTypes.Subnet));

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-100",
            Title = "Network interfaces are not reachable on SSH or RDP from the Internet through their subnet and NIC NSGs",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "For every IP configuration of every network interface, TCP traffic from the Internet to port 22 or 3389 is refused by the subnet's NSG or by the NIC's NSG, evaluated exactly for the interface's own private address and application security groups. An interface with neither NSG is open.",
            Rationale = """
            What reaches a VM is what both NSGs on its path allow: the subnet's, then the NIC's. One NSG judged alone can look
            open while the other closes the port, or look closed while it is attached nowhere. Judging each interface with both
            shows which GPU hosts, jump boxes and agent runtimes are really exposed, and which rule decides it.
            """,
            Checks = $"""
            - Data sets: `Microsoft.Network/networkInterfaces`, `Microsoft.Network/virtualNetworks` (subnets inline in
              `properties.subnets[]`, or separate `virtualNetworks/subnets` resources) and `Microsoft.Network/networkSecurityGroups`.
            - For each `properties.ipConfigurations[]` of a NIC: the destination is its `privateIPAddress` and its
              `applicationSecurityGroups[].id`; the subnet is `subnet.id`, whose `networkSecurityGroup.id` is the subnet NSG; the
              NIC's own NSG is `properties.networkSecurityGroup.id`.
            - Inbound traffic passes when the subnet NSG (if any) **and** the NIC NSG (if any) both allow it; with neither it
              passes.
            {NsgEvaluator.HowRulesAreEvaluated}
            - **Fail** when TCP from the Internet reaches 22 or 3389 on an IP configuration; the reason names each NSG's deciding
              rule and whether a public IP is attached. **Pass** otherwise, naming the refusing rule. **Error** when an NSG the
              NIC or subnet names is not in the snapshot. Target: the network interface.
            """,
            Remediation = """
            - Add a Deny for `Internet` to TCP 22 and 3389 ahead of the allowing rule in the subnet's or the NIC's NSG, or
              delete the allowing rule; reach the VM through Azure Bastion or just-in-time access.
            - An interface without any NSG: create one (its default rules refuse Internet traffic) and attach it:
              `az network nsg create -g <rg> -n nsg-<nic>` then `az network nic update --ids <nic-id> --network-security-group nsg-<nic>`.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/virtual-network/network-security-group-how-it-works",
                "https://learn.microsoft.com/azure/virtual-network/diagnose-network-traffic-filter-problem",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_069" },
                mcsb: new[] { "NS-1", "PA-7" },
                azurePolicy: new[] { "e372f825-a257-4fb8-9175-797a8a8627d6" }),
            RequiredData = new[]
            {
                DataSets.Arm(ResourceTypes.NetworkInterface),
                DataSets.Arm(ResourceTypes.VirtualNetwork),
                DataSets.Arm(ResourceTypes.NetworkSecurityGroup),
            },
            Uses = new[] { NsgSecurityRule.Data, Subnets },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var subnetNsgs = SubnetNsgIds(snapshot);
            var nsgs = snapshot.ResourcesOfType(ResourceTypes.NetworkSecurityGroup)
                .GroupBy(nsg => nsg.Id, ResourceTypes.Comparer)
                .ToDictionary(g => g.Key, g => (Nsg: g.First(), Rules: NsgSecurityRule.ReadEffective(g.First())), ResourceTypes.Comparer);

            foreach (var nic in snapshot.ResourcesOfType(ResourceTypes.NetworkInterface))
            {
                yield return Judge(nic, subnetNsgs, nsgs);
            }
        }

        private static Finding Judge(
            ArmResource nic,
            Dictionary<string, string> subnetNsgs,
            Dictionary<string, (ArmResource Nsg, IReadOnlyList<NsgSecurityRule> Rules)> nsgs)
        {
            var target = ResultTarget.From(nic);
            var nicNsgId = nic.GetString("properties.networkSecurityGroup.id");
            var open = new List<string>();
            var closed = new List<string>();
            var evidence = new List<Evidence>();
            var allowingNsgs = new List<(ArmResource Nsg, IReadOnlyList<NsgSecurityRule> Rules, NsgSecurityRule Rule)>();
            var unprotected = false;
            const string Expected = "Internet to TCP 22 and 3389 refused by the subnet NSG or the NIC NSG";

            foreach (var config in nic.Raw.GetArray("properties.ipConfigurations"))
            {
                var address = config.GetString("properties.privateIPAddress");
                var groups = config.GetArray("properties.applicationSecurityGroups").Select(g => g.GetString("id")).Where(id => id != null).Select(id => id!).ToList();
                var destination = new NsgDestination(
                    address != null && NsgAddress.TryIPv4(address, out var parsed) ? parsed : (uint?)null,
                    groups,
                    address ?? config.GetString("name") ?? "ip configuration");
                var subnetId = config.GetString("properties.subnet.id");
                var subnetNsgId = subnetId != null && subnetNsgs.TryGetValue(subnetId, out var found) ? found : null;
                var hasPublicIp = config.GetString("properties.publicIPAddress.id") != null;

                var layers = new List<(string Level, string? NsgId)> { ("subnet", subnetNsgId), ("NIC", nicNsgId) };
                foreach (var (level, id) in layers.Where(l => l.NsgId != null))
                {
                    if (!nsgs.ContainsKey(id!))
                    {
                        return new Finding(ResultStatus.Error, target, $"The {level} NSG {id} is not in the snapshot, so the exposure of {destination} cannot be judged.", Array.Empty<Evidence>());
                    }
                }

                foreach (var port in ManagementPortExposure.Ports)
                {
                    var decisions = layers
                        .Where(l => l.NsgId != null)
                        .Select(l => (l.Level, Entry: nsgs[l.NsgId!], Decision: NsgEvaluator.Decide(nsgs[l.NsgId!].Rules, NsgSourceClass.Internet, destination, port, NsgTraffic.Tcp)))
                        .ToList();
                    var portText = port.ToString(CultureInfo.InvariantCulture);
                    if (decisions.Count == 0)
                    {
                        unprotected = true;
                        open.Add($"{portText} on {destination} (no NSG on the subnet or the NIC{(hasPublicIp ? "; a public IP is attached" : string.Empty)})");
                        continue;
                    }

                    var refusing = decisions.FirstOrDefault(d => !d.Decision.Allowed);
                    if (refusing.Entry.Nsg != null)
                    {
                        closed.Add($"{portText} by {refusing.Level} NSG {refusing.Entry.Nsg.Name} rule {refusing.Decision.Rule.Name} ({refusing.Decision.Rule.Priority})");
                        evidence.Add(new Evidence($"{refusing.Entry.Nsg.Name}:{refusing.Decision.Rule.Path}", refusing.Decision.Rule.Json, Expected));
                        continue;
                    }

                    open.Add($"{portText} on {destination} ({string.Join(", ", decisions.Select(d => $"{d.Level} NSG {d.Entry.Nsg.Name} allows by {d.Decision.Rule.Name} ({d.Decision.Rule.Priority})"))}{(decisions.Count == 1 ? $", no {(decisions[0].Level == "NIC" ? "subnet" : "NIC")} NSG" : string.Empty)}{(hasPublicIp ? "; a public IP is attached" : string.Empty)})");
                    foreach (var d in decisions)
                    {
                        evidence.Add(new Evidence($"{d.Entry.Nsg.Name}:{d.Decision.Rule.Path}", d.Decision.Rule.Json, Expected));
                        allowingNsgs.Add((d.Entry.Nsg, d.Entry.Rules, d.Decision.Rule));
                    }
                }
            }

            var distinctEvidence = evidence.GroupBy(e => e.Path).Select(g => g.First()).ToArray();
            if (open.Count == 0)
            {
                return new Finding(ResultStatus.Pass, target, $"The Internet reaches neither SSH nor RDP: refused on {string.Join("; ", closed.Distinct())}.", distinctEvidence);
            }

            return new Finding(ResultStatus.Fail, target, $"The Internet reaches {string.Join("; ", open)}.", distinctEvidence)
                .WithFix(FixFor(nic, unprotected, allowingNsgs));
        }

        private static RemediationFix FixFor(
            ArmResource nic,
            bool unprotected,
            List<(ArmResource Nsg, IReadOnlyList<NsgSecurityRule> Rules, NsgSecurityRule Rule)> allowing)
        {
            if (unprotected || allowing.Count == 0)
            {
                var name = Quote.Shell("nsg-" + nic.Name);
                return RemediationFix.AzureCli(
                    $"az network nsg create --resource-group {Quote.Shell(ManagementPortExposure.ResourceGroupOf(nic.Id))} --name {name} --location {Quote.Shell(nic.Location ?? string.Empty)}",
                    $"az network nic update --ids {Quote.Shell(nic.Id)} --network-security-group {name}");
            }

            // One Deny in the first NSG that allows closes the path: both must allow for traffic to pass.
            var first = allowing[0].Nsg;
            var rules = allowing.Where(a => a.Nsg == first).Select(a => a.Rule).Distinct().ToList();
            var fix = ManagementPortExposure.DenyBefore(first, allowing[0].Rules, rules, NsgSourceClass.Internet);
            return RemediationFix.AzureCli($"# Closes SSH and RDP from the Internet to {nic.Name.Replace("\n", " ")} in {first.Name.Replace("\n", " ")}, which every interface behind it shares.", fix.Script);
        }

        /// <summary>Subnet id to the id of its NSG, from subnets inline in virtual networks and subnets kept apart.</summary>
        private static Dictionary<string, string> SubnetNsgIds(TenantSnapshot snapshot)
        {
            var map = new Dictionary<string, string>(ResourceTypes.Comparer);
            foreach (var vnet in snapshot.ResourcesOfType(ResourceTypes.VirtualNetwork))
            {
                foreach (var subnet in vnet.Raw.GetArray("properties.subnets"))
                {
                    var id = subnet.GetString("id") ?? (subnet.GetString("name") is string name ? vnet.Id + "/subnets/" + name : null);
                    var nsg = subnet.GetString("properties.networkSecurityGroup.id");
                    if (id != null && nsg != null)
                    {
                        map[id] = nsg;
                    }
                }
            }

            foreach (var subnet in snapshot.ResourcesOfType(ResourceTypes.Subnet))
            {
                var nsg = subnet.GetString("properties.networkSecurityGroup.id");
                if (nsg != null)
                {
                    map[subnet.Id] = nsg;
                }
            }

            return map;
        }
    }
}
