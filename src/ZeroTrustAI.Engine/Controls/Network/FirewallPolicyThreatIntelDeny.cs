using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>Azure Firewall policies block traffic to and from known-malicious addresses and domains.</summary>
    public sealed class FirewallPolicyThreatIntelDeny : Control
    {
        internal const string TierPath = "properties.sku.tier";
        private const string ModePath = "properties.threatIntelMode";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-024",
            Title = "Firewall policies deny traffic flagged by threat intelligence",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every Azure Firewall policy has properties.threatIntelMode set to Deny (absent means the default, Alert).",
            Rationale = """
            Prompt-injected agents and compromised AI workloads call out to attacker infrastructure to exfiltrate data or fetch
            payloads. Threat-intelligence filtering in Deny mode drops connections to known malicious IP addresses and domains;
            in Alert mode it only writes a log line while the connection goes through.
            """,
            Checks = """
            - Data set: Azure resources of type `Microsoft.Network/firewallPolicies` (all tiers).
            - Properties: `properties.threatIntelMode`, and `properties.sku.tier` for the reason.
            - **Pass** when `threatIntelMode` is `Deny`. **Fail** when it is `Alert`, `Off` or absent (absent means the default,
              `Alert`). A Basic-tier policy fails with a reason saying the tier supports Alert only.

            Resources are read from any file under `arm/`: ARM REST / `az` output, Azure Resource Graph rows (lowercase types) and `Get-AzResource -ExpandProperties | ConvertTo-Json` (PascalCase `ResourceId`, `ResourceType`, `Properties`). Property names and enum values are compared without regard to case.
            """,
            Remediation = """
            - Portal: Firewall Manager (or the policy) > Settings > Threat intelligence > *Alert and deny*.
            - PowerShell: `Set-AzFirewallPolicy -Name <policy> -ResourceGroupName <rg> -Location <region> -ThreatIntelMode Deny`
            - Bicep: `properties: { threatIntelMode: 'Deny' }`

            Add verified false positives to the threat-intelligence allow list rather than lowering the mode. Move Basic
            firewalls to Standard or Premium.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/firewall/threat-intel",
                "https://learn.microsoft.com/powershell/module/az.network/set-azfirewallpolicy",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_069" },
                zeroTrustAssessment: new[] { "25537" },
                mcsb: new[] { "NS-3" },
                owaspLlm: new[] { "LLM06:2025 Excessive Agency" },
                azurePolicy: new[] { "da79a7e2" }),
            RequiredData = new[] { DataSets.Arm(ResourceTypes.FirewallPolicy) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var policy in snapshot.ResourcesOfType(ResourceTypes.FirewallPolicy))
            {
                var mode = policy.GetString(ModePath);
                var tier = policy.GetString(TierPath) ?? "Standard";
                var evidence = new[]
                {
                    Observed(policy, ModePath, "\"Deny\""),
                    Observed(policy, TierPath, "\"Standard\" or \"Premium\""),
                };

                if ("Deny".EqualsIgnoreCase(mode))
                {
                    yield return Pass(policy, $"{tier} firewall policy denies traffic flagged by threat intelligence.", evidence);
                }
                else if ("Basic".EqualsIgnoreCase(tier))
                {
                    yield return Fail(policy, $"Basic firewall policy can only alert on threat intelligence (threatIntelMode is {mode ?? "absent"}): malicious traffic is logged, not blocked.", evidence);
                }
                else
                {
                    yield return Fail(
                        policy,
                        mode == null
                            ? $"{tier} firewall policy only alerts on threat intelligence: threatIntelMode is absent (default Alert)."
                            : $"{tier} firewall policy does not block threat-intelligence hits: threatIntelMode is {mode}.",
                        evidence);
                }
            }
        }
    }
}
