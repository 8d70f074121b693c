using System.Management.Automation;
using ZeroTrustAI.Collector.Connection;

namespace ZeroTrustAI.PowerShell.Commands
{
    /// <summary>Forgets the open connection and its credential; with -PassThru, returns the connection that was closed.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "ZtaiTenant")]
    [OutputType(typeof(ZtaiConnection))]
    public sealed class DisconnectZtaiTenantCommand : ZtaiCmdlet
    {
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            var previous = ConnectionStore.Clear();
            if (previous == null)
            {
                WriteVerbose("No tenant was connected.");
                return;
            }

            WriteVerbose($"Disconnected from tenant {previous.TenantId ?? "(unknown)"} ({previous.Account ?? "unknown account"}).");
            if (PassThru)
            {
                WriteObject(previous);
            }
        }
    }
}
