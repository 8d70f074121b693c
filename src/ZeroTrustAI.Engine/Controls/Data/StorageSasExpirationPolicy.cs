using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>Storage accounts have a SAS expiration policy, so a leaked SAS does not stay valid for years.</summary>
    public sealed class StorageSasExpirationPolicy : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-101",
            Title = "Storage accounts have a SAS expiration policy",
            Pillar = Pillar.Data,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.Medium,
            Description = "Every storage account has properties.sasPolicy.sasExpirationPeriod set, so a shared access signature valid longer than the period is logged or blocked.",
            Rationale = """
            SAS URLs end up in notebooks, prompt flows, connection strings and agent tool definitions. A SAS with a
            multi-year expiry that leaks is a bearer credential to the grounding or training data until the signing key is
            rotated. An expiration policy bounds how long any one SAS can be used.
            """,
            Checks = """
            - Data set: Azure resources of type `Microsoft.Storage/storageAccounts`.
            - Property: `properties.sasPolicy.sasExpirationPeriod` (format `d.hh:mm:ss`), with `expirationAction` `Log` or `Block`.
            - **Pass** when a period is set. **Fail** when `sasPolicy` is absent: there is no policy by default.
            - ZTAI-DATA-020 is the stronger control: with shared key off, key-signed SAS cannot be used at all.
            """,
            Remediation = """
            - Portal: storage account > Settings > Configuration > *Allow recommended upper limit for shared access signature (SAS) expiry interval*.
            - CLI: `az resource update --ids <account-id> --set properties.sasPolicy='{"sasExpirationPeriod":"1.00:00:00","expirationAction":"Log"}'`
            - Bicep: `properties: { sasPolicy: { sasExpirationPeriod: '1.00:00:00', expirationAction: 'Log' } }`
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/storage/common/sas-expiration-policy",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_164" },
                mcsb: new[] { "IM-8" },
                azurePolicy: new[] { "bc1b984e" }),
        };

        protected override string ResourceType => ResourceTypes.StorageAccount;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.sasPolicy.sasExpirationPeriod")
            {
                Matches = value => value.Length > 0,
                ExpectedText = "a period such as \"1.00:00:00\"",
                AbsentMeans = "no SAS expiration policy is set",
                FixValue = "{\"sasExpirationPeriod\":\"1.00:00:00\",\"expirationAction\":\"Log\"}",
            },
        };

        protected override string PassText => "has a SAS expiration policy";

        protected override string FailText => "has no SAS expiration policy";

        protected override RemediationFix? FixFor(ArmResource resource, IReadOnlyList<PropertyExpectation> failed) =>
            RemediationFix.AzureCli("az resource update --ids " + Quote.Shell(resource.Id) + " --set " + Quote.Shell("properties.sasPolicy=" + failed[0].FixValue));
    }
}
