using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Defender for AI services keeps the suspicious prompt as alert evidence (AIPromptEvidence extension).</summary>
    public sealed class DefenderForAiPromptEvidence : DefenderForAiExtensionControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-025",
            Title = "Defender for AI services alerts include prompt evidence",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "On every subscription hosting OpenAI/AI Services accounts, the Defender 'AI' pricing is Standard and its extension AIPromptEvidence has isEnabled 'True'.",
            Rationale = """
            An alert that says 'jailbreak attempt' without the prompt cannot be triaged: analysts cannot tell a red-team test from an attack, nor see what data the model was asked to reveal. Prompt evidence attaches the offending prompt and response to the alert.
            """,
            Checks = """
            Same scope as ZTAI-AI-024: subscriptions with `OpenAI`/`AIServices` accounts, and their `Microsoft.Security/pricings/AI` object.

            - Fail when the plan is not `Standard` (there is no evidence without the plan).
            - Path: `properties.extensions[]` item with `name == 'AIPromptEvidence'`, field `isEnabled`. The API stores it as a string (`"True"`/`"False"`); both strings and booleans are read, without case.
            - Pass: `isEnabled` is true.
            - Fail: `"False"` or the extension is absent.
            - Target: the subscription.
            """,
            Remediation = """
            - Portal: Defender for Cloud > Environment settings > <subscription> > Defender plans > AI services > Settings > Enable user prompt evidence = On.
            - CLI: `az security pricing create --name AI --tier Standard --subscription <id> --extensions name=AIPromptEvidence isEnabled=True`
            - Bicep:

            ```bicep
            targetScope = 'subscription'
            resource aiPlan 'Microsoft.Security/pricings@2024-01-01' = {
              name: 'AI'
              properties: {
                pricingTier: 'Standard'
                extensions: [
                  { name: 'AIPromptEvidence', isEnabled: 'True' }
                ]
              }
            }
            ```
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/defender-for-cloud/ai-onboarding",
                "https://learn.microsoft.com/azure/defender-for-cloud/ai-threat-protection",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_106" },
                zeroTrustAssessment: new[] { "61022" },
                mcsb: new[] { "LT-1" },
                azurePolicy: new[] { "359a48a3-351a-4618-bb32-f1628645694b" }),
            RequiredData = PlanData,
            Uses = new[] { AiResourceTypes.SubscriptionNames },
        };

        protected override string ExtensionName => "AIPromptEvidence";

        protected override string Benefit => "alerts carry the suspicious prompt and response";
    }
}
