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
        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-AI-005",
            Title = "Agent blueprints and AI-app registrations use no client secrets",
            Pillar = Pillar.AI,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.High,
            Description = "Agent identity blueprints and the applications behind agentic apps (tagged AgenticApp, AgenticInstance or power-virtual-agents-*) have an empty passwordCredentials collection: they authenticate with federated identity credentials, managed identities or certificates.",
            Rationale = "A client secret is a password that lives in configuration files, pipelines and agent code, where prompt-injected tools and leaked repositories expose it. A blueprint's secret is worse: it lets the holder act as every agent identity created from that blueprint.",
            Remediation = "Add a federated identity credential (managed identity as credential) or a certificate to the application, move the workload to it, then remove each secret (Entra admin center > App registrations > Certificates & secrets, or Remove-MgApplicationPassword). Enforce with an app management policy that blocks new passwords.",
            References = new[]
            {
                "https://learn.microsoft.com/graph/api/resources/agentidentityblueprint?view=graph-rest-beta",
                "https://learn.microsoft.com/entra/workload-id/workload-identity-federation",
                "https://learn.microsoft.com/entra/identity/enterprise-apps/tutorial-enforce-secret-standards",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_084" },
                ZeroTrustAssessment = new[] { "21772" },
                Mcsb = new[] { "IM-3", "IM-8" },
                OwaspLlm = new[] { "LLM02:2025 Sensitive Information Disclosure" },
            },
            RequiredData = new[] { DataSets.Graph(GraphSetNames.Applications) },
            OptionalData = GraphSetNames.DirectoryDataSets,
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
                    yield return Fail(target, $"{kind} '{target.Name}': passwordCredentials is absent, so secrets cannot be ruled out (collect the full application object).", evidence);
                    continue;
                }

                var count = secrets.Value.GetArrayLength();
                yield return count == 0
                    ? Pass(target, $"{kind} '{target.Name}' has no client secret.", evidence)
                    : Fail(target, $"{kind} '{target.Name}' has {count} client secret(s): {string.Join(", ", secrets.Value.EnumerateArray().Select(s => s.GetString("displayName") ?? s.GetString("keyId") ?? "unnamed"))}.", evidence);
            }
        }
    }
}
