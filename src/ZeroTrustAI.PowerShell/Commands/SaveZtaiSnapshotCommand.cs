using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ZeroTrustAI.Collector.Collection;
using ZeroTrustAI.Collector.Requests;
using ZeroTrustAI.Engine.Collection;
using ZeroTrustAI.Engine.Controls.Data;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.PowerShell.Commands
{
    /// <summary>
    /// Collects the Microsoft Graph sets and Azure resources the controls need from the connected tenant into a
    /// snapshot folder, page by page with a checkpoint, so an interrupted run continues with -Resume.
    /// </summary>
    [Cmdlet(VerbsData.Save, "ZtaiSnapshot")]
    [OutputType(typeof(PSObject))]
    public sealed class SaveZtaiSnapshotCommand : ZtaiCmdlet
    {
        private const int ProgressId = 3;

        /// <summary>The snapshot folder: new or empty (or any with -Force; the interrupted one with -Resume).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>Collect only what these pillars' controls need.</summary>
        [Parameter]
        public Pillar[]? Pillar { get; set; }

        /// <summary>Azure subscriptions to read; default: every subscription the identity can read.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidatePattern("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
        public string[]? SubscriptionId { get; set; }

        /// <summary>Continue the interrupted collection in -Path from its checkpoint.</summary>
        [Parameter]
        public SwitchParameter Resume { get; set; }

        /// <summary>Start over in a folder that already holds a snapshot (its snapshot files are deleted).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>
        /// Also save the output of the read-only Purview cmdlets (Get-DlpCompliancePolicy, ...) run in this session's
        /// Security &amp; Compliance connection (Connect-IPPSSession) under purview/.
        /// </summary>
        [Parameter]
        public SwitchParameter IncludePurview { get; set; }

        /// <summary>Seconds one attempt of one request may take, body included (default 100).</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int RequestTimeout { get; set; } = 100;

        /// <summary>Days of directory audit events (grants of power) to collect, counted back from now (default 30).</summary>
        [Parameter]
        [ValidateRange(1, 365)]
        public int AuditWindowDays { get; set; } = Engine.Agents.BehaviourSetNames.DefaultAuditWindowDays;

        protected override void EndProcessing()
        {
            if (Resume && Force)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("-Resume continues a collection and -Force starts over: use one of them."), "ResumeAndForce", ErrorCategory.InvalidArgument, null));
            }

            var connection = LiveCollection.RequireConnection(this);
            var path = ResolveSnapshotPath(Path);
            var options = CreateOptions(Pillar, SubscriptionId, Resume, Force, RequestTimeout, AuditWindowDays);
            WriteVerbose($"Collecting {(Pillar == null || Pillar.Length == 0 ? "all pillars" : "pillar " + string.Join(", ", Pillar))} from tenant {connection.TenantId} into '{path}'{(Resume ? " (resuming)" : string.Empty)}.");
            var result = LiveCollection.Run(this, connection, path, options, ProgressId, CancellationToken);
            var line = result.ToString();
            WriteVerbose(line);
            WriteInformation(new InformationRecord("Snapshot collected: " + line, MyInvocation.MyCommand.Name));
            if (!result.IsComplete)
            {
                WriteWarning($"Some collections failed or are unfinished; the controls that need them report Error. Rerun with -Resume to retry only those: Save-ZtaiSnapshot -Path '{path}' -Resume");
            }

            if (IncludePurview)
            {
                SavePurview(path);
            }

            WriteObject(LiveCollection.Summarize(result));
        }

        /// <summary>
        /// Runs each read-only Purview cmdlet in the caller's session (the Security &amp; Compliance connection the user
        /// opened) and saves its objects under purview/. A cmdlet that is not there is recorded as skipped, with one
        /// error naming Connect-IPPSSession; what was collected before is kept either way.
        /// </summary>
        private void SavePurview(string path)
        {
            const string Run = "param($Command) $items = @(& $Command -ErrorAction Stop -WarningAction SilentlyContinue); ConvertTo-Json -InputObject $items -Depth 10 -Compress -WarningAction SilentlyContinue; $items.Count";
            var outputs = new List<PurviewCmdletOutput>();
            var missing = new List<string>();
            for (var index = 0; index < PurviewCmdlets.All.Count; index++)
            {
                CancellationToken.ThrowIfCancellationRequested();
                var cmdlet = PurviewCmdlets.All[index];
                WriteProgress(new ProgressRecord(ProgressId, "Saving Purview settings", cmdlet) { PercentComplete = index * 100 / PurviewCmdlets.All.Count });
                if (InvokeCommand.GetCommand(cmdlet, CommandTypes.Cmdlet | CommandTypes.Function | CommandTypes.Alias) == null)
                {
                    missing.Add(cmdlet);
                    outputs.Add(PurviewCmdletOutput.NotRun(cmdlet, $"{cmdlet} is not in the session: connect with Connect-IPPSSession (ExchangeOnlineManagement), then run Save-ZtaiSnapshot -IncludePurview"));
                    continue;
                }

                try
                {
                    var result = InvokeCommand.InvokeScript(false, ScriptBlock.Create(Run), null, cmdlet);
                    var json = result.Count > 0 ? result[0]?.BaseObject as string : null;
                    var count = result.Count > 1 ? Convert.ToInt32(result[1]?.BaseObject, System.Globalization.CultureInfo.InvariantCulture) : 0;
                    outputs.Add(json != null ? PurviewCmdletOutput.Ran(cmdlet, json, count) : PurviewCmdletOutput.NotRun(cmdlet, $"{cmdlet} returned nothing that could be saved"));
                    WriteVerbose($"{cmdlet}: {count} object(s) saved to {PurviewOutput.FileOf(cmdlet)}.");
                }
                catch (RuntimeException exception)
                {
                    outputs.Add(PurviewCmdletOutput.NotRun(cmdlet, $"{cmdlet} failed: {exception.Message}"));
                    WriteWarning($"{cmdlet} failed; the controls that read it report Skipped: {exception.Message}");
                }
            }

            WriteProgress(new ProgressRecord(ProgressId, "Saving Purview settings", "Done") { RecordType = ProgressRecordType.Completed });
            PurviewOutput.Save(path, outputs);
            if (missing.Count > 0)
            {
                var exception = new InvalidOperationException(
                    $"No Security & Compliance session: {string.Join(", ", missing)} not found. The snapshot was saved without that Purview output; run Connect-IPPSSession, then Save-ZtaiSnapshot -IncludePurview again.");
                WriteError(new ErrorRecord(exception, PurviewSessionNotFound, ErrorCategory.ConnectionError, null));
            }
        }

        internal const string PurviewSessionNotFound = "PurviewSessionNotFound";

        internal static SnapshotCollectorOptions CreateOptions(Pillar[]? pillars, string[]? subscriptionIds, bool resume, bool force, int requestTimeoutSeconds, int auditWindowDays = Engine.Agents.BehaviourSetNames.DefaultAuditWindowDays) => new SnapshotCollectorOptions
        {
            Graph = new GraphCollectorOptions { AuditWindowDays = auditWindowDays },
            Pillars = pillars?.Distinct().ToArray(),
            SubscriptionIds = subscriptionIds?.Distinct(StringComparer.OrdinalIgnoreCase).ToArray(),
            Resume = resume,
            Force = force,
            Requests = new RequestSettings { RequestTimeout = TimeSpan.FromSeconds(requestTimeoutSeconds) },
        };
    }
}
