using System.Collections.Generic;
using ZeroTrustAI.Engine.Controls.Data;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>Storage accounts are not reachable from every network.</summary>
    public sealed class StorageNetworkRestricted : Control
    {
        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-NET-020",
            Title = "Storage accounts restrict network access",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every storage account has properties.publicNetworkAccess set to Disabled, or properties.networkAcls.defaultAction set to Deny (only selected networks, private endpoints and trusted services reach it).",
            Rationale = "A storage endpoint open to every network can be reached with a stolen key, SAS or token from anywhere. Restricting it to the AI workload's virtual networks and private endpoints means a leaked credential alone is not enough to read or poison training and grounding data.",
            Remediation = "Add private endpoints (or virtual network rules) for the workloads that need the account, then: az storage account update -n <account> -g <rg> --default-action Deny (or --public-network-access Disabled); in Bicep networkAcls: { defaultAction: 'Deny' } or publicNetworkAccess: 'Disabled'.",
            References = new[]
            {
                "https://learn.microsoft.com/azure/storage/common/storage-network-security",
                "https://learn.microsoft.com/azure/storage/common/storage-private-endpoints",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_069" },
                Mcsb = new[] { "NS-2" },
                OwaspLlm = new[] { "LLM02:2025 Sensitive Information Disclosure", "LLM04:2025 Data and Model Poisoning" },
            },
            RequiredData = new[] { DataSets.Arm(StorageKeyVaultResourceTypes.StorageAccount) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var account in snapshot.ResourcesOfType(StorageKeyVaultResourceTypes.StorageAccount))
            {
                var reason = PublicEndpointRestriction.Describe(account, "Storage account");
                var evidence = PublicEndpointRestriction.Evidence(account);
                yield return PublicEndpointRestriction.IsRestricted(account)
                    ? Pass(account, reason, evidence)
                    : Fail(account, reason, evidence);
            }
        }
    }
}
