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
            Description = "Agent identity blueprints and the applications behind agentic apps (tagged AgenticApp, AgenticInstance or power-virtual-agents-*), and their service principals, have empty passwordCredentials collections: they authenticate with federated identity credentials, managed identities or certificates.",
            Rationale = """
            A client secret is a password in a configuration file. AI apps keep theirs in app settings, notebooks and agent code,
            exactly where a prompt-injected tool call or a leaked repository exposes it. A secret on an agent identity blueprint
            is worse still: whoever holds it can obtain tokens as every agent identity created from that blueprint.
            """,
            Checks = """
            - Targets: every agent identity blueprint (`graph/applications.microsoft.graph.agentIdentityBlueprint`), and every
              application in `graph/applications` whose `appId` is the appId of an agent or AI-app service principal (tagged
              `AgenticApp`, `AgenticInstance` or `power-virtual-agents-*`, or an agent blueprint principal).
            - A secret on the app's service principal signs in as the app just as one on its registration does, so both are
              read: the application's `passwordCredentials` and those of the service principal with its `appId`. AI apps whose
              registration lives in another tenant are judged on their service principal alone. Agent identities hold no
              credentials of their own (their blueprint does) and are not targets.
            - Pass: every `passwordCredentials` read is an empty array. Fail: any secret on either object. When no secret is
              found but a `passwordCredentials` is absent (the object was collected without it), the target is Skipped, naming
              the property: an uncollected list is not an empty one.
            """,
            Remediation = """
            Add a federated identity credential (for example a managed identity as credential) or a certificate, move the
            workload to it, then remove each secret:
            ```powershell
            Remove-MgApplicationPassword -ApplicationId <objectId> -KeyId <keyId>
            Remove-MgServicePrincipalPassword -ServicePrincipalId <objectId> -KeyId <keyId>
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
            foreach (var holder in AiCredentialHolder.All(GraphDirectory.For(snapshot)))
            {
                var evidence = holder.Sources.Select(s => new Evidence(s.PathOf("passwordCredentials"), s.Item.GetRawText("passwordCredentials"), "[] (no client secrets)")).ToArray();
                var secrets = holder.Sources
                    .SelectMany(s => s.Item.GetArray("passwordCredentials").Select(secret => (Source: s, Secret: secret)))
                    .ToList();
                var name = holder.Target.Name;
                var missing = holder.NotCollected("passwordCredentials");
                if (secrets.Count == 0 && missing.Count > 0)
                {
                    yield return holder.NotJudged(missing);
                    continue;
                }

                if (secrets.Count == 0)
                {
                    yield return Pass(holder.Target, $"{holder.Kind} '{name}' has no client secret.", evidence);
                    continue;
                }

                var listed = string.Join(", ", secrets.Select(s => $"{s.Secret.GetString("displayName") ?? s.Secret.GetString("keyId") ?? "unnamed"} (on the {s.Source.Kind})"));
                yield return Fail(holder.Target, $"{holder.Kind} '{name}' has {secrets.Count} client secret(s): {listed}.", evidence)
                    .WithFix(RemediationFix.PowerShell(secrets.Select(s => RemoveSecret(s.Source, s.Secret)).Prepend($"# {holder.Kind} {holder.Target.Id}: move the app to a federated credential or certificate first, then remove each secret.").ToArray()));
            }
        }

        private static string RemoveSecret(CredentialSource source, JsonElement secret)
        {
            var keyId = Quote.PowerShell(secret.GetString("keyId"));
            return source.IsApplication
                ? $"Remove-MgApplicationPassword -ApplicationId {Quote.PowerShell(source.Id)} -KeyId {keyId}"
                : $"Remove-MgServicePrincipalPassword -ServicePrincipalId {Quote.PowerShell(source.Id)} -KeyId {keyId}";
        }
    }
}
