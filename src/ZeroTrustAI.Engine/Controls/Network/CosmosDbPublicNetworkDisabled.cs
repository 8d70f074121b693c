using System.Collections.Generic;
using ZeroTrustAI.Engine.Controls.Data;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>Cosmos DB accounts (vector and grounding stores) are reachable through private endpoints only.</summary>
    public sealed class CosmosDbPublicNetworkDisabled : Control
    {
        private const string Path = "properties.publicNetworkAccess";

        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-NET-026",
            Title = "Cosmos DB accounts disable public network access",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Cosmos DB account has properties.publicNetworkAccess set to Disabled (absent means Enabled), so it is reached through private endpoints only.",
            Rationale = "Vector stores hold the chunks an AI application retrieves and trusts. Reachable from the Internet, a leaked key or token is enough to read the corpus or insert poisoned vectors; behind private endpoints an attacker also needs a foothold in the workload network.",
            Remediation = "Create private endpoints for the account's API (Sql, MongoDB, ...), then set publicNetworkAccess to Disabled: az cosmosdb update -n <account> -g <rg> --public-network-access Disabled, or publicNetworkAccess: 'Disabled' in Bicep.",
            References = new[]
            {
                "https://learn.microsoft.com/azure/cosmos-db/how-to-configure-private-endpoints",
                "https://learn.microsoft.com/azure/cosmos-db/how-to-configure-firewall",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_069" },
                Mcsb = new[] { "NS-2" },
                OwaspLlm = new[] { "LLM08:2025 Vector and Embedding Weaknesses" },
            },
            RequiredData = new[] { DataSets.Arm(StorageKeyVaultResourceTypes.CosmosDbAccount) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot) =>
            CheckEach(
                snapshot.ResourcesOfType(StorageKeyVaultResourceTypes.CosmosDbAccount),
                Path,
                "\"Disabled\"",
                account => "Disabled".EqualsIgnoreCase(account.GetString(Path)),
                _ => "Cosmos DB account has public network access disabled.",
                account => account.GetString(Path) is string access
                    ? $"Cosmos DB account is reachable over its public endpoint: publicNetworkAccess is {access}."
                    : "Cosmos DB account is reachable over its public endpoint: publicNetworkAccess is absent (Enabled by default).");
    }
}
