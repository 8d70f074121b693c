using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Linq;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Controls.Coverage;

namespace ZeroTrustAI.PowerShell.Commands
{
    /// <summary>Lists the controls ZeroTrustAI checks, with their metadata; pipe them into Get-ZtaiAssessment.</summary>
    [Cmdlet(VerbsCommon.Get, "ZtaiControl", DefaultParameterSetName = ControlsSet)]
    [OutputType(typeof(ControlMetadata), ParameterSetName = new[] { ControlsSet })]
    [OutputType(typeof(WorkshopCoverageItem), ParameterSetName = new[] { CoverageSet })]
    public sealed class GetZtaiControlCommand : ZtaiControlFilterCmdlet
    {
        // A control matched by several piped ids is written once.
        private readonly HashSet<string> _written = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        private const string ControlsSet = "Controls";
        private const string CoverageSet = "Coverage";

        /// <summary>Control ids, with wildcards.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ControlsSet)]
        [Alias("ControlId")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Id { get; set; }

        /// <summary>Instead of controls, every Zero Trust Workshop AI item with how far the (selected) controls check it.</summary>
        [Parameter(Mandatory = true, ParameterSetName = CoverageSet)]
        public SwitchParameter Coverage { get; set; }

        protected override void ProcessRecord()
        {
            if (Coverage.IsPresent)
            {
                // Pillar, principle and severity filters narrow the controls counted, so a pillar's own coverage can be read.
                foreach (var item in WorkshopCoverage.Compute(SelectControls(Array.Empty<string>()).Select(c => c.Metadata)))
                {
                    WriteObject(item);
                }

                return;
            }

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
