using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Azure AI Bot Service bots accept Entra ID only on their channels (local authentication disabled).</summary>
    public sealed class BotServiceLocalAuthDisabled : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-166",
            Title = "Bots have local authentication disabled",
            Pillar = Pillar.AI,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.High,
            Description = "Every Azure AI Bot Service bot (Microsoft.BotService/botServices: Copilot Studio, Teams and custom agents published as bots) has properties.disableLocalAuth true. Absent means false.",
            Rationale = """
            A bot's Direct Line and Web Chat channels hand out secrets that let any client talk to the agent behind it, with no user identity. Disabling local authentication makes the channels accept only Entra ID tokens, so every conversation with the agent comes from an identity Conditional Access and the logs see.
            """,
            Checks = """
            Reads every `Microsoft.BotService/botServices` (api-version 2022-09-15; Resource Graph `resources`).

            - Path: `properties.disableLocalAuth`.
            - Pass: `true`.
            - Fail: `false` or absent (local authentication is on by default).
            - Target: the bot.
            """,
            Remediation = """
            - CLI: `az resource update --ids <bot-id> --set properties.disableLocalAuth=true`
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
                msaAppType: 'UserAssignedMSI'
                disableLocalAuth: true
                publicNetworkAccess: 'Disabled'
              }
            }
            ```

            Move Direct Line clients to Entra ID token exchange before turning it off. Assign the built-in policy "Bot Service should have local authentication methods disabled" (ffea632e) with Deny for new bots.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/bot-service/bot-service-resources-identifiers-guide",
                "https://learn.microsoft.com/azure/bot-service/dl-network-isolation-concept",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_000" },
                mcsb: new[] { "IM-1" },
                azurePolicy: new[] { "ffea632e-4e3a-4424-bf78-10e179bb2e1a" }),
        };

        protected override string ResourceType => ResourceTypes.BotService;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.disableLocalAuth", "true") { Default = "false", AbsentMeans = "local authentication is on by default" },
        };

        protected override string PassText => "accepts Entra ID only";

        protected override string FailText => "accepts local authentication";
    }
}
