using System.Linq;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>A communication compliance policy reviews interactions with enterprise AI apps (connected AI apps).</summary>
    public sealed class PurviewCommunicationComplianceEnterpriseAi : PurviewCommunicationComplianceControl
    {
        /// <summary>The rule workload of AI apps connected through Microsoft Entra or Purview Data Map connectors.</summary>
        private const string ConnectedAiAppWorkload = "ConnectedAIApp";

        /// <summary>The rule's list of generative AI workloads, and the enterprise ones among its values.</summary>
        private const string GenAiWorkloads = "UnifiedGenAIWorkloads";

        private static readonly string[] EnterpriseGenAiWorkloads = { "ChatGPT.Enterprise", "EntraApp", "AzureAI" };

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-141",
            Title = "Communication compliance reviews interactions with enterprise AI apps",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "At least one enabled Microsoft Purview communication compliance policy has a rule on enterprise AI apps (AI apps connected through Microsoft Entra or Purview Data Map connectors, Azure AI, ChatGPT Enterprise), so risky prompts and responses outside Microsoft 365 Copilot reach a reviewer too.",
            Rationale = """
            Agents built in Copilot Studio or Foundry and connected third-party AI apps receive the same confidential data
            and requests as Microsoft 365 Copilot. A communication compliance policy that only covers Copilot leaves those
            interactions unreviewed.
            """,
            Checks = """
            - Data sets: `purview/Get-SupervisoryReviewPolicyV2.json` and `purview/Get-SupervisoryReviewRule.json` (`Get-SupervisoryReviewRule -IncludeRuleXml`), Security & Compliance PowerShell, saved by
              `Save-ZtaiSnapshot -IncludePurview`.
            - A policy monitors enterprise AI apps when one of its rules (the rule's `Policy` is the policy's `Guid`) has a
              `RuleXml` whose workloads include `ConnectedAIApp`, or whose `UnifiedGenAIWorkloads` include
              `ChatGPT.Enterprise`, `EntraApp` or `AzureAI`.
            - One result per such policy: **Pass** when it is on (`Enabled` not `false`), **Fail** when it is off.
            - **Fail** for the tenant when no policy monitors enterprise AI apps. **Skipped** when either file is absent.
              Collection policies that feed these interactions to Purview are judged by ZTAI-DATA-143.
            """,
            Remediation = """
            - Portal: Microsoft Purview > Communication Compliance > Policies > Create policy > *Detect Microsoft 365 Copilot interactions* or a custom policy, with the *Enterprise AI apps* locations (pay-as-you-go billing is required for non-Microsoft 365 AI data).
            - PowerShell (Security & Compliance): `New-SupervisoryReviewPolicyV2` creates the policy; its AI locations are added in the portal. `Set-SupervisoryReviewPolicyV2 -Enabled $true` turns an existing policy on.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/purview/communication-compliance-copilot",
                "https://learn.microsoft.com/powershell/module/exchangepowershell/get-supervisoryreviewrule",
            },
            Mappings = new ControlMappings(
                zeroTrustAssessment: new[] { "35040" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure" }),
        };

        protected override string Monitored => "enterprise AI app interactions";

        protected override string Missing => "No communication compliance policy has a rule on enterprise AI apps (ConnectedAIApp or enterprise UnifiedGenAIWorkloads)";

        protected override string PortalLocation => "Enterprise AI apps";

        protected override bool TargetsAi(string ruleXml) =>
            Mentions(ruleXml, ConnectedAiAppWorkload)
            || (Mentions(ruleXml, GenAiWorkloads) && EnterpriseGenAiWorkloads.Any(workload => Mentions(ruleXml, workload)));
    }
}
