using System;
using System.Management.Automation;

namespace ZeroTrustAI.PowerShell.Commands
{
    /// <summary>
    /// How a -FailOn gate fails a pipeline: after every object has been written, the cmdlet ends with a terminating
    /// error of a stable id. A terminating error makes `pwsh -Command`/`-File` exit non-zero, stops a script run with
    /// $ErrorActionPreference = 'Stop' (as GitHub Actions' pwsh shell and Azure Pipelines' PowerShell task do), and is
    /// caught by try/catch; objects already written have reached the pipeline (or -OutVariable) by then.
    /// </summary>
    internal static class PipelineGate
    {
        /// <summary>The gate's exception: its message says what failed the gate.</summary>
        public sealed class GateFailedException : Exception
        {
            public GateFailedException(string message)
                : base(message)
            {
            }

            public GateFailedException()
            {
            }

            public GateFailedException(string message, Exception innerException)
                : base(message, innerException)
            {
            }
        }

        public static void Fail(PSCmdlet cmdlet, string errorId, string message, object? target) =>
            cmdlet.ThrowTerminatingError(new ErrorRecord(new GateFailedException(message), errorId, ErrorCategory.InvalidResult, target));
    }
}
