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
        /// Runs each read-only Purview cmdlet in the caller's session (the Security &amp; Compliance or Exchange Online
        /// connection the user opened) and saves its objects under purview/. A cmdlet that is not there is recorded as
        /// skipped, with one error naming the Connect- command; what was collected before is kept either way.
        /// </summary>
        private void SavePurview(string path)
        {
            var outputs = new List<PurviewCmdletOutput>();
            var missing = new List<string>();
            for (var index = 0; index < PurviewCmdlets.All.Count; index++)
            {
                CancellationToken.ThrowIfCancellationRequested();
                var cmdlet = PurviewCmdlets.All[index];
                var session = PurviewCmdlets.SessionOf(cmdlet);
                WriteProgress(new ProgressRecord(ProgressId, "Saving Purview settings", cmdlet) { PercentComplete = index * 100 / PurviewCmdlets.All.Count });
                try
                {
                    var parameters = new System.Collections.Hashtable(StringComparer.OrdinalIgnoreCase);
                    foreach (var parameter in PurviewCmdlets.ParametersOf(cmdlet))
                    {
                        parameters[parameter.Key] = parameter.Value;
                    }

                    var result = InvokeCommand.InvokeScript(false, ScriptBlock.Create(RunPurviewCmdlet), null, cmdlet, parameters, session == PurviewSession.ExchangeOnline);
                    if (result.Count == 0)
                    {
                        missing.Add(cmdlet);
                        outputs.Add(PurviewCmdletOutput.NotRun(cmdlet, NotInSession(cmdlet)));
                        continue;
                    }

                    var json = result[0]?.BaseObject as string;
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
                var connects = string.Join(" and ", missing.Select(PurviewCmdlets.ConnectCommandOf).Distinct());
                var exception = new InvalidOperationException(
                    $"No session for {string.Join(", ", missing)}. The snapshot was saved without that Purview output; run {connects}, then Save-ZtaiSnapshot -IncludePurview again.");
                WriteError(new ErrorRecord(exception, PurviewSessionNotFound, ErrorCategory.ConnectionError, null));
            }
        }

        private static string NotInSession(string cmdlet) =>
            PurviewCmdlets.SessionOf(cmdlet) == PurviewSession.ExchangeOnline
                ? $"{cmdlet} was not run from an Exchange Online PowerShell connection: connect with Connect-ExchangeOnline (ExchangeOnlineManagement), then run Save-ZtaiSnapshot -IncludePurview. Security & Compliance PowerShell is not used for it because there its UnifiedAuditLogIngestionEnabled always reads False."
                : $"{cmdlet} is not in the session: connect with Connect-IPPSSession (ExchangeOnlineManagement), then run Save-ZtaiSnapshot -IncludePurview";

        /// <summary>
        /// Finds the cmdlet in the right connection and runs it; outputs nothing when it is not there. Both connections
        /// import same-named cmdlets (Get-AdminAuditLogConfig), so the command is taken from the module of a connection of
        /// the right kind (Get-ConnectionInformation: IsEopSession, ModuleName, ModulePrefix). Security &amp; Compliance
        /// cmdlets fall back to the plain name (older module versions); the Exchange Online one does not, since the S&amp;C
        /// copy would read wrongly.
        /// </summary>
        private const string RunPurviewCmdlet = """
            param($Name, $Parameters, $ExchangeOnline)
            $command = $null
            $connections = @()
            if (Get-Command -Name Get-ConnectionInformation -ErrorAction SilentlyContinue) {
                $connections = @(Get-ConnectionInformation -ErrorAction SilentlyContinue | Where-Object { [bool]$_.IsEopSession -ne $ExchangeOnline })
            }
            foreach ($connection in $connections) {
                $prefixed = $Name -replace '^(\w+)-', ('$1-' + $connection.ModulePrefix)
                $module = Split-Path -Leaf ([string]$connection.ModuleName)
                $command = Get-Command -Name $prefixed -All -ErrorAction SilentlyContinue | Where-Object { $_.ModuleName -eq $module } | Select-Object -First 1
                if ($command) { break }
            }
            if (-not $command -and -not $ExchangeOnline) {
                $command = Get-Command -Name $Name -CommandType Cmdlet, Function, Alias -ErrorAction SilentlyContinue | Select-Object -First 1
            }
            if (-not $command) { return }
            $items = @(& $command @Parameters -ErrorAction Stop -WarningAction SilentlyContinue)
            ConvertTo-Json -InputObject $items -Depth 10 -Compress -WarningAction SilentlyContinue
            $items.Count
            """;

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
