using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>Cosmos DB accounts use continuous backup, so data can be restored to any point before it was poisoned.</summary>
    public sealed class CosmosDbContinuousBackup : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-108",
            Title = "Cosmos DB accounts use continuous backup",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Cosmos DB account has properties.backupPolicy.type set to Continuous (point-in-time restore).",
            Rationale = """
            Cosmos DB holds agent memory, chat history and vector indexes. If an agent or an attacker writes poisoned items or
            deletes containers, periodic backups restore only to the last snapshot (hours apart, restored by a support
            request). Continuous backup restores the account to any second within its retention window, before the damage.
            """,
            Checks = """
            - Data set: Azure resources of type `Microsoft.DocumentDB/databaseAccounts`.
            - Property: `properties.backupPolicy.type` (`Periodic` or `Continuous`).
            - **Pass** when it is `Continuous`. **Fail** when it is `Periodic` or absent (periodic is the default).
            """,
            Remediation = """
            Migration from periodic to continuous is one-way.

            - Portal: Cosmos DB account > Settings > Backup & Restore > *Change* > Continuous.
            - CLI: `az resource update --ids <account-id> --set properties.backupPolicy.type=Continuous`
            - Bicep: `properties: { backupPolicy: { type: 'Continuous', continuousModeProperties: { tier: 'Continuous7Days' } } }`
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/cosmos-db/continuous-backup-restore-introduction",
                "https://learn.microsoft.com/azure/cosmos-db/migrate-continuous-backup",
            },
            Mappings = new ControlMappings(
                mcsb: new[] { "BR-1" },
                owaspLlm: new[] { "LLM04:2025 Data and Model Poisoning" }),
        };

        protected override string ResourceType => ResourceTypes.CosmosDbAccount;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.backupPolicy.type", "Continuous") { Default = "Periodic", AbsentMeans = "periodic backup is the default" },
        };

        protected override string PassText => "uses continuous backup";

        protected override string FailText => "uses periodic backup only";
    }
}
