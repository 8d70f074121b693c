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
    /// <summary>Multi-tenant AI apps and agent blueprints lock their service principals' sensitive properties.</summary>
    public sealed class AiAppInstancePropertyLock : GraphObjectPropertyControl
    {
        private static readonly string[] MultiTenantAudiences = { "AzureADMultipleOrgs", "AzureADandPersonalMicrosoftAccount" };

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-104",
            Title = "Multi-tenant AI apps and agent blueprints have the app instance property lock",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.Medium,
            Description = "Agent identity blueprints and AI-app registrations that other tenants can use (signInAudience AzureADMultipleOrgs or AzureADandPersonalMicrosoftAccount) have servicePrincipalLockConfiguration.isEnabled and allProperties set to true.",
            Rationale = """
            When a multi-tenant app or agent blueprint is added to a customer's tenant, its service principal there is an
            object that the customer's administrators — or anyone who compromises one of them — can change. Without the app
            instance property lock, an attacker adds a secret or certificate to that service principal and signs in as the
            publisher's agent with all the permissions the customer consented to: a backdoor that looks like a trusted AI
            app. The lock, set once on the app registration, makes the credentials and token encryption key of every instance
            read-only.
            """,
            Checks = """
            - Targets: agent identity blueprints and AI-app registrations (as in [ZTAI-AI-005](ZTAI-AI-005.md)).
            - Not applicable: `signInAudience` is `AzureADMyOrg` or `PersonalMicrosoftAccount` (no other tenant gets an
              instance).
            - Pass: `servicePrincipalLockConfiguration.isEnabled` and `servicePrincipalLockConfiguration.allProperties` are both
              `true`. A null `servicePrincipalLockConfiguration` (never configured) fails.
            - An application collected without `signInAudience` or `servicePrincipalLockConfiguration` is Skipped, naming the
              property.
            """,
            Remediation = """
            Entra admin center > App registrations > the app > Authentication > App instance property lock: Enable, lock all
            properties. With Microsoft Graph (the fix on a failed result):
            ```powershell
            Invoke-MgGraphRequest -Method PATCH -Uri 'https://graph.microsoft.com/v1.0/applications/<id>' -Body '{"servicePrincipalLockConfiguration":{"isEnabled":true,"allProperties":true}}' -ContentType 'application/json'
            ```
            """,
            References = new[]
            {
                "https://learn.microsoft.com/entra/identity-platform/howto-configure-app-instance-property-locks",
                "https://learn.microsoft.com/graph/api/resources/serviceprincipallockconfiguration",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_084" },
                zeroTrustAssessment: new[] { "21777" },
                mcsb: new[] { "IM-3" },
                owaspLlm: new[] { "LLM03:2025 Supply Chain" }),
            Uses = new[] { GraphDirectory.Data },
        };

        protected override string GraphSet => GraphSetNames.Applications;

        protected override string ObjectType => "microsoft.graph.application";

        protected override IReadOnlyList<PropertyExpectation> Expectations { get; } = new[]
        {
            new PropertyExpectation("servicePrincipalLockConfiguration.isEnabled", "true") { Default = "false", AbsentMeans = "no lock is configured" },
            new PropertyExpectation("servicePrincipalLockConfiguration.allProperties", "true") { Default = "false", AbsentMeans = "no property is locked" },
        };

        protected override IReadOnlyList<string> CollectedProperties { get; } = new[] { "signInAudience", "servicePrincipalLockConfiguration" };

        protected override string PassText => "locks its instances' sensitive properties";

        protected override string FailText => "leaves the credentials of its instances in other tenants open";

        protected override IEnumerable<JsonElement> Targets(TenantSnapshot snapshot) => GraphDirectory.For(snapshot).AiApplications();

        protected override string Subject(TenantSnapshot snapshot, JsonElement item) =>
            $"{(GraphDirectory.For(snapshot).IsBlueprint(item) ? "Agent blueprint" : "AI app registration")} '{ResultTarget.FromGraph(item, ObjectType).Name}'";

        protected override string? NotApplicableBecause(JsonElement item)
        {
            var audience = item.GetString("signInAudience");
            return MultiTenantAudiences.Any(a => a.EqualsIgnoreCase(audience))
                ? null
                : $"signInAudience is {audience ?? "null"}: no other tenant holds an instance to lock";
        }

        protected override string UpdateUri(JsonElement item) => "v1.0/applications/" + item.GetString("id");
    }
}
