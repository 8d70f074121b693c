using System;
using System.Collections.Generic;
using System.Management.Automation;
using ZeroTrustAI.Engine.Controls;

namespace ZeroTrustAI.PowerShell.Commands
{
    /// <summary>Lists the controls ZeroTrustAI checks, with their metadata; pipe them into Get-ZtaiAssessment.</summary>
    [Cmdlet(VerbsCommon.Get, "ZtaiControl")]
    [OutputType(typeof(ControlMetadata))]
    public sealed class GetZtaiControlCommand : ZtaiControlFilterCmdlet
    {
        // A control matched by several piped ids is written once.
        private readonly HashSet<string> _written = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Control ids, with wildcards.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ControlId")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Id { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var control in SelectControls(Id ?? Array.Empty<string>()))
            {
                if (_written.Add(control.Metadata.Id))
                {
                    WriteObject(control.Metadata);
                }
            }
        }
    }
}
