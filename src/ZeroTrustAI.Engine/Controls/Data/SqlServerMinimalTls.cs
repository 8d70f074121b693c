using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>Azure SQL logical servers refuse TLS older than 1.2.</summary>
    public sealed class SqlServerMinimalTls : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-107",
            Title = "Azure SQL servers require TLS 1.2 or later",
            Pillar = Pillar.Data,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.Medium,
            Description = "Every Azure SQL logical server has properties.minimalTlsVersion set to 1.2 or 1.3.",
            Rationale = """
            Query results returned to an agent or a RAG pipeline are the data itself. TLS 1.0 and 1.1 have known weaknesses;
            a server that still accepts them lets a downgraded client expose what it reads.
            """,
            Checks = """
            - Data set: Azure resources of type `Microsoft.Sql/servers`.
            - Property: `properties.minimalTlsVersion` (`1.0`, `1.1`, `1.2`, `1.3` or `None`).
            - **Pass** when it is `1.2` or `1.3`. **Fail** when it is lower, `None`, or absent (no minimum is enforced).
            """,
            Remediation = """
            - Portal: SQL server > Security > Networking > Connectivity > *Minimum TLS version* = 1.2.
            - CLI: `az resource update --ids <server-id> --set properties.minimalTlsVersion=1.2`
            - Bicep: `properties: { minimalTlsVersion: '1.2' }`
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/azure-sql/database/connectivity-settings#minimal-tls-version",
            },
            Mappings = new ControlMappings(
                mcsb: new[] { "DP-3" },
                azurePolicy: new[] { "32e6bbec" }),
        };

        protected override string ResourceType => ResourceTypes.SqlServer;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.minimalTlsVersion", "1.2", "1.3") { AbsentMeans = "no minimum TLS version is enforced" },
        };

        protected override string PassText => "requires TLS 1.2 or later";

        protected override string FailText => "accepts TLS older than 1.2";
    }
}
