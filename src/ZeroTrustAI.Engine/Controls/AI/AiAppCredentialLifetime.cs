using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Settings;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Certificates and secrets of agent blueprints and AI apps are valid for at most 180 days.</summary>
    public sealed class AiAppCredentialLifetime : Control
    {
        internal const int MaximumLifetimeDays = 180;

        /// <summary>The settings parameter that replaces the 180-day limit.</summary>
        internal const string MaximumLifetimeDaysParameter = "maximumLifetimeDays";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-006",
            Title = "Agent blueprint and AI-app credentials are not long-lived",
            Pillar = Pillar.AI,
            Principle = Principle.VerifyExplicitly,
            Severity = Severity.Medium,
            Description = "No certificate (keyCredentials) or secret (passwordCredentials) on an agent identity blueprint or AI-app registration is valid for more than 180 days (endDateTime - startDateTime; without a start date, endDateTime - collection time).",
            Rationale = """
            A leaked credential keeps working until it expires. Certificates and secrets issued for two years or more give an
            attacker who copies one from an agent's configuration a long, quiet window. Short lifetimes force rotation, limit that
            window and surface forgotten AI apps when their credential runs out.
            """,
            Checks = """
            - Targets as in [ZTAI-AI-005](ZTAI-AI-005.md): agent identity blueprints and AI-app registrations with their service
              principals, and the service principals of AI apps registered elsewhere.
            - For every entry of `keyCredentials` and `passwordCredentials` on the application and on its service principal: lifetime = `endDateTime` − `startDateTime` (without a
              start date, `endDateTime` − the snapshot's `collectedAt`, else now).
            - Pass: every credential's lifetime is at most 180 days. A credential without `endDateTime` fails. A target with no
              credentials at all (federated identity credentials only) passes. When nothing long-lived is found but a credential
              collection was not collected (absent, not empty), the target is Skipped, naming it: an uncollected list is not an
              empty one.
            """,
            Remediation = """
            Issue credentials with an end date at most 180 days out, for example
            ```bash
            az ad app credential reset --id <appId> --append --end-date 2027-05-01
            ```
            or rotate certificates automatically from Key Vault; remove the long-lived ones; and set an app management policy
            with `asymmetricKeyLifetime` and `passwordLifetime` restrictions. Prefer federated identity credentials, which have no
            lifetime to manage.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/entra/identity/enterprise-apps/tutorial-enforce-secret-standards",
                "https://learn.microsoft.com/graph/api/resources/applicationauthenticationmethodpolicy",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_084" },
                zeroTrustAssessment: new[] { "21773" },
                mcsb: new[] { "IM-3", "IM-8" }),
            RequiredData = new[] { DataSets.Graph(GraphSetNames.Applications) },
            Uses = new[] { GraphDirectory.Data },
            Parameters = new[]
            {
                ControlParameter.WholeNumber(MaximumLifetimeDaysParameter, MaximumLifetimeDays, "The longest a certificate or secret may be valid, in days.", 1, 3650),
            },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var maximumDays = Parameters.GetWholeNumber(MaximumLifetimeDaysParameter);
            var directory = GraphDirectory.For(snapshot);
            var reference = snapshot.Manifest?.CollectedAt ?? DateTimeOffset.UtcNow;
            foreach (var holder in AiCredentialHolder.All(directory))
            {
                var kind = holder.Kind;
                var target = holder.Target;
                var longLived = new List<string>();
                var toRemove = new List<(CredentialSource Source, bool IsSecret, string KeyId, string Label)>();
                var credentialCount = 0;
                foreach (var source in holder.Sources)
                {
                    foreach (var path in new[] { "keyCredentials", "passwordCredentials" })
                    {
                        foreach (var credential in source.Item.GetArray(path))
                        {
                            credentialCount++;
                            var days = LifetimeDays(credential, reference);
                            if (days == null || days > maximumDays)
                            {
                                var name = credential.GetString("displayName") ?? credential.GetString("keyId") ?? "unnamed";
                                var where = source.IsApplication ? path : "service principal " + path;
                                if (credential.GetString("keyId") is string keyId)
                                {
                                    toRemove.Add((source, path == "passwordCredentials", keyId, name));
                                }

                                longLived.Add(days == null
                                    ? $"{name} ({where}, no endDateTime)"
                                    : $"{name} ({where}, {days.Value.ToString(CultureInfo.InvariantCulture)} days)");
                            }
                        }
                    }
                }

                var evidence = new Evidence(
                    "keyCredentials[].endDateTime, passwordCredentials[].endDateTime",
                    longLived.Count == 0 ? null : JsonText.StringArray(longLived),
                    $"every credential valid for at most {maximumDays} days");

                var missing = holder.NotCollected("keyCredentials", "passwordCredentials");
                if (longLived.Count == 0 && missing.Count > 0)
                {
                    yield return holder.NotJudged(missing);
                }
                else if (longLived.Count > 0)
                {
                    yield return Fail(target, $"{kind} '{target.Name}' has credentials valid for more than {maximumDays} days: {string.Join("; ", longLived)}.", evidence)
                        .WithFix(RemoveLongLived(target, toRemove));
                }
                else
                {
                    yield return Pass(target, credentialCount == 0
                        ? $"{kind} '{target.Name}' has no certificate or secret (federated or managed identity credentials only)."
                        : $"{kind} '{target.Name}' has {credentialCount} credential(s), none valid for more than {maximumDays} days.", evidence);
                }
            }
        }

        /// <summary>Secrets by removePassword; certificates by writing back the list without them (removeKey needs a proof).</summary>
        private static RemediationFix RemoveLongLived(ResultTarget target, List<(CredentialSource Source, bool IsSecret, string KeyId, string Label)> credentials)
        {
            var lines = new List<string>
            {
                GraphFixes.Comment($"Replace the long-lived credentials of '{target.Name}' ({target.Id}) with short-lived ones or a federated credential, then remove these."),
                GraphFixes.Connect("Application.ReadWrite.All"),
            };
            foreach (var group in credentials.GroupBy(c => (c.Source.IsApplication, c.Source.Id)))
            {
                var (isApplication, id) = group.Key;
                foreach (var secret in group.Where(c => c.IsSecret))
                {
                    lines.Add(GraphFixes.Comment("client secret " + secret.Label));
                    lines.Add((isApplication ? "Remove-MgApplicationPassword -ApplicationId " : "Remove-MgServicePrincipalPassword -ServicePrincipalId ") + Quote.PowerShell(id) + " -KeyId " + Quote.PowerShell(secret.KeyId));
                }

                var certificates = group.Where(c => !c.IsSecret).ToList();
                if (certificates.Count > 0)
                {
                    var (get, update) = isApplication
                        ? ("Get-MgApplication -ApplicationId ", "Update-MgApplication -ApplicationId ")
                        : ("Get-MgServicePrincipal -ServicePrincipalId ", "Update-MgServicePrincipal -ServicePrincipalId ");
                    lines.Add(GraphFixes.Comment("certificates " + string.Join(", ", certificates.Select(c => c.Label))));
                    lines.Add("$remove = @(" + string.Join(", ", certificates.Select(c => Quote.PowerShell(c.KeyId))) + ")");
                    lines.Add("$keep = @((" + get + Quote.PowerShell(id) + " -Property keyCredentials).KeyCredentials | Where-Object { $_.KeyId -notin $remove })");
                    lines.Add(update + Quote.PowerShell(id) + " -KeyCredentials $keep");
                }
            }

            return RemediationFix.PowerShell(lines.ToArray());
        }

        /// <summary>Validity in whole days: end - start, or end - collection time when the start is unknown; null without an end.</summary>
        private static int? LifetimeDays(JsonElement credential, DateTimeOffset reference)
        {
            var end = credential.GetDateTime("endDateTime");
            if (end == null)
            {
                return null;
            }

            var start = credential.GetDateTime("startDateTime") ?? reference;
            return (int)Math.Floor((end.Value - start).TotalDays);
        }
    }
}
