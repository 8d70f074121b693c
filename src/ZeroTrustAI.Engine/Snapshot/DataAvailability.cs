namespace ZeroTrustAI.Engine.Snapshot
{
    /// <summary>Whether a data set a control needs can be trusted.</summary>
    public enum DataState
    {
        /// <summary>Read in full.</summary>
        Available,

        /// <summary>Not in the snapshot at all: the control is Skipped.</summary>
        Missing,

        /// <summary>Not collected on purpose or for lack of permission: the control is Skipped with the reason.</summary>
        NotCollected,

        /// <summary>
        /// A collected snapshot whose manifest does not list the set: it was never asked for. A control that requires it
        /// is Skipped; a set read only when present (child resources that usually come inline) is simply absent.
        /// </summary>
        Unlisted,

        /// <summary>A file could not be read, or the collection failed or stopped part way: the control reports Error.</summary>
        Incomplete,
    }

    /// <summary>The state of one data set and, when not available, why.</summary>
    public sealed class DataAvailability
    {
        public static readonly DataAvailability Available = new DataAvailability(DataState.Available, string.Empty);

        public DataAvailability(DataState state, string reason)
        {
            State = state;
            Reason = reason;
        }

        public DataState State { get; }

        public string Reason { get; }
    }

    /// <summary>Names of the data sets controls declare. Graph sets are named as their files; ARM sets by resource type.</summary>
    public static class DataSets
    {
        public const string GraphPrefix = "graph/";
        public const string ArmPrefix = "arm/";

        /// <summary>A Microsoft Graph entity set, e.g. <c>Graph("servicePrincipals")</c> = "graph/servicePrincipals".</summary>
        public static string Graph(string set) => GraphPrefix + set;

        /// <summary>Azure resources of one type, e.g. <c>Arm("Microsoft.KeyVault/vaults")</c>.</summary>
        public static string Arm(string resourceType) => ArmPrefix + resourceType;

        public const string PurviewPrefix = "purview/";

        /// <summary>
        /// The output of one read-only Purview cmdlet, e.g. <c>Purview("Get-DlpCompliancePolicy")</c> =
        /// "purview/Get-DlpCompliancePolicy" (file purview/Get-DlpCompliancePolicy.json).
        /// </summary>
        public static string Purview(string cmdlet) => PurviewPrefix + cmdlet;
    }
}
