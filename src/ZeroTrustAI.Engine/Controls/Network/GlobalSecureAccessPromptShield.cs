using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>A Prompt Shield prompt policy of the Global Secure Access AI gateway applies to traffic.</summary>
    public sealed class GlobalSecureAccessPromptShield : Control
    {
        private const string LinkType = "promptPolicyLink";
        private const string PolicyType = "promptPolicy";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-134",
            Title = "Prompt Shield inspects prompts to generative AI apps",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "A Global Secure Access prompt policy (Prompt Shield, the AI gateway of Microsoft Entra Internet Access) exists and an enabled link puts it in an enabled security profile that applies: the baseline profile (priority 65000) or one assigned by an enabled Conditional Access policy.",
            Rationale = """
            Prompt injection turns an AI app or agent against its owner: a crafted prompt, or instructions hidden in a
            document the model reads, make it ignore its system prompt, leak what its context holds or call tools it should
            not. Prompt Shield inspects prompts on the network path to the model, before they reach it, independently of
            each app's own filtering, which varies widely across first-party, third-party and custom LLM endpoints. A
            prompt policy only acts when a security profile that applies carries it.
            """,
            Checks = """
            - Data sets: Microsoft Graph `GET /beta/networkAccess/promptPolicies?$expand=policyRules` and
              `GET /beta/networkAccess/filteringProfiles?$expand=policies($expand=policy),conditionalAccessPolicies` (permission
              `NetworkAccess.Read.All`), and the Conditional Access policies (`Policy.Read.All`). Without them the control is
              Skipped, naming the permission. The prompt policy API is not in the Microsoft Graph reference yet: the path and
              the link type (`#microsoft.graph.networkaccess.promptPolicyLink`) are those Microsoft's Zero Trust Assessment
              reads (test 25415); a tenant where the API answers with an error is Skipped with that error, never judged.
            - Target: each prompt policy. **Pass** when an `enabled` link puts it in an `enabled` profile that is the baseline
              profile (`priority` 65000) or is assigned by a Conditional Access policy in state `enabled`. **Fail** otherwise;
              with no prompt policy at all, one tenant-level **Fail**. An absent link `state` counts as not `enabled`.
            - The conversation schemes of a policy (which LLM endpoints it parses) and its rules are not judged; TLS inspection,
              which Prompt Shield needs to read prompts, is ZTAI-NET-131.
            """,
            Remediation = """
            - Entra admin center: Global Secure Access > Secure > Prompt policies: create a policy with the conversation schemes
              of the LLM endpoints in use; Security profiles > Baseline profile (or a profile assigned by Conditional Access) >
              Link policies.
            - Graph, for an existing policy: `POST /beta/networkAccess/filteringProfiles/{baselineId}/policies` with a
              `promptPolicyLink` naming the policy (NetworkAccess.ReadWrite.All).
            """,
            References = new[]
            {
                "https://learn.microsoft.com/entra/global-secure-access/how-to-ai-prompt-shield",
                "https://learn.microsoft.com/graph/api/networkaccess-filteringpolicylink-post?view=graph-rest-beta",
                "https://learn.microsoft.com/entra/global-secure-access/concept-internet-access",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_029" },
                zeroTrustAssessment: new[] { "25415" },
                owaspLlm: new[] { "LLM01:2025 Prompt Injection" }),
            RequiredData = new[] { DataSets.Graph(GraphSetNames.PromptPolicies) }.Concat(SecurityProfiles.DataSets.Select(DataSets.Graph)).ToArray(),
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var policies = snapshot.GraphItems(GraphSetNames.PromptPolicies);
            if (policies.Count == 0)
            {
                yield return Fail(
                        ResultTarget.Tenant(snapshot),
                        "No Prompt Shield prompt policy exists: prompts to generative AI apps reach the models uninspected.",
                        new Evidence("networkAccess/promptPolicies", "[]", "a prompt policy linked to a profile that applies"))
                    .WithFix(RemediationFix.PowerShell(
                        new[]
                        {
                            GraphFixes.Comment("Prompt policies are created in the Entra admin center (Global Secure Access > Secure > Prompt policies): the Graph API to create them is not documented."),
                            GraphFixes.Comment("Add the conversation schemes of the LLM endpoints in use, then run this to link every prompt policy to the baseline profile:"),
                            GraphFixes.Connect("NetworkAccess.ReadWrite.All"),
                            "foreach ($policy in (Invoke-MgGraphRequest -Method GET -Uri " + Quote.PowerShell(GraphFixes.Beta + "networkAccess/promptPolicies") + ").value) {",
                        }
                        .Concat(SecurityProfiles.ApplyLines("$policy.id", LinkType, PolicyType, System.Array.Empty<PolicyLink>(), ordered: false).Select(line => "    " + line))
                        .Concat(new[] { "}" })
                        .ToArray()));
                yield break;
            }

            var profiles = new SecurityProfiles(snapshot);
            foreach (var policy in policies)
            {
                var id = policy.GetString("id") ?? string.Empty;
                var name = policy.GetString("name") ?? id;
                var target = new ResultTarget(id, name, "microsoft.graph.networkaccess." + PolicyType);
                var links = profiles.LinksTo(id);
                var applying = links.Where(l => l.Applies).ToList();
                var evidence = SecurityProfiles.LinkEvidence(id, links);
                if (applying.Count > 0)
                {
                    yield return Pass(target, $"'{name}' inspects prompts through {SecurityProfiles.AppliedThrough(applying)}.", evidence);
                    continue;
                }

                yield return Fail(target, $"'{name}' inspects no traffic: {SecurityProfiles.Describe(links)}.", evidence)
                    .WithFix(RemediationFix.PowerShell(
                        new[]
                        {
                            GraphFixes.Comment($"Make the prompt policy '{name}' apply to all users' traffic."),
                            GraphFixes.Connect("NetworkAccess.ReadWrite.All"),
                        }
                        .Concat(SecurityProfiles.ApplyLines(Quote.PowerShell(id), LinkType, PolicyType, links, ordered: false))
                        .ToArray()));
            }
        }
    }
}
