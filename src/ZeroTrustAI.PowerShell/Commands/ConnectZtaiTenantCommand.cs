using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using ZeroTrustAI.Collector.Connection;

namespace ZeroTrustAI.PowerShell.Commands
{
    /// <summary>
    /// Signs in to a tenant for live collection (Microsoft Graph and Azure Resource Manager) with one of the
    /// Azure.Identity methods or with access tokens acquired elsewhere, and keeps the connection for the session.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "ZtaiTenant", DefaultParameterSetName = InteractiveSet)]
    [OutputType(typeof(ZtaiConnection))]
    public sealed class ConnectZtaiTenantCommand : ZtaiCmdlet
    {
        private const string InteractiveSet = "Interactive";
        private const string DeviceCodeSet = "DeviceCode";
        private const string ClientSecretSet = "ClientSecret";
        private const string CertificateFileSet = "CertificateFile";
        private const string CertificateThumbprintSet = "CertificateThumbprint";
        private const string ManagedIdentitySet = "ManagedIdentity";
        private const string WorkloadIdentitySet = "WorkloadIdentity";
        private const string AzureCliSet = "AzureCli";
        private const string AccessTokenSet = "AccessToken";

        /// <summary>Tenant id or verified domain.</summary>
        [Parameter(ParameterSetName = InteractiveSet)]
        [Parameter(ParameterSetName = DeviceCodeSet)]
        [Parameter(ParameterSetName = ClientSecretSet, Mandatory = true)]
        [Parameter(ParameterSetName = CertificateFileSet, Mandatory = true)]
        [Parameter(ParameterSetName = CertificateThumbprintSet, Mandatory = true)]
        [Parameter(ParameterSetName = ManagedIdentitySet)]
        [Parameter(ParameterSetName = WorkloadIdentitySet, Mandatory = true)]
        [Parameter(ParameterSetName = AzureCliSet)]
        [Parameter(ParameterSetName = AccessTokenSet)]
        [ValidateNotNullOrEmpty]
        public string? TenantId { get; set; }

        /// <summary>Device code sign-in instead of a browser window.</summary>
        [Parameter(ParameterSetName = DeviceCodeSet, Mandatory = true)]
        public SwitchParameter DeviceCode { get; set; }

        /// <summary>The application (client) id; for managed identity, a user-assigned identity's client id.</summary>
        [Parameter(ParameterSetName = InteractiveSet)]
        [Parameter(ParameterSetName = DeviceCodeSet)]
        [Parameter(ParameterSetName = ClientSecretSet, Mandatory = true)]
        [Parameter(ParameterSetName = CertificateFileSet, Mandatory = true)]
        [Parameter(ParameterSetName = CertificateThumbprintSet, Mandatory = true)]
        [Parameter(ParameterSetName = ManagedIdentitySet)]
        [Parameter(ParameterSetName = WorkloadIdentitySet, Mandatory = true)]
        [Alias("ApplicationId", "AppId")]
        [ValidateNotNullOrEmpty]
        public string? ClientId { get; set; }

        [Parameter(ParameterSetName = ClientSecretSet, Mandatory = true)]
        [ValidateNotNull]
        public SecureString? ClientSecret { get; set; }

        [Parameter(ParameterSetName = CertificateFileSet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string? CertificatePath { get; set; }

        [Parameter(ParameterSetName = CertificateFileSet)]
        public SecureString? CertificatePassword { get; set; }

        [Parameter(ParameterSetName = CertificateThumbprintSet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string? CertificateThumbprint { get; set; }

        /// <summary>Sign in as the managed identity of the Azure resource this runs on.</summary>
        [Parameter(ParameterSetName = ManagedIdentitySet, Mandatory = true)]
        [Alias("ManagedIdentity")]
        public SwitchParameter Identity { get; set; }

        /// <summary>A user-assigned managed identity by its ARM resource id.</summary>
        [Parameter(ParameterSetName = ManagedIdentitySet)]
        [ValidateNotNullOrEmpty]
        public string? ResourceId { get; set; }

        [Parameter(ParameterSetName = WorkloadIdentitySet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string? FederatedTokenFile { get; set; }

        [Parameter(ParameterSetName = AzureCliSet, Mandatory = true)]
        public SwitchParameter AzureCli { get; set; }

        [Parameter(ParameterSetName = AccessTokenSet)]
        [ValidateNotNull]
        public SecureString? GraphAccessToken { get; set; }

        [Parameter(ParameterSetName = AccessTokenSet)]
        [ValidateNotNull]
        public SecureString? ArmAccessToken { get; set; }

        /// <summary>Global, USGovernment, USGovernmentDoD or China.</summary>
        /// <remarks>
        /// A string, not the CloudEnvironment enum: PowerShell lays out the cmdlet types before the module
        /// initializer can make the collector assembly loadable, and an enum-typed property would need it then.
        /// </remarks>
        [Parameter]
        [ValidateSet(nameof(CloudEnvironment.Global), nameof(CloudEnvironment.USGovernment), nameof(CloudEnvironment.USGovernmentDoD), nameof(CloudEnvironment.China), IgnoreCase = true)]
        public string Environment { get; set; } = nameof(CloudEnvironment.Global);

        [Parameter]
        [ValidateNotNull]
        public Uri? GraphEndpoint { get; set; }

        [Parameter]
        [ValidateNotNull]
        public Uri? ArmEndpoint { get; set; }

        /// <summary>Keep the connection without acquiring or reading a token first.</summary>
        [Parameter]
        public SwitchParameter SkipValidation { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            ConnectionOptions options;
            try
            {
                options = BuildOptions();
                _ = options.Endpoints; // checks the endpoint overrides before anything signs in
            }
            catch (ArgumentException exception)
            {
                ThrowTerminatingError(new ErrorRecord(exception, ConnectionErrorIds.InvalidConnectionOptions, ErrorCategory.InvalidArgument, null));
                return;
            }

            WriteVerbose($"Connecting with {options.Method} sign-in to the {options.Environment} cloud (Graph {options.Endpoints.Graph}, ARM {options.Endpoints.Arm}){(SkipValidation ? " without validation" : string.Empty)}.");
            ZtaiConnection connection;
            try
            {
                connection = RunWithMessages(options);
            }
            catch (ConnectionException exception)
            {
                ThrowTerminatingError(new ErrorRecord(exception, exception.ErrorId, CategoryOf(exception.ErrorId), null));
                return;
            }

            ConnectionStore.Set(connection);
            var permissions = connection.GrantedPermissions.ToList();
            WriteVerbose($"Connected to tenant {connection.TenantId ?? "(unknown)"} as {connection.Account ?? "(unknown account)"} ({connection.AccountType ?? "account type not read"}); Graph permissions: {(permissions.Count == 0 ? "none read" : string.Join(", ", permissions))}.");
            if (PassThru)
            {
                WriteObject(connection);
            }
        }

        private ConnectionOptions BuildOptions()
        {
            var method = ParameterSetName switch
            {
                DeviceCodeSet => AuthMethod.DeviceCode,
                ClientSecretSet => AuthMethod.ClientSecret,
                CertificateFileSet => AuthMethod.Certificate,
                CertificateThumbprintSet => AuthMethod.Certificate,
                ManagedIdentitySet => AuthMethod.ManagedIdentity,
                WorkloadIdentitySet => AuthMethod.WorkloadIdentity,
                AzureCliSet => AuthMethod.AzureCli,
                AccessTokenSet => AuthMethod.AccessToken,
                _ => AuthMethod.Interactive,
            };
            return new ConnectionOptions
            {
                Method = method,
                Environment = (CloudEnvironment)Enum.Parse(typeof(CloudEnvironment), Environment, ignoreCase: true),
                TenantId = TenantId,
                ClientId = ClientId,
                ClientSecret = ClientSecret,
                CertificatePath = CertificatePath == null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(CertificatePath),
                CertificatePassword = CertificatePassword,
                CertificateThumbprint = CertificateThumbprint,
                ManagedIdentityResourceId = ResourceId,
                FederatedTokenFile = FederatedTokenFile == null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(FederatedTokenFile),
                GraphAccessToken = GraphAccessToken,
                ArmAccessToken = ArmAccessToken,
                GraphEndpoint = GraphEndpoint,
                ArmEndpoint = ArmEndpoint,
            };
        }

        /// <summary>
        /// Connects on a worker thread while this (the pipeline) thread shows the device code message, which
        /// Azure.Identity reports from its own thread, where WriteWarning may not be called.
        /// </summary>
        private ZtaiConnection RunWithMessages(ConnectionOptions options)
        {
            using var messages = new BlockingCollection<string>();
            options.DeviceCodeCallback = (message, _) =>
            {
                messages.Add(message, CancellationToken.None);
                return Task.CompletedTask;
            };
            var connecting = Task.Run(() => ZtaiConnector.ConnectAsync(options, SkipValidation, CancellationToken), CancellationToken);
            _ = connecting.ContinueWith(_ => CompleteQuietly(messages), TaskScheduler.Default);
            try
            {
                foreach (var message in messages.GetConsumingEnumerable(CancellationToken))
                {
                    WriteWarning(message);
                }

                return connecting.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException exception)
            {
                throw new PipelineStoppedException("Connecting was stopped.", exception);
            }
        }

        private static void CompleteQuietly(BlockingCollection<string> messages)
        {
            try
            {
                messages.CompleteAdding();
            }
            catch (ObjectDisposedException)
            {
                // The command was stopped and has already let go of the messages.
            }
        }

        private static ErrorCategory CategoryOf(string errorId) => errorId switch
        {
            ConnectionErrorIds.InvalidConnectionOptions => ErrorCategory.InvalidArgument,
            ConnectionErrorIds.InvalidAccessToken => ErrorCategory.InvalidArgument,
            ConnectionErrorIds.CertificateNotFound => ErrorCategory.ObjectNotFound,
            ConnectionErrorIds.TokenExpired => ErrorCategory.AuthenticationError,
            ConnectionErrorIds.TenantMismatch => ErrorCategory.InvalidArgument,
            _ => ErrorCategory.AuthenticationError,
        };
    }
}
