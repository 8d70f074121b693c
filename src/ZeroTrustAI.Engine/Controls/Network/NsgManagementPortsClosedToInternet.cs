using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>No NSG lets the Internet reach SSH (22) or RDP (3389).</summary>
    public sealed class NsgManagementPortsClosedToInternet : Control
    {
        private static readonly int[] ManagementPorts = { 22, 3389 };

        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-NET-022",
            Title = "Network security groups block SSH and RDP from the Internet",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "No custom rule of a network security group allows inbound traffic from '*', 'Internet', 'Any', 0.0.0.0/0 or ::/0 to port 22 or 3389 (as a single port, '*', a range that contains it, or an item of destinationPortRanges), unless a Deny rule of higher precedence already refuses that port from every address.",
            Rationale = "SSH and RDP open to the Internet are brute-forced within hours. A jump box or GPU VM that falls this way sits inside the network of the AI workload, next to its model endpoints, vector stores and managed identity tokens.",
            Remediation = "Delete or narrow the rule (specific source ranges), and reach VMs through Azure Bastion or Defender for Cloud just-in-time VM access: az network nsg rule delete -g <rg> --nsg-name <nsg> -n <rule>.",
            References = new[]
            {
                "https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview",
                "https://learn.microsoft.com/azure/bastion/bastion-overview",
                "https://learn.microsoft.com/azure/defender-for-cloud/just-in-time-access-usage",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_069" },
                Mcsb = new[] { "NS-1", "PA-7" },
            },
            RequiredData = new[] { DataSets.Arm(NsgSecurityRule.NsgType) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            const string Expected = "no Allow Inbound rule from *, Internet, Any, 0.0.0.0/0 or ::/0 to port 22 or 3389";
            foreach (var nsg in snapshot.ResourcesOfType(NsgSecurityRule.NsgType))
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
                    evidence);
            }
        }

        /// <summary>The management ports this rule opens that no earlier Deny rule already closes.</summary>
        private static IEnumerable<string> OpenedPorts(NsgSecurityRule rule, IReadOnlyList<NsgSecurityRule> rules) =>
            ManagementPorts
                .Where(port => rule.CoversPort(port) && !rule.IsShadowedForInternet(port, rules))
                .Select(port => port.ToString(CultureInfo.InvariantCulture));
    }
}
