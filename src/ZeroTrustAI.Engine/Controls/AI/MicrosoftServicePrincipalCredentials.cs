using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Microsoft first-party service principals carry no credentials added in the tenant.</summary>
    public sealed class MicrosoftServicePrincipalCredentials : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-008",
            Title = "Microsoft first-party service principals carry no tenant-added credentials",
            Pillar = Pillar.AI,
            Principle = Principle.AssumeBreach,
            Severity = Severity.High,
            Description = "Service principals of Microsoft applications (appOwnerOrganizationId f8cdef31-a31e-4b4a-93e4-5f571e91255a) have empty passwordCredentials and keyCredentials. Managed identities are excluded: their certificates are managed by Azure.",
            Rationale = """
            Microsoft's own applications — Exchange Online, SharePoint Online, Microsoft Graph clients that Copilot and agents
            call — hold broad permissions in every tenant and are rarely questioned in reviews. Adding a secret or certificate to
            one of their service principals is a well-known persistence technique: the attacker then signs in as a trusted
            Microsoft app. Microsoft does not need tenant-added credentials on these objects.
            """,
            Checks = """
            - Reads `graph/servicePrincipals`; targets are service principals with `appOwnerOrganizationId`
              f8cdef31-a31e-4b4a-93e4-5f571e91255a (ignoring case), except `servicePrincipalType` `ManagedIdentity` (Azure manages
              their certificates).
            - Pass: `passwordCredentials` and `keyCredentials` are both empty arrays. Fail: any entry in either. When nothing is
              found but a collection is absent (not collected), the target is Skipped: added credentials cannot be ruled out.
            """,
            Remediation = """
            Remove the credential and find out who added it:
            ```powershell
            Remove-MgServicePrincipalPassword -ServicePrincipalId <id> -KeyId <keyId>
            Update-MgServicePrincipal -ServicePrincipalId <id> -KeyCredentials @()
            ```
            Search the audit log for "Add service principal credentials" on that object, and treat the tenant as potentially
            compromised until the credential is explained.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/entra/identity/enterprise-apps/application-list",
                "https://learn.microsoft.com/entra/architecture/security-operations-applications",
            },
            Mappings = new ControlMappings(
                zeroTrustAssessment: new[] { "21774", "21896" },
                mcsb: new[] { "IM-3", "LT-1" }),
            RequiredData = new[] { DataSets.Graph(GraphSetNames.ServicePrincipals) },
            Uses = new[] { GraphDirectory.Data },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var directory = GraphDirectory.For(snapshot);
            // The directory narrows the set without parsing the rest; the filter below is the control's own.
            var firstParty = directory.MicrosoftOwnedServicePrincipals().Where(sp =>
                sp.GetString("appOwnerOrganizationId").EqualsIgnoreCase(GraphPermissionCatalog.MicrosoftTenantId)
                && !sp.GetString("servicePrincipalType").EqualsIgnoreCase("ManagedIdentity"));
            foreach (var sp in firstParty)
            {
                var target = ResultTarget.FromGraph(sp, "microsoft.graph.servicePrincipal");
                var passwords = sp.Get("passwordCredentials");
                var keys = sp.Get("keyCredentials");
                var evidence = new[]
                {
                    Observed(sp, "passwordCredentials", "[]"),
                    Observed(sp, "keyCredentials", "[]"),
                };
                var secretCount = IsArray(passwords) ? passwords!.Value.GetArrayLength() : 0;
                var certificateCount = IsArray(keys) ? keys!.Value.GetArrayLength() : 0;
                if (secretCount + certificateCount > 0)
                {
                    yield return Fail(target, $"Microsoft service principal '{target.Name}' has {secretCount + certificateCount} tenant-added credential(s) (secrets: {secretCount}, certificates: {certificateCount}).", evidence)
                        .WithFix(RemoveCredentials(target, passwords, keys));
                }
                else if (!IsArray(passwords) || !IsArray(keys))
                {
                    // An uncollected list is not an empty one: neither judged as clean nor as compromised.
                    yield return new Finding(ResultStatus.Skipped, target, $"Microsoft service principal '{target.Name}' is not judged: {(IsArray(passwords) ? "keyCredentials" : IsArray(keys) ? "passwordCredentials" : "passwordCredentials and keyCredentials")} not collected, so added credentials cannot be ruled out.", evidence);
                }
                else
                {
                    yield return Pass(target, $"Microsoft service principal '{target.Name}' has no credentials added in the tenant.", evidence);
                }
            }
        }

        /// <summary>Secrets by removePassword; certificates by writing back the list without them (removeKey needs a proof).</summary>
        private static RemediationFix RemoveCredentials(ResultTarget target, JsonElement? passwords, JsonElement? keys)
        {
            var lines = new List<string>
            {
                GraphFixes.Comment($"Remove the credentials added to Microsoft's '{target.Name}'; Microsoft's own apps never need tenant credentials."),
                GraphFixes.Connect("Application.ReadWrite.All"),
            };
            foreach (var keyId in (IsArray(passwords) ? passwords!.Value.EnumerateArray().ToList() : new List<JsonElement>()).Select(p => p.GetString("keyId")).OfType<string>())
            {
                lines.Add("Remove-MgServicePrincipalPassword -ServicePrincipalId " + Quote.PowerShell(target.Id) + " -KeyId " + Quote.PowerShell(keyId));
            }

            var certificates = (IsArray(keys) ? keys!.Value.EnumerateArray().ToList() : new List<JsonElement>()).Select(k => k.GetString("keyId")).OfType<string>().ToList();
            if (certificates.Count > 0)
            {
                lines.Add("$remove = @(" + string.Join(", ", certificates.Select(Quote.PowerShell)) + ")");
                lines.Add("$keep = @((Get-MgServicePrincipal -ServicePrincipalId " + Quote.PowerShell(target.Id) + " -Property keyCredentials).KeyCredentials | Where-Object { $_.KeyId -notin $remove })");
                lines.Add("Update-MgServicePrincipal -ServicePrincipalId " + Quote.PowerShell(target.Id) + " -KeyCredentials $keep");
            }

            return RemediationFix.PowerShell(lines.ToArray());
        }

        private static bool IsArray(JsonElement? value) => value.HasValue && value.Value.ValueKind == JsonValueKind.Array;
    }
}
