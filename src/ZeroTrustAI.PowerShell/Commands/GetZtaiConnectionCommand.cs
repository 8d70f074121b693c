using System.Management.Automation;
using ZeroTrustAI.Collector.Connection;

namespace ZeroTrustAI.PowerShell.Commands
{
    /// <summary>Shows the open connection: tenant, account, cloud, endpoints, sign-in method and granted permissions.</summary>
    [Cmdlet(VerbsCommon.Get, "ZtaiConnection")]
    [OutputType(typeof(ZtaiConnection))]
    public sealed class GetZtaiConnectionCommand : ZtaiCmdlet
    {
        protected override void EndProcessing()
        {
            var connection = ConnectionStore.Current;
            if (connection == null)
            {
                var exception = new ConnectionException(ConnectionErrorIds.NotConnected, "No tenant is connected. Run Connect-ZtaiTenant first.");
                WriteError(new ErrorRecord(exception, ConnectionErrorIds.NotConnected, ErrorCategory.ConnectionError, null));
                return;
            }

            WriteObject(connection);
        }
    }
}
