using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.AI;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>AI Search services enforce customer-managed keys on indexes and synonym maps, and comply.</summary>
    public sealed class AiSearchCustomerManagedKey : Control
    {
        private const string EnforcementPath = "properties.encryptionWithCmk.enforcement";
        private const string CompliancePath = "properties.encryptionWithCmk.encryptionComplianceStatus";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-013",
            Title = "AI Search enforces customer-managed keys",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Azure AI Search service has properties.encryptionWithCmk.enforcement 'Enabled' and encryptionComplianceStatus 'Compliant' (every index and synonym map is CMK-encrypted). Absent means not enforced.",
            Rationale = """
            Indexes hold chunked copies of the organisation's documents and their embeddings. Enforcing customer-managed keys means no index can be created under Microsoft-managed keys, so revoking the key makes every copy unreadable.
            """,
            Checks = """
            Reads every `Microsoft.Search/searchServices` (ARM GET, api-version 2025-05-01).

            - Paths: `properties.encryptionWithCmk.enforcement`, `properties.encryptionWithCmk.encryptionComplianceStatus` (compared without case).
            - Pass: enforcement `Enabled` and compliance `Compliant`.
            - Fail: enforcement `Disabled`, `Unspecified` or absent; or enforced but `NonCompliant` (some index or synonym map still uses Microsoft-managed keys).
            - Target: the search service.
            """,
            Remediation = """
            1. Add an `encryptionKey` (Key Vault URI, key name, version, and the service's managed identity) to every index and synonym map definition.
            2. Enforce it on the service:
               - CLI: `az rest --method patch --url "https://management.azure.com<search-id>?api-version=2025-05-01" --body '{"properties":{"encryptionWithCmk":{"enforcement":"Enabled"}}}'`
               - Bicep:

            ```bicep
            properties: {
              encryptionWithCmk: {
                enforcement: 'Enabled'
              }
            }
            ```

            The service then rejects new unencrypted indexes; `encryptionComplianceStatus` turns `Compliant` once every existing object is encrypted.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/search/search-security-manage-encryption-keys",
            },
            Mappings = new ControlMappings(
                mcsb: new[] { "DP-5" },
                owaspLlm: new[] { "LLM08:2025 Vector and Embedding Weaknesses" }),
            RequiredData = new[] { DataSets.Arm(ResourceTypes.SearchService) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var service in snapshot.ResourcesOfType(ResourceTypes.SearchService))
            {
                var enforcement = service.GetString(EnforcementPath);
                var compliance = service.GetString(CompliancePath);
                var evidence = new[]
                {
                    Observed(service, EnforcementPath, "Enabled"),
                    Observed(service, CompliancePath, "Compliant"),
                };
                if (!enforcement.EqualsIgnoreCase("Enabled"))
                {
                    yield return Fail(service, $"Customer-managed keys are not enforced: encryptionWithCmk.enforcement is {(enforcement == null ? "absent" : $"'{enforcement}'")}.", evidence);
                }
                else if (!compliance.EqualsIgnoreCase("Compliant"))
                {
                    yield return Fail(service, $"Customer-managed keys are enforced but the service is {(compliance == null ? "of unknown compliance" : $"'{compliance}'")}: some index or synonym map is not CMK-encrypted.", evidence);
                }
                else
                {
                    yield return Pass(service, "Customer-managed keys are enforced and every index is compliant.", evidence);
                }
            }
        }

        protected internal override RemediationFix? FixFor(Finding finding) =>
            RemediationFix.AzureCli(
                AzureFixes.Comment("Encrypt every index and synonym map with your Key Vault key first (recreate or reindex them with encryptionKey), then enforce it."),
                "az resource update --ids " + Quote.Shell(finding.Target.Id) + " --set properties.encryptionWithCmk.enforcement=Enabled");
    }
}
