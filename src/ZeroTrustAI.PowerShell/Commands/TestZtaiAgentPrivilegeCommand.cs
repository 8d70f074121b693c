using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.PowerShell.Commands
{
    /// <summary>
    /// Test-ZtaiAgentPrivilege: what each agent or AI-app identity in a snapshot can do, and its privilege tier.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "ZtaiAgentPrivilege", DefaultParameterSetName = SnapshotParameterSet)]
    [OutputType(typeof(AgentPrivilege), typeof(UnusedPrivilege))]
    public sealed class TestZtaiAgentPrivilegeCommand : ZtaiCmdlet
    {
        private const string SnapshotParameterSet = "Snapshot";
        private const string SampleParameterSet = "Sample";
        private const string InputObjectParameterSet = "InputObject";
        private const int ReadProgressId = 1;
        private const int AnalyzeProgressId = 2;

        private readonly HashSet<string> _written = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private TenantSnapshot? _snapshot;
        private bool _identityGiven;
        private bool _warnedNoActivity;

        /// <summary>The snapshot folder or .zip to read, or a snapshot from Import-ZtaiSnapshot.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = SnapshotParameterSet)]
        [Alias("Path")]
        [ValidateNotNull]
        public object Snapshot { get; set; } = string.Empty;

        /// <summary>Snapshots piped from Import-ZtaiSnapshot; each is analysed as it arrives.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectParameterSet)]
        [ValidateNotNull]
        public TenantSnapshot? InputObject { get; set; }

        /// <summary>Use the bundled Contoso sample tenant.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SampleParameterSet)]
        public SwitchParameter Sample { get; set; }

        /// <summary>Object ids, appIds or display names of agents; service principal objects bind by their Id.</summary>
        [Parameter(Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = SnapshotParameterSet)]
        [Parameter(Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = SampleParameterSet)]
        [Parameter(ParameterSetName = InputObjectParameterSet)] // piped snapshots must not bind here as text too
        [Alias("Id", "ObjectId", "AppId")]
        [ValidateNotNullOrEmpty]
        public string[]? Identity { get; set; }

        /// <summary>How many identities deep to follow ownership, group membership and "can act as" (default 5).</summary>
        [Parameter]
        [ValidateRange(0, 50)]
        public int MaxDepth { get; set; } = AgentPrivilegeAnalyzer.DefaultMaxDepth;

        /// <summary>A JSON file of tier ratings that replace or extend the built-in table (docs/privilege-tiers.md).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TierTable { get; set; }

        private PrivilegeTierTable? _tierTable;

        /// <summary>List the permissions held but not exercised in the window (one object each) instead of the identities.</summary>
        [Parameter]
        public SwitchParameter Unused { get; set; }

        /// <summary>Days before the snapshot's collection time over which activity counts as use.</summary>
        [Parameter]
        [ValidateRange(1, 3650)]
        public int WindowDays { get; set; } = AgentActivityIndex.DefaultWindowDays;

        /// <summary>
        /// Agents analysed at once when every agent is analysed (default: one per processor, at most 8); 1 analyses one
        /// after the other. Agents come in the same order whatever the limit.
        /// </summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = AssessmentEngine.DefaultParallelism;

        protected override void BeginProcessing()
        {
            if (TierTable != null)
            {
                var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(TierTable);
                try
                {
                    _tierTable = PrivilegeTierTable.Default.WithOverrides(path);
                }
                catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException || e is System.Text.Json.JsonException || e is System.IO.InvalidDataException)
                {
                    ThrowTerminatingError(new ErrorRecord(e, "TierTableInvalid", e is System.IO.FileNotFoundException || e is System.IO.DirectoryNotFoundException ? ErrorCategory.ObjectNotFound : ErrorCategory.InvalidData, TierTable));
                }
            }

            if (ParameterSetName == InputObjectParameterSet)
            {
                return;
            }

            _snapshot = Sample.IsPresent ? ReadSnapshot(SampleTenantPath, ReadProgressId) : ResolveSnapshot(Snapshot, ReadProgressId);
            var directory = GraphDirectory.For(_snapshot);
            WriteVerbose($"Found {directory.Agents.Count} agent or AI-app identities and {directory.AgentUsers.Count} agent users.");
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == InputObjectParameterSet)
            {
                // Each piped snapshot is reported in full, or for the -Identity given.
                _snapshot = InputObject;
                _written.Clear();
                if (Identity == null)
                {
                    WriteAllAgents();
                    return;
                }
            }

            if (Identity == null || _snapshot == null)
            {
                return;
            }

            _identityGiven = true;
            foreach (var identity in Identity)
            {
                if (CancellationToken.IsCancellationRequested)
                {
                    return;
                }

                var agents = AgentPrivilegeAnalyzer.FindAgents(_snapshot, identity);
                if (agents.Count == 0)
                {
                    WriteNotFound(identity);
                    continue;
                }

                foreach (var agent in agents)
                {
                    WriteAgent(agent);
                }
            }
        }

        protected override void EndProcessing()
        {
            if (_identityGiven || _snapshot == null || ParameterSetName == InputObjectParameterSet)
            {
                return;
            }

            WriteAllAgents();
        }

        private void WriteAllAgents()
        {
            var agents = AgentPrivilegeAnalyzer.Identities(_snapshot!);
            var progress = new ProgressRecord(AnalyzeProgressId, "Analyzing agent privileges", "Starting");
            var index = 0;
            try
            {
                foreach (var privilege in AgentPrivilegeAnalyzer.AnalyzeEach(_snapshot!, agents, MaxDepth, _tierTable, ThrottleLimit, CancellationToken))
                {
                    progress.StatusDescription = agents[index].DisplayName;
                    progress.PercentComplete = (int)(100.0 * index / agents.Count);
                    WriteProgress(progress);
                    WriteAgent(agents[index], privilege);
                    index++;
                }
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                return;
            }

            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }

        private void WriteAgent(DirectoryAgent agent, AgentPrivilege? analysed = null)
        {
            // An agent named twice (by id and by name, or piped twice) is reported once.
            if (_written.Add(agent.Id))
            {
                WriteVerbose($"{agent.DisplayName}: {agent.DetectedBy}.");
                var privilege = analysed ?? AgentPrivilegeAnalyzer.Analyze(_snapshot!, agent, MaxDepth, _tierTable);
                var activity = AgentActivityIndex.Attach(_snapshot!, new[] { privilege }, WindowDays)[0].Activity!;
                if (!Unused.IsPresent)
                {
                    WriteObject(privilege);
                }
                else if (!activity.SignInDataAvailable)
                {
                    if (!_warnedNoActivity)
                    {
                        _warnedNoActivity = true;
                        WriteWarning("The snapshot holds no sign-in activity (graph/reports.servicePrincipalSignInActivities, Microsoft Entra ID P1 or P2), so no privilege can be called unused.");
                    }
                }
                else
                {
                    foreach (var unused in activity.UnusedPrivileges(privilege))
                    {
                        WriteObject(unused);
                    }
                }
            }
        }

        private void WriteNotFound(string identity)
        {
            var directory = GraphDirectory.For(_snapshot!);
            var isServicePrincipal = directory.FindServicePrincipal(identity).HasValue
                || directory.FindServicePrincipalByAppId(identity).HasValue
                || directory.ServicePrincipals.Any(sp => sp.GetString("displayName").EqualsIgnoreCase(identity));
            var message = isServicePrincipal
                ? $"'{identity}' is a service principal in the snapshot but not an agent or AI-app identity (no agent type, agent tag or AI managed identity)."
                : $"No agent or AI-app identity with object id, appId or display name '{identity}' is in the snapshot.";
            WriteError(new ErrorRecord(new ItemNotFoundException(message), "AgentNotFound", ErrorCategory.ObjectNotFound, identity));
        }
    }
}
