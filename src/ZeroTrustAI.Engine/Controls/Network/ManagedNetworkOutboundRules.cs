using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Controls.AI;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>A Foundry hub's approved outbound rules approve hosts, not whole domains anyone can publish under.</summary>
    public sealed class ManagedNetworkOutboundRules : Control
    {
        private const string RulesPath = "properties.managedNetwork.outboundRules";

        /// <summary>
        /// Domains where any customer can create a host: a wildcard under one approves every tenant's storage account or
        /// web app, which is where exfiltrated data goes.
        /// </summary>
        private static readonly string[] SharedHostingSuffixes =
        {
            "core.windows.net", "blob.core.windows.net", "web.core.windows.net", "azurewebsites.net", "azureedge.net",
            "cloudapp.azure.com", "cloudapp.net", "azurefd.net", "azurestaticapps.net", "github.io", "githubusercontent.com",
            "amazonaws.com", "cloudfront.net", "appspot.com", "herokuapp.com", "ngrok.io", "ngrok-free.app", "workers.dev",
            "pages.dev", "vercel.app", "netlify.app",
        };

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-NET-108",
            Title = "AI Foundry hub outbound rules approve no wildcard domains",
            Pillar = Pillar.Network,
            Principle = Principle.LeastPrivilege,
            Severity = Severity.High,
            Description = "No FQDN outbound rule of a Foundry hub or ML workspace managed network (properties.managedNetwork.outboundRules, isolationMode AllowOnlyApprovedOutbound) has '*' or a wildcard over a top-level domain ('*.com') or over a shared hosting domain where anyone can create a host ('*.blob.core.windows.net', '*.azurewebsites.net', ...).",
            Rationale = """
            Approved-outbound-only isolation is only as narrow as its rules. A rule for `*` reopens the Internet, and a wildcard
            over a shared hosting domain approves every other tenant's storage account or web app: an injected prompt or a
            malicious package can then upload grounding data to the attacker's own account through an approved rule.
            """,
            Checks = """
            - Data set: `Microsoft.MachineLearningServices/workspaces` of kind `Hub` or `Default` (projects use their hub's
              network). Only workspaces with `properties.managedNetwork.isolationMode` `AllowOnlyApprovedOutbound` are judged;
              others are **NotApplicable** (whether they should be isolated is ZTAI-NET-006).
            - Rules: `properties.managedNetwork.outboundRules`, a map of rule name to `{ type, destination, category }`. Rules of
              `type` `FQDN` with a string `destination` are judged; `PrivateEndpoint` and `ServiceTag` rules name one resource or
              one service tag and pass.
            - A destination **offends** when it is `*`, `*.*`, a wildcard over one label (`*.com`, `*.io`), or a wildcard over a
              shared hosting domain (`*.core.windows.net`, `*.blob.core.windows.net`, `*.azurewebsites.net`, `*.github.io`,
              `*.amazonaws.com`, ...).
            - **Pass** when no rule offends; **Fail** naming each offending rule. Target: the workspace.
            """,
            Remediation = """
            - Replace the wildcard with the exact hosts the flows need (`pypi.org`, `files.pythonhosted.org`, a named storage
              account), or with a private endpoint rule for Azure resources.
            - CLI: `az ml workspace outbound-rule remove --resource-group <rg> --workspace-name <hub> --rule <name>`, then
              `az ml workspace outbound-rule set ... --type fqdn --destination <host>`.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/ai-foundry/how-to/configure-managed-network",
                "https://learn.microsoft.com/azure/machine-learning/how-to-managed-network#scenario-configure-outbound-rules",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_069" },
                mcsb: new[] { "NS-1", "DP-2" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure", "LLM06:2025 Excessive Agency" }),
            RequiredData = new[] { DataSets.Arm(ResourceTypes.MachineLearningWorkspace) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            const string Expected = "FQDN rules naming hosts, not '*', '*.<tld>' or a shared hosting domain";
            foreach (var workspace in snapshot.ResourcesOfType(ResourceTypes.MachineLearningWorkspace))
            {
                var mode = workspace.GetString("properties.managedNetwork.isolationMode");
                if (AiResourceTypes.IsFoundryProject(workspace))
                {
                    yield return NotApplicable(workspace, "A Foundry project uses its hub's managed network, which is judged instead.");
                    continue;
                }

                if (!mode.EqualsIgnoreCase("AllowOnlyApprovedOutbound"))
                {
                    yield return NotApplicable(workspace, $"The managed network does not limit outbound traffic to approved rules (isolationMode {mode ?? "absent"}); ZTAI-NET-006 judges that.", Observed(workspace, "properties.managedNetwork.isolationMode", "AllowOnlyApprovedOutbound"));
                    continue;
                }

                var rules = Rules(workspace).ToList();
                var offending = rules.Where(r => r.Type.EqualsIgnoreCase("FQDN") && r.Destination != null && IsTooBroad(r.Destination)).ToList();
                var evidence = new Evidence(RulesPath, workspace.Raw.GetRawText(RulesPath), Expected);
                if (offending.Count == 0)
                {
                    yield return Pass(workspace, $"None of the {rules.Count} outbound rule(s) approves a wildcard domain.", evidence);
                    continue;
                }

                yield return Fail(
                        workspace,
                        $"{offending.Count} outbound rule(s) approve a wildcard domain: {string.Join("; ", offending.Select(r => $"{r.Name} -> {r.Destination}"))}.",
                        evidence)
                    .WithFix(RemediationFix.AzureCli(offending.Select(r =>
                        "az resource update --ids " + Quote.Shell(workspace.Id) + " --remove " + Quote.Shell(RulesPath + "." + r.Name)).ToArray()));
            }
        }

        /// <summary>Whether an FQDN destination approves far more than one service.</summary>
        internal static bool IsTooBroad(string destination)
        {
            var text = destination.Trim().ToLowerInvariant();
            if (text == "*" || text == "*.*")
            {
                return true;
            }

            if (!text.StartsWith("*.", StringComparison.Ordinal))
            {
                return false;
            }

            var suffix = text.Substring(2);
            return suffix.IndexOf('.') < 0 || suffix.StartsWith("*", StringComparison.Ordinal) || SharedHostingSuffixes.Contains(suffix);
        }

        private static IEnumerable<(string Name, string? Type, string? Destination)> Rules(ArmResource workspace)
        {
            var rules = workspace.Get(RulesPath);
            if (!rules.HasValue || rules.Value.ValueKind != JsonValueKind.Object)
            {
                yield break;
            }

            foreach (var rule in rules.Value.EnumerateObject())
            {
                var destination = rule.Value.Get("destination");
                yield return (rule.Name, rule.Value.GetString("type"), destination.HasValue && destination.Value.ValueKind == JsonValueKind.String ? destination.Value.GetString() : null);
            }
        }
    }
}
