using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Graph;

namespace ZeroTrustAI.Engine.Reporting.Estate
{
    /// <summary>Maps the analyzer's privilege of an agent to the paths the report draws.</summary>
    public static class EstatePaths
    {
        /// <summary>The drawn paths of one agent: each of its tier-0 and tier-1 privilege paths, edge by edge.</summary>
        public static IReadOnlyList<EstatePath> Of(AgentPrivilege privilege) =>
            privilege.Paths
                .OrderBy(p => p.Tier)
                .Select(p => new EstatePath(
                    privilege.Id,
                    p.Tier,
                    p.Edges.Select(e => new EstatePathStep(e.FromName, e.Relation, e.ToName, e.ToKind)).ToList(),
                    p.Consequence))
                .ToList();

        /// <summary>What holding a permission of a tier means, in words.</summary>
        public static string Consequence(int tier) => tier switch
        {
            GraphPermissionCatalog.TakeoverTier => "can take over the tenant or a subscription",
            GraphPermissionCatalog.SensitiveDataTier => "can read or change sensitive data at scale",
            _ => "limited access",
        };

        /// <summary>A permission as one label: "Mail.Read on Microsoft Graph", "Owner on /subscriptions/...".</summary>
        public static string PermissionLabel(PermissionEntry permission) =>
            permission + (permission.Kind == PermissionKind.AzureRole ? " on " + (permission.Scope ?? "/") : permission.Kind == PermissionKind.DirectoryRole ? string.Empty : " on " + permission.Resource);

        private static string Holds(PermissionEntry permission) => permission.Kind switch
        {
            PermissionKind.DirectoryRole => permission.IsEligible ? "is eligible for" : "holds role",
            PermissionKind.AzureRole => "holds role",
            PermissionKind.DelegatedScope => "is granted",
            _ => "holds",
        };
    }
}
