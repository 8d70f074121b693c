using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>
    /// A communication compliance policy (Get-SupervisoryReviewPolicyV2) that is on and has a rule
    /// (Get-SupervisoryReviewRule -IncludeRuleXml) whose RuleXml reaches the AI interactions the control is about.
    /// </summary>
    public abstract class PurviewCommunicationComplianceControl : PurviewControl
    {
        protected sealed override string Cmdlet => PurviewCmdlets.SupervisoryReviewPolicy;

        protected sealed override IReadOnlyList<string> AlsoReads { get; } = new[] { PurviewCmdlets.SupervisoryReviewRule };

        /// <summary>True when a rule's RuleXml names the AI interactions this control is about.</summary>
        protected abstract bool TargetsAi(string ruleXml);

        /// <summary>What the policy's rule monitors, for the messages: "Microsoft 365 Copilot interactions".</summary>
        protected abstract string Monitored { get; }

        protected sealed override string Covers => $"monitors {Monitored} and is on";

        protected sealed override bool IsInScope(JsonElement policy, TenantSnapshot snapshot) =>
            snapshot.PurviewItems(PurviewCmdlets.SupervisoryReviewRule)
                .Any(rule => BelongsTo(rule, policy) && TargetsAi(rule.GetString("RuleXml") ?? string.Empty));

        protected sealed override string? Weakness(JsonElement policy) =>
            policy.GetBool("Enabled") == false ? $"has a rule for {Monitored} but is turned off" : null;

        /// <summary>The portal location a new policy needs: "Microsoft 365 Copilot" (no documented rule parameter sets it).</summary>
        protected abstract string PortalLocation { get; }

        protected sealed override RemediationFix CreateFix => RemediationFix.PowerShell(
            $"# In Security & Compliance PowerShell (Connect-IPPSSession). Then, in the portal, add the {PortalLocation} location and at least one condition to the policy.",
            "New-SupervisoryReviewPolicyV2 -Name " + Quote.PowerShell(Monitored) + " -Reviewers 'compliance-reviewers@contoso.com' -Comment " + Quote.PowerShell("Reviews " + Monitored));

        protected sealed override RemediationFix RepairFix(string policyName) =>
            RemediationFix.PowerShell("Set-SupervisoryReviewPolicyV2 -Identity " + Quote.PowerShell(policyName) + " -Enabled $true");

        /// <summary>The rule's Policy is the policy's GUID (older output: its name).</summary>
        private static bool BelongsTo(JsonElement rule, JsonElement policy)
        {
            var owner = rule.GetString("Policy") ?? rule.GetString("Policy.Guid") ?? rule.GetString("Policy.Name");
            return owner != null
                && new[] { policy.GetString("Guid"), policy.GetString("Name"), policy.GetString("Identity") }.Any(id => owner.EqualsIgnoreCase(id));
        }

        protected static bool Mentions(string text, string value) => text.IndexOf(value, StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
