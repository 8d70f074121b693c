using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Agent blueprints trust only tokens from the tenant's own Entra ID (managed identities as credentials).</summary>
    public sealed class BlueprintFederatedCredentialIssuers : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-107",
            Title = "Agent blueprints trust no identity provider outside the tenant",
            Pillar = Pillar.AI,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.High,
            Description = "Every federated identity credential of an agent identity blueprint has as issuer the tenant's own Microsoft Entra ID (https://login.microsoftonline.com/{tenantId}/v2.0, the issuer of a managed identity used as credential), not an external identity provider or another tenant.",
            Rationale = """
            An agent identity blueprint holds the credentials that mint tokens for every agent identity created from it. A
            federated identity credential says "a token from this issuer with this subject is as good as a secret". Microsoft's
            guidance for blueprints is a managed identity of the tenant as the credential. A credential that trusts GitHub, a
            Kubernetes cluster, another cloud or another tenant lets whoever controls that issuer — a CI pipeline, a cluster
            administrator, a compromised partner — sign in as the blueprint and so act as all of its agents: the double agent is
            created outside the tenant, where no Conditional Access, PIM or sign-in review sees it.
            """,
            Checks = """
            - Reads the agent identity blueprints (`graph/applications.microsoft.graph.agentIdentityBlueprint`) and their
              federated identity credentials (`graph/applications.federatedIdentityCredentials`, beta
              `GET /applications/{id}/federatedIdentityCredentials`, each carrying the blueprint's object id as
              `applicationObjectId`; credentials expanded inline as `federatedIdentityCredentials` are read too).
            - Targets: every credential of a blueprint.
            - Pass: `issuer` is `https://<Entra sign-in host>/<the snapshot's tenant id>/v2.0` (hosts
              `login.microsoftonline.com`, `.us`, `login.partner.microsoftonline.cn`), compared ignoring case and a trailing
              slash. Fail: any other issuer; the reason names the issuer and subject. Without the snapshot's tenant id the
              issuer cannot be placed, and the credential is Skipped.
            """,
            Remediation = """
            Replace the external trust with a managed identity of your tenant as the blueprint's credential (the workload runs
            with that managed identity, which exchanges its token for the blueprint's), then delete the external credential.
            The fix on a failed result deletes that credential; run it after the replacement works.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/entra/agent-id/identity-platform/create-blueprint",
                "https://learn.microsoft.com/graph/api/federatedidentitycredential-list?view=graph-rest-beta",
                "https://learn.microsoft.com/entra/workload-id/workload-identity-federation",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_084" },
                mcsb: new[] { "IM-3" },
                owaspLlm: new[] { "LLM06:2025 Excessive Agency" }),
            RequiredData = new[] { DataSets.Graph(GraphSetNames.AgentBlueprints), DataSets.Graph(GraphSetNames.BlueprintFederatedCredentials) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var blueprints = snapshot.GraphItems(GraphSetNames.AgentBlueprints)
                .Where(b => b.GetString("id") != null)
                .GroupBy(b => b.GetString("id")!, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
            var credentials = FederatedCredentials.Of(snapshot, blueprints.Values).Where(c => blueprints.ContainsKey(c.ApplicationId));

            var tenantId = snapshot.TenantId;
            foreach (var (blueprintId, credential) in credentials)
            {
                var blueprint = blueprints[blueprintId!];
                var blueprintName = blueprint.GetString("displayName") ?? blueprintId!;
                var target = new ResultTarget(
                    credential.GetString("id") ?? blueprintId + "/" + credential.GetString("name"),
                    $"{blueprintName} / {credential.GetString("name") ?? credential.GetString("id")}",
                    "microsoft.graph.federatedIdentityCredential");
                var issuer = credential.GetString("issuer");
                var subject = FederatedCredentials.SubjectOf(credential);
                var evidence = new Evidence("issuer", credential.GetRawText("issuer"), tenantId == null ? "the tenant's Entra ID issuer" : $"https://login.microsoftonline.com/{tenantId}/v2.0");
                if (string.IsNullOrEmpty(tenantId))
                {
                    yield return new Finding(ResultStatus.Skipped, target, $"Blueprint '{blueprintName}': the snapshot names no tenant id, so issuer {issuer} cannot be placed inside or outside it.", new[] { evidence });
                    continue;
                }

                if (FederatedCredentials.IsTenantIssuer(issuer, tenantId!))
                {
                    yield return Pass(target, $"Blueprint '{blueprintName}' trusts its own tenant's Entra ID (subject {subject}).", evidence);
                    continue;
                }

                yield return Fail(target, $"Blueprint '{blueprintName}' accepts tokens from {issuer ?? "an unnamed issuer"} for subject {subject}: whoever controls that issuer signs in as the blueprint and its agents.", evidence)
                    .WithFix(GraphFixes.Script(
                        "# Move the blueprint to a managed identity of the tenant as credential first, then delete the external trust.",
                        GraphFixes.Request("DELETE", $"beta/applications/{blueprintId}/federatedIdentityCredentials/{credential.GetString("id") ?? credential.GetString("name")}")));
            }
        }
    }
}
