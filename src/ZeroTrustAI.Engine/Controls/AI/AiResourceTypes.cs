using System;
using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Resource types and small lookups shared by the Azure AI services controls.</summary>
    internal static class AiResourceTypes
    {

        /// <summary>Cognitive Services kinds that host generative models (Defender for AI services covers these).</summary>
        public static bool IsGenerativeAccount(ArmResource account) =>
            account.Kind.EqualsIgnoreCase("OpenAI") || account.Kind.EqualsIgnoreCase("AIServices");

        /// <summary>A Foundry (hub-based) project: an ML workspace of kind Project, which takes network and encryption from its hub.</summary>
        public static bool IsFoundryProject(ArmResource workspace) => workspace.Kind.EqualsIgnoreCase("Project");

        /// <summary>The last segment of a name or id ("acct/Microsoft.Default" and ".../raiPolicies/x" both give the policy name).</summary>
        public static string LastSegment(string value)
        {
            var trimmed = value.TrimEnd('/');
            var slash = trimmed.LastIndexOf('/');
            return slash < 0 ? trimmed : trimmed.Substring(slash + 1);
        }

        /// <summary>What naming subscription targets reads: the subscription list, when present.</summary>
        public static readonly DataRequirement SubscriptionNames = DataRequirement.ReadsIfPresent(DataSets.Arm(ResourceTypes.Subscription));

        /// <summary>A subscription as a result target, named by its display name when the snapshot has it.</summary>
        public static ResultTarget SubscriptionTarget(TenantSnapshot snapshot, string subscriptionId)
        {
            var name = subscriptionId;
            foreach (var subscription in snapshot.Subscriptions)
            {
                if (subscription.GetString("subscriptionId").EqualsIgnoreCase(subscriptionId))
                {
                    name = subscription.GetString("displayName") ?? subscriptionId;
                    break;
                }
            }

            return new ResultTarget("/subscriptions/" + subscriptionId, name, ResourceTypes.Subscription);
        }

        /// <summary>
        /// <c>identity.type</c> names a managed identity: 'SystemAssigned', 'UserAssigned' or both (written with or
        /// without a space after the comma). A fix turns on the system-assigned identity.
        /// </summary>
        public static PropertyExpectation ManagedIdentityExpectation() => new PropertyExpectation("identity.type")
        {
            Matches = type => type.Split(',').Any(part => part.Trim().EqualsIgnoreCase("SystemAssigned") || part.Trim().EqualsIgnoreCase("UserAssigned")),
            ExpectedText = "SystemAssigned, UserAssigned or both",
            Default = "None",
            AbsentMeans = "no managed identity",
            FixValue = "SystemAssigned",
        };

        /// <summary>Ids compare without regard to case, as ARM and Resource Graph disagree on casing.</summary>
        public static readonly StringComparer IdComparer = StringComparer.OrdinalIgnoreCase;
    }
}
