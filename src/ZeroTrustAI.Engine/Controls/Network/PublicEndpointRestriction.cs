using System.Collections.Generic;
using ZeroTrustAI.Engine.Controls.Rules;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>
    /// The shared rule of the storage and Key Vault network controls: the public endpoint is off, or its firewall denies
    /// by default (only listed networks, private endpoints and, where configured, trusted services get through).
    /// </summary>
    internal static class PublicEndpointRestriction
    {
        public const string PassText = "is not reachable from every network";

        public const string FailText = "is reachable from any network";

        public static readonly IReadOnlyList<PropertyExpectation> Expectations = new[]
        {
            new PropertyExpectation("properties.publicNetworkAccess", "Disabled") { Default = "Enabled", AbsentMeans = "enabled by default" },
            new PropertyExpectation("properties.networkAcls.defaultAction", "Deny") { Default = "Allow", AbsentMeans = "Allow by default" },
        };
    }
}
