using System;
using System.Collections.Generic;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>
    /// A firewall policy setting resolved through the policy hierarchy (<c>properties.basePolicy.id</c>). A child
    /// policy inherits threat intelligence and IDPS modes from its parent and may only make them stricter, so the
    /// effective mode is the strictest along the chain (Firewall Manager, "Hierarchical policies").
    /// </summary>
    internal sealed class InheritedMode
    {
        internal const string BasePolicyPath = "properties.basePolicy.id";

        /// <summary>threatIntelMode and intrusionDetection.mode values, weakest to strictest.</summary>
        internal static readonly string[] OffAlertDeny = { "Off", "Alert", "Deny" };

        private InheritedMode(string? value, ArmResource? source, string? missingParentId, IReadOnlyList<Evidence> evidence)
        {
            Value = value;
            Source = source;
            MissingParentId = missingParentId;
            Evidence = evidence;
        }

        /// <summary>The effective mode; null when no policy in the chain sets it (the service default applies).</summary>
        public string? Value { get; }

        /// <summary>The policy the effective mode comes from (the policy itself, or an ancestor).</summary>
        public ArmResource? Source { get; }

        /// <summary>The id of a parent policy the snapshot does not hold: a stricter mode may be inherited from it.</summary>
        public string? MissingParentId { get; }

        /// <summary>The mode and base policy read on each policy of the chain.</summary>
        public IReadOnlyList<Evidence> Evidence { get; }

        public bool IsInherited(ArmResource policy) => Source != null && !ReferenceEquals(Source, policy);

        /// <summary>"" for the policy's own value, or " (inherited from parent policy 'x')".</summary>
        public string FromText(ArmResource policy) => IsInherited(policy) ? $" (inherited from parent policy '{Source!.Name}')" : string.Empty;

        /// <summary>Resolves <paramref name="path"/> for <paramref name="policy"/>; <paramref name="ascending"/> lists the modes from weakest to strictest.</summary>
        public static InheritedMode Resolve(TenantSnapshot snapshot, ArmResource policy, string path, string expected, IReadOnlyList<string> ascending)
        {
            var evidence = new List<Evidence>();
            var visited = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            string? best = null;
            ArmResource? source = null;
            string? missing = null;
            for (var current = policy; current != null && visited.Add(current.Id);)
            {
                var value = current.GetString(path);
                var prefix = ReferenceEquals(current, policy) ? string.Empty : $"parent policy '{current.Name}': ";
                evidence.Add(new Evidence(prefix + path, current.Raw.GetRawText(path), expected));

                // The child is read first, so on a tie the mode is credited to the policy closest to it.
                if (value != null && (best == null || Rank(value, ascending) > Rank(best, ascending)))
                {
                    best = value;
                    source = current;
                }

                var parentId = current.GetString(BasePolicyPath);
                if (parentId == null)
                {
                    break;
                }

                evidence.Add(new Evidence(prefix + BasePolicyPath, current.Raw.GetRawText(BasePolicyPath), "the parent policy, when there is one"));
                var parent = snapshot.GetResource(parentId);
                if (parent == null)
                {
                    missing = parentId;
                }

                current = parent;
            }

            return new InheritedMode(best, source, missing, evidence);
        }

        private static int Rank(string value, IReadOnlyList<string> ascending)
        {
            for (var i = 0; i < ascending.Count; i++)
            {
                if (ascending[i].EqualsIgnoreCase(value))
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
