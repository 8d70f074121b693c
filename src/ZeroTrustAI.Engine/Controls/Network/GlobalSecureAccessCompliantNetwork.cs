using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>Global Secure Access signals Conditional Access, and a Conditional Access policy blocks access from outside the compliant network.</summary>
    public sealed class GlobalSecureAccessCompliantNetwork : Control
    {
        private static readonly GlobalSecureAccessSetting Signaling = new GlobalSecureAccessSetting(
            GraphSetNames.NetworkAccessConditionalAccessSettings, "networkAccess/settings/conditionalAccess", "signalingStatus",
            "Global Secure Access signaling for Conditional Access", "microsoft.graph.networkaccess.conditionalAccessSettings");
        private const string CompliantNetworkType = "#microsoft.graph.compliantNetworkNamedLocation";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-133",
            Title = "Conditional Access requires the Global Secure Access compliant network",
            Pillar = Pillar.Network,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.Medium,
            Description = "Global Secure Access signaling for Conditional Access is enabled (networkAccess/settings/conditionalAccess signalingStatus 'enabled') and an enabled Conditional Access policy includes all locations, excludes the compliant network named location and blocks access.",
            Rationale = """
            Tokens stolen from a device replay from anywhere. Requiring the compliant network binds access to Microsoft 365,
            Copilot and the data AI works on to traffic that passes through the tenant's own Global Secure Access, without
            maintaining IP ranges. Signaling must be on for Entra ID to see the compliant network, and a policy must block the
            rest; report-only policies block nothing.
            """,
            Checks = """
            - Data sets: Microsoft Graph `GET /beta/networkAccess/settings/conditionalAccess` (permission
              `NetworkAccess.Read.All`), `GET /beta/identity/conditionalAccess/namedLocations` and the Conditional Access
              policies (`Policy.Read.All`). Without them the control is Skipped, naming the permission.
            - Target "signaling": **Pass** when `signalingStatus` is `enabled`; absent counts as not enabled (no default is
              documented).
            - Target: the tenant. **Pass** when a policy in state `enabled` has `conditions.locations.includeLocations` containing
              `All`, `excludeLocations` containing the id of a named location of type `compliantNetworkNamedLocation`, and
              `grantControls.builtInControls` containing `block`. **Fail** otherwise.
            - Which users and applications the policy targets is reported, not judged.
            """,
            Remediation = """
            - Entra admin center: Global Secure Access > Settings > Session management > Adaptive access > Enable CA signaling;
              Conditional Access > New policy: target resources (Office 365 at least), Network: include Any network or location,
              exclude All Compliant Network locations; Grant: Block access. Start in report-only, then enable.
            - Graph: `PATCH /beta/networkAccess/settings/conditionalAccess` with `{ "signalingStatus": "enabled" }` and
              `POST /beta/identity/conditionalAccess/policies` (Policy.ReadWrite.ConditionalAccess).
            """,
            References = new[]
            {
                "https://learn.microsoft.com/graph/api/networkaccess-conditionalaccesssettings-update?view=graph-rest-beta",
                "https://learn.microsoft.com/entra/global-secure-access/how-to-compliant-network",
            },
            Mappings = new ControlMappings(
                zeroTrustAssessment: new[] { "25379", "25380" }),
            RequiredData = new[]
            {
                DataSets.Graph(GraphSetNames.NetworkAccessConditionalAccessSettings),
                DataSets.Graph(GraphSetNames.NamedLocations),
                DataSets.Graph(GraphSetNames.ConditionalAccessPolicies),
            },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var finding in Signaling.Judge(
                snapshot,
                "Global Secure Access signals Conditional Access: the compliant network and source IP restoration are available.",
                "Conditional Access cannot tell the compliant network.",
                "Enable Global Secure Access signaling for Conditional Access (compliant network, source IP restoration)."))
            {
                yield return finding;
            }

            var compliantIds = snapshot.GraphItems(GraphSetNames.NamedLocations)
                .Where(l => l.GetString("@odata.type").EqualsIgnoreCase(CompliantNetworkType))
                .Select(l => l.GetString("id"))
                .OfType<string>()
                .ToList();
            var blocking = snapshot.GraphItems(GraphSetNames.ConditionalAccessPolicies)
                .Where(p => p.GetStrings("conditions.locations.includeLocations").Any(l => l.EqualsIgnoreCase("All"))
                    && p.GetStrings("conditions.locations.excludeLocations").Any(l => compliantIds.Any(id => id.EqualsIgnoreCase(l)))
                    && p.GetStrings("grantControls.builtInControls").Any(c => c.EqualsIgnoreCase("block")))
                .ToList();
            var enforcing = blocking.Where(p => p.GetString("state").EqualsIgnoreCase("enabled")).ToList();
            var tenant = ResultTarget.Tenant(snapshot);
            var policyEvidence = new Evidence(
                "identity/conditionalAccess/policies[state=enabled, block].conditions.locations",
                enforcing.Count == 0 ? null : string.Join(", ", enforcing.Select(Describe)),
                "includeLocations All, excludeLocations the compliant network location" + (compliantIds.Count == 0 ? " (none in the tenant)" : " (" + string.Join(", ", compliantIds) + ")"));
            if (enforcing.Count > 0)
            {
                yield return Pass(tenant, $"Access from outside the compliant network is blocked by: {string.Join(", ", enforcing.Select(Describe))}.", policyEvidence);
                yield break;
            }

            var notEnforced = blocking.Where(p => p.GetString("id") != null).ToList();
            var reason = "No enabled Conditional Access policy blocks access from outside the Global Secure Access compliant network"
                + (notEnforced.Count == 0 ? "." : $"; not enforced: {string.Join(", ", notEnforced.Select(p => $"{Describe(p)} ({p.GetString("state") ?? "no state"})"))}.");
            if (notEnforced.Count > 0)
            {
                var lines = new List<string>
                {
                    GraphFixes.Comment("Enforce the compliant-network policies once their report-only sign-ins show no unintended blocks."),
                    GraphFixes.Connect("Policy.Read.All", "Policy.ReadWrite.ConditionalAccess"),
                };
                lines.AddRange(notEnforced.Select(p => "Invoke-MgGraphRequest -Method PATCH -Uri " + Quote.PowerShell(GraphFixes.Beta + "identity/conditionalAccess/policies/" + p.GetString("id")) + " -Body @{ state = 'enabled' }"));
                yield return Fail(tenant, reason, policyEvidence).WithFix(RemediationFix.PowerShell(lines.ToArray()));
                yield break;
            }

            yield return Fail(tenant, reason, policyEvidence)
                .WithFix(RemediationFix.PowerShell(
                    GraphFixes.Comment("Block Office 365 outside the compliant network. Created report-only: review its impact, exclude emergency access accounts, then set state to 'enabled'."),
                    GraphFixes.Connect("Policy.Read.All", "Policy.ReadWrite.ConditionalAccess"),
                    "$compliant = (Invoke-MgGraphRequest -Method GET -Uri " + Quote.PowerShell(GraphFixes.Beta + "identity/conditionalAccess/namedLocations") + ").value | Where-Object { $_.'@odata.type' -eq '" + CompliantNetworkType + "' } | Select-Object -First 1",
                    "Invoke-MgGraphRequest -Method POST -Uri " + Quote.PowerShell(GraphFixes.Beta + "identity/conditionalAccess/policies") + " -Body @{",
                    "    displayName = 'Require the compliant network for Office 365'",
                    "    state = 'enabledForReportingButNotEnforced'",
                    "    conditions = @{",
                    "        users = @{ includeUsers = @('All') }",
                    "        applications = @{ includeApplications = @('Office365') }",
                    "        locations = @{ includeLocations = @('All'); excludeLocations = @($compliant.id) }",
                    "    }",
                    "    grantControls = @{ operator = 'OR'; builtInControls = @('block') }",
                    "}"));
        }

        private static string Describe(JsonElement policy) => policy.GetString("displayName") ?? policy.GetString("id") ?? "policy";
    }
}
