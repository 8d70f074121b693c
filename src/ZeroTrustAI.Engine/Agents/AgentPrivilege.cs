using System;
using System.Collections.Generic;

namespace ZeroTrustAI.Engine.Agents
{
    /// <summary>What sort of identity an agent or AI app runs as.</summary>
    public enum AgentKind
    {
        /// <summary>An Entra Agent ID agent identity or agent identity blueprint principal.</summary>
        AgentIdentity,

        /// <summary>An ordinary service principal of an AI application.</summary>
        ServicePrincipal,

        /// <summary>The managed identity of an AI resource (AI Services account, Foundry hub or project, AI Search).</summary>
        ManagedIdentity,
    }

    /// <summary>How a permission reaches the identity.</summary>
    public enum PermissionKind
    {
        /// <summary>An application permission (app role assignment), e.g. Microsoft Graph Mail.Read.</summary>
        ApplicationRole,

        /// <summary>A delegated permission from an OAuth2 permission grant.</summary>
        DelegatedScope,

        /// <summary>An Entra directory role assignment.</summary>
        DirectoryRole,

        /// <summary>An Azure RBAC role assignment.</summary>
        AzureRole,
    }

    /// <summary>One permission held by an agent, resolved to a name.</summary>
    public sealed class PermissionEntry
    {
        public PermissionEntry(PermissionKind kind, string name, string resource, string? id, int tier, string? scope = null, bool allPrincipals = false, bool isEligible = false)
        {
            IsEligible = isEligible;
            Kind = kind;
            Name = name;
            Resource = resource;
            Id = id;
            Tier = tier;
            Scope = scope;
            AllPrincipals = allPrincipals;
        }

        public PermissionKind Kind { get; }

        /// <summary>The permission's name (Mail.Read, Global Administrator, Owner); the id when it cannot be resolved.</summary>
        public string Name { get; }

        /// <summary>The resource it applies to (Microsoft Graph, Microsoft Entra ID, an Azure scope's owner).</summary>
        public string Resource { get; }

        /// <summary>The app role, role definition or scope id, when there is one.</summary>
        public string? Id { get; }

        /// <summary>0 = can take over the tenant or a subscription, 1 = broad access to sensitive data, 2 = limited.</summary>
        public int Tier { get; }

        /// <summary>Where it applies: a directory scope, an Azure scope, or null for tenant-wide.</summary>
        public string? Scope { get; }

        /// <summary>For delegated scopes: consented for all users (consentType AllPrincipals).</summary>
        public bool AllPrincipals { get; }

        /// <summary>For directory roles: a PIM eligibility (activatable on demand) rather than an active assignment.</summary>
        public bool IsEligible { get; }

        public override string ToString() => Kind switch
        {
            PermissionKind.DelegatedScope => AllPrincipals ? $"{Name} (delegated, all users)" : $"{Name} (delegated)",
            PermissionKind.DirectoryRole when IsEligible => $"{Name} (eligible)",
            _ => Name,
        };
    }

    /// <summary>The privilege of one agent or AI-app identity, with the permissions that set its tier.</summary>
    public sealed class AgentPrivilege
    {
        public AgentPrivilege(string id, string displayName, string? appId, AgentKind kind, int privilegeTier, IReadOnlyList<PermissionEntry> permissions, IReadOnlyList<string> paths)
        {
            Id = id;
            DisplayName = displayName;
            AppId = appId;
            Kind = kind;
            PrivilegeTier = privilegeTier;
            Permissions = permissions;
            Paths = paths;
        }

        /// <summary>The service principal's object id.</summary>
        public string Id { get; }

        public string DisplayName { get; }

        public string? AppId { get; }

        public AgentKind Kind { get; }

        /// <summary>The lowest (most powerful) tier of any permission held; 2 when it holds nothing notable.</summary>
        public int PrivilegeTier { get; }

        public IReadOnlyList<PermissionEntry> Permissions { get; }

        /// <summary>Attack paths from this identity (filled by a later analysis; may be empty).</summary>
        public IReadOnlyList<string> Paths { get; }

        /// <summary>Risk, sign-in and recent grants of the identity (set by <see cref="AgentActivityIndex.Attach"/>; null when not asked for).</summary>
        public AgentActivity? Activity { get; internal set; }

        public override string ToString() => $"{DisplayName} (tier {PrivilegeTier})";
    }
}
