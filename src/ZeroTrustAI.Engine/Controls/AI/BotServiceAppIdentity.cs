using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Bots run as a single-tenant app or a user-assigned managed identity, not a multi-tenant app.</summary>
    public sealed class BotServiceAppIdentity : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-169",
            Title = "Bots run as a managed identity or a single-tenant app",
            Pillar = Pillar.AI,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.Medium,
            Description = "Every Azure AI Bot Service bot has properties.msaAppType 'UserAssignedMSI' or 'SingleTenant', not 'MultiTenant'.",
            Rationale = """
            The bot's app identity authenticates the agent to the Bot Framework and its channels. A multi-tenant app registration needs a client secret that someone must store and rotate, and its tokens are accepted across tenants; a user-assigned managed identity has no secret at all, and a single-tenant app is bound to this tenant's Conditional Access and sign-in logs. Microsoft deprecated creating multi-tenant bots for this reason.
            """,
            Checks = """
            Reads every `Microsoft.BotService/botServices` (api-version 2022-09-15).

            - Path: `properties.msaAppType` (`MultiTenant`, `SingleTenant`, `UserAssignedMSI`).
            - Pass: `UserAssignedMSI` or `SingleTenant`.
            - Fail: `MultiTenant`, or absent (the type cannot be confirmed).
            - Target: the bot.
            """,
            Remediation = """
            The app type is set when the bot is created: create a new Azure Bot with a user-assigned managed identity (or a single-tenant app) and move the channels.

            - Bicep:

            ```bicep
            resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
              name: 'bot-contoso-helpdesk-mi'
              location: 'global'
              kind: 'azurebot'
              sku: { name: 'S1' }
              properties: {
                displayName: 'Contoso helpdesk'
                endpoint: 'https://helpdesk.contoso.com/api/messages'
                msaAppType: 'UserAssignedMSI'
                msaAppId: identity.properties.clientId
                msaAppTenantId: tenant().tenantId
                msaAppMSIResourceId: identity.id
              }
            }
            ```
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/bot-service/bot-service-resources-identifiers-guide",
                "https://learn.microsoft.com/azure/bot-service/bot-builder-authentication",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_084", "AI_017" },
                mcsb: new[] { "IM-3" }),
        };

        protected override string ResourceType => ResourceTypes.BotService;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.msaAppType", "UserAssignedMSI", "SingleTenant") { AbsentMeans = "the app type cannot be confirmed" },
        };

        protected override string PassText => "runs as a managed identity or single-tenant app";

        protected override string FailText => "runs as a multi-tenant app";

        protected override RemediationFix? FixFor(ArmResource resource, IReadOnlyList<PropertyExpectation> failed) => RemediationFix.Bicep(
            $"// {resource.Id}: msaAppType is set only at creation; create a new bot from this and move the channels.",
            "resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {",
            "  name: '<user-assigned-identity-name>'",
            "}",
            "resource bot 'Microsoft.BotService/botServices@2022-09-15' = {",
            $"  name: {Quote.Bicep(resource.Name + "-mi")}",
            "  location: 'global'",
            "  kind: 'azurebot'",
            "  sku: { name: 'S1' }",
            "  properties: {",
            $"    displayName: {Quote.Bicep(resource.GetString("properties.displayName") ?? resource.Name)}",
            $"    endpoint: {Quote.Bicep(resource.GetString("properties.endpoint") ?? "<messaging-endpoint>")}",
            "    msaAppType: 'UserAssignedMSI'",
            "    msaAppId: identity.properties.clientId",
            "    msaAppTenantId: tenant().tenantId",
            "    msaAppMSIResourceId: identity.id",
            "  }",
            "}");
    }
}
