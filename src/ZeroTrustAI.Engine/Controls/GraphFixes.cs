using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls
{
    /// <summary>
    /// Microsoft Graph PowerShell fixes shared by the directory controls: single requests (one
    /// <c>Invoke-MgGraphRequest</c> per change, so every fix names one command whose parameters are checked and says
    /// exactly what changes) and the scripts several controls need. A script starts by connecting with the least scope
    /// the change needs, names the objects it changes by id (display names only in comments) and quotes every value
    /// taken from the tenant.
    /// </summary>
    public static class GraphFixes
    {
        public const string GraphRoot = "https://graph.microsoft.com/";

        /// <summary>
        /// A PATCH of the object at <paramref name="relativeUri"/> (after the host, e.g. <c>v1.0/applications/{id}</c>) setting
        /// each dotted path to its JSON value: <c>("defaultUserRolePermissions.allowedToCreateApps", false)</c> becomes
        /// <c>{"defaultUserRolePermissions":{"allowedToCreateApps":false}}</c>.
        /// </summary>
        public static string Patch(string relativeUri, IEnumerable<KeyValuePair<string, JsonNode?>> values)
        {
            var body = new JsonObject();
            foreach (var pair in values)
            {
                var parts = pair.Key.Split('.');
                var node = body;
                foreach (var part in parts.Take(parts.Length - 1))
                {
                    if (!(node[part] is JsonObject child))
                    {
                        child = new JsonObject();
                        node[part] = child;
                    }

                    node = child;
                }

                node[parts[parts.Length - 1]] = pair.Value;
            }

            return Request("PATCH", relativeUri, body);
        }

        /// <summary>One request line: method, absolute URI and, when given, the JSON body.</summary>
        public static string Request(string method, string relativeUri, JsonNode? body = null) =>
            $"Invoke-MgGraphRequest -Method {method} -Uri {Quote.PowerShell(GraphRoot + relativeUri)}"
            + (body == null ? string.Empty : $" -Body {Quote.PowerShell(body.ToJsonString())} -ContentType 'application/json'");

        /// <summary>The JSON value of a <see cref="Rules.PropertyExpectation"/>'s fix value: a literal when it parses as JSON, else a string.</summary>
        public static JsonNode? Value(string text)
        {
            try
            {
                return JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                return JsonValue.Create(text);
            }
        }

        /// <summary>A script of fix lines, comments first.</summary>
        public static RemediationFix Script(params string[] lines) => RemediationFix.PowerShell(lines);
    

        public const string Beta = "https://graph.microsoft.com/beta/";
        public const string V1 = "https://graph.microsoft.com/v1.0/";

        public static string Connect(params string[] scopes) =>
            "Connect-MgGraph -Scopes " + string.Join(", ", scopes.Select(Quote.PowerShell));

        public static string Comment(string text) => "# " + Quote.Comment(text);

        /// <summary>Removes directory role assignments: active ones by id, PIM eligibilities by an adminRemove request.</summary>
        public static RemediationFix RemoveDirectoryRoles(GraphDirectory directory, string principalName, IEnumerable<DirectoryRoleAssignment> roles)
        {
            var lines = new List<string>
            {
                Comment($"Remove the privileged directory roles of '{principalName}'; grant a narrower role or an administrative-unit scope if it needs one."),
                Connect("RoleManagement.ReadWrite.Directory"),
            };
            foreach (var role in roles)
            {
                lines.Add(Comment(directory.RoleName(role.RoleDefinitionId) + (role.IsEligible ? " (eligible)" : string.Empty)));
                var id = role.Raw.GetString("id");
                if (!role.IsEligible && id != null)
                {
                    lines.Add("Remove-MgRoleManagementDirectoryRoleAssignment -UnifiedRoleAssignmentId " + Quote.PowerShell(id));
                }
                else
                {
                    lines.Add("Invoke-MgGraphRequest -Method POST -Uri " + Quote.PowerShell(V1 + "roleManagement/directory/roleEligibilityScheduleRequests")
                        + " -Body @{ action = 'adminRemove'; principalId = " + Quote.PowerShell(role.PrincipalId)
                        + "; roleDefinitionId = " + Quote.PowerShell(role.RoleDefinitionId)
                        + "; directoryScopeId = " + Quote.PowerShell(role.DirectoryScopeId)
                        + "; justification = 'Least privilege: finding of ZeroTrustAI' }");
                }
            }

            return RemediationFix.PowerShell(lines.ToArray());
        }

        /// <summary>Removes app role assignments (application permissions) from a service principal.</summary>
        public static RemediationFix RemoveAppRoleAssignments(string principalId, string principalName, IEnumerable<(string AssignmentId, string Permission)> assignments) =>
            RemediationFix.PowerShell(new[]
            {
                Comment($"Remove the application permissions of '{principalName}'; grant a narrower (*.Selected or delegated) permission if it needs one."),
                Connect("AppRoleAssignment.ReadWrite.All"),
            }.Concat(assignments.SelectMany(a => new[]
            {
                Comment(a.Permission),
                "Remove-MgServicePrincipalAppRoleAssignment -ServicePrincipalId " + Quote.PowerShell(principalId) + " -AppRoleAssignmentId " + Quote.PowerShell(a.AssignmentId),
            })).ToArray());

        /// <summary>
        /// Removes credentials from an application or agent blueprint: secrets by removePassword, certificates by writing
        /// back the certificate list without them (removeKey would need a proof signed by the certificate itself).
        /// </summary>
        public static RemediationFix RemoveApplicationCredentials(string applicationId, string name, bool isBlueprint, IEnumerable<(bool IsSecret, string KeyId, string Label)> credentials)
        {
            var list = credentials.ToList();
            var lines = new List<string>
            {
                Comment($"Remove these credentials of '{name}' once its workload uses a managed identity or federated credential instead."),
                Connect("Application.ReadWrite.All"),
            };
            foreach (var secret in list.Where(c => c.IsSecret))
            {
                lines.Add(Comment("client secret " + secret.Label));
                lines.Add(isBlueprint
                    ? "Invoke-MgGraphRequest -Method POST -Uri " + Quote.PowerShell(Beta + "applications/" + applicationId + "/microsoft.graph.agentIdentityBlueprint/removePassword") + " -Body @{ keyId = " + Quote.PowerShell(secret.KeyId) + " }"
                    : "Remove-MgApplicationPassword -ApplicationId " + Quote.PowerShell(applicationId) + " -KeyId " + Quote.PowerShell(secret.KeyId));
            }

            var certificates = list.Where(c => !c.IsSecret).ToList();
            if (certificates.Count > 0)
            {
                lines.Add(Comment("certificates " + string.Join(", ", certificates.Select(c => c.Label))));
                lines.Add("$remove = @(" + string.Join(", ", certificates.Select(c => Quote.PowerShell(c.KeyId))) + ")");
                lines.Add("$keep = @((Get-MgApplication -ApplicationId " + Quote.PowerShell(applicationId) + " -Property keyCredentials).KeyCredentials | Where-Object { $_.KeyId -notin $remove })");
                lines.Add("Update-MgApplication -ApplicationId " + Quote.PowerShell(applicationId) + " -KeyCredentials $keep");
            }

            return RemediationFix.PowerShell(lines.ToArray());
        }

        /// <summary>Lines adding a sponsor: the accountable person or group is the reader's to name, so the script asks for it.</summary>
        public static IEnumerable<string> AddSponsor(string objectPath, string objectName)
        {
            yield return Comment($"Make a person (or a dynamic / Microsoft 365 group) accountable for '{objectName}' as its sponsor.");
            yield return "$sponsorId = Read-Host 'Object id of the sponsoring user or group'";
            yield return "Invoke-MgGraphRequest -Method POST -Uri " + Quote.PowerShell(Beta + objectPath + "/sponsors/$ref")
                + " -Body @{ '@odata.id' = \"" + Beta + "directoryObjects/$sponsorId\" }";
        }

        /// <summary>Lines adding an owner, asked for like a sponsor.</summary>
        public static IEnumerable<string> AddOwner(string objectPath, string objectName)
        {
            yield return Comment($"Give '{objectName}' an owner who answers for it.");
            yield return "$ownerId = Read-Host 'Object id of the owning user'";
            yield return "Invoke-MgGraphRequest -Method POST -Uri " + Quote.PowerShell(V1 + objectPath + "/owners/$ref")
                + " -Body @{ '@odata.id' = \"" + V1 + "directoryObjects/$ownerId\" }";
        }
    }
}
