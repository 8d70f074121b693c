using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>Public IPs in use are DDoS-protected: on their own (IP Protection) or through their virtual network's plan.</summary>
    public sealed class PublicIpDdosProtection : Control
    {
        private const string ModePath = "properties.ddosSettings.protectionMode";

        // A subnet id anywhere in the attached resource (NIC, gateway, firewall, load balancer) names its virtual network.
        private static readonly Regex SubnetId = new Regex(@"(/subscriptions/[^""/]+/resourceGroups/[^""/]+/providers/Microsoft\.Network/virtualNetworks/[^""/]+)/subnets/", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-111",
            Title = "Public IP addresses in use are protected by Azure DDoS Protection",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every public IP address attached to a resource has properties.ddosSettings.protectionMode 'Enabled' (DDoS IP Protection), or 'VirtualNetworkInherited' (the default when absent) with its virtual network covered by a DDoS protection plan.",
            Rationale = """
            The public IPs of Application Gateways, firewalls and load balancers are the front doors of AI apps and agent
            endpoints. An unprotected IP can be flooded offline, and volumetric attacks on autoscaling AI backends turn into
            cost and quota exhaustion.
            """,
            Checks = """
            - Data sets: `Microsoft.Network/publicIPAddresses` and `Microsoft.Network/virtualNetworks`; the resource the IP is
              attached to (`properties.ipConfiguration.id`, the part before `/ipConfigurations/` or `/frontendIPConfigurations/`:
              a network interface, Application Gateway, Azure Firewall or load balancer) is read when present to find its subnet and so its virtual network.
            - `properties.ddosSettings.protectionMode`: `Enabled` → **Pass**; `Disabled` → **Fail**; `VirtualNetworkInherited`
              or absent (the service default) → **Pass** when the virtual network has `enableDdosProtection` true and a
              `ddosProtectionPlan`, **Fail** when it has not or when the virtual network cannot be found in the snapshot.
            - An IP attached to nothing (`ipConfiguration` absent) is **NotApplicable**. Target: the public IP.
            """,
            Remediation = """
            - Cover the virtual network with a DDoS protection plan (ZTAI-NET-110), or protect the IP on its own:
              `az resource update --ids <ip-id> --set properties.ddosSettings='{"protectionMode":"Enabled"}'`
            - Bicep: `properties: { ddosSettings: { protectionMode: 'Enabled' } }`
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/ddos-protection/ddos-protection-sku-comparison",
                "https://learn.microsoft.com/azure/ddos-protection/manage-ddos-ip-protection-portal",
            },
            Mappings = new ControlMappings(
                zeroTrustAssessment: new[] { "25533" },
                mcsb: new[] { "NS-5" },
                owaspLlm: new[] { "LLM10:2025 Unbounded Consumption" },
                azurePolicy: new[] { "a7aca53f-2ed4-4466-a25e-0b45ade68efd" }),
            RequiredData = new[] { DataSets.Arm(ResourceTypes.PublicIpAddress), DataSets.Arm(ResourceTypes.VirtualNetwork) },
            OptionalData = new[]
            {
                DataSets.Arm(ResourceTypes.NetworkInterface),
                DataSets.Arm(ResourceTypes.ApplicationGateway),
                DataSets.Arm(ResourceTypes.AzureFirewall),
                DataSets.Arm(ResourceTypes.LoadBalancer),
            },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var ip in snapshot.ResourcesOfType(ResourceTypes.PublicIpAddress))
            {
                var mode = ip.GetString(ModePath);
                var evidence = new List<Evidence> { Observed(ip, ModePath, "Enabled, or VirtualNetworkInherited with a protected virtual network") };
                var configuration = ip.GetString("properties.ipConfiguration.id");
                if (configuration == null)
                {
                    yield return NotApplicable(ip, "Public IP address is not attached to any resource.", Observed(ip, "properties.ipConfiguration.id", "the resource the IP fronts"));
                    continue;
                }

                if (mode.EqualsIgnoreCase("Enabled"))
                {
                    yield return Pass(ip, "Public IP address has DDoS IP Protection (protectionMode Enabled).", evidence.ToArray());
                    continue;
                }

                if (mode.EqualsIgnoreCase("Disabled"))
                {
                    yield return Fail(ip, "Public IP address has DDoS protection disabled (protectionMode Disabled).", evidence.ToArray()).WithFix(FixFor(ip));
                    continue;
                }

                var vnet = VirtualNetworkOf(snapshot, configuration);
                var modeText = mode == null ? "protectionMode is absent (VirtualNetworkInherited by default)" : $"protectionMode is {mode}";
                if (vnet == null)
                {
                    yield return Fail(ip, $"Public IP address inherits DDoS protection ({modeText}), but the virtual network of {configuration} is not in the snapshot, so no protection can be confirmed.", evidence.ToArray()).WithFix(FixFor(ip));
                    continue;
                }

                evidence.Add(Observed(vnet, "properties.enableDdosProtection", "true"));
                evidence.Add(Observed(vnet, "properties.ddosProtectionPlan.id", "a DDoS protection plan"));
                var protectedVnet = vnet.GetBool("properties.enableDdosProtection") == true && !string.IsNullOrEmpty(vnet.GetString("properties.ddosProtectionPlan.id"));
                yield return protectedVnet
                    ? Pass(ip, $"Public IP address inherits DDoS Network Protection from virtual network {vnet.Name} ({modeText}).", evidence.ToArray())
                    : Fail(ip, $"Public IP address inherits DDoS protection ({modeText}) from virtual network {vnet.Name}, which has no DDoS protection plan.", evidence.ToArray()).WithFix(FixFor(ip));
            }
        }

        private static ArmResource? VirtualNetworkOf(TenantSnapshot snapshot, string configurationId)
        {
            var cut = configurationId.LastIndexOf('/');
            cut = cut > 0 ? configurationId.LastIndexOf('/', cut - 1) : -1;
            var attached = cut > 0 ? snapshot.GetResource(configurationId.Substring(0, cut)) : null;
            var match = attached == null ? null : SubnetId.Match(attached.Raw.GetRawText());
            return match != null && match.Success ? snapshot.GetResource(match.Groups[1].Value) : null;
        }

        private static RemediationFix FixFor(ArmResource ip) =>
            RemediationFix.AzureCli("az resource update --ids " + Quote.Shell(ip.Id) + " --set " + Quote.Shell("properties.ddosSettings={\"protectionMode\":\"Enabled\"}"));
    }
}
