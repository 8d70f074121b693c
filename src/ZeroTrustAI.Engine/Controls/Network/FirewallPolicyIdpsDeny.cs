using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>Premium Azure Firewall policies run intrusion detection and prevention in Deny mode.</summary>
    public sealed class FirewallPolicyIdpsDeny : ResourcePropertyControl
    {
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
            - Data set: Azure resources of type `Microsoft.Network/firewallPolicies` whose `properties.sku.tier` is `Premium`. IDPS exists only in Premium:
              Standard and Basic policies produce no result (the control is NotApplicable when there is no Premium policy).
            - Property: `properties.intrusionDetection.mode`.
            - **Pass** when it is `Deny`. **Fail** when it is `Alert`, `Off` or absent (absent means IDPS is off).

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
        };

        protected override string ResourceType => ResourceTypes.FirewallPolicy;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.intrusionDetection.mode", "Deny") { Default = "Off", AbsentMeans = "IDPS off" },
        };

        protected override string PassText => "blocks traffic matching IDPS signatures";

        protected override string FailText => "does not block intrusions";

        // IDPS exists only in the Premium tier.
        protected override string? NotApplicableBecause(ArmResource resource) =>
            "Premium".EqualsIgnoreCase(resource.GetString(FirewallPolicyThreatIntelDeny.TierPath))
                ? null
                : $"IDPS exists only in the Premium tier (sku.tier is {resource.GetString(FirewallPolicyThreatIntelDeny.TierPath) ?? "absent"})";
    }
}
