using System.Collections.Generic;
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
            foreach (var policy in snapshot.ResourcesOfType(FirewallPolicyThreatIntelDeny.FirewallPolicyType))
            {
                var tier = policy.GetString(FirewallPolicyThreatIntelDeny.TierPath);
                if (!"Premium".EqualsIgnoreCase(tier))
                {
                    yield return NotApplicable(
                        policy,
                        $"{tier ?? "Standard"} firewall policy: IDPS is a Premium feature.",
                        Observed(policy, FirewallPolicyThreatIntelDeny.TierPath, "\"Premium\""));
                    continue;
                }

                // IDPS mode is inherited from the parent policy (basePolicy), which a child can only make stricter.
                var effective = InheritedMode.Resolve(snapshot, policy, ModePath, "\"Deny\"", InheritedMode.OffAlertDeny);
                var mode = effective.Value;
                var evidence = new List<Evidence>(effective.Evidence).ToArray();
                var from = effective.FromText(policy);
                if ("Deny".EqualsIgnoreCase(mode))
                {
                    yield return Pass(policy, $"Premium firewall policy blocks traffic matching IDPS signatures{from}.", evidence);
                }
                else if (effective.MissingParentId != null)
                {
                    yield return Warn(policy, $"Premium firewall policy has IDPS mode {mode ?? "absent"}{from}, but its parent policy {effective.MissingParentId} is not in the snapshot: a stricter inherited mode cannot be seen.", evidence);
                }
                else
                {
                    yield return Fail(
                        policy,
                        mode != null
                            ? $"Premium firewall policy does not block intrusions: IDPS mode is {mode}{from}."
                            : "Premium firewall policy does not block intrusions: intrusionDetection.mode is absent here and in any parent policy (IDPS off).",
                        evidence);
                }
            }
        }
    }
}
