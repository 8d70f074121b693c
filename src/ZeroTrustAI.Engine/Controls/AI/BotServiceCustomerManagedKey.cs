using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Bots encrypt their data with a customer-managed key.</summary>
    public sealed class BotServiceCustomerManagedKey : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-168",
            Title = "Bots encrypt their data with a customer-managed key",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Low,
            Description = "Every Azure AI Bot Service bot has properties.isCmekEnabled true (with properties.cmekKeyVaultUrl naming the key). Absent means false: Microsoft-managed keys.",
            Rationale = """
            A bot stores its configuration and channel secrets in the service. With a customer-managed key the organisation can revoke access to that data by disabling the key, and every use of the key is logged in its own Key Vault, which matters when the bot fronts an agent with access to sensitive systems.
            """,
            Checks = """
            Reads every `Microsoft.BotService/botServices` (api-version 2022-09-15).

            - Path: `properties.isCmekEnabled`.
            - Pass: `true`.
            - Fail: `false` or absent (Microsoft-managed keys by default).
            - Target: the bot.
            """,
            Remediation = """
            - Portal: the bot > Encryption > Customer-managed keys > choose the key (the bot's service principal needs Get, Wrap and Unwrap on it).
            - Bicep:

            ```bicep
            resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
              name: 'bot-contoso-helpdesk'
              location: 'global'
              kind: 'azurebot'
              sku: { name: 'S1' }
              properties: {
                displayName: 'Contoso helpdesk'
                endpoint: 'https://helpdesk.contoso.com/api/messages'
                msaAppId: appId
                isCmekEnabled: true
                cmekKeyVaultUrl: 'https://kv-contoso.vault.azure.net/keys/bot-cmk/<version>'
              }
            }
            ```

            Assign the built-in policy "Bot Service should be encrypted with a customer-managed key" (51522a96).
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/bot-service/bot-service-encryption",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_069" },
                mcsb: new[] { "DP-5" },
                azurePolicy: new[] { "51522a96-0869-4791-82f3-981000c2c67f" }),
        };

        protected override string ResourceType => ResourceTypes.BotService;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.isCmekEnabled", "true") { Default = "false", AbsentMeans = "Microsoft-managed keys by default" },
        };

        protected override string PassText => "encrypts with a customer-managed key";

        protected override string FailText => "encrypts with Microsoft-managed keys";

        // Enabling CMK needs the key's URL, which the snapshot cannot know.
        protected override RemediationFix? FixFor(ArmResource resource, IReadOnlyList<PropertyExpectation> failed) => RemediationFix.AzureCli(
            "az resource update --ids " + Quote.Shell(resource.Id)
                + " --set properties.isCmekEnabled=true --set " + Quote.Shell("properties.cmekKeyVaultUrl=<key-vault-key-url>"));
    }
}
