using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace ZeroTrustAI.Engine.Agents
{
    /// <summary>The relations a privilege path follows, as the words paths print.</summary>
    public static class PrivilegeRelation
    {
        /// <summary>An owner of an application or service principal can add a credential and sign in as it.</summary>
        public const string Owns = "owns";

        /// <summary>An application permission (app role) or a delegated grant.</summary>
        public const string Holds = "holds";

        /// <summary>A member of a group, directly or nested.</summary>
        public const string MemberOf = "memberOf";

        /// <summary>An active directory role or Azure role assignment.</summary>
        public const string AssignedRole = "assignedRole";

        /// <summary>A PIM-eligible directory role: activatable on demand.</summary>
        public const string EligibleFor = "eligibleFor";

        /// <summary>An agent identity receives what its blueprint principal holds.</summary>
        public const string Inherits = "inherits";

        /// <summary>Can obtain tokens as the target: a blueprint for its agent identities, an object-scoped application administrator.</summary>
        public const string CanActAs = "canActAs";

        /// <summary>An AI resource's managed identity.</summary>
        public const string ManagedIdentityOf = "managedIdentityOf";

        /// <summary>A federated identity credential: an outside issuer and subject that can sign in as the application.</summary>
        public const string FederatedWith = "federatedWith";
    }

    /// <summary>One step of a privilege path: from an identity, by a relation, to an identity or a permission.</summary>
    public sealed class PrivilegeEdge
    {
        // An edge to a permission names it from the entry when first read: every analysis makes an edge for each
        // permission, and most are never printed (a grant's id or a scope's description would be a new string each).
        private readonly PermissionEntry? _permission;
        private string? _toId;
        private string? _toName;

        public PrivilegeEdge(string fromId, string fromName, string fromKind, string relation, string toId, string toName, string toKind)
        {
            FromId = fromId;
            FromName = fromName;
            FromKind = fromKind;
            Relation = relation;
            _toId = toId;
            _toName = toName;
            ToKind = toKind;
        }

        /// <summary>An edge to a permission: its id (or name) and description are the entry's, read when asked.</summary>
        internal PrivilegeEdge(string fromId, string fromName, string fromKind, string relation, PermissionEntry permission, string toKind)
        {
            FromId = fromId;
            FromName = fromName;
            FromKind = fromKind;
            Relation = relation;
            _permission = permission;
            ToKind = toKind;
        }

        public string FromId { get; }

        public string FromName { get; }

        /// <summary>agent, blueprint, agentic app, managed identity, app, group, agent user, external issuer (issuer and subject of a federated credential).</summary>
        public string FromKind { get; }

        /// <summary>One of <see cref="PrivilegeRelation"/>'s words.</summary>
        public string Relation { get; }

        public string ToId => _toId ??= _permission!.Id ?? _permission.Name;

        public string ToName => _toName ??= _permission!.Describe();

        /// <summary>An identity kind as <see cref="FromKind"/>, or permission, directory role, Azure role.</summary>
        public string ToKind { get; }

        public override string ToString() => $"{FromKind} '{FromName}' -{Relation}-> {ToKind} '{ToName}'";
    }

    /// <summary>How an identity reaches a permission: the ordered edges, the permission, its tier and what it allows.</summary>
    public sealed class PrivilegePath
    {
        public PrivilegePath(IReadOnlyList<PrivilegeEdge> edges, PermissionEntry permission, int tier, string consequence)
        {
            if (edges == null || edges.Count == 0)
            {
                throw new ArgumentException("A path has at least one edge.", nameof(edges));
            }

            Edges = edges;
            Permission = permission;
            Tier = tier;
            Consequence = consequence;
        }

        public IReadOnlyList<PrivilegeEdge> Edges { get; }

        public PermissionEntry Permission { get; }

        public int Tier { get; }

        /// <summary>What the permission allows at its scope, e.g. "tenant takeover".</summary>
        public string Consequence { get; }

        /// <summary>Hops through other identities before the permission (0 for a permission held directly).</summary>
        public int Hops => Edges.Count - 1;

        /// <summary>e.g. <c>agent 'x' -owns-> app 'ci-deployer' -holds-> RoleManagement.ReadWrite.Directory => tenant takeover</c>.</summary>
        public override string ToString()
        {
            var text = new StringBuilder();
            text.Append(Edges[0].FromKind).Append(" '").Append(Edges[0].FromName).Append('\'');
            for (var i = 0; i < Edges.Count; i++)
            {
                var edge = Edges[i];
                text.Append(" -").Append(edge.Relation).Append("-> ");
                text.Append(i == Edges.Count - 1 ? Permission.Describe() : $"{edge.ToKind} '{edge.ToName}'");
            }

            return text.Append(" => ").Append(Consequence).ToString();
        }
    }

    /// <summary>What an identity can reach: data stores and subscriptions through Azure roles, and its tier-0 capabilities.</summary>
    public sealed class BlastRadius
    {
        public static readonly BlastRadius None = new BlastRadius(Array.Empty<string>(), Array.Empty<string>(), Array.Empty<string>());

        public BlastRadius(IReadOnlyList<string> dataStores, IReadOnlyList<string> subscriptions, IReadOnlyList<string> tier0Capabilities, IReadOnlyList<string>? outsideSignIns = null)
        {
            OutsideSignIns = outsideSignIns ?? Array.Empty<string>();
            DataStores = dataStores;
            Subscriptions = subscriptions;
            Tier0Capabilities = tier0Capabilities;
        }

        /// <summary>Resource ids of storage accounts, Cosmos DB accounts, key vaults and AI Search services under a tier 0 or 1 Azure role's scope.</summary>
        public IReadOnlyList<string> DataStores { get; }

        /// <summary>Subscription ids under the scope of any Azure role reached (a management group's subscriptions when the snapshot names them).</summary>
        public IReadOnlyList<string> Subscriptions { get; }

        /// <summary>The tier-0 permissions reached, as paths print them.</summary>
        public IReadOnlyList<string> Tier0Capabilities { get; }

        /// <summary>Outside issuers and subjects (federated identity credentials) that sign in as the identity or as one that acts as it.</summary>
        public IReadOnlyList<string> OutsideSignIns { get; }

        public override string ToString() =>
            $"{DataStores.Count} data stores, {Subscriptions.Count} subscriptions, {Tier0Capabilities.Count} tier-0 capabilities"
            + (OutsideSignIns.Count == 0 ? string.Empty : $", {OutsideSignIns.Count} outside sign-ins");
    }
}
