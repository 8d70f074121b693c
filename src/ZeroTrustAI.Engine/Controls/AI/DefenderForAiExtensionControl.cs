using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>
    /// The family of Defender for AI services plan extensions (AIPromptEvidence, AIPromptSharingWithPurview): on every
    /// subscription hosting OpenAI/AI Services accounts, the 'AI' pricing is Standard and the extension is enabled.
    /// </summary>
    public abstract class DefenderForAiExtensionControl : Control
    {
        /// <summary>The extension's name in <c>properties.extensions[]</c> of the 'AI' pricing.</summary>
        protected abstract string ExtensionName { get; }

        /// <summary>What the extension gives, for reasons ("alerts carry prompt evidence").</summary>
        protected abstract string Benefit { get; }

        /// <summary>The data every extension control reads; a definition sets it as its RequiredData and Uses.</summary>
        protected static readonly string[] PlanData = { DataSets.Arm(ResourceTypes.CognitiveServicesAccount), DataSets.Arm(ResourceTypes.DefenderPricing) };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var path = $"Microsoft.Security/pricings/AI.properties.extensions[name={ExtensionName}].isEnabled";
            foreach (var subscriptionId in DefenderForAiServicesPlan.SubscriptionsWithGenerativeAccounts(snapshot))
            {
                var target = AiResourceTypes.SubscriptionTarget(snapshot, subscriptionId);
                var fix = FixFor(target, subscriptionId);
                var pricing = DefenderForAiServicesPlan.FindAiPricing(snapshot, subscriptionId);
                if (pricing == null || !pricing.GetString("properties.pricingTier").EqualsIgnoreCase("Standard"))
                {
                    yield return Fail(
                        target,
                        $"No {ExtensionName}: Defender for AI services itself is not on the Standard tier.",
                        new Evidence("Microsoft.Security/pricings/AI.properties.pricingTier", pricing?.Raw.GetRawText("properties.pricingTier"), "Standard"))
                        .WithFix(fix);
                    continue;
                }

                var extension = pricing.Raw.GetArray("properties.extensions")
                    .FirstOrDefault(e => e.GetString("name").EqualsIgnoreCase(ExtensionName));
                var found = extension.ValueKind == JsonValueKind.Object;
                var evidence = new Evidence(path, found ? extension.GetRawText("isEnabled") : null, "\"True\"");
                if (!found)
                {
                    yield return Fail(target, $"Defender for AI services has no {ExtensionName} extension, so no {Benefit}.", evidence).WithFix(fix);
                }
                else if (extension.GetBool("isEnabled") == true)
                {
                    yield return Pass(target, $"Defender for AI services has {ExtensionName} enabled: {Benefit}.", evidence);
                }
                else
                {
                    yield return Fail(target, $"Defender for AI services {ExtensionName} is off (isEnabled is {extension.GetRawText("isEnabled") ?? "absent"}), so no {Benefit}.", evidence).WithFix(fix);
                }
            }
        }

        // The extension is set with the plan; az security pricing create updates an existing pricing in place.
        private RemediationFix FixFor(ResultTarget target, string subscriptionId) => RemediationFix.AzureCli(
            $"# Subscription {Quote.Shell(target.Name)} ({target.Id}): Defender for AI services with {ExtensionName} on.",
            "az security pricing create --name AI --tier Standard --subscription " + Quote.Shell(subscriptionId)
                + " --extensions " + Quote.Shell("name=" + ExtensionName) + " isEnabled=True");
    }
}
