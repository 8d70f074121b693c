using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>Global Secure Access acquires Internet and Microsoft traffic, so its AI-facing policies apply at all.</summary>
    public sealed class GlobalSecureAccessForwardingProfiles : Control
    {
        /// <summary>The profiles whose traffic carries use of AI apps: the Internet (web AI apps) and Microsoft 365 (Copilot).</summary>
        private static readonly string[] JudgedTypes = { "internet", "m365" };

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-121",
            Title = "Global Secure Access forwards Internet and Microsoft traffic",
            Pillar = Pillar.Network,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.Medium,
            Description = "The Global Secure Access traffic forwarding profiles for Internet and Microsoft 365 traffic (networkAccess/forwardingProfiles with trafficForwardingType 'internet' and 'm365') have state 'enabled'.",
            Rationale = """
            Web content filtering of generative AI categories, the Prompt Shield AI gateway, TLS inspection, universal tenant
            restrictions and compliant-network Conditional Access act only on traffic Global Secure Access acquires. With the
            Internet profile disabled, users reach any public AI app directly; with the Microsoft profile disabled, Copilot and
            Microsoft 365 traffic bypass it.
            """,
            Checks = """
            - Data set: Microsoft Graph `GET /beta/networkAccess/forwardingProfiles` (`$select=id,name,state,trafficForwardingType`;
              permission `NetworkAccess.Read.All`). Without it the control is Skipped, naming the permission.
            - Profiles with `trafficForwardingType` `internet` or `m365` are judged (`private` ones carry private-app traffic and
              are not). **Pass** when `state` is `enabled`; **Fail** otherwise. Target: the profile.
            - Which users the profile is assigned to, and whether the client is deployed, are not judged.
            """,
            Remediation = """
            - Entra admin center: Global Secure Access > Connect > Traffic forwarding > enable the Internet access and Microsoft traffic profiles, and assign users and groups.
            - Graph: `PATCH https://graph.microsoft.com/beta/networkAccess/forwardingProfiles/<id>` with `{ "state": "enabled" }` (NetworkAccess.ReadWrite.All).
            """,
            References = new[]
            {
                "https://learn.microsoft.com/graph/api/resources/networkaccess-forwardingprofile?view=graph-rest-beta",
                "https://learn.microsoft.com/entra/global-secure-access/how-to-manage-internet-access-profile",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_163" },
                zeroTrustAssessment: new[] { "25406", "25376", "25381" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure" }),
            RequiredData = new[] { DataSets.Graph(GraphSetNames.ForwardingProfiles) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var profile in snapshot.GraphItems(GraphSetNames.ForwardingProfiles))
            {
                var type = profile.GetString("trafficForwardingType");
                if (!JudgedTypes.Any(t => t.EqualsIgnoreCase(type)))
                {
                    continue;
                }

                var id = profile.GetString("id") ?? string.Empty;
                var target = new ResultTarget(id, profile.GetString("name") ?? id, "microsoft.graph.networkaccess.forwardingProfile");
                var state = profile.GetString("state");
                var evidence = Observed(profile, "state", "enabled");
                if (state.EqualsIgnoreCase("enabled"))
                {
                    yield return Pass(target, $"The {type} forwarding profile is enabled.", evidence);
                    continue;
                }

                yield return Fail(target, $"The {type} forwarding profile is {state ?? "in no state"}: its traffic bypasses Global Secure Access.", evidence)
                    .WithFix(RemediationFix.PowerShell(
                        $"Invoke-MgGraphRequest -Method PATCH -Uri {Quote.PowerShell("https://graph.microsoft.com/beta/networkAccess/forwardingProfiles/" + id)} -Body '{{\"state\":\"enabled\"}}' -ContentType 'application/json'"));
            }
        }
    }
}
