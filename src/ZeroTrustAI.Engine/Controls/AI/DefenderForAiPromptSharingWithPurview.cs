using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Defender for AI services shares prompts and responses with Microsoft Purview (AIPromptSharingWithPurview extension).</summary>
    public sealed class DefenderForAiPromptSharingWithPurview : DefenderForAiExtensionControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-151",
            Title = "Defender for AI services shares AI interactions with Microsoft Purview",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "On every subscription hosting OpenAI/AI Services accounts, the Defender 'AI' pricing is Standard and its extension AIPromptSharingWithPurview has isEnabled 'True', so prompts and responses of Azure AI apps reach Purview (DSPM for AI, audit, DLP and insider risk).",
            Rationale = """
            Data security for AI needs the interactions themselves: which sensitive data users and agents send to a model and what comes back. Without the Purview integration, prompts to custom Azure AI apps are invisible to DSPM for AI, audit and communication compliance, and data leaking through an agent is never seen by the data security team.
            """,
            Checks = """
            Same scope as ZTAI-AI-024: subscriptions with `OpenAI`/`AIServices` accounts, and their `Microsoft.Security/pricings/AI` object (api-version 2024-01-01).

            - Fail when the plan is not `Standard` (the extension is part of the plan).
            - Path: `properties.extensions[]` item with `name == 'AIPromptSharingWithPurview'`, field `isEnabled` (stored as the string `"True"`/`"False"`; strings and booleans are read, without case).
            - Pass: `isEnabled` is true.
            - Fail: `"False"` or the extension is absent.
            - Target: the subscription.
            """,
            Remediation = """
            - Portal: Defender for Cloud > Environment settings > <subscription> > Defender plans > AI services > Settings > Enable data security for AI interactions = On.
            - CLI: `az security pricing create --name AI --tier Standard --subscription <id> --extensions name=AIPromptSharingWithPurview isEnabled=True`
            - Bicep:

            ```bicep
            targetScope = 'subscription'
            resource aiPlan 'Microsoft.Security/pricings@2024-01-01' = {
              name: 'AI'
              properties: {
                pricingTier: 'Standard'
                extensions: [
                  { name: 'AIPromptEvidence', isEnabled: 'True' }
                  { name: 'AIPromptSharingWithPurview', isEnabled: 'True' }
                ]
              }
            }
            ```

            At scale assign the built-in policy "Configure Microsoft Defender threat protection for AI Services" (359a48a3) with both extensions enabled.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/defender-for-cloud/ai-onboarding",
                "https://learn.microsoft.com/purview/ai-azure-services",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_045", "AI_050" },
                zeroTrustAssessment: new[] { "61022" },
                mcsb: new[] { "LT-1", "DP-2" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure" },
                azurePolicy: new[] { "359a48a3-351a-4618-bb32-f1628645694b" }),
            RequiredData = PlanData,
            Uses = new[] { AiResourceTypes.SubscriptionNames },
        };

        protected override string ExtensionName => "AIPromptSharingWithPurview";

        protected override string Benefit => "Purview sees the prompts and responses of Azure AI apps";
    }
}
