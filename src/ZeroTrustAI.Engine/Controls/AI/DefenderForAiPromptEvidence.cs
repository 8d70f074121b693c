using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Defender for AI services keeps the suspicious prompt as alert evidence (AIPromptEvidence extension).</summary>
    public sealed class DefenderForAiPromptEvidence : Control
    {
        private const string ExtensionName = "AIPromptEvidence";

        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-AI-025",
            Title = "Defender for AI services alerts include prompt evidence",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "On every subscription hosting OpenAI/AI Services accounts, the Defender 'AI' pricing is Standard and its extension AIPromptEvidence has isEnabled 'True'.",
            Rationale = "An alert that says 'jailbreak attempt' without the prompt cannot be triaged: analysts cannot tell a red-team test from an attack, nor see what data the model was asked to reveal. Prompt evidence attaches the offending prompt and response to the alert.",
            Remediation = "In Defender for Cloud > Environment settings > AI services > Settings, turn on 'Enable user prompt evidence'. ARM: PUT Microsoft.Security/pricings/AI with properties.extensions [{ name: 'AIPromptEvidence', isEnabled: 'True' }].",
            References = new[]
            {
                "https://learn.microsoft.com/azure/defender-for-cloud/ai-onboarding",
                "https://learn.microsoft.com/azure/defender-for-cloud/ai-threat-protection",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_106" },
                ZeroTrustAssessment = new[] { "61022" },
                Mcsb = new[] { "LT-1" },
            },
            RequiredData = new[] { DataSets.Arm(AiResourceTypes.Account), DataSets.Arm(AiResourceTypes.Pricing) },
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
    }
}
