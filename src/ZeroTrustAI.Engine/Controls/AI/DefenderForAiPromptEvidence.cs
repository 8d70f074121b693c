using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Defender for AI services keeps the suspicious prompt as alert evidence (AIPromptEvidence extension).</summary>
    public sealed class DefenderForAiPromptEvidence : Control
    {
        private const string ExtensionName = "AIPromptEvidence";

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
            - CLI: `az rest --method put --url "https://management.azure.com/subscriptions/<id>/providers/Microsoft.Security/pricings/AI?api-version=2024-01-01" --body '{"properties":{"pricingTier":"Standard","extensions":[{"name":"AIPromptEvidence","isEnabled":"True"}]}}'`
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
                mcsb: new[] { "LT-1" }),
            RequiredData = new[] { DataSets.Arm(ResourceTypes.CognitiveServicesAccount), DataSets.Arm(ResourceTypes.DefenderPricing) },
            Uses = new[] { AiResourceTypes.SubscriptionNames },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            const string path = "Microsoft.Security/pricings/AI.properties.extensions[name=AIPromptEvidence].isEnabled";
            foreach (var subscriptionId in DefenderForAiServicesPlan.SubscriptionsWithGenerativeAccounts(snapshot))
            {
                var target = AiResourceTypes.SubscriptionTarget(snapshot, subscriptionId);
                var pricing = DefenderForAiServicesPlan.FindAiPricing(snapshot, subscriptionId);
                if (pricing == null || !pricing.GetString("properties.pricingTier").EqualsIgnoreCase("Standard"))
                {
                    yield return Fail(
                        target,
                        "No prompt evidence: Defender for AI services itself is not on the Standard tier.",
                        new Evidence("Microsoft.Security/pricings/AI.properties.pricingTier", pricing?.Raw.GetRawText("properties.pricingTier"), "Standard"));
                    continue;
                }

                var extension = pricing.Raw.GetArray("properties.extensions")
                    .FirstOrDefault(e => e.GetString("name").EqualsIgnoreCase(ExtensionName));
                var found = extension.ValueKind == System.Text.Json.JsonValueKind.Object;
                var evidence = new Evidence(path, found ? extension.GetRawText("isEnabled") : null, "\"True\"");
                if (!found)
                {
                    yield return Fail(target, "Defender for AI services has no AIPromptEvidence extension: alerts carry no prompt evidence.", evidence);
                }
                else if (extension.GetBool("isEnabled") == true)
                {
                    yield return Pass(target, "Defender for AI services attaches prompt evidence to alerts.", evidence);
                }
                else
                {
                    yield return Fail(target, $"Defender for AI services prompt evidence is off (AIPromptEvidence isEnabled is {extension.GetRawText("isEnabled") ?? "absent"}).", evidence);
                }
            }
        }

        protected internal override RemediationFix? FixFor(Finding finding) =>
            AzureFixes.SubscriptionOf(finding.Target.Id) is string subscription ? AzureFixes.DefenderPlan(subscription, "AI", null, "AIPromptEvidence") : null;
    }
}
