using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Defender for AI services (pricing 'AI') is on the Standard tier wherever generative AI accounts run.</summary>
    public sealed class DefenderForAiServicesPlan : Control
    {
        internal const string PlanName = "AI";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-024",
            Title = "Defender for AI services is enabled on subscriptions hosting AI accounts",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every subscription that holds an Azure OpenAI (kind OpenAI) or Azure AI Services (kind AIServices) account has the Microsoft Defender for Cloud pricing 'AI' on the Standard tier.",
            Rationale = """
            Content filters block what they recognise; Defender for AI services detects what gets through: jailbreak campaigns, credential theft, sensitive data leakage and anomalous use of a model endpoint, and raises alerts into Defender XDR and Sentinel. Without it, an abused model endpoint is invisible to the SOC.
            """,
            Checks = """
            Reads every `Microsoft.CognitiveServices/accounts` and every `Microsoft.Security/pricings` (api-version 2024-01-01; ARM list or Resource Graph `securityresources` rows), plus subscriptions (GET /subscriptions) for display names.

            - Scope: each subscription holding at least one account of kind `OpenAI` or `AIServices`. Subscriptions without such accounts are not judged.
            - The subscription-level pricing named `AI` (`/subscriptions/<id>/providers/Microsoft.Security/pricings/AI`).
            - Per-resource opt-outs: each OpenAI/AIServices account's `Microsoft.CognitiveServices/accounts/defenderForAISettings` (`Default`, api-version 2024-10-01), when collected. `properties.state == 'Disabled'` switches the plan off for that account although the subscription pays for it.
            - Pass: `properties.pricingTier == 'Standard'` (compared without case) and no account of the subscription has its Defender for AI setting `Disabled`.
            - Fail: tier `Free`, no `AI` pricing object for the subscription ("not enabled"), or the plan is on but accounts opted out (the reason names them; ZTAI-AI-150 judges each account).
            - Target: the subscription.
            """,
            Remediation = """
            - Portal: Defender for Cloud > Environment settings > <subscription> > Defender plans > AI services = On.
            - CLI: `az security pricing create -n AI --tier Standard --subscription <id>`
            - Bicep (subscription scope):

            ```bicep
            targetScope = 'subscription'
            resource aiPlan 'Microsoft.Security/pricings@2024-01-01' = {
              name: 'AI'
              properties: {
                pricingTier: 'Standard'
              }
            }
            ```

            At scale assign the built-in policy "Enable threat protection for AI workloads" (c2c0c6d8) with DeployIfNotExists.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/defender-for-cloud/ai-threat-protection",
                "https://learn.microsoft.com/azure/defender-for-cloud/ai-onboarding",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_106" },
                zeroTrustAssessment: new[] { "61022" },
                mcsb: new[] { "LT-1" },
                owaspLlm: new[] { "LLM01:2025 Prompt Injection", "LLM02:2025 Sensitive Information Disclosure" }),
            RequiredData = new[] { DataSets.Arm(ResourceTypes.CognitiveServicesAccount), DataSets.Arm(ResourceTypes.DefenderPricing) },
            Uses = new[] { AiResourceTypes.SubscriptionNames, DataRequirement.ReadsIfPresent(DataSets.Arm(ResourceTypes.CognitiveServicesDefenderForAiSettings)) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var subscriptionId in SubscriptionsWithGenerativeAccounts(snapshot))
            {
                var target = AiResourceTypes.SubscriptionTarget(snapshot, subscriptionId);
                var pricing = FindAiPricing(snapshot, subscriptionId);
                if (pricing == null)
                {
                    yield return Fail(
                        target,
                        "Defender for AI services is not enabled: the subscription hosts OpenAI/AI Services accounts but has no 'AI' pricing.",
                        new Evidence("Microsoft.Security/pricings/AI.properties.pricingTier", null, "Standard"))
                        .WithFix(PlanFix(target, subscriptionId));
                    continue;
                }

                var tier = pricing.GetString("properties.pricingTier");
                var evidence = new Evidence("Microsoft.Security/pricings/AI.properties.pricingTier", pricing.Raw.GetRawText("properties.pricingTier"), "Standard");
                if (!tier.EqualsIgnoreCase("Standard"))
                {
                    yield return Fail(target, $"Defender for AI services is not enabled: the 'AI' pricing tier is {tier ?? "absent"}.", evidence).WithFix(PlanFix(target, subscriptionId));
                    continue;
                }

                var optedOut = GenerativeAccountsIn(snapshot, subscriptionId).Where(a => IsOptedOut(a)).ToList();
                yield return optedOut.Count == 0
                    ? Pass(target, "Defender for AI services is on the Standard tier.", evidence)
                    : Fail(
                        target,
                        $"Defender for AI services is on the Standard tier, but {optedOut.Count} account(s) switched it off (defenderForAISettings state Disabled): {string.Join(", ", optedOut.Select(a => a.Name))}.",
                        new[] { evidence }.Concat(optedOut.Select(a => SettingEvidence(a))).ToArray())
                        .WithFix(RemediationFix.AzureCli(new[] { $"# Subscription {Quote.Shell(target.Name)} ({target.Id}): turn Defender for AI back on for the accounts that opted out." }
                            .Concat(optedOut.Select(EnableSettingCommand)).ToArray()));
            }
        }

        /// <summary>Subscription ids (first-seen order, distinct ignoring case) that hold OpenAI or AIServices accounts.</summary>
        internal static IEnumerable<string> SubscriptionsWithGenerativeAccounts(TenantSnapshot snapshot) =>
            snapshot.ResourcesOfType(ResourceTypes.CognitiveServicesAccount)
                .Where(AiResourceTypes.IsGenerativeAccount)
                .Select(a => a.SubscriptionId)
                .OfType<string>()
                .Distinct(AiResourceTypes.IdComparer);

        private static RemediationFix PlanFix(ResultTarget target, string subscriptionId) => RemediationFix.AzureCli(
            $"# Subscription {Quote.Shell(target.Name)} ({target.Id})",
            "az security pricing create --name AI --tier Standard --subscription " + Quote.Shell(subscriptionId));

        /// <summary>The command that sets an account's Defender for AI setting back to Enabled.</summary>
        internal static string EnableSettingCommand(ArmResource account) =>
            "az rest --method put --url " + Quote.Shell("https://management.azure.com" + account.Id + "/defenderForAISettings/Default?api-version=2024-10-01")
                + " --body " + Quote.Shell("{\"properties\":{\"state\":\"Enabled\"}}");

        /// <summary>The OpenAI/AIServices accounts of one subscription.</summary>
        internal static IEnumerable<ArmResource> GenerativeAccountsIn(TenantSnapshot snapshot, string subscriptionId) =>
            snapshot.ResourcesOfType(ResourceTypes.CognitiveServicesAccount)
                .Where(a => AiResourceTypes.IsGenerativeAccount(a) && a.SubscriptionId.EqualsIgnoreCase(subscriptionId));

        internal const string SettingStatePath = "properties.state";

        /// <summary>The account's own Defender for AI setting (<c>defenderForAISettings/Default</c>), when collected.</summary>
        internal static ArmResource? DefenderSetting(ArmResource account) =>
            account.ChildrenOfType(ResourceTypes.CognitiveServicesDefenderForAiSettings).FirstOrDefault();

        /// <summary>True when the account switched Defender for AI off for itself (state Disabled).</summary>
        internal static bool IsOptedOut(ArmResource account) =>
            DefenderSetting(account)?.GetString(SettingStatePath).EqualsIgnoreCase("Disabled") == true;

        /// <summary>The account's setting state as evidence (null when the account has no setting object).</summary>
        internal static Evidence SettingEvidence(ArmResource account) =>
            new Evidence(account.Name + "/defenderForAISettings.properties.state", DefenderSetting(account)?.Raw.GetRawText(SettingStatePath), "\"Enabled\" (or no setting: the subscription plan applies)");

        /// <summary>The subscription-level pricing named 'AI' (a resource-level pricing is not the subscription plan).</summary>
        internal static ArmResource? FindAiPricing(TenantSnapshot snapshot, string subscriptionId) =>
            snapshot.ResourcesOfType(ResourceTypes.DefenderPricing).FirstOrDefault(p =>
                AiResourceTypes.LastSegment(p.Name).EqualsIgnoreCase(PlanName)
                && p.SubscriptionId.EqualsIgnoreCase(subscriptionId)
                && p.ParentId == null);

        protected internal override RemediationFix? FixFor(Finding finding) =>
            AzureFixes.SubscriptionOf(finding.Target.Id) is string subscription ? AzureFixes.DefenderPlan(subscription, "AI") : null;
    }
}
