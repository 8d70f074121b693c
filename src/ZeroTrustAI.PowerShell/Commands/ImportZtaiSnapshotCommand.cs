using System.Management.Automation;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.PowerShell.Commands
{
    /// <summary>
    /// Import-ZtaiSnapshot: reads a snapshot folder or .zip once into a reusable object that Get-ZtaiAssessment,
    /// Test-ZtaiAgentPrivilege and Export-ZtaiReport accept, so a session pays for reading only once.
    /// </summary>
    [Cmdlet(VerbsData.Import, "ZtaiSnapshot", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(TenantSnapshot))]
    public sealed class ImportZtaiSnapshotCommand : ZtaiCmdlet
    {
        private const string PathSet = "Path";
        private const string SampleSet = "Sample";
        private const int ReadProgressId = 1;

        /// <summary>Snapshot folders or .zip files; FileInfo and DirectoryInfo objects bind by FullName.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
        [Alias("FullName", "Snapshot")]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = System.Array.Empty<string>();

        /// <summary>Import the bundled Contoso sample tenant.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SampleSet)]
        public SwitchParameter Sample { get; set; }

        protected override void ProcessRecord()
        {
            var paths = Sample.IsPresent ? new[] { SampleTenantPath } : Path;
            foreach (var path in paths)
            {
                if (CancellationToken.IsCancellationRequested)
                {
                    return;
                }

                WriteObject(ReadSnapshot(Sample.IsPresent ? path : ResolveSnapshotPath(path), ReadProgressId));
            }
        }
    }
}
