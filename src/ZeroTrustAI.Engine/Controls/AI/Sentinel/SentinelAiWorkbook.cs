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
    /// <summary>Each Sentinel workspace has a workbook over AI threats and agent activity, so the SOC sees AI attacks as a trend, not one alert at a time.</summary>
    public sealed class SentinelAiWorkbook : SentinelWorkspaceControl
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-251",
            Title = "Sentinel has a workbook for AI threats",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Low,
            Description = "Every Microsoft Sentinel workspace has a shared Sentinel workbook (Microsoft.Insights/workbooks, category 'sentinel', sourceId the workspace) about AI: its name or its queries name AI threats or agent activity.",
            Rationale = """
            Jailbreak attempts, prompt injection and agents drifting from their usual behaviour show as patterns: which model
            is probed, by whom, how often, after which change. A workbook over the AI alerts and agent tables is where the SOC
            and the AI owners look at them together and decide which detections and blocks to tighten.
            """,
            Checks = $"""
            On every Sentinel workspace (a Log Analytics workspace with a `Microsoft.SecurityInsights/onboardingStates`
            resource), reads `Microsoft.Insights/workbooks` (Resource Graph) and keeps those whose `properties.sourceId` is
            the workspace id and whose `properties.category` is `sentinel` (case ignored).

            - Pass: one of them is about AI: its `properties.displayName` has one of the words
              {SentinelAiSignals.Terms(SentinelAiSignals.AiNameWords)} (whole words, case ignored), or its
              `properties.serializedData` (when the snapshot holds it) names an AI attack term
              ({SentinelAiSignals.Terms(SentinelAiSignals.AiAttackTerms)}) or an agent activity table
              ({string.Join(", ", SentinelAiSignals.AgentActivityTables.Select(t => t.Table))}).
            - Fail: no Sentinel workbook on the workspace is about AI.
            - No Sentinel workspace → NotApplicable (ZTAI-AI-240 judges onboarding).
            """,
            Remediation = """
            In Sentinel → Workbooks, save the workbook of an installed AI solution (Content hub) or create one over
            `SecurityAlert` (Defender for AI alert types `AI.Azure_*`), `CopilotActivity` and the service principal sign-in
            logs. The result's fix saves a starting workbook (Defender for AI alerts per day) with Az PowerShell.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/sentinel/monitor-your-data",
                "https://learn.microsoft.com/azure/azure-monitor/visualize/workbooks-automate",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_092" },
                zeroTrustAssessment: new[] { "41206" },
                mcsb: new[] { "LT-1" }),
        };

        protected override IReadOnlyList<string> SentinelTypes { get; } = new[] { ResourceTypes.Workbook };

        /// <summary>Workbooks are tracked resources, not extensions of the workspace: they point at it through sourceId.</summary>
        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var byWorkspace = snapshot.ResourcesOfType(ResourceTypes.Workbook)
                .Where(w => w.GetString("properties.category").EqualsIgnoreCase("sentinel") && w.GetString("properties.sourceId") != null)
                .ToLookup(w => w.GetString("properties.sourceId")!.TrimEnd('/'), ResourceTypes.Comparer);
            return OnboardedWorkspaces(snapshot).Select(w => JudgeWorkbooks(w, byWorkspace[w.Id.TrimEnd('/')].ToList()));
        }

        protected override Finding Judge(ArmResource workspace) => JudgeWorkbooks(workspace, Array.Empty<ArmResource>());

        private static Finding JudgeWorkbooks(ArmResource workspace, IReadOnlyList<ArmResource> workbooks)
        {
            var names = workbooks.Select(SentinelAiSignals.NameOf).OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToArray();
            var evidence = new Evidence("Microsoft.Insights/workbooks[properties.category=sentinel, properties.sourceId=workspace].properties.displayName", JsonText.StringArray(names), "a workbook about AI threats or agent activity");
            var aboutAi = workbooks
                .Select(w => (Workbook: w, Why: WhyAboutAi(w)))
                .Where(w => w.Why != null)
                .OrderBy(w => SentinelAiSignals.NameOf(w.Workbook), StringComparer.OrdinalIgnoreCase)
                .ToList();
            if (aboutAi.Count > 0)
            {
                return Pass(workspace, $"Sentinel workbook(s) about AI: {string.Join("; ", aboutAi.Select(w => $"'{SentinelAiSignals.NameOf(w.Workbook)}' ({w.Why})"))}.", evidence);
            }

            return Fail(
                workspace,
                workbooks.Count == 0
                    ? "This Sentinel workspace has no saved Sentinel workbook, so none shows AI threats or agent activity."
                    : $"None of this Sentinel workspace's {workbooks.Count} workbook(s) is about AI threats or agent activity.",
                evidence)
                .WithFix(WorkbookFix(workspace));
        }

        private static string? WhyAboutAi(ArmResource workbook)
        {
            var name = SentinelAiSignals.NameOf(workbook);
            var word = SentinelAiSignals.AiNameWords.FirstOrDefault(w => SentinelAiSignals.HasWord(name, w));
            if (word != null)
            {
                return $"its name says '{word}'";
            }

            var content = workbook.GetString("properties.serializedData");
            var reads = SentinelAiSignals.AttackTermsIn(content).Concat(SentinelAiSignals.AgentTablesIn(content)).ToList();
            return reads.Count > 0 ? "its queries name " + SentinelAiSignals.Terms(reads) : null;
        }

        /// <summary>A shared Sentinel workbook (api-version 2023-06-01) with one chart of Defender for AI alerts per day.</summary>
        private static RemediationFix WorkbookFix(ArmResource workspace)
        {
            var resourceGroup = workspace.Id.Substring(0, workspace.Id.IndexOf("/providers/", StringComparison.OrdinalIgnoreCase));
            return RemediationFix.PowerShell(
                "# " + Quote.Comment("Save a starting Sentinel workbook over Defender for AI alerts; extend it with CopilotActivity and agent sign-ins."),
                "Connect-AzAccount",
                "$workspace = " + Quote.PowerShell(workspace.Id),
                "$query = @{ type = 3; name = 'ai-alerts'; content = @{ version = 'KqlItem/1.0'; query = \"SecurityAlert | where AlertType startswith 'AI.Azure_' | summarize count() by AlertName, bin(TimeGenerated, 1d)\"; size = 0; queryType = 0; resourceType = 'microsoft.operationalinsights/workspaces'; visualization = 'timechart' } }",
                "$serialized = @{ version = 'Notebook/1.0'; items = @($query); isLocked = $false } | ConvertTo-Json -Depth 10 -Compress",
                "$body = @{ kind = 'shared'; location = " + Quote.PowerShell(workspace.Location ?? "<workspace region>") + "; properties = @{ displayName = 'AI threats'; category = 'sentinel'; sourceId = $workspace; serializedData = $serialized } } | ConvertTo-Json -Depth 5",
                "Invoke-AzRestMethod -Method PUT -Path \"" + resourceGroup + "/providers/Microsoft.Insights/workbooks/$([guid]::NewGuid())?api-version=2023-06-01\" -Payload $body");
        }
    }
}
