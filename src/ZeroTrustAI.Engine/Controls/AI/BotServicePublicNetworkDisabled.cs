using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Bots are network-isolated: public network access disabled.</summary>
    public sealed class BotServicePublicNetworkDisabled : ResourcePropertyControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-167",
            Title = "Bots have public network access disabled",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Azure AI Bot Service bot has properties.publicNetworkAccess 'Disabled' (isolated mode: Direct Line reached through a private endpoint) or 'SecuredByPerimeter' (a network security perimeter decides). Absent means Enabled.",
            Rationale = """
            With public access on, the bot's Direct Line endpoint and the agent behind it answer anyone on the internet who holds a channel secret or token. Network isolation keeps the conversation channel inside the organisation's network, so a leaked secret alone no longer reaches the agent.
            """,
            Checks = """
            Reads every `Microsoft.BotService/botServices` (api-version 2022-09-15).

            - Path: `properties.publicNetworkAccess` (`Enabled`, `Disabled`, and `SecuredByPerimeter` in newer API versions).
            - Pass: `Disabled` or `SecuredByPerimeter`.
            - Fail: `Enabled` or absent (`Enabled` by default).
            - Target: the bot.
            """,
            Remediation = """
            - CLI: `az resource update --ids <bot-id> --set properties.publicNetworkAccess=Disabled`
            - Bicep: `publicNetworkAccess: 'Disabled'` (see ZTAI-AI-166), plus a private endpoint with group id `Bot` (Direct Line) or `Token`.

            Create the private endpoint first, or clients lose the channel. Assign the built-in policy "Bot Service should have public network access disabled" (5e8168db).
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/bot-service/dl-network-isolation-concept",
                "https://learn.microsoft.com/azure/bot-service/dl-network-isolation-how-to",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_069" },
                mcsb: new[] { "NS-2" },
                azurePolicy: new[] { "5e8168db-69e3-4beb-9822-57cb59202a9d", "52152f42-0dda-40d9-976e-abb1acdd611e" }),
        };

        protected override string ResourceType => ResourceTypes.BotService;

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("properties.publicNetworkAccess", "Disabled", "SecuredByPerimeter") { Default = "Enabled", AbsentMeans = "Enabled by default" },
        };

        protected override string PassText => "is network-isolated";

        protected override string FailText => "is reachable from public networks";
    }
}
