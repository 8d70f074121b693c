using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>AI apps and agents published by other organizations come from a verified publisher, or are switched off.</summary>
    public sealed class ExternalAiAppVerifiedPublisher : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-108",
            Title = "Third-party AI apps in the tenant come from a verified publisher",
            Pillar = Pillar.AI,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.Medium,
            Description = "Every enabled service principal of an AI app or agent registered by another organization (appOwnerOrganizationId neither this tenant nor Microsoft) has a verifiedPublisher with a verifiedPublisherId.",
            Rationale = """
            A third-party AI app in the tenant holds what users or administrators consented to: often mail, files and chats.
            Publisher verification ties the app to a Microsoft Partner Network account whose owner Microsoft has checked; an
            unverified multi-tenant app can be registered by anyone, under any name, and is the usual vehicle of consent
            phishing and of "helpful" AI add-ins that exfiltrate what they read. Unverified AI apps should be vetted and then
            either kept deliberately or switched off.
            """,
            Checks = """
            - Targets: enabled service principals (`accountEnabled` not `false`) detected as AI apps or agents (tags
              `AgenticApp`, `AgenticInstance`, `power-virtual-agents-*`) whose `appOwnerOrganizationId` is set and is neither the
              snapshot's tenant id nor Microsoft's (`f8cdef31-a31e-4b4a-93e4-5f571e91255a`). Agent identities and managed
              identities belong to the tenant and are not targets.
            - Pass: `verifiedPublisher.verifiedPublisherId` is a non-empty string. Fail: it is null or empty.
            - A service principal collected without `verifiedPublisher` is Skipped (not collected is not unverified).
            """,
            Remediation = """
            Ask the vendor to complete publisher verification, or review the app's permissions and owner and decide. Until then,
            disable sign-in to the app (the fix on a failed result): users keep their data, the app loses its tokens. Restrict
            user consent to verified publishers ([ZTAI-AI-103](ZTAI-AI-103.md)) so new unverified apps need an administrator.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/entra/identity-platform/publisher-verification-overview",
                "https://learn.microsoft.com/graph/api/resources/verifiedpublisher",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_009", "AI_099" },
                mcsb: new[] { "IM-2" },
                owaspLlm: new[] { "LLM03:2025 Supply Chain" }),
            RequiredData = new[] { DataSets.Graph(GraphSetNames.ServicePrincipals) },
            Uses = new[] { GraphDirectory.Data },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var tenantId = snapshot.TenantId;
            var external = GraphDirectory.For(snapshot).Agents.Where(a =>
                a.Kind == AgentKind.ServicePrincipal
                && a.AccountEnabled != false
                && a.AppOwnerOrganizationId is string owner
                && !owner.EqualsIgnoreCase(tenantId)
                && !owner.EqualsIgnoreCase(GraphPermissionCatalog.MicrosoftTenantId));
            foreach (var app in external)
            {
                var target = AgentFindings.Target(app);
                var publisher = app.AppOwnerOrganizationId;
                if (!app.Raw.TryGetPropertyIgnoreCase("verifiedPublisher", out _))
                {
                    yield return NotCollected(target, $"AI app '{app.DisplayName}'", new[] { "verifiedPublisher" });
                    continue;
                }

                var evidence = Observed(app.Raw, "verifiedPublisher.verifiedPublisherId", "a verified publisher id");
                var verifiedId = app.Raw.GetString("verifiedPublisher.verifiedPublisherId");
                if (!string.IsNullOrWhiteSpace(verifiedId))
                {
                    yield return Pass(target, $"AI app '{app.DisplayName}' comes from the verified publisher {app.Raw.GetString("verifiedPublisher.displayName") ?? verifiedId}.", evidence);
                    continue;
                }

                yield return Fail(target, $"AI app '{app.DisplayName}' (registered by tenant {publisher}) has no verified publisher.", evidence)
                    .WithFix(GraphFixes.Script(
                        "# Stops sign-in to the unverified app until it is vetted; re-enable it deliberately, or delete it.",
                        GraphFixes.Patch("v1.0/servicePrincipals/" + target.Id, new[] { new KeyValuePair<string, JsonNode?>("accountEnabled", JsonValue.Create(false)) })));
            }
        }
    }
}
