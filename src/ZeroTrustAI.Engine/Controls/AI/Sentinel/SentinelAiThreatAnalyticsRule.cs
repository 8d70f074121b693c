using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI.Sentinel
{
    /// <summary>Each Sentinel workspace has an enabled analytics rule that turns prompt injection and other attacks on AI into incidents.</summary>
    public sealed class SentinelAiThreatAnalyticsRule : SentinelWorkspaceControl
    {
        private const string RuleName = "AI model attacks (Defender for AI services alerts)";
        private const string RuleQuery = "SecurityAlert | where AlertType startswith 'AI.Azure_' or AlertName has 'Jailbreak'";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-249",
            Title = "Sentinel analytics rules raise incidents for prompt injection and other AI attacks",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Every Microsoft Sentinel workspace has an enabled analytics rule that turns Defender for AI services alerts (jailbreak and prompt injection attempts, ASCII smuggling, credential theft through a model) or a query for them into incidents.",
            Rationale = """
            Defender for AI services and Prompt Shields detect a prompt injection as it happens, but an alert nobody turns into an
            incident is read by nobody. A Sentinel analytics rule is what puts the attempt in the SOC's queue, next to the
            sign-ins and data access of the identity that sent it.
            """,
            Checks = $"""
            On every Sentinel workspace (a Log Analytics workspace with a `Microsoft.SecurityInsights/onboardingStates`
            resource), reads `Microsoft.SecurityInsights/alertRules` and `.../dataConnectors` (api-version 2024-09-01).

            - Pass: an analytics rule with `properties.enabled` true that is either
              - of kind `MicrosoftSecurityIncidentCreation` with `properties.productFilter` 'Azure Security Center' or
                'Microsoft Defender for Cloud', no entry of `properties.displayNamesExcludeFilter` naming an AI attack term, and
                `properties.displayNamesFilter` empty (every alert) or naming one; or
              - of kind `Scheduled` or `NRT` (NRT rules are listed by the preview api versions and counted when present) whose
                `properties.query` names an AI attack term.

              AI attack terms (case ignored): {SentinelAiSignals.Terms(SentinelAiSignals.AiAttackTerms)}. Defender for AI
              services alert types start with `AI.Azure_`.
            - Pass also: an active Defender XDR data connector (kind `MicrosoftThreatProtection` with a data type `Enabled`),
              since Defender XDR creates the incidents for Defender for AI alerts (the path ZTAI-AI-241 prefers).
            - Fail: none of these. `properties.severitiesFilter` is not judged.
            - No Sentinel workspace → NotApplicable (ZTAI-AI-240 judges onboarding).
            """,
            Remediation = """
            Prefer the Defender XDR connector (ZTAI-AI-241), which brings Defender for AI incidents with their alerts. Otherwise,
            in Sentinel → Analytics, enable the "Create incidents based on Microsoft Defender for Cloud alerts" rule, or create a
            scheduled rule over `SecurityAlert` for the `AI.Azure_` alert types. The result's fix creates such a scheduled rule
            with Az PowerShell.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/defender-for-cloud/alerts-ai-workloads",
                "https://learn.microsoft.com/azure/sentinel/create-incidents-from-alerts",
                "https://learn.microsoft.com/azure/sentinel/create-analytics-rules",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_090" },
                zeroTrustAssessment: new[] { "41207" },
                mcsb: new[] { "LT-1", "IR-2" },
                owaspLlm: new[] { "LLM01:2025 Prompt Injection" }),
        };

        protected override IReadOnlyList<string> SentinelTypes { get; } = new[] { ResourceTypes.SentinelAlertRule, ResourceTypes.SentinelDataConnector };

        protected override Finding Judge(ArmResource workspace)
        {
            var rules = workspace.ExtensionsOfType(ResourceTypes.SentinelAlertRule).ToList();
            var coverage = rules.Select(SentinelAiSignals.AiThreatCoverage).OfType<string>().OrderBy(c => c, System.StringComparer.OrdinalIgnoreCase).ToList();
            var xdr = workspace.ExtensionsOfType(ResourceTypes.SentinelDataConnector)
                .Any(c => c.Kind.EqualsIgnoreCase("MicrosoftThreatProtection") && IsActiveConnector(c));
            var evidence = new[]
            {
                new Evidence(
                    "providers/Microsoft.SecurityInsights/alertRules[properties.enabled=true]",
                    JsonText.StringArray(rules.Where(SentinelAiSignals.IsEnabled).Select(r => r.Kind + ": " + SentinelAiSignals.NameOf(r)).OrderBy(n => n, System.StringComparer.OrdinalIgnoreCase)),
                    "a rule that turns AI attack alerts into incidents"),
                new Evidence("providers/Microsoft.SecurityInsights/dataConnectors[kind=MicrosoftThreatProtection]", xdr ? "active" : null, "active (Defender XDR incidents)"),
            };
            if (coverage.Count > 0)
            {
                return Pass(workspace, $"Attacks on AI reach this Sentinel workspace's incidents: {string.Join("; ", coverage)}.", evidence);
            }

            if (xdr)
            {
                return Pass(workspace, "Attacks on AI reach this Sentinel workspace's incidents through the Defender XDR connector, which creates the incidents for Defender for AI alerts.", evidence);
            }

            return Fail(workspace, $"No enabled analytics rule on this Sentinel workspace turns Defender for AI alerts or prompt injection attempts into incidents ({rules.Count(SentinelAiSignals.IsEnabled)} enabled rule(s), none about AI).", evidence)
                .WithFix(SentinelAiSignals.ScheduledRuleFix(workspace.Id, RuleName, RuleQuery, "InitialAccess", "DefenseEvasion"));
        }
    }
}
