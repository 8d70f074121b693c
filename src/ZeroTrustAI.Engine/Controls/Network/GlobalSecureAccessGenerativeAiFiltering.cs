using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>Global Secure Access web content filtering blocks the generative AI category, and a profile that applies carries it.</summary>
    public sealed class GlobalSecureAccessGenerativeAiFiltering : Control
    {
        /// <summary>The web category of sites that use generative AI ("Artificial Intelligence" in the admin center).</summary>
        public const string GenerativeAiCategory = "ArtificialIntelligence";

        private const string PoliciesUri = GraphFixes.Beta + "networkAccess/filteringPolicies";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-130",
            Title = "Web content filtering blocks generative AI sites through a profile that applies",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "A Global Secure Access filtering policy with action 'block' has a web category rule for 'ArtificialIntelligence', and an enabled link puts it in an enabled security profile that applies: the baseline profile (priority 65000) or one assigned by an enabled Conditional Access policy.",
            Rationale = """
            Unsanctioned generative AI apps are where users paste source code, customer data and credentials. Blocking the
            Artificial Intelligence web category at the network edge stops that for every browser and app whose traffic Global
            Secure Access acquires, and for Copilot Studio agents, whose traffic only the baseline profile filters. A policy that
            is not linked to a profile, is linked by a disabled link, or sits in a profile no Conditional Access policy assigns,
            blocks nothing.
            """,
            Checks = """
            - Data sets: Microsoft Graph `GET /beta/networkAccess/filteringPolicies?$expand=policyRules` and
              `GET /beta/networkAccess/filteringProfiles?$expand=policies($expand=policy),conditionalAccessPolicies` (permission
              `NetworkAccess.Read.All`), and the Conditional Access policies (`Policy.Read.All`). Without them the control is
              Skipped, naming the permission.
            - A policy blocks generative AI when its `action` is `block` and a rule with `ruleType` `webCategory` lists a
              destination named `ArtificialIntelligence` (ignoring case). `action` and link `state` have no documented default:
              absent counts as neither `block` nor `enabled`.
            - Target: each such policy. **Pass** when an `enabled` link puts it in an `enabled` profile that is the baseline
              profile (`priority` 65000) or is assigned (`conditionalAccessPolicies`) by a Conditional Access policy in state
              `enabled`. **Fail** otherwise. When no policy blocks the category, one tenant-level **Fail**.
            - Allow rules of higher-priority profiles that could let some users through, and which users a Conditional Access
              policy targets, are not judged.
            """,
            Remediation = """
            - Entra admin center: Global Secure Access > Secure > Web content filtering policies > Create policy (action Block,
              rule on the Artificial Intelligence category); Security profiles > Baseline profile > Link policies.
            - Graph: `POST /beta/networkAccess/filteringPolicies` with a `webCategoryFilteringRule` for `ArtificialIntelligence`
              and `action` `block`, then `POST /beta/networkAccess/filteringProfiles/{baselineId}/policies` with a
              `filteringPolicyLink` (NetworkAccess.ReadWrite.All).
            """,
            References = new[]
            {
                "https://learn.microsoft.com/graph/api/resources/networkaccess-filteringpolicy?view=graph-rest-beta",
                "https://learn.microsoft.com/graph/api/networkaccess-filteringpolicylink-post?view=graph-rest-beta",
                "https://learn.microsoft.com/entra/global-secure-access/reference-web-content-filtering-categories",
                "https://learn.microsoft.com/entra/global-secure-access/concept-secure-web-ai-gateway-agents",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_025", "AI_027" },
                zeroTrustAssessment: new[] { "25407", "25408", "25409", "25410" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure" }),
            RequiredData = new[] { DataSets.Graph(GraphSetNames.FilteringPolicies) }.Concat(SecurityProfiles.DataSets.Select(DataSets.Graph)).ToArray(),
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var profiles = new SecurityProfiles(snapshot);
            var blocking = snapshot.GraphItems(GraphSetNames.FilteringPolicies).Where(BlocksGenerativeAi).ToList();
            if (blocking.Count == 0)
            {
                yield return Fail(
                        ResultTarget.Tenant(snapshot),
                        "No Global Secure Access filtering policy blocks the ArtificialIntelligence web category: users and agents reach any generative AI site.",
                        new Evidence("networkAccess/filteringPolicies[action=block].policyRules[ruleType=webCategory].destinations.name", null, GenerativeAiCategory))
                    .WithFix(CreateAndLink());
                yield break;
            }

            foreach (var policy in blocking)
            {
                var id = policy.GetString("id") ?? string.Empty;
                var name = policy.GetString("name") ?? id;
                var target = new ResultTarget(id, name, "microsoft.graph.networkaccess.filteringPolicy");
                var links = profiles.LinksTo(id);
                var evidence = SecurityProfiles.LinkEvidence(id, links);
                var applying = links.Where(l => l.Applies).ToList();
                if (applying.Count > 0)
                {
                    yield return Pass(target, $"'{name}' blocks generative AI sites through {SecurityProfiles.AppliedThrough(applying)}.", evidence);
                    continue;
                }

                yield return Fail(target, $"'{name}' blocks the ArtificialIntelligence category but applies to no traffic: {SecurityProfiles.Describe(links)}.", evidence)
                    .WithFix(RemediationFix.PowerShell(new[]
                        {
                            GraphFixes.Comment($"Make '{name}' apply to all traffic."),
                            GraphFixes.Connect("NetworkAccess.ReadWrite.All"),
                        }
                        .Concat(SecurityProfiles.ApplyLines(Quote.PowerShell(id), "filteringPolicyLink", "filteringPolicy", links, ordered: true))
                        .ToArray()));
            }
        }

        private static bool BlocksGenerativeAi(JsonElement policy) =>
            policy.GetString("action").EqualsIgnoreCase("block")
            && policy.GetArray("policyRules").Any(rule =>
                rule.GetString("ruleType").EqualsIgnoreCase("webCategory")
                && rule.GetArray("destinations").Any(d => d.GetString("name").EqualsIgnoreCase(GenerativeAiCategory)));

        private static RemediationFix CreateAndLink() =>
            RemediationFix.PowerShell(new[]
                {
                    GraphFixes.Comment("Block the generative AI web category for all traffic; link allow policies in higher-priority profiles for sanctioned AI apps."),
                    GraphFixes.Connect("NetworkAccess.ReadWrite.All"),
                    "$policy = Invoke-MgGraphRequest -Method POST -Uri " + Quote.PowerShell(PoliciesUri) + " -Body @{",
                    "    '@odata.type' = '#microsoft.graph.networkaccess.filteringPolicy'",
                    "    name = 'Block generative AI'",
                    "    action = 'block'",
                    "    policyRules = @(@{",
                    "        '@odata.type' = '#microsoft.graph.networkaccess.webCategoryFilteringRule'",
                    "        name = 'Artificial Intelligence'",
                    "        ruleType = 'webCategory'",
                    "        destinations = @(@{ '@odata.type' = '#microsoft.graph.networkaccess.webCategory'; name = '" + GenerativeAiCategory + "' })",
                    "    })",
                    "}",
                }
                .Concat(SecurityProfiles.ApplyLines("$policy.id", "filteringPolicyLink", "filteringPolicy", System.Array.Empty<PolicyLink>(), ordered: true))
                .ToArray());
    }
}
