using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>A collection policy discovers sensitive data in AI interactions (Copilot experiences, AI sites in the browser).</summary>
    public sealed class PurviewAiCollectionPolicy : PurviewControl
    {
        /// <summary>Enforcement planes of AI interaction locations in a collection policy's ScenarioConfig.</summary>
        private static readonly string[] AiPlanes = { "CopilotExperiences", "Browser" };

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-143",
            Title = "A collection policy covers AI interaction locations",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "At least one enabled Microsoft Purview collection policy (feature configuration KnowYourData) collects activity from AI interaction locations (the CopilotExperiences or Browser enforcement plane), so DSPM for AI and Activity explorer see sensitive data sent to and returned by Copilot and AI apps.",
            Rationale = """
            Copilot prompts outside Microsoft 365 and text pasted into AI sites in the browser reach Purview only through a
            collection policy. Without one, DSPM for AI reports show no AI activity and sensitive data shared with AI apps is
            invisible to the policies that should act on it.
            """,
            Checks = """
            - Data set: `purview/Get-FeatureConfiguration.json`, the output of `Get-FeatureConfiguration -FeatureScenario
              KnowYourData` (collection policies; Security & Compliance PowerShell), saved by `Save-ZtaiSnapshot -IncludePurview`.
            - A policy covers AI interaction locations when its `ScenarioConfig` (a JSON string) lists `CopilotExperiences`
              or `Browser` in `EnforcementPlanes`.
            - One result per such policy: **Pass** when its `Mode` is `Enable` and its `ScenarioConfig` lists at least one
              activity; **Fail** when it is off (`Mode` `Disable`) or collects no activity. Whether it also captures the
              prompts and responses (`IsIngestionEnabled`) is shown in the evidence, not judged.
            - **Fail** for the tenant when no collection policy covers an AI location. **Skipped** when the file is absent.
            """,
            Remediation = """
            - Portal: Microsoft Purview > DSPM for AI > Recommendations (one-click collection policies), or Data Loss Prevention / Information Protection > Classifiers > *Data and activity discovery* (collection policies) > Create.
            - PowerShell (Security & Compliance): `New-FeatureConfiguration -FeatureScenario KnowYourData -Mode Enable -ScenarioConfig ... -Locations ...`; `Set-FeatureConfiguration -Identity <name> -Mode Enable` turns one on.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/purview/collection-policies-solution-overview",
                "https://learn.microsoft.com/powershell/module/exchangepowershell/get-featureconfiguration",
                "https://learn.microsoft.com/powershell/module/exchangepowershell/new-featureconfiguration",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_051" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure" }),
        };

        protected override string Cmdlet => PurviewCmdlets.FeatureConfiguration;

        protected override string Covers => "collects activity from AI interaction locations and is on";

        protected override string Missing => "No collection policy covers an AI interaction location (CopilotExperiences or Browser)";

        protected override RemediationFix CreateFix { get; } = RemediationFix.PowerShell(
            "# In Security & Compliance PowerShell (Connect-IPPSSession): text sent to and returned by Microsoft Copilot and Copilot experiences, all users, prompts captured.",
            "$scenario = '{\"Activities\":[\"UploadText\",\"DownloadText\"],\"EnforcementPlanes\":[\"CopilotExperiences\",\"Browser\"],\"SensitiveTypeIds\":[\"All\"],\"IsIngestionEnabled\":true}'",
            "$locations = '[{\"Workload\":\"Applications\",\"Location\":\"52655\",\"LocationSource\":\"SaaS\",\"LocationType\":\"Individual\",\"Inclusions\":[{\"Type\":\"Tenant\",\"Identity\":\"All\",\"DisplayName\":\"All\",\"Name\":\"All\"}]},{\"Workload\":\"Applications\",\"Location\":\"49baeafd-1a6b-4c58-be55-75ae6d1dff6a\",\"LocationSource\":\"PurviewConfig\",\"LocationType\":\"Group\",\"Inclusions\":[{\"Type\":\"Tenant\",\"Identity\":\"All\",\"DisplayName\":\"All\",\"Name\":\"All\"}]}]'",
            "New-FeatureConfiguration -Name 'AI interactions' -FeatureScenario KnowYourData -Mode Enable -ScenarioConfig $scenario -Locations $locations");

        protected override RemediationFix RepairFix(string policyName) =>
            RemediationFix.PowerShell("Set-FeatureConfiguration -Identity " + Quote.PowerShell(policyName) + " -Mode Enable");

        protected override bool IsInScope(JsonElement policy, TenantSnapshot snapshot) =>
            ScenarioValues(policy, "EnforcementPlanes").Any(plane => AiPlanes.Any(ai => ai.EqualsIgnoreCase(plane)));

        protected override string? Weakness(JsonElement policy) =>
            !IsOn(policy) || !policy.GetString("Mode").EqualsIgnoreCase("Enable") ? $"covers AI interaction locations but is turned off (Mode {policy.GetString("Mode") ?? "absent"})"
            : !ScenarioValues(policy, "Activities").Any() ? "covers AI interaction locations but collects no activity (ScenarioConfig.Activities is empty)"
            : null;

        /// <summary>The strings of a list in the policy's ScenarioConfig, which the cmdlet returns as JSON text.</summary>
        private static IReadOnlyList<string> ScenarioValues(JsonElement policy, string property)
        {
            var text = policy.GetString("ScenarioConfig");
            if (string.IsNullOrWhiteSpace(text))
            {
                return Array.Empty<string>();
            }

            try
            {
                using var document = JsonDocument.Parse(text!);
                return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.GetStrings(property).ToList() : (IReadOnlyList<string>)Array.Empty<string>();
            }
            catch (JsonException)
            {
                return Array.Empty<string>();
            }
        }
    }
}
