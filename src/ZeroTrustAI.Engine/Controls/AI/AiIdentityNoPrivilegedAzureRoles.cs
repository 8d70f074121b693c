using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>Managed identities of AI resources hold no Azure role that can change resources or grant access.</summary>
    public sealed class AiIdentityNoPrivilegedAzureRoles : Control
    {
        private static readonly string[] AiResourceTypeNames =
        {
            ResourceTypes.CognitiveServicesAccount,
            ResourceTypes.CognitiveServicesProject,
            ResourceTypes.MachineLearningWorkspace,
            ResourceTypes.SearchService,
        };

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-027",
            Title = "AI resource identities hold no privileged Azure roles",
            Pillar = Pillar.AI,
            Principle = Principle.LeastPrivilege,
            Severity = Severity.High,
            Description = "No managed identity (system- or user-assigned) of an AI Services/OpenAI account, Foundry project, ML workspace or hub, or AI Search service holds, itself or through a group, an Azure role rated tier 0 by the privilege tier table (Owner, Contributor, User Access Administrator, Role Based Access Control Administrator and every other role that can escalate privilege in its scope) at any scope.",
            Rationale = """
            Code that runs as an AI resource's identity (prompt flows, agents, tools, compute) can be steered by prompt injection. If that identity is Owner or Contributor, a manipulated agent can change or delete infrastructure, or grant itself data access: a lateral move from a chat window to the whole subscription.
            """,
            Checks = """
            Reads `Microsoft.Authorization/roleAssignments` (ARM list at any scope, or Resource Graph `authorizationresources` rows) and the identities of AI resources: `Microsoft.CognitiveServices/accounts`, `Microsoft.CognitiveServices/accounts/projects`, `Microsoft.MachineLearningServices/workspaces` (hubs, projects, workspaces) and `Microsoft.Search/searchServices`.

            - The resource's principals: `identity.principalId` and every `identity.userAssignedIdentities.*.principalId`.
            - A role assignment belongs to the resource when `properties.principalId` is one of those principals, or a group one of them belongs to (`graph/servicePrincipals.transitiveMemberOf`, nested groups included).
            - Fail: an assignment whose `properties.roleDefinitionId` ends with the GUID of a role the [privilege tier table](../privilege-tiers.md) rates tier 0 at subscription scope (azure-tiering's privilege ascenders: Owner `8e3af657-a8ff-443c-a75c-2fe8c4bcb635`, Contributor `b24988ac-6180-42a0-ab88-20f7382dd24c`, User Access Administrator `18d7d88d-d35e-4fb5-a5c3-7773c20a72d9`, Role Based Access Control Administrator `f58310d9-a9f6-439a-9e8d-f62e7b41a168` and the others), at any scope. The reason names the role, the scope and the group it came through.
            - Pass: none of those.
            - Resources without a managed identity are not judged (ZTAI-AI-021 covers accounts without one).
            - Target: the AI resource.
            """,
            Remediation = """
            - Portal: subscription or resource group > Access control (IAM) > Role assignments > filter by the managed identity > Remove.
            - CLI:

            ```bash
            az role assignment list --assignee <principalId> --all -o table
            az role assignment delete --assignee <principalId> --role Owner --scope /subscriptions/<id>
            az role assignment create --assignee-object-id <principalId> --assignee-principal-type ServicePrincipal \
              --role "Storage Blob Data Reader" --scope <storage-account-id>
            ```

            - Bicep: replace subscription-wide `Microsoft.Authorization/roleAssignments` for the identity with data-plane roles scoped to the single resource it needs.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/azure/role-based-access-control/best-practices",
                "https://learn.microsoft.com/azure/ai-studio/concepts/rbac-ai-studio",
                "https://learn.microsoft.com/azure/role-based-access-control/built-in-roles",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_084", "AI_069" },
                mcsb: new[] { "PA-7" },
                owaspLlm: new[] { "LLM06:2025 Excessive Agency" }),
            RequiredData = new[] { DataSets.Arm(ResourceTypes.RoleAssignment) },

            // The assignments judged are those of AI resources' managed identities, found through the resources.
            Uses = new[] { DataRequirement.FindsTargetsIn(ResourceTypes.AiIdentityResourceTypes.Select(DataSets.Arm).ToArray()), GraphDirectory.Data, AgentPrivilegeAnalyzer.GroupMembershipData },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var directory = GraphDirectory.For(snapshot);
            var assignmentsByPrincipal = snapshot.ResourcesOfType(ResourceTypes.RoleAssignment)
                .Where(a => a.GetString("properties.principalId") != null)
                .ToLookup(a => a.GetString("properties.principalId")!, StringComparer.OrdinalIgnoreCase);

            foreach (var resource in AiResourceTypeNames.SelectMany(snapshot.ResourcesOfType))
            {
                var principals = PrincipalIdsOf(resource);
                if (principals.Count == 0)
                {
                    // No identity, nothing to hold a role; ZTAI-AI-021 reports the missing identity on accounts.
                    continue;
                }

                // Roles granted to a group reach its members: each assignment keeps the group it came through.
                var held = principals.SelectMany(p => assignmentsByPrincipal[p].Select(a => (Assignment: a, Via: (string?)null))
                        .Concat(directory.GroupsOf(p).SelectMany(g => assignmentsByPrincipal[g.GroupId].Select(a => (Assignment: a, Via: (string?)$"group '{g.GroupName}'")))))
                    .ToList();
                var privileged = held
                    .Select(x => (x.Assignment, x.Via, Role: PrivilegedRoleOf(x.Assignment)))
                    .Where(x => x.Role != null)
                    .ToList();

                var expected = "no Azure role rated tier 0 (Owner, Contributor, User Access Administrator, RBAC Administrator, ...)";
                if (privileged.Count == 0)
                {
                    // Evidence lists the role definitions the identity does hold, so a reviewer sees what was weighed.
                    var roles = held.Select(x => x.Assignment.GetString("properties.roleDefinitionId")).OfType<string>().Select(AiResourceTypes.LastSegment).ToList();
                    yield return Pass(
                        resource,
                        $"Identity {string.Join(", ", principals)} holds no privileged Azure role ({held.Count} other assignment(s)).",
                        new Evidence("roleAssignments[properties.principalId = identity].properties.roleDefinitionId", JsonText.StringArray(roles), expected));
                    continue;
                }

                var described = privileged.Select(x => $"{x.Role} at {x.Assignment.GetString("properties.scope") ?? ScopeOf(x.Assignment.Id)}{(x.Via == null ? string.Empty : " via " + x.Via)}").ToList();
                var evidence = privileged
                    .Select(x => new Evidence(
                        $"{x.Assignment.Id}.properties.roleDefinitionId",
                        x.Assignment.Raw.GetRawText("properties.roleDefinitionId"),
                        expected))
                    .ToArray();
                yield return Fail(resource, $"Identity holds privileged Azure role(s): {string.Join("; ", described)}.", evidence)
                    .WithFix(AzureFixes.DeleteRoleAssignments(resource.Name, privileged.Select(x => (x.Assignment.Id, x.Role!, x.Assignment.GetString("properties.scope") ?? ScopeOf(x.Assignment.Id)))));
            }
        }

        /// <summary>The system-assigned principal id and those of user-assigned identities, when present.</summary>
        internal static IReadOnlyList<string> PrincipalIdsOf(ArmResource resource)
        {
            var ids = new List<string>();
            var system = resource.GetString("identity.principalId");
            if (!string.IsNullOrEmpty(system))
            {
                ids.Add(system!);
            }

            foreach (var (_, principalId) in GraphDirectory.UserAssignedIdentities(resource))
            {
                if (!string.IsNullOrEmpty(principalId) && !ids.Contains(principalId!, StringComparer.OrdinalIgnoreCase))
                {
                    ids.Add(principalId!);
                }
            }

            return ids;
        }

        private static string? PrivilegedRoleOf(ArmResource assignment)
        {
            var roleDefinitionId = assignment.GetString("properties.roleDefinitionId");
            var rated = roleDefinitionId == null ? null : PrivilegeTierTable.InForce.Find(TierTableSection.AzureRoles, AiResourceTypes.LastSegment(roleDefinitionId));
            return rated?.Tier == GraphPermissionCatalog.TakeoverTier ? rated.Name : null;
        }

        /// <summary>The scope part of a role assignment id (everything before /providers/Microsoft.Authorization/).</summary>
        private static string ScopeOf(string assignmentId)
        {
            var cut = assignmentId.LastIndexOf("/providers/Microsoft.Authorization/", StringComparison.OrdinalIgnoreCase);
            return cut > 0 ? assignmentId.Substring(0, cut) : "/";
        }
    }
}
