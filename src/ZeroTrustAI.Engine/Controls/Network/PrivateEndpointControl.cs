using System.Collections.Generic;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>
    /// The private endpoint family, declared: every resource of one type passes with at least one approved private
    /// endpoint connection, read inline or from separate child resources.
    /// </summary>
    public abstract class PrivateEndpointControl : Control
    {
        /// <summary>The full resource type judged, from <see cref="ResourceTypes"/>.</summary>
        protected abstract string ResourceType { get; }

        /// <summary>The resource in words, for reasons.</summary>
        protected virtual string Subject(ArmResource resource) => ResourceTypes.DisplayName(ResourceType);

        /// <summary>Null when the control applies to the resource; otherwise why not (the result is NotApplicable).</summary>
        protected virtual string? NotApplicableBecause(ArmResource resource) => null;

        protected sealed override DataRequirement ImpliedData =>
            DataRequirement.Requires(DataSets.Arm(ResourceType)).And(AiPrivateEndpointCheck.DataFor(ResourceType));

        public override IEnumerable<Finding> Evaluate(TenantSnapshot snapshot)
        {
            foreach (var resource in snapshot.ResourcesOfType(ResourceType))
            {
                var outOfScope = NotApplicableBecause(resource);
                yield return outOfScope == null
                    ? AiPrivateEndpointCheck.Judge(resource, Subject(resource))
                    : NotApplicable(ResultTarget.From(resource), $"{Subject(resource)}: {outOfScope}");
            }
        }
    }
}
