using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using ZeroTrustAI.Engine.Controls.Rules;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;
using ZeroTrustAI.Engine.Json;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Each AI administrative role has someone in it (active or PIM-eligible), so AI is not run by Global Administrators.</summary>
    public sealed class AiAdministrativeRolesDelegated : Control
    {
        /// <summary>The AI administrative roles of Microsoft Entra (built-in role template ids, from the built-in roles reference).</summary>
        internal static readonly IReadOnlyList<(string TemplateId, string Name)> AiRoles = new[]
        {
            ("d2562ede-74db-457e-a7b6-544e236ebb61", "AI Administrator"),
            ("db506228-d27e-4b7d-95e5-295956d6615f", "Agent ID Administrator"),
            ("adb2368d-a9be-41b5-8667-d96778e081b0", "Agent ID Developer"),
            ("6b942400-691f-4bf0-9d12-d8a254a2baf5", "Agent Registry Administrator"),
        };

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-106",
            Title = "AI administrative roles are delegated to named principals",
            Pillar = Pillar.AI,
            Principle = Principle.LeastPrivilege,
            Severity = Severity.Medium,
            Description = "Each of the AI administrative roles — AI Administrator, Agent ID Administrator, Agent ID Developer, Agent Registry Administrator — is held by at least one principal, actively or PIM-eligible, at any scope.",
            Rationale = """
            Copilot settings, agent identities, blueprints and the agent registry each have a dedicated Entra role. When nobody
            holds them, the work is done by Global Administrators, the one role that should be used least, and agents are
            created and governed by whoever happens to have the most power. Delegating the AI roles — preferably as PIM
            eligibility, since AI Administrator and Agent ID Administrator are privileged — keeps AI administration narrow,
            reviewable and out of the tier-0 role.
            """,
            Checks = """
            - Reads `graph/roleManagement.directory.roleAssignments` and, when present,
              `graph/roleManagement.directory.roleEligibilityScheduleInstances` (PIM eligibility).
            - Targets: the four AI administrative roles, by built-in template id: AI Administrator
              `d2562ede-74db-457e-a7b6-544e236ebb61`, Agent ID Administrator `db506228-d27e-4b7d-95e5-295956d6615f`, Agent ID
              Developer `adb2368d-a9be-41b5-8667-d96778e081b0`, Agent Registry Administrator
              `6b942400-691f-4bf0-9d12-d8a254a2baf5`.
            - Pass: at least one active assignment or eligibility whose `roleDefinitionId` is the role (any
              `directoryScopeId`). Fail: none.
            - Whether the holders are allowed to hold it is [ZTAI-AI-002](ZTAI-AI-002.md) (agents) and the privilege analysis.
            """,
            Remediation = """
            Make the people who administer Copilot and agents eligible for the AI role through PIM (Entra admin center > Roles
            and administrators > the role > Add assignments > Eligible), and take the work away from Global Administrators. The
            fix on a failed result is the eligibility request; replace the principal placeholder.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference",
                "https://learn.microsoft.com/graph/api/rbacapplication-post-roleeligibilityschedulerequests",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_149" },
                zeroTrustAssessment: new[] { "61006" },
                mcsb: new[] { "PA-1", "PA-2" }),
            RequiredData = new[] { DataSets.Graph(GraphSetNames.RoleAssignments) },
            Uses = new[] { GraphDirectory.Data },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var directory = GraphDirectory.For(snapshot);
            var byRole = directory.DirectoryRoleAssignments.ToLookup(a => a.RoleDefinitionId.ToLowerInvariant());
            foreach (var (templateId, name) in AiRoles)
            {
                var target = new ResultTarget(templateId, name, "microsoft.graph.unifiedRoleDefinition");
                var holders = byRole[templateId].ToList();
                var evidence = new Evidence(
                    "roleManagement/directory/roleAssignments|roleEligibilityScheduleInstances[roleDefinitionId=" + templateId + "].principalId",
                    holders.Count == 0 ? null : JsonText.StringArray(holders.Select(h => directory.NameOf(h.PrincipalId) + (h.IsEligible ? " (eligible)" : " (active)")).Distinct()),
                    "at least one principal, preferably eligible");
                if (holders.Count > 0)
                {
                    var eligible = holders.Count(h => h.IsEligible);
                    yield return Pass(target, $"{name} is held by {holders.Select(h => h.PrincipalId).Distinct().Count()} principal(s) ({eligible} eligible, {holders.Count - eligible} active).", evidence);
                    continue;
                }

                var body = new JsonObject
                {
                    ["action"] = "adminAssign",
                    ["justification"] = "Delegate " + name + " instead of using Global Administrator",
                    ["roleDefinitionId"] = templateId,
                    ["directoryScopeId"] = "/",
                    ["principalId"] = "<principal-object-id>",
                    ["scheduleInfo"] = new JsonObject { ["expiration"] = new JsonObject { ["type"] = "afterDuration", ["duration"] = "P365D" } },
                };
                yield return Fail(target, $"Nobody holds {name}: its work falls to Global Administrators.", evidence)
                    .WithFix(GraphFixes.Script(
                        "# Replace <principal-object-id> with the user or group who administers this area; eligible for a year, activated through PIM.",
                        GraphFixes.Request("POST", "v1.0/roleManagement/directory/roleEligibilityScheduleRequests", body)));
            }
        }
    }
}
