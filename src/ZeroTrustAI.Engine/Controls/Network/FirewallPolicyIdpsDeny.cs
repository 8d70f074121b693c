using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>Premium Azure Firewall policies run intrusion detection and prevention in Deny mode.</summary>
    public sealed class FirewallPolicyIdpsDeny : Control
    {
        private const string ModePath = "properties.intrusionDetection.mode";

        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-NET-025",
            Title = "Premium firewall policies block intrusions (IDPS in Deny mode)",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every Premium Azure Firewall policy has properties.intrusionDetection.mode set to Deny (absent means Off). Standard and Basic policies have no IDPS and are not judged.",
            Rationale = "Signature-based IDPS catches exploit attempts, malware callbacks and lateral movement that address-based rules let through, including traffic of a compromised agent host. In Alert mode it only writes logs while the attack proceeds.",
            Remediation = "Set IDPS to Deny on the Premium policy (Firewall Manager > policy > IDPS; in PowerShell $p = Get-AzFirewallPolicy -Name <policy> -ResourceGroupName <rg>; $p.IntrusionDetection = New-AzFirewallPolicyIntrusionDetection -Mode Deny; $p | Set-AzFirewallPolicy; or intrusionDetection: { mode: 'Deny' } in Bicep), after reviewing signature overrides and bypass lists.",
            References = new[]
            {
                "https://learn.microsoft.com/azure/firewall/premium-features",
                "https://learn.microsoft.com/powershell/module/az.network/new-azfirewallpolicyintrusiondetection",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_069" },
                ZeroTrustAssessment = new[] { "25539" },
                Mcsb = new[] { "NS-4" },
            },
            RequiredData = new[] { DataSets.Arm(FirewallPolicyThreatIntelDeny.FirewallPolicyType) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            // IDPS exists only in the Premium tier; other tiers yield no finding (NotApplicable when none is Premium).
            var premium = snapshot.ResourcesOfType(FirewallPolicyThreatIntelDeny.FirewallPolicyType)
                .Where(policy => "Premium".EqualsIgnoreCase(policy.GetString(FirewallPolicyThreatIntelDeny.TierPath)));

            return CheckEach(
                premium,
                ModePath,
                "\"Deny\"",
                policy => "Deny".EqualsIgnoreCase(policy.GetString(ModePath)),
                _ => "Premium firewall policy blocks traffic matching IDPS signatures.",
                policy => policy.GetString(ModePath) is string mode
                    ? $"Premium firewall policy does not block intrusions: IDPS mode is {mode}."
                    : "Premium firewall policy does not block intrusions: intrusionDetection.mode is absent (IDPS off).");
        }
    }
}
