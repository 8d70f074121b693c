using System;
using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.AI
{
    /// <summary>No workload identity (any service principal or managed identity) holds a privileged directory role.</summary>
    public sealed class WorkloadIdentityPrivilegedDirectoryRoles : Control
    {
        protected override ControlDefinition Definition { get; } = new ControlDefinition
        {
            Id = "ZTAI-AI-003",
            Title = "Workload identities hold no privileged Microsoft Entra roles",
            Pillar = Pillar.AI,
            Principle = Principle.LeastPrivilege,
            Severity = Severity.High,
            Description = "Every service principal, managed identity or agent that holds a directory role (active or PIM-eligible) holds only roles that are not privileged.",
            Rationale = """
            Every service principal and managed identity — not only the ones recognised as agents — is a candidate for agentic
            use, and many AI apps still run as plain app registrations. Workload identities sign in with secrets, certificates or
            tokens that MFA does not protect and that end up in pipelines and app configuration. A privileged directory role on
            one of them is a standing path to the tenant for whoever steals the credential.
            """,
            Checks = """
            - Reads `graph/roleManagement.directory.roleAssignments` (and `roleEligibilityScheduleInstances` when present).
            - A principal is a workload identity when its `principalId` is a service principal in the snapshot (servicePrincipals,
              agent identities, blueprint principals), or when the expanded `principal.@odata.type` names a service principal,
              managed identity or agent identity. Users and groups are ignored.
            - Targets: every workload identity that holds at least one directory role. Privileged as in
              [ZTAI-AI-002](ZTAI-AI-002.md): rated tier 0 or 1 by the privilege tier table, or flagged `isPrivileged: true`
              (`isPrivileged: false` never lowers a rated role).
            - Pass: only non-privileged roles (for example Directory Readers, Reports Reader).
            """,
            Remediation = """
            Remove the privileged role from the service principal and grant the specific Microsoft Graph permission it needs, or a
            custom role scoped to an administrative unit:
            ```powershell
            Get-MgRoleManagementDirectoryRoleAssignment -Filter "principalId eq '<servicePrincipalId>'"
            Remove-MgRoleManagementDirectoryRoleAssignment -UnifiedRoleAssignmentId <assignmentId>
            ```
            Protect the remaining workload identities with Conditional Access for workload identities.
            """,
            References = new[]
            {
                "https://learn.microsoft.com/entra/identity/role-based-access-control/privileged-roles-permissions",
                "https://learn.microsoft.com/entra/workload-id/workload-identities-overview",
            },
            Mappings = new ControlMappings(
                workshop: new[] { "AI_017", "AI_018" },
                zeroTrustAssessment: new[] { "21836" },
                mcsb: new[] { "PA-1", "IM-3" },
                owaspLlm: new[] { "LLM06:2025 Excessive Agency" }),
            RequiredData = new[] { DataSets.Graph(GraphSetNames.ServicePrincipals), DataSets.Graph(GraphSetNames.RoleAssignments) },
            Uses = new[] { GraphDirectory.Data },
        };

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            var directory = GraphDirectory.For(snapshot);
            foreach (var group in directory.DirectoryRoleAssignments.GroupBy(r => r.PrincipalId, StringComparer.OrdinalIgnoreCase))
            {
                var sp = directory.FindServicePrincipal(group.Key);
                var expandedType = group.Select(r => r.Raw.GetString("principal.@odata.type")).FirstOrDefault(t => t != null);
                if (!sp.HasValue && !IsWorkloadType(expandedType))
                {
                    continue; // a user or group
                }

                var target = sp.HasValue
                    ? ResultTarget.FromGraph(sp.Value, "microsoft.graph.servicePrincipal")
                    : new ResultTarget(group.Key, group.Select(r => r.Raw.GetString("principal.displayName")).FirstOrDefault(n => n != null) ?? group.Key, expandedType!.TrimStart('#'));
                var privileged = group.Where(r => directory.IsPrivilegedRole(r.RoleDefinitionId, Agents.PrivilegeTierTable.InForce)).ToList();
                var evidence = DirectoryRoleEvidence.Of(directory, privileged);
                yield return privileged.Count == 0
                    ? Pass(target, $"Workload identity '{target.Name}' holds only non-privileged roles: {DirectoryRoleEvidence.Names(directory, group)}.", evidence)
                    : Fail(target, $"Workload identity '{target.Name}' holds privileged directory roles: {DirectoryRoleEvidence.Names(directory, privileged)}.", evidence)
                        .WithFix(GraphFixes.RemoveDirectoryRoles(directory, target.Name, privileged));
            }
        }

        private static bool IsWorkloadType(string? odataType) =>
            odataType != null
            && (odataType.IndexOf("servicePrincipal", StringComparison.OrdinalIgnoreCase) >= 0
                || odataType.IndexOf("managedIdentity", StringComparison.OrdinalIgnoreCase) >= 0
                || odataType.IndexOf("agentIdentity", StringComparison.OrdinalIgnoreCase) >= 0);
    }
}
