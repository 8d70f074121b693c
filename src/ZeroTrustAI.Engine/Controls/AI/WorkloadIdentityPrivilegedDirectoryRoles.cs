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
        public override ControlMetadata Metadata { get; } = new ControlMetadata
        {
            Id = "ZTAI-AI-003",
            Title = "Workload identities hold no privileged Microsoft Entra roles",
            Pillar = Pillar.AI,
            Principle = Principle.LeastPrivilege,
            Severity = Severity.High,
            Description = "Every service principal, managed identity or agent that holds a directory role (active or PIM-eligible) holds only roles that are not privileged.",
            Rationale = "Workload identities authenticate with secrets, certificates or tokens that are not protected by MFA and are often copied into pipelines and AI app configuration. A privileged role on one of them is a standing path to the tenant for anyone who steals the credential.",
            Remediation = "Remove the privileged role from the service principal; grant the specific Graph permission or a custom role scoped to an administrative unit instead. Review with Get-MgRoleManagementDirectoryRoleAssignment -Filter \"principalId eq '<id>'\".",
            References = new[]
            {
                "https://learn.microsoft.com/entra/identity/role-based-access-control/privileged-roles-permissions",
                "https://learn.microsoft.com/entra/workload-id/workload-identities-overview",
            },
            Mappings = new ControlMappings
            {
                Workshop = new[] { "AI_017", "AI_018" },
                ZeroTrustAssessment = new[] { "21836" },
                Mcsb = new[] { "PA-1", "IM-3" },
                OwaspLlm = new[] { "LLM06:2025 Excessive Agency" },
            },
            RequiredData = new[] { DataSets.Graph(GraphSetNames.ServicePrincipals), DataSets.Graph(GraphSetNames.RoleAssignments) },
            OptionalData = GraphSetNames.DirectoryDataSets,
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
                var privileged = group.Where(r => directory.IsPrivilegedRole(r.RoleDefinitionId)).ToList();
                var evidence = DirectoryRoleEvidence.Of(directory, privileged);
                yield return privileged.Count == 0
                    ? Pass(target, $"Workload identity '{target.Name}' holds only non-privileged roles: {DirectoryRoleEvidence.Names(directory, group)}.", evidence)
                    : Fail(target, $"Workload identity '{target.Name}' holds privileged directory roles: {DirectoryRoleEvidence.Names(directory, privileged)}.", evidence);
            }
        }

        private static bool IsWorkloadType(string? odataType) =>
            odataType != null
            && (odataType.IndexOf("servicePrincipal", StringComparison.OrdinalIgnoreCase) >= 0
                || odataType.IndexOf("managedIdentity", StringComparison.OrdinalIgnoreCase) >= 0
                || odataType.IndexOf("agentIdentity", StringComparison.OrdinalIgnoreCase) >= 0);
    }
}
