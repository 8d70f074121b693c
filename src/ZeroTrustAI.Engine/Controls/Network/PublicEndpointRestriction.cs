using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls.Network
{
    /// <summary>
    /// The shared rule of storage and Key Vault network controls: the public endpoint is off, or its firewall denies by
    /// default (only listed networks, private endpoints and, where configured, trusted services get through).
    /// </summary>
    internal static class PublicEndpointRestriction
    {
        internal const string PublicNetworkAccessPath = "properties.publicNetworkAccess";
        internal const string DefaultActionPath = "properties.networkAcls.defaultAction";

        internal static bool IsRestricted(ArmResource resource) =>
            "Disabled".EqualsIgnoreCase(resource.GetString(PublicNetworkAccessPath))
            || "Deny".EqualsIgnoreCase(resource.GetString(DefaultActionPath));

        internal static Evidence[] Evidence(ArmResource resource) => new[]
        {
            new Evidence(PublicNetworkAccessPath, resource.Raw.GetRawText(PublicNetworkAccessPath), "\"Disabled\", or the firewall below denies by default"),
            new Evidence(DefaultActionPath, resource.Raw.GetRawText(DefaultActionPath), "\"Deny\", or public network access disabled"),
        };

        internal static string Describe(ArmResource resource, string what)
        {
            if ("Disabled".EqualsIgnoreCase(resource.GetString(PublicNetworkAccessPath)))
            {
                return $"{what} has public network access disabled.";
            }

            if ("Deny".EqualsIgnoreCase(resource.GetString(DefaultActionPath)))
            {
                return $"{what} firewall denies by default (networkAcls.defaultAction is Deny).";
            }

            var access = resource.GetString(PublicNetworkAccessPath) ?? "absent (enabled by default)";
            var defaultAction = resource.GetString(DefaultActionPath) ?? "absent (Allow by default)";
            return $"{what} is reachable from any network: publicNetworkAccess is {access} and networkAcls.defaultAction is {defaultAction}.";
        }
    }
}
