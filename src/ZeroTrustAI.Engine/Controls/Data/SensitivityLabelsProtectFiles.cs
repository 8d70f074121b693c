using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Data
{
    /// <summary>The tenant has an active sensitivity label that encrypts files.</summary>
    public sealed class SensitivityLabelsProtectFiles : Control
    {
        private static readonly string[] JudgedProperties = { "isActive", "hasProtection", "contentFormats" };

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-DATA-133",
            Title = "An active sensitivity label encrypts files",
            Pillar = Pillar.Data,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "The organization's sensitivity labels include at least one that is active, can be applied, has protection (encryption) and applies to files.",
            Rationale = """
            Encryption from a sensitivity label travels with the file: Microsoft 365 Copilot and agents answer from an encrypted
            file only for users who hold its usage rights, and a copy that leaves the tenant (downloaded, shared, embedded in an
            agent's knowledge) stays unreadable to everyone else. Without one label that encrypts files, DLP for Copilot has no
            labelled content to act on and users have no way to protect what AI can reach.
            """,
            Checks = """
            - Reads `graph/security.informationProtection.sensitivityLabels` (beta
              `GET /security/informationProtection/sensitivityLabels`, the labels of the organization, read with the
              application permission InformationProtectionPolicy.Read.All). The list says which labels exist, not to whom a
              label policy publishes them: Microsoft Graph lists the labels published to a user only for that user
              (`/users/{id}/security/informationProtection/sensitivityLabels`).
            - Pass (the tenant): a label has `isActive` `true`, `hasProtection` `true`, `contentFormats` containing `file`,
              and `isAppliable` not `false` (a parent with sublabels is not applied itself).
            - Fail: no such label; the reason says whether there are no labels, none encrypts, or the encrypting ones are
              inactive or not for files.
            - Skipped: no label qualifies and some were collected without `isActive`, `hasProtection` or `contentFormats`.
            """,
            Remediation = """
            Microsoft Purview portal > Information protection > Sensitivity labels: create a label for files and emails with
            "Control access" (encryption), assign permissions, then publish it with a label policy. In Security & Compliance
            PowerShell (`Connect-IPPSSession`) that is `New-Label` with `-EncryptionEnabled $true` and `New-LabelPolicy` (the
            fix on a failed result).
            """,
            References = new[]
            {
                "https://learn.microsoft.com/graph/api/security-informationprotection-list-sensitivitylabels?view=graph-rest-beta",
                "https://learn.microsoft.com/graph/api/resources/security-sensitivitylabel?view=graph-rest-beta",
                "https://learn.microsoft.com/purview/encryption-sensitivity-labels",
                "https://learn.microsoft.com/powershell/module/exchangepowershell/new-label",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_131" },
                zeroTrustAssessment: new[] { "35013" },
                mcsb: new[] { "DP-1", "DP-4" },
                owaspLlm: new[] { "LLM02:2025 Sensitive Information Disclosure" }),
            RequiredData = new[] { DataSets.Graph(GraphSetNames.SensitivityLabels) },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var tenant = ResultTarget.Tenant(snapshot);
            var target = new ResultTarget(tenant.Id + "/sensitivity-labels", "Sensitivity labels", tenant.Type);
            var labels = snapshot.GraphItems(GraphSetNames.SensitivityLabels).ToList();
            var protecting = labels.Where(ProtectsFiles).ToList();
            const string expected = "isActive true, hasProtection true, contentFormats including file";
            if (protecting.Count > 0)
            {
                yield return Pass(
                    target,
                    $"{protecting.Count} active label(s) encrypt files: {Names(protecting)}.",
                    protecting.Select(l => Describe(l, expected)).ToArray());
                yield break;
            }

            var incomplete = labels.Where(l => JudgedProperties.Any(p => !l.TryGetPropertyIgnoreCase(p, out _))).ToList();
            if (incomplete.Count > 0)
            {
                yield return new Finding(
                    ResultStatus.Skipped,
                    target,
                    $"Sensitivity labels are not judged: {incomplete.Count} label(s) were collected without isActive, hasProtection or contentFormats ({Names(incomplete)}).",
                    JudgedProperties.Select(p => new Evidence(p, null, "collected")).ToArray());
                yield break;
            }

            var encrypting = labels.Where(l => l.GetBool("hasProtection") == true).ToList();
            var reason = labels.Count == 0
                ? "The organization has no sensitivity labels: nothing marks or encrypts the content Copilot and agents reach."
                : encrypting.Count == 0
                    ? $"None of the {labels.Count} sensitivity label(s) encrypts content (hasProtection false on all): labels mark files but do not stop who can open them."
                    : $"The label(s) with protection are inactive, not appliable or not for files: {string.Join("; ", encrypting.Select(Why))}.";
            yield return Fail(target, reason, labels.Take(20).Select(l => Describe(l, expected)).DefaultIfEmpty(new Evidence(GraphSetNames.SensitivityLabels, "[]", "a label that encrypts files")).ToArray())
                .WithFix(RemediationFix.PowerShell(
                    "# In Security & Compliance PowerShell (Connect-IPPSSession). Replace <your domain> with the organization's domain (or name the users and groups who may open the content), then publish the label to its users.",
                    "New-Label -Name 'Confidential - Protected' -DisplayName 'Confidential - Protected' -Tooltip 'Encrypted: only people in the organization can open it.' -ContentType 'File, Email' -EncryptionEnabled $true -EncryptionProtectionType Template -EncryptionRightsDefinitions '<your domain>:VIEW,EDIT'",
                    "New-LabelPolicy -Name 'Protected content' -Labels 'Confidential - Protected' -ExchangeLocation All"));
        }

        private static bool ProtectsFiles(JsonElement label) =>
            label.GetBool("isActive") == true
            && label.GetBool("hasProtection") == true
            && label.GetBool("isAppliable") != false
            && label.GetStrings("contentFormats").Any(f => f.EqualsIgnoreCase("file"));

        private static string Why(JsonElement label)
        {
            var gaps = new List<string>();
            if (label.GetBool("isActive") != true)
            {
                gaps.Add("inactive");
            }

            if (label.GetBool("isAppliable") == false)
            {
                gaps.Add("not appliable");
            }

            if (!label.GetStrings("contentFormats").Any(f => f.EqualsIgnoreCase("file")))
            {
                gaps.Add("not for files");
            }

            return $"'{NameOf(label)}' ({string.Join(", ", gaps)})";
        }

        private static Evidence Describe(JsonElement label, string expected) =>
            new Evidence(
                $"sensitivityLabels['{NameOf(label)}']",
                $"isActive {Text(label, "isActive")}, hasProtection {Text(label, "hasProtection")}, isAppliable {Text(label, "isAppliable")}, contentFormats {(label.Get("contentFormats") == null ? "absent" : "[" + string.Join(", ", label.GetStrings("contentFormats")) + "]")}",
                expected);

        private static string Text(JsonElement label, string property) => label.GetRawText(property) ?? "absent";

        private static string NameOf(JsonElement label) => label.GetString("name") ?? label.GetString("displayName") ?? label.GetString("id") ?? "?";

        private static string Names(IEnumerable<JsonElement> labels) => string.Join(", ", labels.Select(l => "'" + NameOf(l) + "'"));
    }
}
