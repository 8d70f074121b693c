using System;
using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Settings;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>The "double agent": an agent that holds a Microsoft Graph application permission with a path to Global Administrator.</summary>
    public sealed class AgentTier0GraphPermissions : AgentAppRoleControl
    {
        /// <summary>The settings parameter naming permissions a team rates tier 0 beyond the built-in table.</summary>
        internal const string AdditionalTier0PermissionsParameter = "additionalTier0Permissions";

        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-001",
            Title = "Agents hold no tier-0 Microsoft Graph application permissions",
            Pillar = Pillar.AI,
            Principle = Principle.LeastPrivilege,
            Severity = Severity.Critical,
            Description = "No agent identity, agent blueprint principal, agentic app or AI-resource managed identity holds a Microsoft Graph application permission (app role) rated tier 0, such as RoleManagement.ReadWrite.Directory or Application.ReadWrite.All.",
            Rationale = """
            An agent reads untrusted content — mail, documents, web pages, tool output — and decides what to call next. If its
            identity holds a Microsoft Graph application permission with a known path to Global Administrator, one successful
            prompt injection (or one stolen agent token) turns it into a "double agent": it can assign itself a directory role,
            add a secret to a more privileged app, or issue a Temporary Access Pass for an administrator, with no user in the loop
            and no MFA prompt. Tier 0 follows the azure-tiering project: RoleManagement.ReadWrite.Directory,
            AppRoleAssignment.ReadWrite.All, Application.ReadWrite.All, Directory.ReadWrite.All, Group.ReadWrite.All,
            User.ReadWrite.All, UserAuthenticationMethod.ReadWrite.All, Policy.ReadWrite.ConditionalAccess and others. ZeroTrustAI
            also rates AgentIdentityBlueprint.ReadWrite.All and AgentIdentityBlueprint.AddRemoveCreds.All tier 0: credentials on
            a blueprint let the holder act as every agent created from it.
            """,
            Checks = """
            - Agents are: objects in `graph/servicePrincipals.microsoft.graph.agentIdentity` and
              `graph/servicePrincipals.microsoft.graph.agentIdentityBlueprintPrincipal` (or service principals with that
              `@odata.type`); service principals whose `tags` contain `AgenticApp`, `AgenticInstance` or start with
              `power-virtual-agents-`; and `ManagedIdentity` service principals of Azure AI resources (an `alternativeNames` entry
              with a `Microsoft.CognitiveServices/accounts`, `Microsoft.MachineLearningServices/workspaces` or
              `Microsoft.Search/searchServices` resource id, or an id equal to such a resource's `identity.principalId` under arm/).
            - App role assignments granted to each agent are read from `appRoleAssignments` expanded on the service principal and
              from `graph/servicePrincipals.appRoleAssignments` (`principalId`, `resourceId`, `appRoleId`); for agent identities
              also from an expanded `inheritedAppRoleAssignments` (permissions inherited from the blueprint principal).
            - Each `appRoleId` is named through the resource service principal's `appRoles` (`id` → `value`); when the resource is
              not in the snapshot, through the built-in Microsoft Graph table.
            - Pass: no assignment resolves to a tier-0 Microsoft Graph permission. One result per agent.
            - No agents → NotApplicable. No app role assignment data at all → Skipped (nothing can be ruled out).
            """,
            Remediation = """
            1. Remove the assignment: Entra admin center > Enterprise applications (or Agent ID) > the agent > Permissions >
               revoke, or
               ```powershell
               Remove-MgServicePrincipalAppRoleAssignment -ServicePrincipalId <agentId> -AppRoleAssignmentId <assignmentId>
               ```
            2. Grant the narrowest permission the task needs (a `*.Selected` permission, a read-only permission, or delegated
               access on behalf of the user).
            3. Keep administrative automation on a separate, non-agent workload identity under change control, and protect it with
               Conditional Access for workload identities.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/graph/api/resources/agentid-platform-overview",
                "https://learn.microsoft.com/graph/permissions-reference",
                "https://learn.microsoft.com/entra/identity/enterprise-apps/manage-application-permissions",
                "https://github.com/emiliensocchi/azure-tiering (Microsoft Graph application permission tiers)",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_084", "AI_149" },
                zeroTrustAssessment: new[] { "21770", "21867" },
                mcsb: new[] { "PA-7", "IM-3" },
                owaspLlm: new[] { "LLM06:2025 Excessive Agency" }),
            Parameters = new[]
            {
                ControlParameter.StringList(AdditionalTier0PermissionsParameter, "Application permission names (app role values, e.g. Sites.FullControl.All) also rated tier 0; compared ignoring case."),
            },
        };

        protected override Finding Judge(DirectoryAgent agent, IReadOnlyList<PermissionEntry> appRoles)
        {
            var additional = new HashSet<string>(Parameters.GetStringList(AdditionalTier0PermissionsParameter), StringComparer.OrdinalIgnoreCase);
            var tier0 = appRoles.Where(p => p.Tier == GraphPermissionCatalog.TakeoverTier || additional.Contains(p.Name)).ToList();
            var evidence = AgentFindings.PermissionEvidence("appRoleAssignments[].appRoleId", tier0, "no tier-0 Microsoft Graph application permission");
            var target = AgentFindings.Target(agent);
            return tier0.Count == 0
                ? Pass(target, $"{AgentFindings.Describe(agent)} holds no tier-0 Microsoft Graph application permission.", evidence)
                : Fail(target, $"{AgentFindings.Describe(agent)} holds tier-0 Microsoft Graph permissions: {AgentFindings.Names(tier0)}.", evidence);
        }
    }
}
