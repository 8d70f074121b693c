using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Agent blueprints and the app registrations of AI apps authenticate without client secrets.</summary>
    public sealed class AiAppClientSecrets : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-005",
            Title = "Agent blueprints and AI-app registrations use no client secrets",
            Pillar = Pillar.AI,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.High,
            Description = "Agent identity blueprints and the applications behind agentic apps (tagged AgenticApp, AgenticInstance or power-virtual-agents-*) have an empty passwordCredentials collection: they authenticate with federated identity credentials, managed identities or certificates.",
            Rationale = """
            A client secret is a password in a configuration file. AI apps keep theirs in app settings, notebooks and agent code,
            exactly where a prompt-injected tool call or a leaked repository exposes it. A secret on an agent identity blueprint
            is worse still: whoever holds it can obtain tokens as every agent identity created from that blueprint.
            """,
            Checks = """
            - Targets: every agent identity blueprint (`graph/applications.microsoft.graph.agentIdentityBlueprint`), and every
              application in `graph/applications` whose `appId` is the appId of an agent or AI-app service principal (tagged
              `AgenticApp`, `AgenticInstance` or `power-virtual-agents-*`, or an agent blueprint principal).
            - Pass: `passwordCredentials` is an empty array. An absent `passwordCredentials` fails: the object was collected
              without it, so secrets cannot be ruled out.
            """,
            Remediation = """
            Add a federated identity credential (for example a managed identity as credential) or a certificate, move the
            workload to it, then remove each secret:
            ```powershell
            Remove-MgApplicationPassword -ApplicationId <objectId> -KeyId <keyId>
            ```
            Block new secrets tenant-wide with an app management policy (`passwordCredentials` restriction `passwordAddition`).
            """,
            References = new[]
            {
                "https://learn.microsoft.com/graph/api/resources/agentidentityblueprint?view=graph-rest-beta",
                "https://learn.microsoft.com/entra/workload-id/workload-identity-federation",
                "https://learn.microsoft.com/entra/identity/enterprise-apps/tutorial-enforce-secret-standards",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_084" },
                zeroTrustAssessment: new[] { "21772" },
                mcsb: new[] { "IM-3", "IM-8" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure" }),
            RequiredData = new[] { DataSets.Graph(GraphSetNames.Applications) },
            Uses = new[] { GraphDirectory.Data },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var directory = GraphDirectory.For(snapshot);
            foreach (var application in directory.AiApplications())
            {
                var kind = directory.IsBlueprint(application) ? "Agent blueprint" : "AI app registration";
                var target = ResultTarget.FromGraph(application, directory.IsBlueprint(application) ? "microsoft.graph.agentIdentityBlueprint" : "microsoft.graph.application");
                var evidence = Observed(application, "passwordCredentials", "[] (no client secrets)");
                var secrets = application.Get("passwordCredentials");
                if (!secrets.HasValue || secrets.Value.ValueKind != JsonValueKind.Array)
                {
                    yield return Fail(target, $"{kind} '{target.Name}': passwordCredentials is absent, so secrets cannot be ruled out (collect the full application object).", evidence)
                        .WithFix(RemediationFix.PowerShell(
                            GraphFixes.Comment($"Read the client secrets of '{target.Name}', then remove them."),
                            GraphFixes.Connect("Application.Read.All"),
                            "Get-MgApplication -ApplicationId " + Quote.PowerShell(target.Id) + " -Property passwordCredentials | Select-Object -ExpandProperty PasswordCredentials"));
                    continue;
                }

                var count = secrets.Value.GetArrayLength();
                yield return count == 0
                    ? Pass(target, $"{kind} '{target.Name}' has no client secret.", evidence)
                    : Fail(target, $"{kind} '{target.Name}' has {count} client secret(s): {string.Join(", ", secrets.Value.EnumerateArray().Select(s => s.GetString("displayName") ?? s.GetString("keyId") ?? "unnamed"))}.", evidence)
                        .WithFix(GraphFixes.RemoveApplicationCredentials(
                            target.Id,
                            target.Name,
                            directory.IsBlueprint(application),
                            secrets.Value.EnumerateArray().Where(s => s.GetString("keyId") != null).Select(s => (true, s.GetString("keyId")!, s.GetString("displayName") ?? s.GetString("keyId")!))));
            }
        }
    }
}
