using System;
using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>Storage accounts refuse plain HTTP and TLS older than 1.2.</summary>
    public sealed class StorageSecureTransport : ResourcePropertyControl
    {
        private const string HttpsPath = "properties.supportsHttpsTrafficOnly";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-022",
            Title = "Storage accounts require HTTPS and TLS 1.2 or later",
            Pillar = Pillar.Data,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.Medium,
            Description = "Every storage account has properties.minimumTlsVersion set to TLS1_2 or TLS1_3 and properties.supportsHttpsTrafficOnly set to true.",
            Rationale = """
            Data moving between storage and training jobs, indexers and agents can be read or altered on the wire when plain
            HTTP or TLS 1.0/1.1 is accepted. A downgrade lets an attacker in the path read training data or tamper with it.
            """,
            Checks = """
            - Data set: Azure resources of type `Microsoft.Storage/storageAccounts`.
            - Properties: `properties.minimumTlsVersion` and `properties.supportsHttpsTrafficOnly`.
            - **Pass** when `minimumTlsVersion` is `TLS1_2` or `TLS1_3` (any casing) **and** `supportsHttpsTrafficOnly` is `true`.
            - **Fail** otherwise, including when either property is absent (the snapshot cannot prove the old protocols are
              refused). The reason names each problem; both properties are given as evidence.

            Resources are read from any file under `arm/`: ARM REST / `az` output, Azure Resource Graph rows (lowercase types) and `Get-AzResource -ExpandProperties | ConvertTo-Json` (PascalCase `ResourceId`, `ResourceType`, `Properties`). Property names and enum values are compared without regard to case.
            """,
            Remediation = """
            1. Check that no client still needs TLS 1.0/1.1 (storage resource logs record `TlsVersion`).
            2. Require TLS 1.2 and HTTPS.
               - Portal: storage account > Settings > Configuration > *Secure transfer required* = Enabled, *Minimum TLS version* = 1.2.
               - CLI: `az storage account update -n <account> -g <rg> --min-tls-version TLS1_2 --https-only true`
               - Bicep: `properties: { minimumTlsVersion: 'TLS1_2', supportsHttpsTrafficOnly: true }`
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/storage/common/transport-layer-security-configure-minimum-version",
                "https://learn.microsoft.com/azure/storage/common/storage-require-secure-transfer",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_164" },
                mcsb: new[] { "DP-3" },
                owaspLlm: new[] { "LLM04:2025 Data and Model Poisoning" },
                azurePolicy: new[] { "fe83a0eb", "404c3081" },
                psRule: new[] { "Azure.Storage.MinTLS" }),
        };

        protected override string ResourceType => ResourceTypes.StorageAccount;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.minimumTlsVersion", "TLS1_2", "TLS1_3")
            {
                // TLS1_3 is accepted by newer API versions; older accounts defaulted to TLS1_0.
                AbsentMeans = "cannot prove TLS 1.0/1.1 are refused",
            },
            new PropertyExpectation("properties.supportsHttpsTrafficOnly", "true") { AbsentMeans = "cannot prove HTTP is refused" },
        };

        protected override string PassText => "requires HTTPS with TLS 1.2 or later";

        protected override string FailText => "accepts insecure transport";
    }
}
