using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>
    /// A tenant-wide Purview check over the saved output of one read-only Security &amp; Compliance cmdlet
    /// (purview/&lt;cmdlet&gt;.json, written by <c>Save-ZtaiSnapshot -IncludePurview</c>). Purview has no API for these
    /// settings; without the file the engine reports Skipped, naming the cmdlet.
    /// </summary>
    public abstract class PurviewControl : Control
    {
        /// <summary>The cmdlet whose output is judged, e.g. Get-DlpCompliancePolicy (one of <see cref="PurviewCmdlets.All"/>).</summary>
        protected abstract string Cmdlet { get; }

        /// <summary>Other cmdlets whose output decides which policies are in scope (the rules of the policies judged).</summary>
        protected virtual IReadOnlyList<string> AlsoReads => System.Array.Empty<string>();

        protected sealed override DataRequirement ImpliedData =>
            DataRequirement.Requires(new[] { Cmdlet }.Concat(AlsoReads).Select(DataSets.Purview).ToArray());

        /// <summary>Policies that address the AI location or scenario the control is about (a DLP policy on Copilot).</summary>
        protected abstract bool IsInScope(JsonElement policy, TenantSnapshot snapshot);

        /// <summary>Null when an in-scope policy protects as it should; otherwise what is wrong ("is in simulation mode").</summary>
        protected abstract string? Weakness(JsonElement policy);

        /// <summary>As <see cref="Weakness(JsonElement)"/>, for controls that also judge what <see cref="AlsoReads"/> holds (the policy's rules).</summary>
        protected virtual string? Weakness(JsonElement policy, TenantSnapshot snapshot) => Weakness(policy);

        /// <summary>What the judged objects are, before their name in a reason.</summary>
        protected virtual string Subject => "Policy";

        /// <summary>What a working policy does, after its name: "protects Microsoft 365 Copilot in enforcement mode".</summary>
        protected abstract string Covers { get; }

        /// <summary>What is missing when no policy is in scope: "no DLP policy covers Microsoft 365 Copilot".</summary>
        protected abstract string Missing { get; }

        /// <summary>The PowerShell (Security &amp; Compliance) that creates a covering policy, for the tenant result.</summary>
        protected abstract RemediationFix CreateFix { get; }

        /// <summary>The PowerShell that makes one in-scope policy work (turns it on or to enforcement).</summary>
        protected abstract RemediationFix RepairFix(string policyName);

        /// <summary>Objects the cmdlet returns that are not policies (Insider Risk's tenant-settings object).</summary>
        protected virtual bool IsPolicy(JsonElement item) => true;

        /// <summary>
        /// One result per in-scope policy (Pass when it works, Fail with what is wrong); one tenant Fail when no policy is
        /// in scope at all.
        /// </summary>
        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var policies = snapshot.PurviewItems(Cmdlet).Where(IsPolicy).ToList();
            var inScope = policies.Where(policy => IsInScope(policy, snapshot)).ToList();
            if (inScope.Count == 0)
            {
                var names = JsonText.StringArray(policies.Select(NameOf));
                yield return Fail(ResultTarget.Tenant(snapshot), $"{Missing} ({policies.Count} polic{(policies.Count == 1 ? "y" : "ies")} in {Cmdlet} output).", new Evidence(Cmdlet + "[].Name", names, Covers))
                    .WithFix(CreateFix);
                yield break;
            }

            foreach (var policy in inScope)
            {
                var name = NameOf(policy);
                var target = TargetOf(policy, snapshot);
                var evidence = new Evidence(Cmdlet + "[Name=" + name + "]", policy.GetRawText(), Covers);
                var weakness = Weakness(policy, snapshot);
                yield return weakness == null
                    ? Pass(target, $"{Subject} '{name}' {Covers}.", evidence)
                    : Fail(target, $"{Subject} '{name}' {weakness}.", evidence).WithFix(RepairFix(name));
            }
        }

        /// <summary>What a result is about: the policy; the tenant for an organization-wide settings object.</summary>
        protected virtual ResultTarget TargetOf(JsonElement policy, TenantSnapshot snapshot)
        {
            var name = NameOf(policy);
            return new ResultTarget(policy.GetString("Guid") ?? policy.GetString("Identity") ?? name, name, Cmdlet.Substring("Get-".Length));
        }

        /// <summary>The policy's name (Name, else Identity).</summary>
        protected static string NameOf(JsonElement policy) => policy.GetString("Name") ?? policy.GetString("Identity") ?? "?";

        /// <summary>True unless the policy says it is off (Enabled false, or Mode Disable / PendingDeletion).</summary>
        protected static bool IsOn(JsonElement policy) =>
            policy.GetBool("Enabled") != false
            && !policy.GetString("Mode").EqualsIgnoreCase("Disable")
            && !policy.GetString("Mode").EqualsIgnoreCase("PendingDeletion");

        /// <summary>Null when a DLP-style policy is on and enforcing (Mode Enable); otherwise why it blocks nothing.</summary>
        protected static string? EnforcementWeakness(JsonElement policy, string what) =>
            !IsOn(policy) ? $"{what} but is turned off"
            : !policy.GetString("Mode").EqualsIgnoreCase("Enable") ? $"{what} but runs in simulation (Mode {policy.GetString("Mode") ?? "absent"}): it blocks nothing"
            : null;

        /// <summary>The strings of a property that PowerShell serialises either as an array or as one string.</summary>
        protected static IEnumerable<string> Values(JsonElement item, string property)
        {
            var value = item.Get(property);
            if (value?.ValueKind == JsonValueKind.Array)
            {
                return item.GetStrings(property);
            }

            var text = item.GetString(property);
            return text == null ? Enumerable.Empty<string>() : new[] { text };
        }
    }

    /// <summary>The PowerShell connection a Purview cmdlet's output must come from.</summary>
    public enum PurviewSession
    {
        /// <summary>Security &amp; Compliance PowerShell (Connect-IPPSSession).</summary>
        SecurityCompliance,

        /// <summary>Exchange Online PowerShell (Connect-ExchangeOnline), for settings S&amp;C shows wrongly.</summary>
        ExchangeOnline,
    }

    /// <summary>The read-only cmdlets <c>Save-ZtaiSnapshot -IncludePurview</c> runs, one purview/ file each.</summary>
    public static class PurviewCmdlets
    {
        public const string DlpCompliancePolicy = "Get-DlpCompliancePolicy";
        public const string DlpComplianceRule = "Get-DlpComplianceRule";
        public const string AppRetentionCompliancePolicy = "Get-AppRetentionCompliancePolicy";
        public const string InsiderRiskPolicy = "Get-InsiderRiskPolicy";
        public const string SupervisoryReviewPolicy = "Get-SupervisoryReviewPolicyV2";
        public const string SupervisoryReviewRule = "Get-SupervisoryReviewRule";

        /// <summary>Run with -FeatureScenario KnowYourData: the collection policies only.</summary>
        public const string FeatureConfiguration = "Get-FeatureConfiguration";

        /// <summary>Run in Exchange Online PowerShell: in Security &amp; Compliance its UnifiedAuditLogIngestionEnabled always reads False.</summary>
        public const string AdminAuditLogConfig = "Get-AdminAuditLogConfig";

        public static IReadOnlyList<string> All { get; } = new[]
        {
            DlpCompliancePolicy, DlpComplianceRule, AppRetentionCompliancePolicy, InsiderRiskPolicy, SupervisoryReviewPolicy, SupervisoryReviewRule, FeatureConfiguration, AdminAuditLogConfig,
        };

        private static readonly IReadOnlyDictionary<string, object> NoParameters = new Dictionary<string, object>();

        /// <summary>The parameters a cmdlet is run with (name to value; true for a switch).</summary>
        public static IReadOnlyDictionary<string, object> ParametersOf(string cmdlet) =>
            cmdlet.EqualsIgnoreCase(SupervisoryReviewRule) ? new Dictionary<string, object> { ["IncludeRuleXml"] = true }
            : cmdlet.EqualsIgnoreCase(FeatureConfiguration) ? new Dictionary<string, object> { ["FeatureScenario"] = "KnowYourData" }
            : NoParameters;

        public static PurviewSession SessionOf(string cmdlet) =>
            cmdlet.EqualsIgnoreCase(AdminAuditLogConfig) ? PurviewSession.ExchangeOnline : PurviewSession.SecurityCompliance;

        /// <summary>The command that opens the session a cmdlet runs in.</summary>
        public static string ConnectCommandOf(string cmdlet) =>
            SessionOf(cmdlet) == PurviewSession.ExchangeOnline ? "Connect-ExchangeOnline" : "Connect-IPPSSession";
    }
}
