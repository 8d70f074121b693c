using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>No agent signs in with a client secret where the tenant's app management policy forbids secrets.</summary>
    public sealed class AgentForbiddenCredentialSignIn : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-205",
            Title = "Agents do not sign in with client secrets the tenant's policy forbids",
            Pillar = Pillar.AI,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.High,
            Description = "Where the tenant's default app management policy forbids adding client secrets, no agent or AI identity signed in with a client secret in the last 90 days before collection.",
            Rationale = """
            A policy that blocks new secrets does not remove the old ones: a secret added before the policy, or on an object
            it exempts, keeps working. An agent still authenticating with one is exactly the leak-prone credential the tenant
            decided to get rid of, and the policy gives a false sense that it is gone.
            """,
            Checks = """
            - Reads `graph/policies.defaultAppManagementPolicy` (v1.0): it forbids secrets when `isEnabled` is true and
              `applicationRestrictions.passwordCredentials` (for credentials on app registrations) or
              `servicePrincipalRestrictions.passwordCredentials` (on service principals) holds a `passwordAddition`
              restriction whose `state` is not `disabled`.
            - Reads `graph/reports.appCredentialSignInActivities` (beta; Microsoft Entra ID P1 or P2): records with
              `keyType` `clientSecret` whose `signInActivity.lastSignInDateTime` is within 90 days (parameter `windowDays`),
              matched to agents by `servicePrincipalObjectId` or `appId`; `credentialOrigin` selects the restriction.
            - Targets: agents with credential sign-ins in the window. Fail: a client secret signed in where the policy
              forbids it. Pass: only certificates signed in. NotApplicable: the policy does not forbid secrets for that
              origin ([ZTAI-AI-005](ZTAI-AI-005.md) judges secrets themselves).
            - A report that lists no credential at all is Skipped: it cannot be told from a tenant without the licence.
            """,
            Remediation = """
            Move the agent to a certificate or, better, a federated identity credential; then remove the secret (the fix
            removes it by keyId). Check the app management policy's `restrictForAppsCreatedAfterDateTime` and per-app
            policies (`appManagementPolicies`) for the exemption that let it survive.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/graph/api/resources/tenantappmanagementpolicy",
                "https://learn.microsoft.com/graph/api/resources/appcredentialsigninactivity?view=graph-rest-beta",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_162" },
                zeroTrustAssessment: new[] { "21772", "21775" },
                mcsb: new[] { "IM-3" }),
            RequiredData = new[]
            {
                DataSets.Graph(BehaviourSetNames.AppCredentialSignInActivities),
                DataSets.Graph(BehaviourSetNames.DefaultAppManagementPolicy),
            },
            Uses = new[] { GraphDirectory.Data },
            Parameters = new[]
            {
                BehaviourFindings.WindowDays(AgentActivityIndex.DefaultWindowDays, "Days before collection in which a sign-in counts."),
            },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var index = AgentActivityIndex.For(snapshot);
            if (!index.CredentialDataAvailable)
            {
                yield return BehaviourFindings.EmptyReport(snapshot, BehaviourSetNames.AppCredentialSignInActivities, BehaviourFindings.UsageReportsLicence);
                yield break;
            }

            var days = Parameters.GetWholeNumber(BehaviourFindings.WindowDaysParameter);
            var policy = index.AppManagementPolicy;
            var directory = GraphDirectory.For(snapshot);
            foreach (var agent in directory.Agents)
            {
                var recent = index.CredentialActivitiesOf(agent.Id, agent.AppId)
                    .Where(c => c.LastSignIn != null && (index.ReferenceTime - c.LastSignIn.Value).TotalDays <= days)
                    .ToList();
                if (recent.Count == 0)
                {
                    continue;
                }

                var target = AgentFindings.Target(agent);
                var secrets = recent.Where(c => c.KeyType.EqualsIgnoreCase("clientSecret")).ToList();
                var forbidden = secrets.Where(c => ForbidsSecrets(policy, c.CredentialOrigin)).ToList();
                var evidence = new Evidence(
                    $"reports/appCredentialSignInActivities[appId={agent.AppId}].keyType; policies/defaultAppManagementPolicy",
                    JsonText.StringArray(recent.Select(c => $"{c.KeyType} {c.KeyId} ({c.CredentialOrigin}) last used {BehaviourFindings.Date(c.LastSignIn)}")),
                    "no client secret sign-in where the policy restricts passwordAddition");
                if (forbidden.Count > 0)
                {
                    yield return Fail(target, $"{AgentFindings.Describe(agent)} signed in with {forbidden.Count} client secret(s) the tenant's app management policy forbids: {string.Join(", ", forbidden.Select(c => $"{c.KeyId} ({c.CredentialOrigin}, {BehaviourFindings.Date(c.LastSignIn)})"))}.", evidence)
                        .WithFix(RemoveSecrets(directory, agent, forbidden));
                }
                else if (secrets.Count > 0)
                {
                    yield return NotApplicable(target, $"{AgentFindings.Describe(agent)} signs in with client secrets, which the tenant's app management policy does not forbid (see ZTAI-AI-005).", evidence);
                }
                else
                {
                    yield return Pass(target, $"{AgentFindings.Describe(agent)} signed in only with certificates in the last {days} days.", evidence);
                }
            }
        }

        /// <summary>An enabled policy with a passwordAddition restriction (not disabled) for the credential's origin.</summary>
        private static bool ForbidsSecrets(JsonElement? policy, string? origin)
        {
            if (policy == null || policy.Value.GetBool("isEnabled") != true)
            {
                return false;
            }

            var restrictions = origin.EqualsIgnoreCase("servicePrincipal") ? "servicePrincipalRestrictions" : "applicationRestrictions";
            return policy.Value.GetArray(restrictions + ".passwordCredentials")
                .Any(r => r.GetString("restrictionType").EqualsIgnoreCase("passwordAddition") && !r.GetString("state").EqualsIgnoreCase("disabled"));
        }

        private static RemediationFix RemoveSecrets(GraphDirectory directory, DirectoryAgent agent, IEnumerable<CredentialActivity> secrets)
        {
            var lines = new List<string> { $"# Move the agent {BehaviourFindings.Comment(agent.Id)} to a certificate or federated credential first; then remove the secrets it signs in with." };
            foreach (var secret in secrets.Where(s => s.KeyId != null))
            {
                if (secret.CredentialOrigin.EqualsIgnoreCase("servicePrincipal"))
                {
                    lines.Add($"Remove-MgServicePrincipalPassword -ServicePrincipalId {Quote.PowerShell(secret.ServicePrincipalId ?? agent.Id)} -KeyId {Quote.PowerShell(secret.KeyId)}");
                }
                else
                {
                    var applicationId = secret.Raw.GetString("appObjectId") ?? directory.FindApplicationByAppId(agent.AppId)?.GetString("id");
                    lines.Add(applicationId != null
                        ? $"Remove-MgApplicationPassword -ApplicationId {Quote.PowerShell(applicationId)} -KeyId {Quote.PowerShell(secret.KeyId)}"
                        : $"# The app registration of {BehaviourFindings.Comment(agent.AppId)} is not in the snapshot: remove secret {BehaviourFindings.Comment(secret.KeyId)} from it.");
                }
            }

            return RemediationFix.PowerShell(lines.ToArray());
        }
    }
}
