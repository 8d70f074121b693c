using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>Premium Azure Firewall policies run intrusion detection and prevention in Deny mode.</summary>
    public sealed class FirewallPolicyIdpsDeny : Control
    {
        private const string ModePath = "properties.intrusionDetection.mode";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-025",
            Title = "Premium firewall policies block intrusions (IDPS in Deny mode)",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every Premium Azure Firewall policy has properties.intrusionDetection.mode set to Deny (absent means Off). Standard and Basic policies have no IDPS and are not judged.",
            Rationale = """
            Signature-based intrusion detection and prevention catches exploit attempts, malware callbacks and lateral movement
            that address-based rules let through, including the traffic of a compromised agent host. In Alert mode it records
            the attack while it proceeds.
            """,
            Checks = """
            - Data set: Azure resources of type `Microsoft.Network/firewallPolicies`. IDPS exists only in Premium: a Standard or
              Basic policy (`properties.sku.tier`, absent meaning Standard) is **NotApplicable** with that reason.
            - Property: `properties.intrusionDetection.mode`, resolved through the policy hierarchy: a child policy
              (`properties.basePolicy.id`) inherits the mode of its parent and can only make it stricter, so the effective mode is
              the strictest of the policy and its ancestors (Off < Alert < Deny). The reason and evidence name the policy the
              mode came from (`parent policy '<name>': properties.intrusionDetection.mode`).
            - **Pass** when the effective mode is `Deny`. **Fail** when it is `Alert`, `Off` or absent everywhere in the chain
              (absent means IDPS is off). **Warning** when it is not `Deny` and a parent policy is not in the snapshot (a stricter
              inherited mode cannot be seen).

            Resources are read from any file under `arm/`: ARM REST / `az` output, Azure Resource Graph rows (lowercase types) and `Get-AzResource -ExpandProperties | ConvertTo-Json` (PascalCase `ResourceId`, `ResourceType`, `Properties`). Property names and enum values are compared without regard to case.
            """,
            Remediation = """
            Review signature overrides and bypass rules first, then:

            - Portal: Firewall Manager (or the policy) > Settings > IDPS > *Alert and deny*.
            - PowerShell:
              ```powershell
              $policy = Get-AzFirewallPolicy -Name <policy> -ResourceGroupName <rg>
              $policy.IntrusionDetection = New-AzFirewallPolicyIntrusionDetection -Mode Deny
              $policy | Set-AzFirewallPolicy
              ```
            - Bicep: `properties: { intrusionDetection: { mode: 'Deny' } }`
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/firewall/premium-features",
                "https://learn.microsoft.com/powershell/module/az.network/new-azfirewallpolicyintrusiondetection",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_069" },
                zeroTrustAssessment: new[] { "25539" },
                mcsb: new[] { "NS-4" }),
            RequiredData = new[] { DataSets.Arm(ResourceTypes.FirewallPolicy) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var policy in snapshot.ResourcesOfType(ResourceTypes.FirewallPolicy))
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

        protected internal override RemediationFix? FixFor(Finding finding) =>
            RemediationFix.AzureCli(
                AzureFixes.Comment("Block what intrusion detection matches (Premium policies; review signature overrides and bypass rules first)."),
                "az resource update --ids " + Quote.Shell(finding.Target.Id) + " --set properties.intrusionDetection.mode=Deny");
    }
}
