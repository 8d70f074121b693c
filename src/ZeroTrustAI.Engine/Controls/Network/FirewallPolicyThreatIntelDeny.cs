using System.Collections.Generic;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>Azure Firewall policies block traffic to and from known-malicious addresses and domains.</summary>
    public sealed class FirewallPolicyThreatIntelDeny : Control
    {
        internal const string FirewallPolicyType = "Microsoft.Network/firewallPolicies";
        internal const string TierPath = "properties.sku.tier";
        private const string ModePath = "properties.threatIntelMode";

        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-NET-024",
            Title = "Firewall policies deny traffic flagged by threat intelligence",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every Azure Firewall policy has properties.threatIntelMode set to Deny (absent means the default, Alert).",
            Rationale = "Prompt-injected agents and compromised AI workloads call out to attacker infrastructure to exfiltrate data or fetch payloads. Threat-intelligence filtering in Deny mode drops connections to known command-and-control and malicious hosts instead of only logging them.",
            Remediation = "Set the policy's threat intelligence mode to Deny (Firewall Manager > policy > Threat intelligence, Set-AzFirewallPolicy -Name <policy> -ResourceGroupName <rg> -Location <region> -ThreatIntelMode Deny, or threatIntelMode: 'Deny' in Bicep), with allow-list entries for verified false positives. Basic tier supports Alert only: move to Standard or Premium.",
            References = new[]
            {
                "https://learn.microsoft.com/azure/firewall/threat-intel",
                "https://learn.microsoft.com/powershell/module/az.network/set-azfirewallpolicy",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_069" },
                ZeroTrustAssessment = new[] { "25537" },
                Mcsb = new[] { "NS-3" },
                OwaspLlm = new[] { "LLM06:2025 Excessive Agency" },
            },
            RequiredData = new[] { DataSets.Arm(FirewallPolicyType) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var policy in snapshot.ResourcesOfType(FirewallPolicyType))
            {
                // A child policy inherits the mode of its parent (basePolicy) and can only be stricter: judge the effective mode.
                var effective = InheritedMode.Resolve(snapshot, policy, ModePath, "\"Deny\"", InheritedMode.OffAlertDeny);
                var mode = effective.Value;
                var tier = policy.GetString(TierPath) ?? "Standard";
                var evidence = new List<Evidence>(effective.Evidence) { Observed(policy, TierPath, "\"Standard\" or \"Premium\"") }.ToArray();
                var from = effective.FromText(policy);

                if ("Deny".EqualsIgnoreCase(mode))
                {
                    yield return Pass(policy, $"{tier} firewall policy denies traffic flagged by threat intelligence{from}.", evidence);
                }
                else if (effective.MissingParentId != null)
                {
                    yield return Warn(policy, $"{tier} firewall policy has threatIntelMode {mode ?? "absent"}{from}, but its parent policy {effective.MissingParentId} is not in the snapshot: a stricter inherited mode cannot be seen.", evidence);
                }
                else if ("Basic".EqualsIgnoreCase(tier))
                {
                    yield return Fail(policy, $"Basic firewall policy can only alert on threat intelligence (threatIntelMode is {mode ?? "absent"}{from}): malicious traffic is logged, not blocked.", evidence);
                }
                else
                {
                    yield return Fail(
                        policy,
                        mode == null
                            ? $"{tier} firewall policy only alerts on threat intelligence: threatIntelMode is absent here and in any parent policy (default Alert)."
                            : $"{tier} firewall policy does not block threat-intelligence hits: threatIntelMode is {mode}{from}.",
                        evidence);
                }
            }
        }
    }
}
