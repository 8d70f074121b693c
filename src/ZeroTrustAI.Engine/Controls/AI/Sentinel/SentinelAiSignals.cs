using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI.Sentinel
{
    /// <summary>
    /// What makes a Sentinel analytics rule, workbook or automation rule about AI: the Defender for AI alert names and
    /// the Log Analytics tables that hold agent and AI activity. Kept as data so the controls' documentation and
    /// their judgement name the same lists.
    /// </summary>
    internal static class SentinelAiSignals
    {
        /// <summary>
        /// Words that name attacks on AI models in alert names, alert types and queries: Defender for AI services alert
        /// types start with 'AI.Azure_' (AI.Azure_Jailbreak.ContentFiltering.BlockedAttempt, AI.Azure_ASCIISmuggling, ...)
        /// and their display names speak of jailbreaks on Azure OpenAI model deployments.
        /// </summary>
        public static readonly IReadOnlyList<string> AiAttackTerms = new[]
        {
            "AI.Azure_", "Jailbreak", "prompt injection", "PromptInjection", "Prompt Shields", "ASCII smuggling", "ASCIISmuggling", "Azure OpenAI",
        };

        /// <summary>
        /// Log Analytics tables that record what agents and AI workloads do. A table with a qualifier counts only when the
        /// query also names the qualifier (CloudAppEvents holds every cloud app; AzureDiagnostics every resource type).
        /// </summary>
        public static readonly IReadOnlyList<(string Table, string? Qualifier)> AgentActivityTables = new (string, string?)[]
        {
            ("AADServicePrincipalSignInLogs", null),
            ("AADManagedIdentitySignInLogs", null),
            ("MicrosoftGraphActivityLogs", null),
            ("CopilotActivity", null),
            ("CloudAppEvents", "Copilot"),
            ("AzureDiagnostics", "COGNITIVESERVICES"),
        };

        /// <summary>Whole words that mark a workbook's display name as being about AI.</summary>
        public static readonly IReadOnlyList<string> AiNameWords = new[] { "AI", "GenAI", "Copilot", "OpenAI", "Agent", "Agents", "LLM", "Foundry" };

        /// <summary>Analytics rule kinds that run a query written by the SOC (NRT is the near-real-time scheduled rule).</summary>
        public static readonly IReadOnlyList<string> QueryRuleKinds = new[] { "Scheduled", "NRT" };

        /// <summary>Product names under which Defender for Cloud (and so Defender for AI services) raises alerts.</summary>
        public static readonly IReadOnlyList<string> DefenderForCloudProducts = new[] { "Azure Security Center", "Microsoft Defender for Cloud" };

        public static string Terms(IEnumerable<string> terms) => string.Join(", ", terms.Select(t => "'" + t + "'"));

        public static bool IsEnabled(ArmResource rule) => rule.GetBool("properties.enabled") == true;

        public static bool IsQueryRule(ArmResource rule) => QueryRuleKinds.Any(k => k.EqualsIgnoreCase(rule.Kind));

        public static string NameOf(ArmResource resource) => resource.GetString("properties.displayName") ?? resource.Name;

        /// <summary>The AI attack terms a text names (case ignored).</summary>
        public static IReadOnlyList<string> AttackTermsIn(string? text) =>
            text == null ? Array.Empty<string>() : AiAttackTerms.Where(t => text.IndexOf(t, StringComparison.OrdinalIgnoreCase) >= 0).ToList();

        /// <summary>The agent and AI activity tables a KQL query reads (whole words, case ignored, qualifiers honoured).</summary>
        public static IReadOnlyList<string> AgentTablesIn(string? query) =>
            query == null
                ? Array.Empty<string>()
                : AgentActivityTables
                    .Where(t => HasWord(query, t.Table) && (t.Qualifier == null || query.IndexOf(t.Qualifier, StringComparison.OrdinalIgnoreCase) >= 0))
                    .Select(t => t.Table)
                    .ToList();

        public static bool HasWord(string text, string word) =>
            Regex.IsMatch(text, @"(?<![A-Za-z0-9_])" + Regex.Escape(word) + @"(?![A-Za-z0-9_])", RegexOptions.IgnoreCase);

        /// <summary>
        /// Why an enabled analytics rule turns attacks on AI into alerts or incidents, or null when it does not: a
        /// Defender for Cloud incident creation rule whose name filters keep the AI alerts, or a scheduled / NRT rule whose
        /// query names an AI attack term.
        /// </summary>
        public static string? AiThreatCoverage(ArmResource rule)
        {
            if (!IsEnabled(rule))
            {
                return null;
            }

            if (rule.Kind.EqualsIgnoreCase("MicrosoftSecurityIncidentCreation"))
            {
                if (!DefenderForCloudProducts.Any(p => p.EqualsIgnoreCase(rule.GetString("properties.productFilter"))))
                {
                    return null;
                }

                var included = Strings(rule, "properties.displayNamesFilter");
                var excluded = Strings(rule, "properties.displayNamesExcludeFilter");
                if (excluded.Any(n => AttackTermsIn(n).Count > 0))
                {
                    return null;
                }

                if (included.Count == 0)
                {
                    return $"'{NameOf(rule)}' creates incidents from every Defender for Cloud alert, Defender for AI alerts included";
                }

                var aiNames = included.Where(n => AttackTermsIn(n).Count > 0).ToList();
                return aiNames.Count > 0 ? $"'{NameOf(rule)}' creates incidents from the Defender for AI alerts {string.Join(", ", aiNames.Select(n => "'" + n + "'"))}" : null;
            }

            if (IsQueryRule(rule))
            {
                var terms = AttackTermsIn(rule.GetString("properties.query"));
                return terms.Count > 0 ? $"{rule.Kind} rule '{NameOf(rule)}' queries for {Terms(terms)}" : null;
            }

            return null;
        }

        /// <summary>Ids of the workspace's enabled analytics rules that watch AI: AI threats or agent activity.</summary>
        public static IReadOnlyList<string> AiRuleIds(ArmResource workspace) =>
            workspace.ExtensionsOfType(ResourceTypes.SentinelAlertRule)
                .Where(r => AiThreatCoverage(r) != null || (IsEnabled(r) && IsQueryRule(r) && AgentTablesIn(r.GetString("properties.query")).Count > 0))
                .Select(r => r.Id)
                .ToList();

        public static IReadOnlyList<string> Strings(ArmResource resource, string path)
        {
            var value = resource.Get(path);
            return value.HasValue && value.Value.ValueKind == JsonValueKind.Array
                ? value.Value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
                : (IReadOnlyList<string>)Array.Empty<string>();
        }

        /// <summary>
        /// Creates an enabled scheduled analytics rule that raises incidents (api-version 2024-09-01; the rule name is a
        /// new GUID), with Az PowerShell. Severity, frequency and look-back are starting points the SOC tunes.
        /// </summary>
        public static RemediationFix ScheduledRuleFix(string workspaceId, string displayName, string query, params string[] tactics) =>
            RemediationFix.PowerShell(
                "# " + Quote.Comment($"Create the analytics rule '{displayName}' on the Sentinel workspace, then tune its query, severity and entity mappings."),
                "Connect-AzAccount",
                "$workspace = " + Quote.PowerShell(workspaceId),
                "$rule = \"$workspace/providers/Microsoft.SecurityInsights/alertRules/$([guid]::NewGuid())?api-version=2024-09-01\"",
                "$properties = @{ displayName = " + Quote.PowerShell(displayName) + "; enabled = $true; severity = 'Medium'; query = " + Quote.PowerShell(query)
                    + "; queryFrequency = 'PT1H'; queryPeriod = 'PT1H'; triggerOperator = 'GreaterThan'; triggerThreshold = 0; suppressionEnabled = $false; suppressionDuration = 'PT5H'; tactics = @("
                    + string.Join(", ", tactics.Select(Quote.PowerShell)) + "); incidentConfiguration = @{ createIncident = $true } }",
                "$body = @{ kind = 'Scheduled'; properties = $properties } | ConvertTo-Json -Depth 5",
                "Invoke-AzRestMethod -Method PUT -Path $rule -Payload $body");
    }
}
