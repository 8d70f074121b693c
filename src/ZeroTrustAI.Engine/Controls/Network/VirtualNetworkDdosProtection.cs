using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>Virtual networks are covered by a DDoS Network Protection plan.</summary>
    public sealed class VirtualNetworkDdosProtection : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-110",
            Title = "Virtual networks are protected by Azure DDoS Network Protection",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every virtual network has properties.enableDdosProtection true and a DDoS protection plan (properties.ddosProtectionPlan.id). Absent enableDdosProtection means false (the service default).",
            Rationale = """
            Public entry points of AI apps (Application Gateway, load balancers, firewalls) live in virtual networks. Without a
            DDoS protection plan their public IPs get only infrastructure-level protection, with no adaptive tuning, attack
            telemetry or cost protection when an attack scales out the app and its model backend.
            """,
            Checks = """
            - Data set: Azure resources of type `Microsoft.Network/virtualNetworks` (ARM GET, api-version 2024-05-01).
            - `properties.enableDdosProtection` must be `true` (absent means `false`) and `properties.ddosProtectionPlan.id` must
              name a plan. **Pass** when both hold; **Fail** otherwise. Target: the virtual network.
            - Public IPs protected on their own (IP Protection) are judged by ZTAI-NET-111.
            """,
            Remediation = """
            - Portal: virtual network > DDoS protection > Enable, and select the plan.
            - CLI: `az network vnet update --ids <vnet-id> --ddos-protection true --ddos-protection-plan <plan-id>`
            - Bicep: `properties: { enableDdosProtection: true, ddosProtectionPlan: { id: plan.id } }`
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/ddos-protection/ddos-protection-overview",
                "https://learn.microsoft.com/azure/ddos-protection/manage-ddos-protection",
            },
            Mappings = new ControlMappings(
                zeroTrustAssessment: new[] { "25533" },
                mcsb: new[] { "NS-5" },
                owaspLlm: new[] { "LLM10:2025 Unbounded Consumption" },
                azurePolicy: new[] { "94de2ad3-e0c1-4caf-ad78-5d47bbc83d3d", "a7aca53f-2ed4-4466-a25e-0b45ade68efd" },
                psRule: new[] { "Azure.VNET.UseDDoS" }),
        };

        protected override string ResourceType => ResourceTypes.VirtualNetwork;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.enableDdosProtection", "true") { Default = "false", AbsentMeans = "false by default" },
            new PropertyExpectation("properties.ddosProtectionPlan.id")
            {
                Matches = value => value.Trim().Length > 0,
                ExpectedText = "the id of a DDoS protection plan",
                AbsentMeans = "no plan",
            },
        };

        protected override string PassText => "is covered by a DDoS protection plan";

        protected override string FailText => "has no DDoS Network Protection";

        protected override RemediationFix? FixFor(ArmResource resource, IReadOnlyList<PropertyExpectation> failed) =>
            RemediationFix.AzureCli(
                "# DDOS_PLAN_ID: the id of the DDoS protection plan (one plan can cover the virtual networks of several subscriptions).",
                "az network vnet update --ids " + Quote.Shell(resource.Id) + " --ddos-protection true --ddos-protection-plan \"$DDOS_PLAN_ID\"");
    }
}
