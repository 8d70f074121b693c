using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Controls.Data;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>Storage accounts are not reachable from every network.</summary>
    public sealed class StorageNetworkRestricted : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-020",
            Title = "Storage accounts restrict network access",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every storage account has properties.publicNetworkAccess set to Disabled, or properties.networkAcls.defaultAction set to Deny (only selected networks, private endpoints and trusted services reach it).",
            Rationale = """
            A storage endpoint open to every network accepts a stolen key, SAS or token from anywhere in the world. Restricting it
            to the AI workload's virtual networks and private endpoints means a leaked credential alone is no longer enough to read
            or poison training and grounding data.
            """,
            Checks = """
            - Data set: Azure resources of type `Microsoft.Storage/storageAccounts`.
            - **Pass** when `properties.publicNetworkAccess` is `Disabled`, **or** `properties.networkAcls.defaultAction` is
              `Deny` (only listed networks, private endpoints and, where bypass allows, trusted Azure services get through).
            - **Fail** otherwise, including when both are absent (the defaults are `Enabled` and `Allow`). Both properties are
              given as evidence.

            Resources are read from any file under `arm/`: ARM REST / `az` output, Azure Resource Graph rows (lowercase types) and `Get-AzResource -ExpandProperties | ConvertTo-Json` (PascalCase `ResourceId`, `ResourceType`, `Properties`). Property names and enum values are compared without regard to case.
            """,
            Remediation = """
            1. Add private endpoints (or virtual network rules) for the workloads that use the account.
            2. Deny by default, or turn the public endpoint off.
               - Portal: storage account > Security + networking > Networking > *Enabled from selected virtual networks and IP addresses* or *Disabled*.
               - CLI: `az storage account update -n <account> -g <rg> --default-action Deny` (or `--public-network-access Disabled`)
               - Bicep: `properties: { networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' } }` or `publicNetworkAccess: 'Disabled'`
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/storage/common/storage-network-security",
                "https://learn.microsoft.com/azure/storage/common/storage-private-endpoints",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_069" },
                mcsb: new[] { "NS-2" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure", "LLM04:2025 Data and Model Poisoning" },
                azurePolicy: new[] { "b2982f36", "34c877ad" },
                psRule: new[] { "Azure.Storage.Firewall" }),
        };

        protected override string ResourceType => ResourceTypes.StorageAccount;

        protected override IReadOnlyList<PropertyExpectation> Expectations => PublicEndpointRestriction.Expectations;

        protected override bool PassesWhenAnyHolds => true;

        protected override string PassText => PublicEndpointRestriction.PassText;

        protected override string FailText => PublicEndpointRestriction.FailText;
    }
}
