using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Graph;

namespace ZeroTrustAI.Engine.Reporting.Estate
{
    /// <summary>Maps the analyzer's privilege of an agent to the paths the report draws.</summary>
    public static class EstatePaths
    {
        /// <summary>
        /// The drawn paths of one agent: today each tier-0 or tier-1 permission it holds directly is a one-step chain.
        /// This is the only function that reads the analyzer's types; when AgentPrivilege.Paths carries real chains
        /// (edges of owns / member of / holds), map each edge to a step here.
        /// </summary>
        public static IReadOnlyList<EstatePath> Of(AgentPrivilege privilege) =>
            privilege.Permissions
                .Where(p => p.Tier <= GraphPermissionCatalog.SensitiveDataTier)
                .OrderBy(p => p.Tier)
                .Select(p => new EstatePath(
                    privilege.Id,
                    p.Tier,
                    new[] { new EstatePathStep(privilege.DisplayName, Holds(p), PermissionLabel(p), p.Kind == PermissionKind.ApplicationRole || p.Kind == PermissionKind.DelegatedScope ? "permission" : "role") },
                    Consequence(p.Tier)))
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
