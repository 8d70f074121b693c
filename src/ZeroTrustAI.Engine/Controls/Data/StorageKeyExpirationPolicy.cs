using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>Storage accounts have a key expiration policy, so account keys are rotated.</summary>
    public sealed class StorageKeyExpirationPolicy : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-102",
            Title = "Storage accounts have an access key expiration policy",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Low,
            Description = "Every storage account has properties.keyPolicy.keyExpirationPeriodInDays set, so keys older than the period are flagged for rotation.",
            Rationale = """
            Account keys copied into AI pipelines and agent configurations are rarely rotated. A key expiration policy makes
            stale keys visible (Azure Policy and Defender report expired keys), which bounds how long a leaked key is useful.
            """,
            Checks = """
            - Data set: Azure resources of type `Microsoft.Storage/storageAccounts`.
            - Property: `properties.keyPolicy.keyExpirationPeriodInDays`.
            - **Pass** when a period is set. **Fail** when `keyPolicy` is absent: there is no key expiration policy by default.
            """,
            Remediation = """
            - Portal: storage account > Security + networking > Access keys > *Set rotation reminder*.
            - CLI: `az resource update --ids <account-id> --set properties.keyPolicy='{"keyExpirationPeriodInDays":90}'`
            - Bicep: `properties: { keyPolicy: { keyExpirationPeriodInDays: 90 } }`
            - Better still, turn shared key off (ZTAI-DATA-020).
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/storage/common/storage-account-keys-manage#create-a-key-expiration-policy",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_164" },
                mcsb: new[] { "IM-8" },
                azurePolicy: new[] { "044985bb" }),
        };

        protected override string ResourceType => ResourceTypes.StorageAccount;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.keyPolicy.keyExpirationPeriodInDays")
            {
                Matches = value => int.TryParse(value, out var days) && days > 0,
                ExpectedText = "a number of days",
                AbsentMeans = "no key expiration policy is set",
                FixValue = "{\"keyExpirationPeriodInDays\":90}",
            },
        };

        protected override string PassText => "has a key expiration policy";

        protected override string FailText => "has no key expiration policy";

        protected override RemediationFix? FixFor(ArmResource resource, IReadOnlyList<PropertyExpectation> failed) =>
            RemediationFix.AzureCli("az resource update --ids " + Quote.Shell(resource.Id) + " --set " + Quote.Shell("properties.keyPolicy=" + failed[0].FixValue));
    }
}
