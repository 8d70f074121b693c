using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI.Sentinel
{
    /// <summary>Each Sentinel workspace has an active automation rule that responds to AI incidents in particular (runs a playbook or changes the incident).</summary>
    public sealed class SentinelAiAutomatedResponse : SentinelAutomationRuleControl
    {
        /// <summary>Automation rule actions that respond: start a playbook, or raise, assign or label the incident.</summary>
        private static readonly string[] ResponseActions = { "RunPlaybook", "ModifyProperties" };

        /// <summary>Condition operators that select (the Not... operators exclude).</summary>
        private static readonly string[] SelectingOperators = { "Equals", "Contains", "StartsWith", "EndsWith" };

        /// <summary>Condition properties that name analytics rules.</summary>
        private static readonly string[] RuleIdProperties = { "IncidentRelatedAnalyticRuleIds", "AlertAnalyticRuleIds" };

        /// <summary>Condition properties whose text can name AI.</summary>
        private static readonly string[] TextProperties = { "IncidentTitle", "IncidentDescription", "IncidentLabel", "AlertProductNames", "IncidentCustomDetailsValue" };

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-253",
            Title = "Sentinel responds automatically to high-risk AI incidents",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Every Microsoft Sentinel workspace has an enabled, unexpired automation rule whose conditions select AI incidents (those from an AI analytics rule, or whose title, description, labels or products name AI) and whose actions run a playbook or modify the incident.",
            Rationale = """
            A jailbreak that succeeded or an agent signing in from a new country calls for a different response than a generic
            alert: contain the agent, raise the severity, page the AI owner. An automation rule scoped to AI incidents is how
            that response happens every time rather than when an analyst recognises the pattern.
            """,
            Checks = $"""
            On every Sentinel workspace (a Log Analytics workspace with a `Microsoft.SecurityInsights/onboardingStates`
            resource), reads `Microsoft.SecurityInsights/automationRules` and `.../alertRules` (api-version 2024-09-01).

            - Active rule: `properties.triggeringLogic.isEnabled` true and `expirationTimeUtc` absent or after collection.
            - Responding rule: an action of type {string.Join(" or ", ResponseActions.Select(a => "`" + a + "`"))}.
            - AI-scoped: a condition anywhere in `properties.triggeringLogic.conditions` (nested Boolean and array conditions
              included) with an operator {string.Join(", ", SelectingOperators)} (or none) that either names, under
              {string.Join(" or ", RuleIdProperties.Select(p => "`" + p + "`"))}, an enabled analytics rule of the workspace
              about AI (one ZTAI-AI-249 or ZTAI-AI-250 counts), or has, under {string.Join(", ", TextProperties.Select(p => "`" + p + "`"))},
              a value naming an AI attack term ({SentinelAiSignals.Terms(SentinelAiSignals.AiAttackTerms)}) or an AI word
              ({SentinelAiSignals.Terms(SentinelAiSignals.AiNameWords)}).
            - Pass: an active, responding, AI-scoped rule.
            - Warning: only an active rule without conditions runs a playbook: AI incidents get the generic response.
            - Fail: otherwise.
            - No Sentinel workspace → NotApplicable (ZTAI-AI-240 judges onboarding).
            """,
            Remediation = """
            Create an automation rule whose condition is "Analytics rule name contains" your AI analytics rules (or "Title
            contains Jailbreak"), with actions that raise the severity, assign the AI owner and run the containment playbook.
            The result's fix creates one on the workspace's AI analytics rules (or on incident titles naming a jailbreak when it
            has none) with Az PowerShell once you name the playbook.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/sentinel/automate-incident-handling-with-automation-rules",
                "https://learn.microsoft.com/azure/sentinel/create-manage-use-automation-rules",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_094" },
                zeroTrustAssessment: new[] { "41213" },
                mcsb: new[] { "IR-4", "IR-5" }),
        };

        protected override IReadOnlyList<string> SentinelTypes { get; } = new[] { ResourceTypes.SentinelAutomationRule, ResourceTypes.SentinelAlertRule };

        protected override Finding Judge(ArmResource workspace, IReadOnlyList<ArmResource> activeRules)
        {
            var aiRules = SentinelAiSignals.AiRuleIds(workspace);
            var responding = activeRules.Where(r => ActionTypes(r).Any(a => ResponseActions.Any(x => x.EqualsIgnoreCase(a)))).ToList();
            var scoped = responding.Select(r => (Rule: r, Why: AiScope(r, aiRules))).Where(r => r.Why != null).ToList();
            var evidence = new Evidence(
                "providers/Microsoft.SecurityInsights/automationRules[triggeringLogic.isEnabled=true]",
                JsonText.StringArray(activeRules.Select(r => NameOf(r) + ": " + string.Join(", ", ActionTypes(r)))),
                "a responding rule whose conditions select AI incidents");
            if (scoped.Count > 0)
            {
                return Pass(workspace, $"Active automation rule(s) respond to AI incidents: {string.Join("; ", scoped.Select(r => $"'{NameOf(r.Rule)}' ({r.Why}; {string.Join(", ", ActionTypes(r.Rule))})"))}.", evidence);
            }

            var fix = RunPlaybookFix(workspace.Id, "Contain AI incidents", AiConditionJson(aiRules));
            var catchAll = responding.Where(r => Playbooks(r).Count > 0 && Conditions(r).Count == 0).ToList();
            if (catchAll.Count > 0)
            {
                return Warn(workspace, $"Only generic automation rules respond to AI incidents: a playbook runs on every incident ({string.Join(", ", catchAll.Select(r => "'" + NameOf(r) + "'"))}), but no rule is scoped to AI.", evidence)
                    .WithFix(fix);
            }

            return Fail(workspace, $"No active automation rule on this Sentinel workspace responds to AI incidents ({activeRules.Count} active rule(s), {aiRules.Count} AI analytics rule(s)).", evidence)
                .WithFix(fix);
        }

        /// <summary>Why a rule's conditions select AI incidents, or null.</summary>
        private static string? AiScope(ArmResource rule, IReadOnlyList<string> aiRules)
        {
            foreach (var condition in Conditions(rule))
            {
                var property = condition.GetString("propertyName");
                var op = condition.GetString("operator");
                if (property == null || (op != null && !SelectingOperators.Any(o => o.EqualsIgnoreCase(op))))
                {
                    continue;
                }

                var values = condition.Get("propertyValues") is JsonElement array && array.ValueKind == JsonValueKind.Array
                    ? array.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList()
                    : new List<string>();
                if (RuleIdProperties.Any(p => p.EqualsIgnoreCase(property)))
                {
                    var named = values.FirstOrDefault(v => aiRules.Any(id => id.TrimEnd('/').EndsWith(v.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)));
                    if (named != null)
                    {
                        return $"{property} names the AI analytics rule '{named.Substring(named.LastIndexOf('/') + 1)}'";
                    }
                }
                else if (TextProperties.Any(p => p.EqualsIgnoreCase(property)))
                {
                    var named = values.FirstOrDefault(v => SentinelAiSignals.AttackTermsIn(v).Count > 0 || SentinelAiSignals.AiNameWords.Any(w => SentinelAiSignals.HasWord(v, w)));
                    if (named != null)
                    {
                        return $"{property} {op ?? "matches"} '{named}'";
                    }
                }
            }

            return null;
        }

        /// <summary>Every property condition of a rule, nested Boolean and array conditions included.</summary>
        private static List<JsonElement> Conditions(ArmResource rule)
        {
            var found = new List<JsonElement>();
            if (rule.Get("properties.triggeringLogic.conditions") is JsonElement conditions)
            {
                Collect(conditions, found);
            }

            return found;
        }

        private static void Collect(JsonElement element, List<JsonElement> found)
        {
            if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, found);
                }
            }
            else if (element.ValueKind == JsonValueKind.Object)
            {
                if (element.TryGetProperty("propertyName", out _))
                {
                    found.Add(element);
                }

                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, found);
                }
            }
        }

        /// <summary>The fix's condition: the workspace's AI analytics rules, or incident titles naming a jailbreak.</summary>
        private static string AiConditionJson(IReadOnlyList<string> aiRules)
        {
            var condition = aiRules.Count > 0
                ? new { conditionType = "Property", conditionProperties = new { propertyName = "IncidentRelatedAnalyticRuleIds", @operator = "Contains", propertyValues = aiRules.ToArray() } }
                : new { conditionType = "Property", conditionProperties = new { propertyName = "IncidentTitle", @operator = "Contains", propertyValues = new[] { "Jailbreak" } } };
            return JsonSerializer.Serialize(condition);
        }
    }
}
