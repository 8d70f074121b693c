using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>Firewall policies can inspect outbound TLS: Premium tier with an intermediate CA configured.</summary>
    public sealed class FirewallPolicyTlsInspection : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-109",
            Title = "Firewall policies can inspect outbound TLS traffic",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every Azure Firewall policy is Premium (properties.sku.tier) and names the intermediate CA certificate TLS inspection uses (properties.transportSecurity.certificateAuthority.keyVaultSecretId).",
            Rationale = """
            Agents and AI workloads talk to models, plugins and the web over HTTPS. Without TLS inspection the firewall sees
            only host names, so data sent to an unapproved AI service or an exfiltration endpoint behind an allowed CDN passes
            unread, and IDPS cannot match signatures inside the traffic.
            """,
            Checks = """
            - Data set: Azure resources of type `Microsoft.Network/firewallPolicies` (ARM GET, api-version 2024-05-01).
            - `properties.sku.tier` must be `Premium` (absent means `Standard`, the service default); TLS inspection exists only
              in Premium.
            - `properties.transportSecurity.certificateAuthority.keyVaultSecretId` must name the Key Vault secret of the
              intermediate CA; without it no application rule can terminate TLS.
            - **Pass** when both hold; **Fail** otherwise. Target: the policy. Which application rules set `terminateTLS` lives in
              the policy's rule collection groups, which are not collected: a Pass says the policy can inspect, not that every
              rule does.
            """,
            Remediation = """
            1. Store an intermediate CA certificate in Key Vault and give the firewall policy's managed identity access to it.
            2. Upgrade the policy to Premium and name the certificate:
               `az network firewall policy update --ids <policy-id> --sku Premium --key-vault-secret-id <secret-id> --cert-name <name>`
            3. Set `terminateTLS: true` on the application rules for AI and web traffic.
            - Bicep: `properties: { sku: { tier: 'Premium' }, transportSecurity: { certificateAuthority: { name: 'tls-ca', keyVaultSecretId: secretId } } }`
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/firewall/premium-features#tls-inspection",
                "https://learn.microsoft.com/azure/firewall/premium-certificates",
            },
            Mappings = new ControlMappings(
                zeroTrustAssessment: new[] { "25550" },
                mcsb: new[] { "NS-3", "NS-10" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure" },
                azurePolicy: new[] { "711c24bb-7f18-4578-b192-81a6161e1f17 (deprecated)" }),
        };

        protected override string ResourceType => ResourceTypes.FirewallPolicy;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.sku.tier", "Premium") { Default = "Standard", AbsentMeans = "Standard by default" },
            new PropertyExpectation("properties.transportSecurity.certificateAuthority.keyVaultSecretId")
            {
                Matches = value => value.Trim().Length > 0,
                ExpectedText = "the Key Vault secret id of the intermediate CA",
                AbsentMeans = "no CA certificate, so no TLS inspection",
            },
        };

        protected override string PassText => "can inspect outbound TLS";

        protected override string FailText => "cannot inspect outbound TLS";

        protected override RemediationFix? FixFor(ArmResource resource, IReadOnlyList<PropertyExpectation> failed) =>
            RemediationFix.AzureCli(
                "# TLS_CA_SECRET_ID: the Key Vault secret id of the intermediate CA certificate (the policy's identity must read it).",
                "az network firewall policy update --ids " + Quote.Shell(resource.Id) + " --sku Premium --key-vault-secret-id \"$TLS_CA_SECRET_ID\" --cert-name tls-inspection-ca");
    }
}
