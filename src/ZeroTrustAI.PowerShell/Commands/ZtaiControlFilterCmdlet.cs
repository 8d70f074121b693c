using System;
using System.Collections.Generic;
using System.Management.Automation;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.PowerShell.Commands
{
    /// <summary>
    /// Base of the cmdlets that select controls: the -Pillar, -Principle and -Severity filters, declared once so
    /// that Get-ZtaiControl and Get-ZtaiAssessment select controls alike. The id parameter is each cmdlet's own,
    /// because its name, position and pipeline binding differ.
    /// </summary>
    public abstract class ZtaiControlFilterCmdlet : ZtaiCmdlet
    {
        [Parameter]
        public Pillar[]? Pillar { get; set; }

        [Parameter]
        public Principle[]? Principle { get; set; }

        [Parameter]
        public Severity[]? Severity { get; set; }

        /// <summary>The controls that pass the filters and match any of the ids (all controls when none is given).</summary>
        protected IReadOnlyList<Control> SelectControls(IReadOnlyCollection<string> controlIds) =>
            SelectControls(new ControlFilter
            {
                Pillars = Pillar ?? Array.Empty<Pillar>(),
                Principles = Principle ?? Array.Empty<Principle>(),
                Severities = Severity ?? Array.Empty<Severity>(),
                ControlIds = controlIds,
            });
    }
}
