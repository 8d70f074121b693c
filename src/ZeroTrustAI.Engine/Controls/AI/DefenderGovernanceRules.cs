using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Subscriptions protected by Defender for Cloud delegate its recommendations to owners with a due date (an enabled governance rule).</summary>
    public sealed class DefenderGovernanceRules : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-254",
            Title = "Defender for Cloud recommendations are delegated to owners by governance rules",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every subscription with a Microsoft Defender for Cloud plan on the Standard tier has an enabled governance rule (Microsoft.Security/governanceRules), which assigns the recommendations it selects to an owner with a remediation timeframe.",
            Rationale = """
            Defender for Cloud's AI recommendations (public model endpoints, keys still enabled, grounding data exposed) are
            only fixed when someone owns them. Governance rules assign each recommendation to an owner, set a due date and
            email owners and their managers; without them the recommendations pile up unassigned while the AI estate grows.
            """,
            Checks = """
            Reads `Microsoft.Security/pricings` (the Defender plans) and, on each subscription, `Microsoft.Security/governanceRules`
            (ARM GET, api-version 2022-01-01-preview, the only version of the API).

            - Judged: subscriptions with at least one pricing whose `properties.pricingTier` is `Standard`; others have no paid
              Defender plan producing recommendations to delegate.
            - Pass: a governance rule with `properties.isDisabled` not true and an owner (`properties.ownerSource.type`
              `ByTag` or `Manually` with a `value`).
            - Fail: no such rule (none, all disabled, or none with an owner).
            - Governance rules set on a management group are not read: a subscription covered only by one fails; its result
              says so.
            - Target: the subscription.
            """,
            Remediation = """
            In Defender for Cloud → Environment settings → Governance rules, create a rule on the subscription (or its
            management group) for high-severity recommendations, with owners from a resource tag (for example `owner`) and a
            remediation timeframe. The result's fix creates such a rule with `az rest`.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/defender-for-cloud/governance-rules",
                "https://learn.microsoft.com/rest/api/defenderforcloud/governance-rules",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_152" },
                mcsb: new[] { "PV-6", "GS-1" }),
            RequiredData = new[] { DataSets.Arm(ResourceTypes.DefenderPricing), DataSets.Arm(ResourceTypes.DefenderGovernanceRule) },
            Uses = new[] { AiResourceTypes.SubscriptionNames },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var plansBySubscription = snapshot.ResourcesOfType(ResourceTypes.DefenderPricing)
                .Where(p => p.GetString("properties.pricingTier").EqualsIgnoreCase("Standard") && SubscriptionOf(p) != null)
                .GroupBy(p => SubscriptionOf(p)!, AiResourceTypes.IdComparer)
                .OrderBy(g => g.Key, AiResourceTypes.IdComparer);
            var rulesBySubscription = snapshot.ResourcesOfType(ResourceTypes.DefenderGovernanceRule)
                .Where(r => SubscriptionOf(r) != null)
                .ToLookup(r => SubscriptionOf(r)!, AiResourceTypes.IdComparer);

            foreach (var plans in plansBySubscription)
            {
                var target = AiResourceTypes.SubscriptionTarget(snapshot, plans.Key);
                var rules = rulesBySubscription[plans.Key].OrderBy(NameOf, StringComparer.OrdinalIgnoreCase).ToList();
                var evidence = new[]
                {
                    new Evidence("Microsoft.Security/pricings[properties.pricingTier=Standard].name", JsonText.StringArray(plans.Select(p => AiResourceTypes.LastSegment(p.Name)).OrderBy(n => n, StringComparer.OrdinalIgnoreCase)), "at least one (the subscription is judged)"),
                    new Evidence("Microsoft.Security/governanceRules[].properties", JsonText.StringArray(rules.Select(r => NameOf(r) + (IsEnabled(r) ? string.Empty : " (disabled)") + (HasOwner(r) ? string.Empty : " (no owner)"))), "an enabled rule with an owner"),
                };
                var delegating = rules.Where(r => IsEnabled(r) && HasOwner(r)).ToList();
                if (delegating.Count > 0)
                {
                    yield return Pass(target, $"Defender for Cloud recommendations are delegated by {delegating.Count} enabled governance rule(s): {string.Join(", ", delegating.Select(r => $"'{NameOf(r)}' (owner {r.GetString("properties.ownerSource.type")}: {r.GetString("properties.ownerSource.value")})"))}.", evidence);
                    continue;
                }

                var why = rules.Count == 0
                    ? "the subscription has no governance rule of its own (rules set on a management group are not read)"
                    : $"its {rules.Count} governance rule(s) are disabled or name no owner";
                yield return Fail(target, $"Defender for Cloud recommendations are not delegated to owners: {why}.", evidence)
                    .WithFix(GovernanceRuleFix(plans.Key));
            }
        }

        private static string? SubscriptionOf(ArmResource resource) =>
            resource.SubscriptionId ?? resource.GetString("subscriptionId") ?? ArmId.GetSubscriptionId("/" + resource.Id.TrimStart('/'));

        private static string NameOf(ArmResource rule) => rule.GetString("properties.displayName") ?? rule.Name;

        private static bool IsEnabled(ArmResource rule) => rule.GetBool("properties.isDisabled") != true;

        private static bool HasOwner(ArmResource rule) =>
            (rule.GetString("properties.ownerSource.type").EqualsIgnoreCase("ByTag") || rule.GetString("properties.ownerSource.type").EqualsIgnoreCase("Manually"))
            && !string.IsNullOrWhiteSpace(rule.GetString("properties.ownerSource.value"));

        /// <summary>A rule on high-severity recommendations, owners from the 'owner' tag, 7 days to remediate, owners and managers emailed.</summary>
        private static RemediationFix GovernanceRuleFix(string subscriptionId)
        {
            var body = JsonSerializer.Serialize(new
            {
                properties = new
                {
                    displayName = "High severity recommendations to resource owners",
                    description = "Assigns high severity Defender for Cloud recommendations to the owner named in the owner tag of each resource.",
                    rulePriority = 100,
                    isDisabled = false,
                    ruleType = "Integrated",
                    sourceResourceType = "Assessments",
                    remediationTimeframe = "7.00:00:00",
                    isGracePeriod = true,
                    conditionSets = new[] { new { conditions = new[] { new { property = "$.Metadata.Severity", value = "High", @operator = "Equals" } } } },
                    ownerSource = new { type = "ByTag", value = "owner" },
                    governanceEmailNotification = new { disableManagerEmailNotification = false, disableOwnerEmailNotification = false },
                },
            });
            return RemediationFix.AzureCli(
                AzureFixes.Comment("Delegate high severity recommendations to the owners named in the owner tag of each resource (tag your resources first)."),
                "az rest --method put --url " + Quote.Shell($"https://management.azure.com/subscriptions/{subscriptionId}/providers/Microsoft.Security/governanceRules/{DeterministicRuleId(subscriptionId)}?api-version=2022-01-01-preview") + " --body " + Quote.Shell(body));
        }

        /// <summary>The same rule name for a subscription on every run, so the fix updates rather than duplicates.</summary>
        private static string DeterministicRuleId(string subscriptionId)
        {
            using var sha = System.Security.Cryptography.SHA256.Create();
            var hash = sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes("ztai-governance:" + subscriptionId.ToLowerInvariant()));
            return new Guid(hash.Take(16).ToArray()).ToString();
        }
    }
}
