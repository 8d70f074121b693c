using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Controls.Data;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>Key Vaults are not reachable from every network.</summary>
    public sealed class KeyVaultNetworkRestricted : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-021",
            Title = "Key Vaults restrict network access",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every Key Vault has properties.publicNetworkAccess set to Disabled, or properties.networkAcls.defaultAction set to Deny.",
            Rationale = """
            Key Vaults of AI workloads hold model API keys, connection strings and the customer-managed keys of AI data stores.
            With the public endpoint open, a token stolen from an agent host or a developer machine works from anywhere; a private
            endpoint or a deny-by-default firewall confines it to the workload network.
            """,
            Checks = """
            - Data set: Azure resources of type `Microsoft.KeyVault/vaults`.
            - **Pass** when `properties.publicNetworkAccess` is `Disabled`, **or** `properties.networkAcls.defaultAction` is
              `Deny` (only listed networks, private endpoints and, where bypass allows, trusted Azure services get through).
            - **Fail** otherwise, including when both are absent (the defaults are `Enabled` and `Allow`). Both properties are
              given as evidence.

            Resources are read from any file under `arm/`: ARM REST / `az` output, Azure Resource Graph rows (lowercase types) and `Get-AzResource -ExpandProperties | ConvertTo-Json` (PascalCase `ResourceId`, `ResourceType`, `Properties`). Property names and enum values are compared without regard to case.
            """,
            Remediation = """
            1. Add a private endpoint for the vault (or virtual network rules for the callers).
            2. Deny by default, or turn the public endpoint off.
               - Portal: Key Vault > Settings > Networking > *Allow public access from specific virtual networks and IP addresses* or *Disable public access*.
               - CLI: `az keyvault update -n <vault> --default-action Deny` (or `--public-network-access Disabled`)
               - Bicep: `properties: { networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' } }` or `publicNetworkAccess: 'Disabled'`
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/key-vault/general/network-security",
                "https://learn.microsoft.com/azure/key-vault/general/private-link-service",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_069" },
                mcsb: new[] { "NS-2", "DP-8" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure" },
                azurePolicy: new[] { "55615ac9", "405c5871" }),
        };

        protected override string ResourceType => ResourceTypes.KeyVault;

        protected override IReadOnlyList<PropertyExpectation> Expectations => PublicEndpointRestriction.Expectations;

        protected override bool PassesWhenAnyHolds => true;

        protected override string PassText => PublicEndpointRestriction.PassText;

        protected override string FailText => PublicEndpointRestriction.FailText;
    }
}
