using System.Collections.Generic;
using System.Linq;

namespace ZeroTrustAI.Engine.Agents
{
    /// <summary>
    /// The Graph sets that say what identities do rather than how they are configured: Entra ID Protection risk,
    /// sign-in activity per application and per credential, the directory audit events that grant power, and the
    /// tenant's app management policy. Each needs its own permission and most a licence (docs/permissions.md).
    /// </summary>
    public static class BehaviourSetNames
    {
        public const string RiskyAgents = "identityProtection.riskyAgents";
        public const string AgentRiskDetections = "identityProtection.agentRiskDetections";
        public const string RiskyServicePrincipals = "identityProtection.riskyServicePrincipals";
        public const string ServicePrincipalRiskDetections = "identityProtection.servicePrincipalRiskDetections";
        public const string ServicePrincipalSignInActivities = "reports.servicePrincipalSignInActivities";
        public const string AppCredentialSignInActivities = "reports.appCredentialSignInActivities";
        public const string DirectoryAudits = "auditLogs.directoryAudits";
        public const string DefaultAppManagementPolicy = "policies.defaultAppManagementPolicy";

        /// <summary>The default audit window, in days before the collection (Save-ZtaiSnapshot -AuditWindowDays).</summary>
        public const int DefaultAuditWindowDays = 30;

        /// <summary>Placeholder in the directory audit filter that the collector replaces with the window's start.</summary>
        public const string WindowStartToken = "{windowStart}";

        /// <summary>
        /// Directory audit activities that give an identity power: an application permission, a consent, a credential,
        /// an owner, a directory role. The credential activity is spelled with a hyphen in Microsoft's list and with an
        /// en dash in the logs, so both are asked for.
        /// </summary>
        public static readonly IReadOnlyList<string> GrantActivities = new[]
        {
            "Add app role assignment to service principal",
            "Consent to application",
            "Add service principal credentials",
            "Update application - Certificates and secrets management",
            "Update application \u2013 Certificates and secrets management",
            "Add owner to application",
            "Add owner to service principal",
            "Add member to role",
        };

        /// <summary>
        /// The server-side filter of the audit collection: the window (activityDateTime supports ge) and the grant
        /// activities (activityDisplayName supports eq), so only the events the controls read leave the tenant.
        /// </summary>
        public static string AuditFilter =>
            "activityDateTime ge " + WindowStartToken + " and ("
            + string.Join(" or ", GrantActivities.Select(a => "activityDisplayName eq '" + a.Replace("'", "''") + "'"))
            + ")";
    }
}
