using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>No NSG lets the whole virtual network reach SSH or RDP (lateral movement), the default AllowVnetInBound included.</summary>
    public sealed class NsgEastWestManagementPorts : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-101",
            Title = "Network security groups block SSH and RDP from the whole virtual network",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "No network security group lets TCP traffic from an arbitrary address of the virtual network (the VirtualNetwork tag or '*': peers, VPN and ExpressRoute branches included) reach port 22 or 3389. The default rule AllowVnetInBound counts: without a Deny ahead of it, it opens both.",
            Rationale = """
            Once one workload is compromised, SSH and RDP open to the whole virtual network let the attacker walk to GPU
            hosts, jump boxes and agent runtimes and take their managed-identity tokens. Azure's default AllowVnetInBound rule
            admits exactly that east-west traffic; management access should come only from Bastion or named admin ranges.
            """,
            Checks = $"""
            - Data set: Azure resources of type `Microsoft.Network/networkSecurityGroups`; one result per NSG.
            {NsgEvaluator.HowRulesAreEvaluated}
            - Flows judged: TCP from an address of the virtual network that no rule names (so `VirtualNetwork` and `*` match it;
              the Bastion subnet's prefix does not) to 22 and 3389, for every destination piece.
            - **Fail** when such a flow is allowed; the reason names the deciding rule (often the default `AllowVnetInBound`).
              **Pass** otherwise, naming the rules that refuse the flows.
            """,
            Remediation = """
            - Add a Deny rule for `VirtualNetwork` to TCP 22 and 3389 ahead of the allowing rule, after any rule that admits the
              Bastion subnet or admin ranges:
              `az network nsg rule create -g <rg> --nsg-name <nsg> -n Deny-VirtualNetwork-SSH-RDP --priority <n> --direction Inbound --access Deny --protocol Tcp --source-address-prefixes VirtualNetwork --destination-address-prefixes '*' --destination-port-ranges 22 3389`
            - Reach VMs through Azure Bastion (allow its subnet prefix at a lower priority number than the Deny).
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview#default-security-rules",
                "https://learn.microsoft.com/azure/bastion/bastion-nsg",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_069" },
                mcsb: new[] { "NS-1", "PA-7" },
                owaspLlm: new[] { "LLM06:2025 Excessive Agency" }),
            RequiredData = new[] { DataSets.Arm(ResourceTypes.NetworkSecurityGroup) },
            Uses = new[] { NsgSecurityRule.Data },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot) =>
            snapshot.ResourcesOfType(ResourceTypes.NetworkSecurityGroup)
                .Select(nsg => ManagementPortExposure.Judge(nsg, NsgSourceClass.VirtualNetwork, "the virtual network"));
    }
}
