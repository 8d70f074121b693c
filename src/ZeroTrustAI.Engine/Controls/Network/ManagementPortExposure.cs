using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>
    /// Whether SSH (22) and RDP (3389) are reachable from a class of sources through an NSG, decided exactly
    /// (<see cref="NsgEvaluator"/>), with the deciding rules as evidence and a Deny rule placed before them as the fix.
    /// </summary>
    internal static class ManagementPortExposure
    {
        public static readonly int[] Ports = { 22, 3389 };

        /// <summary>The allowed management-port flows from <paramref name="source"/> through the NSG's rules.</summary>
        public static IReadOnlyList<NsgDecision> OpenFlows(IReadOnlyList<NsgSecurityRule> rules, NsgSourceClass source) =>
            Ports.SelectMany(port => NsgEvaluator.DecideEverywhere(rules, source, port, NsgTraffic.Tcp)).Where(d => d.Allowed).ToList();

        /// <summary>One result for the NSG: Fail naming the rules that let <paramref name="source"/> reach 22 or 3389.</summary>
        public static Finding Judge(ArmResource nsg, NsgSourceClass source, string sourceText)
        {
            var rules = NsgSecurityRule.ReadEffective(nsg);
            var expected = $"no flow from {sourceText} to TCP 22 or 3389 allowed";
            var open = OpenFlows(rules, source);
            var target = ResultTarget.From(nsg);
            if (open.Count == 0)
            {
                var refusing = Ports
                    .SelectMany(port => NsgEvaluator.DecideEverywhere(rules, source, port, NsgTraffic.Tcp))
                    .Select(d => d.Rule)
                    .Distinct()
                    .ToList();
                return new Finding(
                    ResultStatus.Pass,
                    target,
                    $"No flow from {sourceText} reaches SSH or RDP; decided by {string.Join(", ", refusing.Select(r => $"{r.Name} ({r.Priority})"))}.",
                    refusing.Select(rule => new Evidence(rule.Path, rule.Json, expected)).ToArray());
            }

            var byRule = open.GroupBy(d => d.Rule).ToList();
            var details = byRule.Select(group =>
                $"{group.Key.Name} opens {string.Join(" and ", group.Select(d => d.Port).Distinct().Select(p => p.ToString(CultureInfo.InvariantCulture)))} to {string.Join(",", group.Key.Sources)}");
            return new Finding(
                    ResultStatus.Fail,
                    target,
                    $"{byRule.Count} rule(s) allow SSH/RDP from {sourceText}: {string.Join("; ", details)}.",
                    byRule.Select(group => new Evidence(group.Key.Path, group.Key.Json, expected)).ToArray())
                .WithFix(DenyBefore(nsg, rules, byRule.Select(g => g.Key).ToList(), source));
        }

        /// <summary>
        /// A Deny rule for <paramref name="source"/> to TCP 22 and 3389 at a free priority ahead of every deciding Allow
        /// (custom priorities run 100-4096); when there is no room ahead of them, the Allow rules are deleted instead.
        /// </summary>
        public static RemediationFix DenyBefore(ArmResource nsg, IReadOnlyList<NsgSecurityRule> rules, IReadOnlyList<NsgSecurityRule> allowing, NsgSourceClass source)
        {
            var group = ResourceGroupOf(nsg.Id);
            var used = new HashSet<int>(rules.Where(r => !r.IsDefault && r.PriorityNumber.HasValue).Select(r => r.PriorityNumber!.Value));
            var before = Math.Min(4097, allowing.Min(r => r.PriorityNumber ?? 4097));
            var free = Enumerable.Range(100, Math.Max(0, before - 100)).Reverse().Where(p => !used.Contains(p)).Take(1).ToList();
            if (free.Count == 1)
            {
                return RemediationFix.AzureCli(
                    $"az network nsg rule create --resource-group {Quote.Shell(group)} --nsg-name {Quote.Shell(nsg.Name)} --name {Quote.Shell("Deny-" + source + "-SSH-RDP")}"
                    + $" --priority {free[0].ToString(CultureInfo.InvariantCulture)} --direction Inbound --access Deny --protocol Tcp"
                    + $" --source-address-prefixes {source} --destination-address-prefixes '*' --destination-port-ranges 22 3389");
            }

            return RemediationFix.AzureCli(allowing.Where(r => !r.IsDefault).Select(rule =>
                $"az network nsg rule delete --resource-group {Quote.Shell(group)} --nsg-name {Quote.Shell(nsg.Name)} --name {Quote.Shell(rule.Name)}").ToArray());
        }

        /// <summary>The resource group segment of an ARM id.</summary>
        public static string ResourceGroupOf(string id)
        {
            var segments = id.Split('/');
            for (var i = 0; i + 1 < segments.Length; i++)
            {
                if (segments[i].EqualsIgnoreCase("resourceGroups"))
                {
                    return segments[i + 1];
                }
            }

            return string.Empty;
        }
    }
}
