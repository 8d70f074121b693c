using System;
using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Defender CSPM (which carries AI security posture management) is on for every subscription.</summary>
    public sealed class DefenderCspmPlan : Control
    {
        private const string PlanName = "CloudPosture";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-030",
            Title = "Defender CSPM (AI security posture) is enabled on every subscription",
            Pillar = Pillar.AI,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.High,
            Description = "Every enabled subscription in the snapshot has the Microsoft Defender for Cloud pricing 'CloudPosture' on the Standard tier. Subscriptions come from GET /subscriptions; without them, from the subscriptions the pricings belong to.",
            Rationale = """
            AI security posture management discovers AI workloads, models and SDKs across subscriptions, builds the attack paths to them (exposed endpoints, over-privileged identities, sensitive grounding data) and raises recommendations. Without Defender CSPM, shadow AI deployments are never inventoried.
            """,
            Checks = """
            Reads `Microsoft.Security/pricings` (api-version 2024-01-01; ARM list or Resource Graph `securityresources` rows) and subscriptions (GET /subscriptions).

            - Scope: every subscription in the snapshot whose `state` is not `Disabled` or `Deleted`. Without subscription objects, every subscription that has a pricing object.
            - The subscription-level pricing named `CloudPosture`.
            - Pass: `properties.pricingTier == 'Standard'` (compared without case).
            - Fail: `Free` (foundational CSPM only) or no `CloudPosture` pricing.
            - Target: the subscription.
            """,
            Remediation = """
            - Portal: Defender for Cloud > Environment settings > <subscription> > Defender plans > Cloud Security Posture Management (CSPM) = On; in its Settings keep "AI security posture" / agentless discovery on.
            - CLI: `az security pricing create -n CloudPosture --tier Standard --subscription <id>`
            - Bicep:

            ```bicep
            targetScope = 'subscription'
            resource cspm 'Microsoft.Security/pricings@2024-01-01' = {
              name: 'CloudPosture'
              properties: {
                pricingTier: 'Standard'
              }
            }
            ```

            At scale assign the built-in policy "Configure Microsoft Defender CSPM to be enabled".
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/defender-for-cloud/ai-security-posture",
                "https://learn.microsoft.com/azure/defender-for-cloud/concept-cloud-security-posture-management",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_104", "AI_148" },
                zeroTrustAssessment: new[] { "61004" },
                mcsb: new[] { "PV-1", "AM-1" }),
            RequiredData = new[] { DataSets.Arm(ResourceTypes.DefenderPricing) },
            Uses = new[] { AiResourceTypes.SubscriptionNames },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var pricings = snapshot.ResourcesOfType(ResourceTypes.DefenderPricing)
                .Where(p => p.ParentId == null && AiResourceTypes.LastSegment(p.Name).EqualsIgnoreCase(PlanName) && p.SubscriptionId != null)
                .GroupBy(p => p.SubscriptionId!, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);

            foreach (var subscriptionId in SubscriptionsInScope(snapshot))
            {
                var target = AiResourceTypes.SubscriptionTarget(snapshot, subscriptionId);
                if (!pricings.TryGetValue(subscriptionId, out var pricing))
                {
                    yield return Fail(target, "Defender CSPM is not enabled: the subscription has no 'CloudPosture' pricing.", new Evidence("Microsoft.Security/pricings/CloudPosture.properties.pricingTier", null, "Standard"));
                    continue;
                }

                var tier = pricing.GetString("properties.pricingTier");
                var evidence = new Evidence("Microsoft.Security/pricings/CloudPosture.properties.pricingTier", pricing.Raw.GetRawText("properties.pricingTier"), "Standard");
                yield return tier.EqualsIgnoreCase("Standard")
                    ? Pass(target, "Defender CSPM is on the Standard tier.", evidence)
                    : Fail(target, $"Defender CSPM is not enabled: the 'CloudPosture' pricing tier is {tier ?? "absent"} (foundational CSPM only).", evidence);
            }
        }

        /// <summary>Enabled subscriptions from GET /subscriptions; failing that, those any pricing belongs to.</summary>
        private static IEnumerable<string> SubscriptionsInScope(TenantSnapshot snapshot)
        {
            var listed = snapshot.Subscriptions
                .Where(s => !s.GetString("state").EqualsIgnoreCase("Disabled") && !s.GetString("state").EqualsIgnoreCase("Deleted"))
                .Select(s => s.GetString("subscriptionId"))
                .OfType<string>()
                .ToList();
            if (snapshot.Subscriptions.Count > 0)
            {
                return listed.Distinct(AiResourceTypes.IdComparer);
            }

            return snapshot.ResourcesOfType(ResourceTypes.DefenderPricing)
                .Select(p => p.SubscriptionId)
                .OfType<string>()
                .Distinct(AiResourceTypes.IdComparer);
        }

        protected internal override RemediationFix? FixFor(Finding finding) =>
            AzureFixes.SubscriptionOf(finding.Target.Id) is string subscription ? AzureFixes.DefenderPlan(subscription, "CloudPosture") : null;
    }
}
