using System;
using System.Collections.Generic;
using System.Management.Automation;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.PowerShell.Commands
{
    /// <summary>Lists the controls ZeroTrustAI checks, with their metadata; pipe them into Get-ZtaiAssessment.</summary>
    [Cmdlet(VerbsCommon.Get, "ZtaiControl")]
    [OutputType(typeof(ControlMetadata))]
    public sealed class GetZtaiControlCommand : ZtaiCmdlet
    {
        // A control matched by several piped ids is written once.
        private readonly HashSet<string> _written = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Control ids, with wildcards.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ControlId")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Id { get; set; }

        [Parameter]
        public Pillar[]? Pillar { get; set; }

        [Parameter]
        public Principle[]? Principle { get; set; }

        [Parameter]
        public Severity[]? Severity { get; set; }

        protected override void ProcessRecord()
        {
            var filter = new ControlFilter
            {
                Pillars = Pillar ?? Array.Empty<Pillar>(),
                Principles = Principle ?? Array.Empty<Principle>(),
                Severities = Severity ?? Array.Empty<Severity>(),
                ControlIds = Id ?? Array.Empty<string>(),
            };

            foreach (var control in SelectControls(filter))
            {
                if (_written.Add(control.Metadata.Id))
                {
                    WriteObject(control.Metadata);
                }
            }
        }
    }
}
