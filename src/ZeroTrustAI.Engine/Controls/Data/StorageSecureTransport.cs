using System;
using System.Collections.Generic;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>Storage accounts refuse plain HTTP and TLS older than 1.2.</summary>
    public sealed class StorageSecureTransport : Control
    {
        private const string TlsPath = "properties.minimumTlsVersion";
        private const string HttpsPath = "properties.supportsHttpsTrafficOnly";

        // TLS1_3 is accepted by newer API versions; anything else (TLS1_0, TLS1_1, absent) allows old protocols.
        private static readonly string[] AcceptedTlsVersions = { "TLS1_2", "TLS1_3" };

        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-DATA-022",
            Title = "Storage accounts require HTTPS and TLS 1.2 or later",
            Pillar = Pillar.Data,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.Medium,
            Description = "Every storage account has properties.minimumTlsVersion set to TLS1_2 or TLS1_3 and properties.supportsHttpsTrafficOnly set to true.",
            Rationale = "Data moving between storage and training jobs, indexers or agents is readable and alterable on the wire when HTTP or TLS 1.0/1.1 is accepted; downgrade lets an attacker in the path read or poison it.",
            Remediation = "Confirm no client still needs TLS 1.0/1.1 (storage logs record the TLS version), then: az storage account update -n <account> -g <rg> --min-tls-version TLS1_2 --https-only true, or minimumTlsVersion: 'TLS1_2' and supportsHttpsTrafficOnly: true in Bicep.",
            References = new[]
            {
                "https://learn.microsoft.com/azure/storage/common/transport-layer-security-configure-minimum-version",
                "https://learn.microsoft.com/azure/storage/common/storage-require-secure-transfer",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_164" },
                Mcsb = new[] { "DP-3" },
                OwaspLlm = new[] { "LLM04:2025 Data and Model Poisoning" },
            },
            RequiredData = new[] { DataSets.Arm(StorageKeyVaultResourceTypes.StorageAccount) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var account in snapshot.ResourcesOfType(StorageKeyVaultResourceTypes.StorageAccount))
            {
                var tls = account.GetString(TlsPath);
                var httpsOnly = account.GetBool(HttpsPath);
                var tlsOk = Array.Exists(AcceptedTlsVersions, version => version.EqualsIgnoreCase(tls));
                var evidence = new[]
                {
                    Observed(account, TlsPath, "\"TLS1_2\" or \"TLS1_3\""),
                    Observed(account, HttpsPath, "true"),
                };

                var problems = new List<string>();
                if (!tlsOk)
                {
                    problems.Add(tls == null ? "minimumTlsVersion is absent (cannot prove TLS 1.0/1.1 are refused)" : $"minimumTlsVersion is {tls}");
                }

                if (httpsOnly != true)
                {
                    problems.Add(httpsOnly == false ? "HTTP is accepted (supportsHttpsTrafficOnly is false)" : "supportsHttpsTrafficOnly is absent (cannot prove HTTP is refused)");
                }

                yield return problems.Count == 0
                    ? Pass(account, $"Storage account requires HTTPS with at least {tls}.", evidence)
                    : Fail(account, "Storage account accepts insecure transport: " + string.Join("; ", problems) + ".", evidence);
            }
        }
    }
}
