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
            - Policy hierarchy: a child policy (`properties.basePolicy.id`) inherits the threat intelligence mode of its parent
              and can only make it stricter, so the effective mode is the strictest of the policy and its ancestors
              (Off < Alert < Deny). The reason and evidence name the policy the mode came from
              (`parent policy '<name>': properties.threatIntelMode`).
            - **Pass** when the effective mode is `Deny`. **Fail** when it is `Alert`, `Off` or absent everywhere in the chain
              (absent means the default, `Alert`). A Basic-tier policy fails with a reason saying the tier supports Alert only.
              **Warning** when the mode is not `Deny` and a parent policy is not in the snapshot (a stricter inherited mode cannot
              be seen).

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

        protected internal override RemediationFix? FixFor(Finding finding) =>
            RemediationFix.AzureCli(
                AzureFixes.Comment("Block traffic to and from known-malicious addresses and domains (a Basic policy must move to Standard or Premium first)."),
                "az resource update --ids " + Quote.Shell(finding.Target.Id) + " --set properties.threatIntelMode=Deny");
    }
}
