using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Controls.Data;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>Cosmos DB accounts (vector and grounding stores) are reachable through private endpoints only.</summary>
    public sealed class CosmosDbPublicNetworkDisabled : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-026",
            Title = "Cosmos DB accounts disable public network access",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Cosmos DB account has properties.publicNetworkAccess set to Disabled (absent means Enabled), so it is reached through private endpoints only.",
            Rationale = """
            Vector stores hold the chunks an AI application retrieves and trusts. Reachable from the Internet, a leaked key or
            token is enough to read the corpus or insert poisoned vectors; behind private endpoints an attacker also needs a
            foothold in the workload network.
            """,
            Checks = """
            - Data set: Azure resources of type `Microsoft.DocumentDB/databaseAccounts`.
            - Property: `properties.publicNetworkAccess`.
            - **Pass** when it is `Disabled`. **Fail** when it is `Enabled`, `SecuredByPerimeter` or absent (absent means `Enabled`).
              IP firewall rules and virtual network filters do not pass this control: they narrow the public endpoint but keep it.

            Resources are read from any file under `arm/`: ARM REST / `az` output, Azure Resource Graph rows (lowercase types) and `Get-AzResource -ExpandProperties | ConvertTo-Json` (PascalCase `ResourceId`, `ResourceType`, `Properties`). Property names and enum values are compared without regard to case.
            """,
            Remediation = """
            1. Create private endpoints for the account's API (`Sql`, `MongoDB`, ...).
            2. Turn the public endpoint off.
               - Portal: Cosmos DB account > Settings > Networking > Public network access = *Disabled*.
               - CLI: `az cosmosdb update -n <account> -g <rg> --public-network-access Disabled`
               - Bicep: `properties: { publicNetworkAccess: 'Disabled' }`
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/cosmos-db/how-to-configure-private-endpoints",
                "https://learn.microsoft.com/azure/cosmos-db/how-to-configure-firewall",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_069" },
                mcsb: new[] { "NS-2" },
                owaspLlm: new[] { "LLM08:2025 Vector and Embedding Weaknesses" },
                azurePolicy: new[] { "797b37f7" }),
        };

        protected override string ResourceType => ResourceTypes.CosmosDbAccount;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.publicNetworkAccess", "Disabled") { Default = "Enabled", AbsentMeans = "Enabled by default" },
        };

        protected override string PassText => "has public network access disabled";

        protected override string FailText => "is reachable over its public endpoint";
    }
}
