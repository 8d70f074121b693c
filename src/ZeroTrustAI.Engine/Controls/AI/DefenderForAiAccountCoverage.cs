using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Every OpenAI / AI Services account is covered by Defender for AI services: its subscription has the plan and the account did not switch it off.</summary>
    public sealed class DefenderForAiAccountCoverage : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-150",
            Title = "Every AI services account is covered by Defender for AI services",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every Azure OpenAI (kind OpenAI) and Azure AI Services (kind AIServices) account is protected by Defender for AI services: its subscription has the 'AI' pricing on the Standard tier, and the account's own Defender for AI setting (defenderForAISettings) is not Disabled.",
            Rationale = """
            The subscription plan is a default, not a guarantee: an account owner can switch Defender for AI services off for one account (`defenderForAISettings` state `Disabled`), and an account in a subscription without the plan is not watched at all. Either way the model endpoint an attacker probes is the one whose jailbreak attempts, credential misuse and data leakage raise no alert. Coverage has to be judged where the attack lands: on each account.
            """,
            Checks = """
            Reads every `Microsoft.CognitiveServices/accounts`, every `Microsoft.Security/pricings` (api-version 2024-01-01) and every `Microsoft.CognitiveServices/accounts/defenderForAISettings` (api-version 2024-10-01; the object is named `Default`, nested in the account or separate), plus subscriptions for display names.

            - Scope: accounts of kind `OpenAI` or `AIServices` (the kinds Defender for AI services protects). Other kinds are not judged.
            - Subscription plan: the subscription-level pricing named `AI` of the account's subscription.
              - Absent or `properties.pricingTier` other than `Standard` → **Fail** (coverage gap: the account's subscription has no plan).
            - Account setting: `properties.state` of the account's `defenderForAISettings` (`Enabled` or `Disabled`).
              - `Disabled` → **Fail** (the account opted out under an enabled plan).
              - `Enabled`, or no setting object (the subscription plan applies to accounts without one) → **Pass**.
            - The settings must have been collected: without them an opt-out cannot be ruled out, and the result is Skipped.
            - Target: the account.
            """,
            Remediation = """
            - No plan on the subscription: Defender for Cloud > Environment settings > <subscription> > Defender plans > AI services = On, or `az security pricing create --name AI --tier Standard --subscription <id>`.
            - Account opted out: Defender for Cloud > Environment settings > <subscription> > AI services > Settings > resource coverage, or set the account's setting back to Enabled:

            ```bash
            az rest --method put \
              --url "https://management.azure.com<account-id>/defenderForAISettings/Default?api-version=2024-10-01" \
              --body '{"properties":{"state":"Enabled"}}'
            ```

            - Bicep:

            ```bicep
            resource defenderForAi 'Microsoft.CognitiveServices/accounts/defenderForAISettings@2024-10-01' = {
              parent: account
              name: 'Default'
              properties: {
                state: 'Enabled'
              }
            }
            ```

            Keep opt-outs for test accounts only, and record why.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/defender-for-cloud/ai-onboarding",
                "https://learn.microsoft.com/azure/defender-for-cloud/ai-threat-protection",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_106", "AI_134" },
                zeroTrustAssessment: new[] { "61022" },
                mcsb: new[] { "LT-1" },
                owaspLlm: new[] { "LLM01:2025 Prompt Injection" },
                azurePolicy: new[] { "c2c0c6d8-007b-4a48-8d9b-3539bddd8e87" }),
            RequiredData = new[]
            {
                DataSets.Arm(ResourceTypes.CognitiveServicesAccount),
                DataSets.Arm(ResourceTypes.DefenderPricing),
                DataSets.Arm(ResourceTypes.CognitiveServicesDefenderForAiSettings),
            },
            Uses = new[] { AiResourceTypes.SubscriptionNames },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var account in snapshot.ResourcesOfType(ResourceTypes.CognitiveServicesAccount).Where(AiResourceTypes.IsGenerativeAccount))
            {
                var subscriptionId = account.SubscriptionId ?? string.Empty;
                var pricing = DefenderForAiServicesPlan.FindAiPricing(snapshot, subscriptionId);
                var tier = pricing?.GetString("properties.pricingTier");
                var planEvidence = new Evidence("Microsoft.Security/pricings/AI.properties.pricingTier", pricing?.Raw.GetRawText("properties.pricingTier"), "Standard");
                var settingEvidence = DefenderForAiServicesPlan.SettingEvidence(account);
                if (!tier.EqualsIgnoreCase("Standard"))
                {
                    var subscription = AiResourceTypes.SubscriptionTarget(snapshot, subscriptionId);
                    yield return Fail(
                        account,
                        $"Not covered: subscription '{subscription.Name}' has no Defender for AI services plan ({(pricing == null ? "no 'AI' pricing" : "tier " + (tier ?? "absent"))}).",
                        planEvidence,
                        settingEvidence)
                        .WithFix(RemediationFix.AzureCli(
                            $"# Account {account.Id} is in a subscription without the plan.",
                            "az security pricing create --name AI --tier Standard --subscription " + Quote.Shell(subscriptionId)));
                    continue;
                }

                if (DefenderForAiServicesPlan.IsOptedOut(account))
                {
                    yield return Fail(
                        account,
                        "Not covered: the subscription has Defender for AI services, but this account switched it off (defenderForAISettings state Disabled).",
                        planEvidence,
                        settingEvidence)
                        .WithFix(RemediationFix.AzureCli(DefenderForAiServicesPlan.EnableSettingCommand(account)));
                    continue;
                }

                var setting = DefenderForAiServicesPlan.DefenderSetting(account);
                yield return Pass(
                    account,
                    setting == null
                        ? "Covered: the subscription has Defender for AI services and the account has no setting of its own (the plan applies)."
                        : $"Covered: the subscription has Defender for AI services and the account's setting is {setting.GetString(DefenderForAiServicesPlan.SettingStatePath) ?? "absent"}.",
                    planEvidence,
                    settingEvidence);
            }
        }
    }
}
