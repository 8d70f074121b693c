using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>A Global Secure Access TLS inspection policy inspects traffic and a profile that applies carries it.</summary>
    public sealed class GlobalSecureAccessTlsInspection : Control
    {
        private const string PoliciesUri = GraphFixes.Beta + "networkAccess/tlsInspectionPolicies";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-131",
            Title = "Global Secure Access TLS inspection applies to outbound traffic",
            Pillar = Pillar.Network,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "A Global Secure Access TLS inspection policy inspects traffic (settings.defaultAction 'inspect', or a rule with action 'inspect') and an enabled link puts it in an enabled security profile that applies: the baseline profile (priority 65000) or one assigned by an enabled Conditional Access policy.",
            Rationale = """
            Nearly all traffic to generative AI apps is TLS. Without TLS inspection, Global Secure Access sees only host names:
            URL-level web content filtering, file policies and the Prompt Shield AI gateway cannot read a prompt or an upload,
            so sensitive data leaves unseen. An inspection policy only acts when a profile that applies carries it.
            """,
            Checks = """
            - Data sets: Microsoft Graph `GET /beta/networkAccess/tlsInspectionPolicies?$expand=policyRules` and
              `GET /beta/networkAccess/filteringProfiles?$expand=policies($expand=policy),conditionalAccessPolicies` (permission
              `NetworkAccess.Read.All`), and the Conditional Access policies (`Policy.Read.All`). Without them the control is
              Skipped, naming the permission.
            - Target: each TLS inspection policy. **Pass** when it inspects something (`settings.defaultAction` is `inspect`, or
              a rule's `action` is `inspect`) and an `enabled` link puts it in an `enabled` profile that is the baseline profile
              (`priority` 65000) or is assigned by a Conditional Access policy in state `enabled`. **Fail** otherwise; with no
              TLS inspection policy at all, one tenant-level **Fail**. Absent `defaultAction`, rule `action` or link `state`
              count as not `inspect` / not `enabled` (no default is documented).
            - The TLS inspection certificate and its validity, and bypass rules, are not judged.
            """,
            Remediation = """
            - Entra admin center: Global Secure Access > Secure > TLS inspection policies (default action Inspect); Security
              profiles > Baseline profile > Link policies. A TLS inspection certificate must be active first.
            - Graph: `POST /beta/networkAccess/tlsInspectionPolicies` with `settings.defaultAction` `inspect`, then
              `POST /beta/networkAccess/filteringProfiles/{baselineId}/policies` with a `tlsInspectionPolicyLink`
              (NetworkAccess.ReadWrite.All).
            """,
            References = new[]
            {
                "https://learn.microsoft.com/graph/api/resources/networkaccess-tlsinspectionpolicy?view=graph-rest-beta",
                "https://learn.microsoft.com/graph/api/networkaccess-filteringpolicylink-post?view=graph-rest-beta",
                "https://learn.microsoft.com/entra/global-secure-access/how-to-transport-layer-security",
            },
            Mappings = new ControlMappings(
                zeroTrustAssessment: new[] { "25411" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure" }),
            RequiredData = new[] { DataSets.Graph(GraphSetNames.TlsInspectionPolicies) }.Concat(SecurityProfiles.DataSets.Select(DataSets.Graph)).ToArray(),
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var policies = snapshot.GraphItems(GraphSetNames.TlsInspectionPolicies);
            if (policies.Count == 0)
            {
                yield return Fail(
                        ResultTarget.Tenant(snapshot),
                        "No Global Secure Access TLS inspection policy exists: traffic to generative AI apps passes uninspected.",
                        new Evidence("networkAccess/tlsInspectionPolicies", "[]", "a policy that inspects, linked to a profile that applies"))
                    .WithFix(CreateAndLink());
                yield break;
            }

            var profiles = new SecurityProfiles(snapshot);
            foreach (var policy in policies)
            {
                var id = policy.GetString("id") ?? string.Empty;
                var name = policy.GetString("name") ?? id;
                var target = new ResultTarget(id, name, "microsoft.graph.networkaccess.tlsInspectionPolicy");
                var links = profiles.LinksTo(id);
                var applying = links.Where(l => l.Applies).ToList();
                var inspects = Inspects(policy);
                var evidence = new[]
                {
                    Observed(policy, "settings.defaultAction", "inspect (or a rule with action inspect)"),
                    SecurityProfiles.LinkEvidence(id, links),
                };
                if (inspects && applying.Count > 0)
                {
                    yield return Pass(target, $"'{name}' inspects TLS traffic through {SecurityProfiles.AppliedThrough(applying)}.", evidence);
                    continue;
                }

                var lines = new List<string>
                {
                    GraphFixes.Comment($"Make '{name}' inspect TLS traffic for all users."),
                    GraphFixes.Connect("NetworkAccess.ReadWrite.All"),
                };
                var gaps = new List<string>();
                if (!inspects)
                {
                    gaps.Add($"it inspects nothing (default action {policy.GetString("settings.defaultAction") ?? "absent"}, no inspect rule)");
                    lines.Add(GraphFixes.Comment("Inspect by default; keep bypass rules for the destinations that must not be inspected."));
                    lines.Add("Invoke-MgGraphRequest -Method PATCH -Uri " + Quote.PowerShell(PoliciesUri + "/" + id) + " -Body @{ settings = @{ defaultAction = 'inspect' } }");
                }

                if (applying.Count == 0)
                {
                    gaps.Add("it applies to no traffic: " + SecurityProfiles.Describe(links));
                    lines.AddRange(SecurityProfiles.ApplyLines(Quote.PowerShell(id), "tlsInspectionPolicyLink", "tlsInspectionPolicy", links, ordered: false));
                }

                yield return Fail(target, $"'{name}' does not inspect outbound TLS: {string.Join("; ", gaps)}.", evidence)
                    .WithFix(RemediationFix.PowerShell(lines.ToArray()));
            }
        }

        private static bool Inspects(JsonElement policy) =>
            policy.GetString("settings.defaultAction").EqualsIgnoreCase("inspect")
            || policy.GetArray("policyRules").Any(rule => rule.GetString("action").EqualsIgnoreCase("inspect"));

        private static RemediationFix CreateAndLink() =>
            RemediationFix.PowerShell(new[]
                {
                    GraphFixes.Comment("Inspect TLS traffic for all users; activate a TLS inspection certificate first (Global Secure Access > Secure > TLS inspection settings)."),
                    GraphFixes.Connect("NetworkAccess.ReadWrite.All"),
                    "$policy = Invoke-MgGraphRequest -Method POST -Uri " + Quote.PowerShell(PoliciesUri) + " -Body @{ '@odata.type' = '#microsoft.graph.networkaccess.tlsInspectionPolicy'; name = 'Inspect outbound TLS'; settings = @{ defaultAction = 'inspect' } }",
                }
                .Concat(SecurityProfiles.ApplyLines("$policy.id", "tlsInspectionPolicyLink", "tlsInspectionPolicy", System.Array.Empty<PolicyLink>(), ordered: false))
                .ToArray());
    }
}
