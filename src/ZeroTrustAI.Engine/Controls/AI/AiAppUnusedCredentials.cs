using System;
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
    /// <summary>Certificates and secrets on agent blueprints and AI apps are used, or removed.</summary>
    public sealed class AiAppUnusedCredentials : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-202",
            Title = "Agent blueprint and AI-app credentials that are never used are removed",
            Pillar = Pillar.AI,
            Principle = Principle.LeastPrivilege,
            Severity = Severity.Medium,
            Description = "Every unexpired certificate or secret on an agent identity blueprint or AI-app registration that is older than 90 days signed in within the last 90 days before collection.",
            Rationale = """
            A credential no workload uses is one no one will miss when it leaks: it sits in an old pipeline, a developer's
            laptop or a key vault no one reviews, and it signs in as the agent with all its permissions. Unused credentials
            are pure attack surface.
            """,
            Checks = """
            - Targets as in [ZTAI-AI-005](ZTAI-AI-005.md): agent identity blueprints and AI-app registrations.
            - Reads `graph/reports.appCredentialSignInActivities` (beta; Microsoft Entra ID P1 or P2) by `keyId`:
              `signInActivity.lastSignInDateTime`.
            - Credentials judged: each entry of `keyCredentials` and `passwordCredentials` that has not expired and started
              more than 90 days (parameter `windowDays`) before the snapshot's `collectedAt` (a new credential has had no
              time to be used).
            - Fail: a judged credential with no recorded sign-in, or none within the window. Pass: every judged credential
              was used (or there is none to judge).
            - A report that lists no credential at all is Skipped: it cannot be told from a tenant without the licence.
            """,
            Remediation = """
            Remove the unused credentials (the fix removes each by keyId: `Remove-MgApplicationPassword` for secrets, a PATCH
            of `keyCredentials` without it for certificates), after checking with the owner that nothing still holds them.
            Prefer federated identity credentials or managed identities, which leave nothing to leak.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/graph/api/resources/appcredentialsigninactivity?view=graph-rest-beta",
                "https://learn.microsoft.com/entra/identity/monitoring-health/concept-usage-insights-report",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_118" },
                zeroTrustAssessment: new[] { "21896" },
                mcsb: new[] { "IM-3", "IM-8" }),
            RequiredData = new[] { DataSets.Graph(BehaviourSetNames.AppCredentialSignInActivities), DataSets.Graph(GraphSetNames.Applications) },
            Uses = new[] { GraphDirectory.Data },
            Parameters = new[]
            {
                BehaviourFindings.WindowDays(AgentActivityIndex.DefaultWindowDays, "Days without a sign-in after which a credential counts as unused."),
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
            var reference = index.ReferenceTime;
            var directory = GraphDirectory.For(snapshot);
            foreach (var application in directory.AiApplications())
            {
                var isBlueprint = directory.IsBlueprint(application);
                var kind = isBlueprint ? "Agent blueprint" : "AI app registration";
                var target = ResultTarget.FromGraph(application, isBlueprint ? "microsoft.graph.agentIdentityBlueprint" : "microsoft.graph.application");
                var unused = new List<(string Path, string KeyId, string Text)>();
                var judged = 0;
                foreach (var path in new[] { "passwordCredentials", "keyCredentials" })
                {
                    foreach (var credential in application.GetArray(path))
                    {
                        var keyId = credential.GetString("keyId");
                        var start = credential.GetDateTime("startDateTime");
                        var end = credential.GetDateTime("endDateTime");
                        if (keyId == null || (end != null && end < reference) || (start != null && (reference - start.Value).TotalDays <= days))
                        {
                            continue;
                        }

                        judged++;
                        var last = index.CredentialActivityOf(keyId)?.LastSignIn;
                        if (last == null || (reference - last.Value).TotalDays > days)
                        {
                            var name = credential.GetString("displayName") ?? keyId;
                            unused.Add((path, keyId, $"{name} ({path}, last used {BehaviourFindings.Date(last)})"));
                        }
                    }
                }

                var evidence = new Evidence(
                    "reports/appCredentialSignInActivities[keyId].signInActivity.lastSignInDateTime",
                    unused.Count == 0 ? null : JsonText.StringArray(unused.Select(u => u.Text)),
                    $"every credential older than {days} days signed in within {days} days of {BehaviourFindings.Date(reference)}");
                if (unused.Count > 0)
                {
                    yield return Fail(target, $"{kind} '{target.Name}' has credentials unused for {days} days or never used: {string.Join("; ", unused.Select(u => u.Text))}.", evidence)
                        .WithFix(RemoveCredentials(target.Id, unused));
                }
                else
                {
                    yield return Pass(target, judged == 0
                        ? $"{kind} '{target.Name}' has no credential older than {days} days to judge."
                        : $"{kind} '{target.Name}': all {judged} credential(s) older than {days} days were used within the window.", evidence);
                }
            }
        }

        private static RemediationFix RemoveCredentials(string applicationId, IEnumerable<(string Path, string KeyId, string Text)> unused)
        {
            var lines = new List<string> { $"# Remove credentials of the application {BehaviourFindings.Comment(applicationId)} that no sign-in used (check with its owner first)." };
            var uri = "https://graph.microsoft.com/v1.0/applications/" + applicationId;
            foreach (var (path, keyId, _) in unused)
            {
                if (path == "passwordCredentials")
                {
                    lines.Add($"Remove-MgApplicationPassword -ApplicationId {Quote.PowerShell(applicationId)} -KeyId {Quote.PowerShell(keyId)}");
                }
                else
                {
                    // Certificates are removed by writing keyCredentials back without the one (the GET returns the others' keys).
                    lines.Add($"$keys = @((Invoke-MgGraphRequest -Method GET -Uri {Quote.PowerShell(uri + "?$select=keyCredentials")}).keyCredentials | Where-Object {{ $_.keyId -ne {Quote.PowerShell(keyId)} }})");
                    lines.Add($"Invoke-MgGraphRequest -Method PATCH -Uri {Quote.PowerShell(uri)} -Body @{{ keyCredentials = $keys }}");
                }
            }

            return RemediationFix.PowerShell(lines.ToArray());
        }
    }
}
