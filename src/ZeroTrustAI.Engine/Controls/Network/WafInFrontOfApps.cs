using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>Application gateways run a WAF that blocks: WAF tier with an associated policy (or legacy configuration) in Prevention.</summary>
    public sealed class ApplicationGatewayWafEnforced : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-116",
            Title = "Application gateways are protected by a WAF in Prevention mode",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every Application Gateway runs the WAF tier (properties.sku.tier WAF or WAF_v2) with an associated WAF policy (properties.firewallPolicy.id) that is Enabled in Prevention mode, or, for a gateway without a policy, a legacy properties.webApplicationFirewallConfiguration enabled in Prevention.",
            Rationale = """
            An Application Gateway publishing an AI chat app or agent API without an enforcing WAF passes injection, scanner
            and protocol attacks straight to the app and the model behind it. A WAF policy that exists but is not associated,
            or runs in Detection, protects nothing.
            """,
            Checks = """
            - Data sets: `Microsoft.Network/applicationGateways` and `Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies`.
            - **Fail** when `properties.sku.tier` is not `WAF` or `WAF_v2` (a Standard gateway has no WAF).
            - With `properties.firewallPolicy.id`: **Pass** when that policy has `policySettings.state` `Enabled` and
              `policySettings.mode` `Prevention`; **Fail** when it has not, or is not in the snapshot.
            - Without a policy: **Pass** when `properties.webApplicationFirewallConfiguration.enabled` is `true` and
              `firewallMode` is `Prevention`; **Fail** otherwise. Target: the gateway.
            """,
            Remediation = """
            - Upgrade to WAF_v2 and associate a WAF policy in Prevention mode (ZTAI-NET-112):
              `az resource update --ids <gateway-id> --set properties.sku.name=WAF_v2 --set properties.sku.tier=WAF_v2 --set properties.firewallPolicy.id=<policy-id>`
            - Bicep: `properties: { sku: { name: 'WAF_v2', tier: 'WAF_v2' }, firewallPolicy: { id: wafPolicy.id } }`
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/web-application-firewall/ag/ag-overview",
                "https://learn.microsoft.com/azure/web-application-firewall/ag/associate-waf-policy-existing-gateway",
            },
            Mappings = new ControlMappings(
                zeroTrustAssessment: new[] { "25541" },
                mcsb: new[] { "NS-6" },
                owaspLlm: new[] { "LLM01:2025 Prompt Injection" },
                azurePolicy: new[] { "564feb30-bf6a-4854-b4bb-0d2d2d1e6c66", "12430be1-6cc8-4527-a9a8-e3d38f250096" },
                psRule: new[] { "Azure.AppGw.UseWAF", "Azure.AppGw.Prevention" }),
            RequiredData = new[] { DataSets.Arm(ResourceTypes.ApplicationGateway), DataSets.Arm(ResourceTypes.ApplicationGatewayWafPolicy) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var policies = snapshot.ResourcesOfType(ResourceTypes.ApplicationGatewayWafPolicy).ToDictionary(p => p.Id, ResourceTypes.Comparer);
            foreach (var gateway in snapshot.ResourcesOfType(ResourceTypes.ApplicationGateway))
            {
                var tier = gateway.GetString("properties.sku.tier");
                var policyId = gateway.GetString("properties.firewallPolicy.id");
                var evidence = new List<Evidence>
                {
                    Observed(gateway, "properties.sku.tier", "WAF_v2"),
                    Observed(gateway, "properties.firewallPolicy.id", "a WAF policy in Prevention mode"),
                };
                if (!tier.EqualsIgnoreCase("WAF_v2") && !tier.EqualsIgnoreCase("WAF"))
                {
                    yield return Fail(gateway, $"Application gateway runs tier {tier ?? "(absent)"}, which has no web application firewall.", evidence.ToArray()).WithFix(UpgradeFix(gateway));
                    continue;
                }

                if (policyId != null)
                {
                    if (!policies.TryGetValue(policyId, out var policy))
                    {
                        yield return Fail(gateway, $"Application gateway's WAF policy {policyId} is not in the snapshot, so its mode cannot be confirmed.", evidence.ToArray()).WithFix(UpgradeFix(gateway));
                        continue;
                    }

                    var state = policy.GetString("properties.policySettings.state");
                    var mode = policy.GetString("properties.policySettings.mode");
                    evidence.Add(Observed(policy, "properties.policySettings.mode", "Prevention"));
                    evidence.Add(Observed(policy, "properties.policySettings.state", "Enabled"));
                    yield return state.EqualsIgnoreCase("Enabled") && mode.EqualsIgnoreCase("Prevention")
                        ? Pass(gateway, $"Application gateway is protected by WAF policy {policy.Name} (Enabled, Prevention).", evidence.ToArray())
                        : Fail(gateway, $"Application gateway's WAF policy {policy.Name} does not block: state {state ?? "absent"}, mode {mode ?? "absent"}.", evidence.ToArray())
                            .WithFix(RemediationFix.AzureCli(
                                $"# The WAF policy of {gateway.Name.Replace("\n", " ")}:",
                                "az resource update --ids " + Quote.Shell(policy.Id) + " --set properties.policySettings.state=Enabled --set properties.policySettings.mode=Prevention"));
                    continue;
                }

                var enabled = gateway.GetBool("properties.webApplicationFirewallConfiguration.enabled");
                var firewallMode = gateway.GetString("properties.webApplicationFirewallConfiguration.firewallMode");
                evidence.Add(Observed(gateway, "properties.webApplicationFirewallConfiguration", "enabled true, firewallMode Prevention"));
                yield return enabled == true && firewallMode.EqualsIgnoreCase("Prevention")
                    ? Pass(gateway, "Application gateway's WAF configuration is enabled in Prevention mode (no WAF policy associated).", evidence.ToArray())
                    : Fail(gateway, $"Application gateway has the WAF tier but no enforcing WAF: no policy, configuration enabled {(enabled?.ToString() ?? "absent").ToLowerInvariant()}, mode {firewallMode ?? "absent"}.", evidence.ToArray()).WithFix(UpgradeFix(gateway));
            }
        }

        private static RemediationFix UpgradeFix(ArmResource gateway) =>
            RemediationFix.AzureCli(
                "# WAF_POLICY_ID: an Application Gateway WAF policy with policySettings.state Enabled and mode Prevention.",
                "az resource update --ids " + Quote.Shell(gateway.Id) + " --set properties.sku.name=WAF_v2 --set properties.sku.tier=WAF_v2 --set properties.firewallPolicy.id=\"$WAF_POLICY_ID\"");
    }

    /// <summary>Azure Front Door profiles attach a WAF security policy that blocks.</summary>
    public sealed class FrontDoorProfileWafEnforced : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-117",
            Title = "Azure Front Door profiles are protected by a WAF in Prevention mode",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every Azure Front Door Standard or Premium profile (Microsoft.Cdn/profiles) has a security policy of type WebApplicationFirewall whose WAF policy (properties.parameters.wafPolicy.id) is Enabled in Prevention mode.",
            Rationale = """
            Front Door is the public edge of many AI apps. Without a WAF security policy in Prevention, bot floods, injection
            payloads and scanners reach the app and its model quota; a WAF policy that exists but is attached to no profile
            protects nothing.
            """,
            Checks = """
            - Data sets: `Microsoft.Cdn/profiles` (`sku.name` `Standard_AzureFrontDoor` or `Premium_AzureFrontDoor`; other CDN
              SKUs are **NotApplicable**), their `securityPolicies` children (ARM GET per profile, api-version 2024-02-01) and
              `Microsoft.Network/FrontDoorWebApplicationFirewallPolicies`.
            - **Pass** when a security policy with `properties.parameters.type` `WebApplicationFirewall` names a WAF policy whose
              `policySettings.enabledState` is `Enabled` and `mode` is `Prevention`. **Fail** when the profile has no such
              security policy, or its WAF policy is in Detection, disabled or not in the snapshot. Which domains each security
              policy covers (`associations[].domains`) is shown, not judged. Target: the profile.
            """,
            Remediation = """
            - Create a WAF policy in Prevention mode (ZTAI-NET-114) and attach it to the profile's domains:
              `az afd security-policy create --resource-group <rg> --profile-name <profile> --security-policy-name waf --domains <domain-ids> --waf-policy <policy-id>`
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/frontdoor/web-application-firewall",
                "https://learn.microsoft.com/azure/web-application-firewall/afds/afds-overview",
            },
            Mappings = new ControlMappings(
                zeroTrustAssessment: new[] { "25543" },
                mcsb: new[] { "NS-6" },
                owaspLlm: new[] { "LLM10:2025 Unbounded Consumption" },
                azurePolicy: new[] { "055aa869-bc98-4af8-bafc-23f1ab6ffe2c", "425bea59-a659-4cbb-8d31-34499bd030b8" }),
            RequiredData = new[] { DataSets.Arm(ResourceTypes.CdnProfile), DataSets.Arm(ResourceTypes.CdnSecurityPolicy), DataSets.Arm(ResourceTypes.FrontDoorWafPolicy) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var policies = snapshot.ResourcesOfType(ResourceTypes.FrontDoorWafPolicy).ToDictionary(p => p.Id, ResourceTypes.Comparer);
            foreach (var profile in snapshot.ResourcesOfType(ResourceTypes.CdnProfile))
            {
                var sku = profile.GetString("sku.name");
                if (sku == null || sku.IndexOf("AzureFrontDoor", System.StringComparison.OrdinalIgnoreCase) < 0)
                {
                    yield return NotApplicable(profile, $"Profile SKU {sku ?? "(absent)"} is not Azure Front Door Standard or Premium.", Observed(profile, "sku.name", "Standard_AzureFrontDoor or Premium_AzureFrontDoor"));
                    continue;
                }

                var wafPolicies = profile.ChildrenOfType(ResourceTypes.CdnSecurityPolicy)
                    .Where(sp => sp.GetString("properties.parameters.type").EqualsIgnoreCase("WebApplicationFirewall"))
                    .Select(sp => (SecurityPolicy: sp, PolicyId: sp.GetString("properties.parameters.wafPolicy.id")))
                    .ToList();
                var evidence = wafPolicies.Select(w => Observed(w.SecurityPolicy, "properties.parameters", "a WAF policy in Prevention mode")).ToList();
                var enforcing = wafPolicies
                    .Select(w => w.PolicyId != null && policies.TryGetValue(w.PolicyId, out var policy) ? policy : null)
                    .Where(p => p != null
                        && p.GetString("properties.policySettings.enabledState").EqualsIgnoreCase("Enabled")
                        && p.GetString("properties.policySettings.mode").EqualsIgnoreCase("Prevention"))
                    .Select(p => p!.Name)
                    .ToList();
                if (enforcing.Count > 0)
                {
                    yield return Pass(profile, $"Front Door profile is protected by WAF policy {string.Join(", ", enforcing)} (Enabled, Prevention).", evidence.ToArray());
                    continue;
                }

                var reason = wafPolicies.Count == 0
                    ? "Front Door profile has no WAF security policy."
                    : $"Front Door profile's WAF security policies do not block: {string.Join("; ", wafPolicies.Select(w => Describe(w.SecurityPolicy.Name, w.PolicyId, policies)))}.";
                yield return Fail(profile, reason, evidence.ToArray())
                    .WithFix(RemediationFix.AzureCli(
                        "# WAF_POLICY_ID: a Front Door WAF policy in Prevention mode; DOMAIN_IDS: the profile's endpoint and custom domain ids.",
                        $"az afd security-policy create --resource-group {Quote.Shell(ManagementPortExposure.ResourceGroupOf(profile.Id))} --profile-name {Quote.Shell(profile.Name)} --security-policy-name waf-prevention --domains $DOMAIN_IDS --waf-policy \"$WAF_POLICY_ID\""));
            }
        }

        private static string Describe(string securityPolicy, string? policyId, Dictionary<string, ArmResource> policies) =>
            policyId != null && policies.TryGetValue(policyId, out var policy)
                ? $"{securityPolicy} uses {policy.Name} (state {policy.GetString("properties.policySettings.enabledState") ?? "absent"}, mode {policy.GetString("properties.policySettings.mode") ?? "absent"})"
                : $"{securityPolicy} names {policyId ?? "no policy"}, not in the snapshot";
    }
}
