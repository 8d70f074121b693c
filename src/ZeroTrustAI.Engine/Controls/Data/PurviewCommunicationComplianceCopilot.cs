using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>A communication compliance policy reviews Microsoft 365 Copilot prompts and responses.</summary>
    public sealed class PurviewCommunicationComplianceCopilot : PurviewCommunicationComplianceControl
    {
        /// <summary>The item class of Copilot messages (IPM.SkypeTeams.Message.Copilot.Teams, ...Outlook, ...BizChat).</summary>
        private const string CopilotItemClass = "IPM.SkypeTeams.Message.Copilot";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-140",
            Title = "Communication compliance reviews Microsoft 365 Copilot interactions",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "At least one enabled Microsoft Purview communication compliance policy has a rule on the Microsoft 365 Copilot location (Copilot message item class IPM.SkypeTeams.Message.Copilot.*), so prompts and responses that leak confidential data or break the code of conduct reach a reviewer.",
            Rationale = """
            Copilot is a communication channel: users ask it for other people's data, for misleading statements or for
            content that breaks policy, and it answers. DLP blocks known sensitive content; communication compliance
            classifiers see the intent in the prompt and the response, so misuse is investigated instead of unseen.
            """,
            Checks = """
            - Data sets: `purview/Get-SupervisoryReviewPolicyV2.json` and `purview/Get-SupervisoryReviewRule.json`, the output
              of `Get-SupervisoryReviewPolicyV2` and `Get-SupervisoryReviewRule -IncludeRuleXml` in Security & Compliance
              PowerShell (`Connect-IPPSSession`), saved by `Save-ZtaiSnapshot -IncludePurview`.
            - A policy monitors Copilot when one of its rules (the rule's `Policy` is the policy's `Guid`) has a `RuleXml`
              naming the Copilot item class `IPM.SkypeTeams.Message.Copilot` (the *Detect Microsoft 365 Copilot
              interactions* template's Microsoft 365 Copilot location).
            - One result per such policy: **Pass** when it is on (`Enabled` not `false`), **Fail** when it is off.
            - **Fail** for the tenant when no policy monitors Copilot. **Skipped** when either file is absent.
            """,
            Remediation = """
            - Portal: Microsoft Purview > Communication Compliance > Policies > Create policy > template *Detect Microsoft 365 Copilot interactions*; pick the classifiers (regulatory, threat, discrimination, confidential data) and the reviewers.
            - PowerShell (Security & Compliance): `New-SupervisoryReviewPolicyV2` creates the policy with its reviewers; the Copilot location and conditions have no documented rule parameter, so add them to the policy in the portal. `Set-SupervisoryReviewPolicyV2 -Enabled $true` turns an existing policy on.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/purview/communication-compliance-copilot",
                "https://learn.microsoft.com/powershell/module/exchangepowershell/get-supervisoryreviewrule",
                "https://learn.microsoft.com/powershell/module/exchangepowershell/set-supervisoryreviewpolicyv2",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_108" },
                zeroTrustAssessment: new[] { "35039" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure" }),
        };

        protected override string Monitored => "Microsoft 365 Copilot interactions";

        protected override string Missing => "No communication compliance policy has a rule on Microsoft 365 Copilot interactions";

        protected override string PortalLocation => "Microsoft 365 Copilot (template Detect Microsoft 365 Copilot interactions)";

        protected override bool TargetsAi(string ruleXml) => Mentions(ruleXml, CopilotItemClass);
    }
}
