using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>No NSG lets the Internet reach SSH (22) or RDP (3389).</summary>
    public sealed class NsgManagementPortsClosedToInternet : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-022",
            Title = "Network security groups block SSH and RDP from the Internet",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "No network security group lets TCP traffic from the Internet reach port 22 or 3389 on any destination: the rules are evaluated exactly, on source, destination, port and protocol together, in priority order, with the default rules.",
            Rationale = """
            SSH and RDP open to the Internet are found and brute-forced within hours. A jump box or GPU VM taken this way sits
            inside the AI workload's network, next to model endpoints, vector stores and the managed-identity tokens of agents.
            """,
            Checks = $"""
            - Data set: Azure resources of type `Microsoft.Network/networkSecurityGroups`; one result per NSG.
            {NsgEvaluator.HowRulesAreEvaluated}
            - Flows judged: TCP from the Internet to 22 (SSH) and 3389 (RDP), for every destination piece.
            - **Fail** when a flow from the Internet to 22 or 3389 is allowed for some destination; the reason names the
              deciding rule, the ports and its sources, and the evidence quotes that rule. **Pass** otherwise; the evidence
              names the rules that refuse the flows (often the default `DenyAllInBound`).

            Resources are read from any file under `arm/`: ARM REST / `az` output, Azure Resource Graph rows (lowercase types) and `Get-AzResource -ExpandProperties | ConvertTo-Json` (PascalCase `ResourceId`, `ResourceType`, `Properties`). Property names and enum values are compared without regard to case.
            """,
            Remediation = """
            - Delete or narrow the rule to known source ranges: `az network nsg rule delete -g <rg> --nsg-name <nsg> -n <rule>`
              or `az network nsg rule update ... --source-address-prefixes <ranges>`.
            - Reach VMs through Azure Bastion, or open ports on demand with Defender for Cloud just-in-time VM access.
            - Bicep: remove the rule from `securityRules`, or set `sourceAddressPrefix` to the Bastion subnet.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview",
                "https://learn.microsoft.com/azure/bastion/bastion-overview",
                "https://learn.microsoft.com/azure/defender-for-cloud/just-in-time-access-usage",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_069" },
                mcsb: new[] { "NS-1", "PA-7" },
                azurePolicy: new[] { "e372f825", "2c89a2e5 (deprecated", "logic reused)" }),
            RequiredData = new[] { DataSets.Arm(ResourceTypes.NetworkSecurityGroup) },
            Uses = new[] { NsgSecurityRule.Data },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot) =>
            snapshot.ResourcesOfType(ResourceTypes.NetworkSecurityGroup)
                .Select(nsg => ManagementPortExposure.Judge(nsg, NsgSourceClass.Internet, "the Internet"));
    }
}
